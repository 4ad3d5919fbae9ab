package fetch

import (
	"bytes"
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// metaScanLimit bounds how far into a page a <meta charset> is looked for.
// The HTML standard's prescan stops at 1024 bytes, but many news pages put
// the declaration after long comments and scripts.
const metaScanLimit = 64 << 10

// DecodeText converts a page to UTF-8. The charset comes from, in order: a
// byte-order mark, the charset parameter of contentType (the HTTP header;
// may be empty), a <meta> declaration in an HTML head, and the bytes
// themselves (valid UTF-8, else windows-1252 as browsers assume). It returns
// the decoded text and the name of the charset used. Bytes that do not
// decode become U+FFFD; DecodeText never fails.
func DecodeText(body []byte, contentType string) ([]byte, string) {
	name := detectCharset(body, contentType)
	if name == "utf-8" {
		return validUTF8(trimUTF8BOM(body)), name
	}
	r, err := charset.NewReaderLabel(name, bytes.NewReader(body))
	if err != nil {
		return validUTF8(body), "utf-8"
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return validUTF8(body), "utf-8"
	}
	return validUTF8(out), name
}

func detectCharset(body []byte, contentType string) string {
	// A BOM or an explicit header charset is certain; DetermineEncoding
	// handles both and also the standard 1024-byte meta prescan.
	_, name, certain := charset.DetermineEncoding(body, contentType)
	if certain {
		return name
	}
	mediaType, _, _ := mime.ParseMediaType(contentType)
	if mediaType == "" || strings.Contains(mediaType, "html") {
		if label := metaCharset(body); label != "" {
			if _, n := charset.Lookup(label); n != "" {
				return n
			}
		}
	}
	if utf8.Valid(body) {
		return "utf-8"
	}
	return name
}

// metaCharset returns the charset label declared by <meta charset> or
// <meta http-equiv="content-type" content="…; charset=…"> in the page's
// head, or "".
func metaCharset(body []byte) string {
	if len(body) > metaScanLimit {
		body = body[:metaScanLimit]
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "head" {
				return ""
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) == "body" {
				return ""
			}
			if string(name) != "meta" || !hasAttr {
				continue
			}
			if label := metaTagCharset(z); label != "" {
				return label
			}
		}
	}
}

func metaTagCharset(z *html.Tokenizer) string {
	var label, content string
	var contentType bool
	for more := true; more; {
		var key, val []byte
		key, val, more = z.TagAttr()
		switch string(key) {
		case "charset":
			label = string(val)
		case "http-equiv":
			contentType = strings.EqualFold(string(val), "content-type")
		case "content":
			content = string(val)
		}
	}
	if label != "" {
		return strings.TrimSpace(label)
	}
	if contentType {
		if i := strings.Index(strings.ToLower(content), "charset="); i >= 0 {
			return strings.Trim(content[i+len("charset="):], " \"';")
		}
	}
	return ""
}

func trimUTF8BOM(b []byte) []byte {
	return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
}

func validUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD"))
}
