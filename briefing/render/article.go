package render

import (
	"fmt"
	"strings"
	"unicode"

	"redline/briefing"
)

// ArticleText shows what was read from a page, for a terminal: the
// headline, a labelled line each for byline, date, site, address and
// language, then the text with its paragraphs. Nothing the page chose can
// reach the terminal as a control character (an escape sequence).
func ArticleText(a briefing.Article) string {
	var sb strings.Builder
	sb.WriteString(clean(a.Title) + "\n")
	line := func(label, value string) {
		if v := clean(value); v != "" {
			fmt.Fprintf(&sb, "%-10s %s\n", label+":", v)
		}
	}
	line("By", a.Byline)
	if !a.Published.IsZero() {
		line("Published", a.Published.Format("2 January 2006 15:04 MST"))
	}
	line("Site", a.Site)
	line("URL", a.Key())
	line("Language", a.Language)
	sb.WriteString("\n" + cleanLines(a.Text) + "\n")
	return sb.String()
}

// Plain makes text from a page or a feed fit one line of a terminal, as
// every terminal view does: control characters (escape sequences) dropped,
// white space collapsed.
func Plain(s string) string { return clean(s) }

// cleanLines is clean for text of several lines: newlines and tabs stay,
// every other control character and invisible character goes.
func cleanLines(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, stripInvisible(strings.ToValidUTF8(s, "\uFFFD")))
}
