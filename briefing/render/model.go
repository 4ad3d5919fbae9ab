// Package render turns briefings, history, profiles and digests into text.
// One model of each item (who → whom, kind, what, condition → consequence,
// quote, sources) has two views: plain text for terminals (Text,
// HistoryText, ProfileText, DigestText) and Discord Markdown in neutral
// embed messages (BriefingMessages, HistoryMessage, ProfileMessage,
// DigestMessages, NoticeMessage) that always fit Discord's limits, with the
// article's own text escaped so that it can neither format nor mention.
// A channel's feed list likewise has one function and two views
// (FeedListText, FeedListMarkdown), and ArticleText shows what was read
// from a page. Nothing a page or a feed chose reaches a terminal as a
// control character.
//
// It does not import discordgo: the bot converts Message to its types.
package render

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"redline/briefing"
)

// item is the view-neutral model of one warning; every view renders the
// same pieces from it. Its texts are raw: views clean, escape and cut them.
type item struct {
	Speaker     briefing.Actor
	Addressee   briefing.Actor // zero when addressed to nobody in particular
	Kind        string
	What        string
	Condition   string
	Consequence string
	Quote       string
	Date        time.Time
	Sources     []source
}

// source is an outlet that reported an item.
type source struct {
	Name     string
	URL      string
	Headline string
	Date     time.Time
}

func itemOf(w briefing.Warning) item {
	it := item{
		Speaker:     w.Speaker,
		Addressee:   w.Addressee,
		Kind:        kindLabel(w.Kind),
		What:        w.What,
		Condition:   w.Condition,
		Consequence: w.Consequence,
		Quote:       quoteOf(w.Quote, w.Condition, w.Consequence),
	}
	if w.Source.URL != "" || w.Source.Site != "" || w.Source.Title != "" {
		it.Sources = []source{sourceOf(w.Source)}
		it.Date = it.Sources[0].Date
	}
	for _, s := range w.OtherSources {
		it.Sources = append(it.Sources, sourceOf(s))
	}
	return it
}

func digestItemOf(g briefing.DigestGroup, di briefing.DigestItem) item {
	it := item{
		Speaker:     g.Speaker,
		Addressee:   g.Addressee,
		Kind:        kindLabel(di.Kind),
		What:        di.What,
		Condition:   di.Condition,
		Consequence: di.Consequence,
		Quote:       quoteOf(di.Quote, di.Condition, di.Consequence),
	}
	for _, s := range di.Sources {
		it.Sources = append(it.Sources, sourceOf(s))
	}
	if len(it.Sources) > 0 {
		it.Date = it.Sources[0].Date
	}
	return it
}

func sourceOf(s briefing.Source) source {
	name := s.Site
	if name == "" {
		name = hostOf(s.URL)
	}
	if name == "" {
		name = s.Title
	}
	if name == "" {
		name = "source"
	}
	date := s.Published
	if date.IsZero() {
		date = s.Fetched
	}
	return source{Name: name, URL: s.URL, Headline: s.Title, Date: date}
}

// actorLabel is "Name (Affiliation)", or the name alone when the
// affiliation is empty or the same, within limit characters; view cleans
// (plain) or escapes (md) each part, so the parentheses stay unescaped.
func actorLabel(a briefing.Actor, view func(string, int) string, limit int) string {
	name := view(a.Name, limit)
	if name == "" {
		return view(a.Affiliation, limit)
	}
	if clean(a.Affiliation) == "" || strings.EqualFold(clean(a.Name), clean(a.Affiliation)) {
		return name
	}
	room := limit - Len(name) - len(" ()")
	if room < 8 {
		return name
	}
	return name + " (" + view(a.Affiliation, room) + ")"
}

func kindLabel(k briefing.Kind) string {
	if k == "" {
		return string(briefing.KindWarning)
	}
	return string(k)
}

// quoteOf is the warning's strongest quote without the quote marks that
// the views add themselves, or "" when it only repeats the condition line
// ("if another cable is cut → Norway will close its ports" and the quote
// "If another cable is cut, Norway will close its ports"). An evidence
// sentence is not put in its place: quote marks would attribute the
// reporter's words to the speaker.
func quoteOf(quote, condition, consequence string) string {
	q := strings.Trim(quote, "\"“”'‘’«» \t\n")
	if repeats(q, condition+" "+consequence) {
		return ""
	}
	return q
}

// repeats reports whether nearly every word of quote (four in five) is in
// line: the quote says nothing the line does not.
func repeats(quote, line string) bool {
	have := map[string]bool{}
	for _, w := range wordsOf(line) {
		have[w] = true
	}
	if len(have) == 0 {
		return false
	}
	qw := wordsOf(quote)
	n := 0
	for _, w := range qw {
		if have[w] {
			n++
		}
	}
	return len(qw) > 0 && n*5 >= len(qw)*4
}

// wordsOf lower-cases s and splits it into words of letters and digits.
func wordsOf(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

// articleSite names the publication: its site name, else the host.
func articleSite(a briefing.Article) string {
	if s := clean(a.Site); s != "" {
		return s
	}
	return hostOf(a.Key())
}

// articleDate is when it was published, else when it was read; labelled.
func articleDate(a briefing.Article) string {
	if !a.Published.IsZero() {
		return formatDate(a.Published)
	}
	if !a.Fetched.IsZero() {
		return "read " + formatDate(a.Fetched)
	}
	return ""
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 Jan 2006")
}

// plural writes "1 source", "3 sources".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// summary counts a briefing's warnings by kind: "3 warnings (1 threat)".
func summary(ws []briefing.Warning) string {
	if len(ws) == 0 {
		return noWarnings
	}
	threats := 0
	for _, w := range ws {
		if w.Kind == briefing.KindThreat {
			threats++
		}
	}
	s := plural(len(ws), "warning", "warnings") + " found"
	if threats > 0 {
		s += " (" + plural(threats, "threat", "threats") + ")"
	}
	return s + "."
}

const noWarnings = "No warnings found."

// capitalise upper-cases the first letter of s.
func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// extractorLine says which extractor found a briefing's warnings when that
// is worth saying: a language model, or the built-in extractor standing in
// for one (with why). The built-in extractor as configured goes unsaid.
// The text is raw: views clean or escape it.
func extractorLine(b *briefing.Briefing) string {
	note := strings.TrimSuffix(strings.TrimSpace(b.ExtractorNote), ".")
	switch {
	case note != "":
		return capitalise(note) + "."
	case b.Extractor != "" && b.Extractor != "builtin":
		return "Warnings found by " + b.Extractor + "."
	}
	return ""
}

// HistoryTitle names a history search for its heading: "Warnings by
// Russia, to South Korea, about “weapons”, in the last 7 days"; days 0
// leaves the period out.
func HistoryTitle(q briefing.HistoryQuery, days int) string {
	var parts []string
	if q.Speaker != "" {
		parts = append(parts, "by "+q.Speaker)
	}
	if q.Addressee != "" {
		parts = append(parts, "to "+q.Addressee)
	}
	if q.Text != "" {
		parts = append(parts, "about “"+q.Text+"”")
	}
	switch {
	case days == 1:
		parts = append(parts, "in the last day")
	case days > 1:
		parts = append(parts, fmt.Sprintf("in the last %d days", days))
	}
	if len(parts) == 0 {
		return "Latest warnings"
	}
	return "Warnings " + strings.Join(parts, ", ")
}
