package render

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// zwsp (zero-width space) after an "@" keeps Discord from reading a mention
// while the text looks the same.
const zwsp = "\u200b"

// markdownSpecial are the characters Discord Markdown gives a meaning to.
const markdownSpecial = "\\*_~`|>#[]()"

// EscapeMarkdown makes article text show literally in Discord: Markdown
// characters get a backslash, and every "@" is followed by a zero-width
// space so "@everyone", "@here", "<@123>" and "<@&123>" mention nobody
// (the bot also sends allowed_mentions empty). Web addresses are left as
// they are so they still link, except that "@everyone"/"@here" in them is
// broken too. A leading "-" or "+" is escaped so a line is not a list.
// Direction controls and other invisible characters are dropped first
// (see stripInvisible).
func EscapeMarkdown(s string) string {
	s = stripInvisible(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i := 0; i < len(s); {
		if atWordStart(s, i) && (strings.HasPrefix(s[i:], "https://") || strings.HasPrefix(s[i:], "http://")) {
			end := i + strings.IndexFunc(s[i:]+" ", func(r rune) bool { return unicode.IsSpace(r) || r == '<' || r == '>' })
			b.WriteString(breakEveryoneHere(s[i:end]))
			i = end
			continue
		}
		c := s[i]
		switch {
		case c == '@':
			b.WriteString("@" + zwsp)
		case strings.IndexByte(markdownSpecial, c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		case (c == '-' || c == '+') && i == 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
		i++
	}
	return b.String()
}

func atWordStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	switch s[i-1] {
	case ' ', '\t', '\n', '(', '"', '\'':
		return true
	}
	return false
}

// breakEveryoneHere neutralises the two mass mentions inside a web address.
func breakEveryoneHere(u string) string {
	lower := strings.ToLower(u)
	if !strings.Contains(lower, "@everyone") && !strings.Contains(lower, "@here") {
		return u
	}
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		b.WriteByte(u[i])
		if u[i] == '@' && (strings.HasPrefix(lower[i+1:], "everyone") || strings.HasPrefix(lower[i+1:], "here")) {
			b.WriteString(zwsp)
		}
	}
	return b.String()
}

// clean makes article text fit one line of output: invalid UTF-8 replaced,
// control characters (terminal escape sequences included) and invisible
// characters (see stripInvisible) removed, every
// run of white space (newlines too) made one space, ends trimmed.
func clean(s string) string {
	s = stripInvisible(strings.ToValidUTF8(s, "\uFFFD"))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// md returns article text escaped for Discord and cut to limit characters.
func md(s string, limit int) string {
	s, cut := precut(s, limit)
	return ellipsis(Truncate(EscapeMarkdown(clean(s)), limit), limit, cut)
}

// plain returns article text cleaned for a terminal and cut to limit characters.
func plain(s string, limit int) string {
	s, cut := precut(s, limit)
	return ellipsis(Truncate(clean(s), limit), limit, cut)
}

// precut drops the part of s that cannot be shown within limit characters
// even after white space is collapsed, so that a megabyte of article text
// is not cleaned and escaped only to be cut; it reports whether it cut.
func precut(s string, limit int) (string, bool) {
	keep := 4*limit + 64 // generous: collapsing white space shrinks text
	if len(s) <= keep {
		return s, false
	}
	n := 0
	for i := range s {
		if n == keep {
			return s[:i], true
		}
		n++
	}
	return s, false
}

// ellipsis makes sure text that precut shortened ends with "…".
func ellipsis(s string, limit int, cut bool) string {
	if !cut || strings.HasSuffix(s, "…") || limit <= 0 {
		return s
	}
	if Len(s) < limit {
		return s + "…"
	}
	return Truncate(s+"…", limit)
}

// linkURL returns raw as an absolute http(s) address fit for an embed URL
// or a Markdown link target, or "" when it is not one (a file path, say).
func linkURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.User = nil // credentials have no place in a shared link
	s := u.String()
	// Parentheses, brackets and spaces would end a Markdown link early; the
	// host is left alone ("[::1]").
	host := len(u.Scheme) + len("://")
	if i := strings.IndexAny(s[host:], "/?#"); i >= 0 {
		host += i
	} else {
		host = len(s)
	}
	s = s[:host] + encodeInvisible(linkEscaper.Replace(s[host:]))
	if Len(s) > MaxURL {
		return ""
	}
	return s
}

// encodeInvisible percent-encodes the characters stripInvisible would
// drop (a query keeps them raw), so that an address shown by Discord
// (when a link is hovered or opened) reads as it is.
func encodeInvisible(s string) string {
	if strings.IndexFunc(s, maybeInvisible) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !maybeInvisible(r) {
			b.WriteRune(r)
			continue
		}
		for _, c := range []byte(string(r)) {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

var linkEscaper = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E", "[", "%5B", "]", "%5D")

// mdLink links already-escaped text to raw when raw is a web address.
func mdLink(text, raw string) string {
	if u := linkURL(raw); u != "" && text != "" {
		return "[" + text + "](" + u + ")"
	}
	return text
}
