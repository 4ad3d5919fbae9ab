package article

import (
	"bytes"
)

// dropScripts returns page without the contents of its <script> and
// <style> elements (the tags stay), except JSON-LD scripts, which carry
// metadata. Those contents are half the bytes of a typical news page, and
// the HTML tokenizer reads raw text one byte at a time; neither extractor
// uses them. page is not changed.
//
// The scan must never take for a script what the tokenizer does not (it
// would drop text), so it treats as opaque everything the tokenizer does
// not read as start tags: comments, bogus comments ("<!…>", "<?…>"), end
// tags, quoted attribute values, the contents of the raw-text elements
// (<title>, <textarea>, <xmp>, <iframe>, <noembed>, <noframes>,
// <noscript>), all of <svg> and <math> (foreign content, tokenized by
// other rules) and everything after <plaintext>; and it keeps whole a
// script whose content holds "<!--", where the tokenizer's escaping rules
// could end it elsewhere. Keeping is always safe.
func dropScripts(page []byte) []byte {
	var out []byte // nil until something is dropped
	copied := 0    // page[:copied] is in out
	i := 0
	for i < len(page) {
		j := bytes.IndexByte(page[i:], '<')
		if j < 0 || i+j+1 >= len(page) {
			break
		}
		i += j
		rest := page[i:]
		switch c := rest[1]; {
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest[4:], []byte("-->"))
			if end < 0 {
				return finish(out, page, copied)
			}
			i += 4 + end + 3
			continue
		case c == '!' || c == '?':
			end := bytes.IndexByte(rest, '>')
			if end < 0 {
				return finish(out, page, copied)
			}
			i += end + 1
			continue
		case c == '/':
			_, end := scanStartTag(rest[1:])
			if end < 0 {
				return finish(out, page, copied)
			}
			i += 1 + end
			continue
		case !isASCIILetter(c):
			i++
			continue
		}
		rawName, tagEnd := scanStartTag(rest)
		if tagEnd < 0 {
			break // an unterminated tag runs to the end of the page
		}
		contentStart := i + tagEnd
		name := rawTextName(rawName)
		if name == "" {
			if foreign := foreignName(rawName); foreign != "" {
				i = contentStart + skipForeign(page[contentStart:], foreign)
			} else {
				i = contentStart
			}
			continue
		}
		if name == "plaintext" {
			break
		}
		end := indexEndTag(page[contentStart:], name)
		if end < 0 {
			break
		}
		if name == "script" || name == "style" {
			content := page[contentStart : contentStart+end]
			keep := name == "script" && (isJSONLD(rest[:tagEnd]) || bytes.Contains(content, []byte("<!--")))
			if !keep && len(content) > 0 {
				out = append(out, page[copied:contentStart]...)
				copied = contentStart + end
			}
		}
		i = contentStart + end
	}
	return finish(out, page, copied)
}

// finish returns out with the rest of page from copied, or page itself
// when nothing was dropped.
func finish(out, page []byte, copied int) []byte {
	if out == nil {
		return page
	}
	return append(out, page[copied:]...)
}

// foreignName returns "svg" or "math" for those start tags, else "".
func foreignName(name []byte) string {
	switch {
	case bytes.EqualFold(name, []byte("svg")):
		return "svg"
	case bytes.EqualFold(name, []byte("math")):
		return "math"
	}
	return ""
}

// skipForeign returns how far s, the content of an <svg> or <math>
// element, runs to its end tag (nested ones counted), or len(s).
func skipForeign(s []byte, name string) int {
	depth := 1
	for i := 0; i < len(s); {
		j := bytes.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		k := i + 1
		closing := k < len(s) && s[k] == '/'
		if closing {
			k++
		}
		if k+len(name) < len(s) && bytes.EqualFold(s[k:k+len(name)], []byte(name)) && isTagNameEnd(s[k+len(name)]) {
			if closing {
				depth--
			} else {
				depth++
			}
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return len(s)
}

func isASCIILetter(c byte) bool {
	c |= 0x20
	return c >= 'a' && c <= 'z'
}

// rawTextNames are the elements whose content the tokenizer does not read
// as markup, and "plaintext".
var rawTextNames = []string{"script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}

// rawTextName returns the lower-case name if name (any case) is one of
// rawTextNames, else "".
func rawTextName(name []byte) string {
	if len(name) < 3 || len(name) > 9 {
		return ""
	}
	for _, n := range rawTextNames {
		if bytes.EqualFold(name, []byte(n)) {
			return n
		}
	}
	return ""
}

// scanStartTag reads the start tag at the beginning of s ("<name …>") and
// returns its name and the length of the tag, or -1 when the tag does not
// end. Quoted attribute values may hold ">".
func scanStartTag(s []byte) ([]byte, int) {
	k := 1
	for k < len(s) && !isTagNameEnd(s[k]) {
		k++
	}
	name := s[1:k]
	for k < len(s) {
		switch c := s[k]; c {
		case '>':
			return name, k + 1
		case '"', '\'':
			// A quote opens a value only after "=" (and spaces).
			p := k - 1
			for p > 0 && isHTMLSpace(s[p]) {
				p--
			}
			if s[p] == '=' {
				end := bytes.IndexByte(s[k+1:], c)
				if end < 0 {
					return name, -1
				}
				k += 1 + end
			}
		}
		k++
	}
	return name, -1
}

func isTagNameEnd(c byte) bool {
	return isHTMLSpace(c) || c == '/' || c == '>'
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// indexEndTag returns the index in s of the first "</name" (any case)
// followed by a space, "/" or ">", or -1.
func indexEndTag(s []byte, name string) int {
	for i := 0; ; {
		j := bytes.Index(s[i:], []byte("</"))
		if j < 0 {
			return -1
		}
		i += j
		k := i + 2 + len(name)
		if k < len(s) && bytes.EqualFold(s[i+2:k], []byte(name)) && isTagNameEnd(s[k]) {
			return i
		}
		i += 2
	}
}

// isJSONLD reports a start tag with type="application/ld+json".
func isJSONLD(tag []byte) bool {
	return bytes.Contains(bytes.ToLower(tag), []byte("application/ld+json"))
}
