package render

import (
	"fmt"
	"strings"
	"time"

	"redline/briefing"
)

// Embed colours.
const (
	ColorThreat  = 0xD83C3E // red: at least one threat
	ColorWarning = 0xF0A020 // amber: warnings only
	ColorNeutral = 0x5865F2 // history, profiles, digests
	ColorNone    = 0x95A5A6 // grey: nothing found
)

// Budgets for the pieces of an item in Discord, in characters; together
// they stay well inside a field value.
const (
	mdMaxLabel   = 100
	mdMaxWhat    = 350
	mdMaxClause  = 200
	mdMaxQuote   = 300
	mdMinQuote   = 40  // a quote cut shorter than this says nothing; leave it out
	footerSlack  = 40  // room kept for " · page 12/34" added after packing and " · ref 0123abcd" added by the poster (MaxFooterRef)
	noteSlack    = 48  // room kept for " · 12 more on this page not shown"
	contTitleMax = 200 // continuation titles leave room for " (continued)"
)

// MaxFooterRef is how many characters a poster may add to the footer of
// the last embed of each message that BriefingMessages and DigestMessages
// return (a delivery reference, " · ref 0123abcd") and stay within
// Discord's limits.
const MaxFooterRef = footerSlack - len(" · page 99/99")

// BriefingMessages renders a briefing as Discord messages: the first embed
// holds the headline (linked to the article), the source and date; each
// warning is a field. Long briefings continue over further messages, each
// within every limit, with "page i/n" in the footer.
func BriefingMessages(b *briefing.Briefing) []Message {
	if b == nil {
		b = &briefing.Briefing{}
	}
	a := b.Article
	head := Embed{
		Title:       md(a.Title, MaxTitle),
		URL:         linkURL(a.Key()),
		Description: joinNonEmpty("\n", mdSourceLine(a), summary(b.Warnings)),
		Color:       briefingColor(b.Warnings),
		Timestamp:   a.Published,
	}
	if head.Title == "" {
		head.Title = "Untitled article"
	}
	if head.URL == "" {
		head.URL = linkURL(a.URL)
	}
	fields := make([]Field, 0, len(b.Warnings))
	for _, w := range b.Warnings {
		it := itemOf(w)
		fields = append(fields, Field{Name: mdHeader(it, MaxFieldName), Value: mdBody(it, MaxFieldValue)})
	}
	return pack(head, fields, joinNonEmpty(" · ", "redline", plain(extractorLine(b), MaxFooter/2)))
}

func briefingColor(ws []briefing.Warning) int {
	if len(ws) == 0 {
		return ColorNone
	}
	for _, w := range ws {
		if w.Kind == briefing.KindThreat {
			return ColorThreat
		}
	}
	return ColorWarning
}

// mdSourceLine is "**Site** · by Byline · 20 Jun 2024", escaped.
func mdSourceLine(a briefing.Article) string {
	var parts []string
	if s := md(articleSite(a), mdMaxLabel); s != "" {
		parts = append(parts, "**"+s+"**")
	}
	if by := md(a.Byline, mdMaxLabel); by != "" {
		parts = append(parts, "by "+by)
	}
	if d := articleDate(a); d != "" {
		parts = append(parts, d)
	}
	return strings.Join(parts, " · ")
}

// mdHeader is "Speaker (Affiliation) → Addressee — kind", escaped.
func mdHeader(it item, limit int) string {
	h := actorLabel(it.Speaker, md, mdMaxLabel)
	if h == "" {
		h = "Unknown speaker"
	}
	if to := actorLabel(it.Addressee, md, mdMaxLabel); to != "" {
		h += " → " + to
	}
	return Truncate(h+" — "+it.Kind, limit)
}

// mdBody is the item's what line, its condition line and its quote as a
// block quote, within limit characters; the quote is shortened first.
func mdBody(it item, limit int) string {
	var lines []string
	if w := md(it.What, mdMaxWhat); w != "" {
		lines = append(lines, w)
	}
	if c := conditionLine(md(it.Condition, mdMaxClause), md(it.Consequence, mdMaxClause)); c != "" {
		lines = append(lines, c)
	}
	lines = appendQuote(lines, it.Quote, limit)
	if len(lines) == 0 {
		return "(no details)"
	}
	return Truncate(strings.Join(lines, "\n"), limit)
}

// appendQuote adds "> “quote”" to lines if a useful part of it fits in limit.
func appendQuote(lines []string, quote string, limit int) []string {
	if quote == "" {
		return lines
	}
	used := Len(strings.Join(lines, "\n"))
	if len(lines) > 0 {
		used++ // the newline
	}
	room := min(limit-used-len("> “”"), mdMaxQuote)
	if room < mdMinQuote {
		return lines
	}
	return append(lines, "> “"+md(quote, room)+"”")
}

// pack lays head and fields out as messages within Discord's limits: up to
// 25 fields an embed, 10 embeds and 6,000 characters a message. Every
// message after the first starts with a continuation title; every message's
// last embed gets footer, plus "page i/n" when there are several.
func pack(head Embed, fields []Field, footer string) []Message {
	footer = Truncate(footer, MaxFooter-footerSlack)
	reserve := Len(footer) + footerSlack
	cont := Embed{Color: head.Color, URL: head.URL}
	if head.Title != "" {
		cont.Title = Truncate(head.Title, contTitleMax) + " (continued)"
	}
	msgs := []Message{{Embeds: []Embed{head}}}
	used := EmbedSize(head) + reserve
	for _, f := range fields {
		size := Len(f.Name) + Len(f.Value)
		cur := &msgs[len(msgs)-1]
		last := &cur.Embeds[len(cur.Embeds)-1]
		switch {
		case used+size > MaxEmbedTotal || (len(last.Fields) == MaxFields && len(cur.Embeds) == MaxEmbeds):
			msgs = append(msgs, Message{Embeds: []Embed{cont}})
			used = EmbedSize(cont) + reserve
		case len(last.Fields) == MaxFields:
			cur.Embeds = append(cur.Embeds, Embed{Color: head.Color})
		}
		cur = &msgs[len(msgs)-1]
		last = &cur.Embeds[len(cur.Embeds)-1]
		last.Fields = append(last.Fields, f)
		used += size
	}
	setPageFooters(msgs, footer)
	return msgs
}

// NoticeMessage is a short plain-text message (a feed paused, a digest
// skipped), shown literally: Markdown escaped, mentions broken, cut to fit.
func NoticeMessage(text string) Message {
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		lines = append(lines, EscapeMarkdown(clean(line)))
	}
	content := Truncate(strings.TrimSpace(strings.Join(lines, "\n")), MaxContent)
	if content == "" {
		content = "(no details)"
	}
	return Message{Content: content}
}

// HistoryMessage renders one page of history, newest first, as a single
// message under title: one field per warning with its article linked.
// Texts are shortened until the whole page fits; if even that fails the
// last entries are left out and counted in the footer.
func HistoryMessage(page briefing.HistoryPage, title string) Message {
	e := Embed{Title: md(title, MaxTitle), Color: ColorNeutral, Footer: "newest first"}
	if e.Title == "" {
		e.Title = "History"
	}
	if page.Next != "" {
		e.Footer += " · older on the next page"
	}
	if len(page.Warnings) == 0 {
		e.Description = "Nothing found."
		e.Color = ColorNone
		return Message{Embeds: []Embed{e}}
	}
	fields, left := entryFields(page.Warnings, MaxFields, MaxEmbedTotal-EmbedSize(e)-noteSlack)
	e.Fields = fields
	if left > 0 {
		e.Footer += fmt.Sprintf(" · %d more on this page not shown", left)
	}
	return Message{Embeds: []Embed{e}}
}

// entryFields renders warnings read from history as fields, at most
// maxFields and budget characters in all, shortening the what lines step
// by step until all fit; it returns how many had to be left out.
func entryFields(ws []briefing.Warning, maxFields, budget int) ([]Field, int) {
	var fields []Field
	for _, whatMax := range []int{300, 200, 120, 80, 40} {
		fields = fields[:0]
		total := 0
		for _, w := range ws {
			f := entryField(itemOf(w), whatMax)
			fields = append(fields, f)
			total += Len(f.Name) + Len(f.Value)
		}
		if len(fields) <= maxFields && total <= budget {
			return fields, 0
		}
	}
	// Still too much at the shortest: keep what fits.
	total := 0
	for i, f := range fields {
		total += Len(f.Name) + Len(f.Value)
		if i == maxFields || total > budget {
			return fields[:i], len(fields) - i
		}
	}
	return fields, 0
}

// entryField is a history entry: the header as name; the what line and the
// linked source with its date as value.
func entryField(it item, whatMax int) Field {
	var lines []string
	if w := md(it.What, whatMax); w != "" {
		lines = append(lines, w)
	}
	if len(it.Sources) > 0 {
		s := it.Sources[0]
		text := joinNonEmpty(" · ", md(s.Name, 60), formatDate(s.Date))
		more := ""
		if len(it.Sources) > 1 {
			more = " · reported by " + plural(len(it.Sources), "outlet", "outlets")
		}
		lines = append(lines, fitLink(text, s.URL, MaxFieldValue-Len(strings.Join(lines, "\n"))-1-Len(more))+more)
	}
	value := Truncate(strings.Join(lines, "\n"), MaxFieldValue)
	if value == "" {
		value = "(no details)"
	}
	return Field{Name: mdHeader(it, MaxFieldName), Value: value}
}

// fitLink links text to raw if the link fits in room characters, else
// returns the text alone.
func fitLink(text, raw string, room int) string {
	if l := mdLink(text, raw); Len(l) <= room {
		return l
	}
	return Truncate(text, max(room, 0))
}

// ProfileMessage renders an actor's record: counts, top counterparts and
// the latest warnings by or to it, each linked to its article.
func ProfileMessage(p briefing.Profile) Message {
	name := actorLabel(p.Actor, md, MaxTitle)
	if name == "" {
		name = "Unknown actor"
	}
	e := Embed{Title: name, Color: ColorNeutral, Footer: "redline history"}
	if p.WarningsBy == 0 && p.WarningsTo == 0 && len(p.Latest) == 0 {
		e.Description = Truncate("No warnings by or to "+name+" in history yet.", MaxDescription)
		e.Color = ColorNone
		return Message{Embeds: []Embed{e}}
	}
	e.Description = fmt.Sprintf("Warned others **%d** %s · warned by others **%d** %s",
		p.WarningsBy, pluralWord(p.WarningsBy, "time", "times"), p.WarningsTo, pluralWord(p.WarningsTo, "time", "times"))
	if len(p.Counterparts) > 0 {
		var lines []string
		for _, c := range p.Counterparts {
			line := counterpartLine(actorLabel(c.Actor, md, mdMaxLabel), c)
			if Len(strings.Join(append(lines, line), "\n")) > MaxFieldValue {
				break
			}
			lines = append(lines, line)
		}
		e.Fields = append(e.Fields, Field{Name: "Top counterparts", Value: strings.Join(lines, "\n")})
	}
	if len(p.Latest) > 0 {
		fields, left := entryFields(p.Latest, MaxFields-len(e.Fields), MaxEmbedTotal-EmbedSize(e)-noteSlack)
		e.Fields = append(e.Fields, fields...)
		if left > 0 {
			e.Footer += fmt.Sprintf(" · %d more not shown", left)
		}
	}
	return Message{Embeds: []Embed{e}}
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Budgets of a digest's embeds: a pair's items continue in a further embed
// past digestMaxDescription characters, so that several pairs share a message.
const (
	digestMaxDescription = 1800
	digestMaxSources     = 3 // outlets linked under an item; the rest are counted
)

// Kind markers, so that a threat stands out in a list.
const (
	markThreat  = "🔴"
	markWarning = "🟠"
)

// DigestMessages renders a digest: a header embed with the count and the
// period (in the schedule's zone, and as Discord timestamps that each
// reader sees in their own), then one embed per speaker → addressee pair
// (continued in another when long), an item a paragraph: kind marker and
// what, the condition, the headline linked to the article with its outlet
// and time, "reported by N outlets" when several did. Messages hold up to
// ten embeds within Discord's limits; "and N more" ends a capped digest.
func DigestMessages(d *briefing.Digest) []Message {
	if d == nil {
		d = &briefing.Digest{}
	}
	count, threats := 0, 0
	for _, g := range d.Groups {
		for _, it := range g.Items {
			count++
			if it.Kind == briefing.KindThreat {
				threats++
			}
		}
	}
	loc := zoneOf(d.TimeZone)
	head := Embed{Title: "Warning digest", Color: ColorNeutral, Timestamp: d.Until}
	if !d.Until.IsZero() {
		head.Title += " — " + d.Until.In(loc).Format("2 Jan 2006")
	}
	var lines []string
	total := count + d.Omitted
	switch {
	case count == 0:
		lines = append(lines, "No new warnings.")
		head.Color = ColorNone
	case threats > 0:
		lines = append(lines, fmt.Sprintf("**%s**, %s among those shown.", plural(total, "warning", "warnings"), plural(threats, "threat", "threats")))
		head.Color = ColorThreat
	default:
		lines = append(lines, fmt.Sprintf("**%s**.", plural(total, "warning", "warnings")))
	}
	if p := zonedPeriod(d.Since, d.Until, loc); p != "" {
		lines = append(lines, "Period: "+p)
	}
	if !d.Since.IsZero() && !d.Until.IsZero() {
		lines = append(lines, fmt.Sprintf("Your time: <t:%d:f> – <t:%d:f>", d.Since.Unix(), d.Until.Unix()))
	}
	head.Description = strings.Join(lines, "\n")
	embeds := []Embed{head}
	for _, g := range d.Groups {
		embeds = append(embeds, groupEmbeds(g)...)
	}
	if d.Omitted > 0 {
		embeds = append(embeds, Embed{Color: ColorNeutral,
			Description: fmt.Sprintf("…and %d more %s — search them with `/history`.", d.Omitted, pluralWord(d.Omitted, "warning", "warnings"))})
	}
	return packEmbeds(embeds, "redline digest")
}

// zoneOf loads an IANA zone, UTC when it is empty or unknown.
func zoneOf(name string) *time.Location {
	if name == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return loc
}

// zonedPeriod is "11 Mar 2026 08:00 – 12 Mar 2026 08:00 (Europe/Berlin)",
// "since …" or "until …" when one end is open.
func zonedPeriod(since, until time.Time, loc *time.Location) string {
	const layout = "2 Jan 2006 15:04"
	zone := " (" + loc.String() + ")"
	switch {
	case since.IsZero() && until.IsZero():
		return ""
	case since.IsZero():
		return "until " + until.In(loc).Format(layout) + zone
	case until.IsZero():
		return "since " + since.In(loc).Format(layout) + zone
	}
	return since.In(loc).Format(layout) + " – " + until.In(loc).Format(layout) + zone
}

// groupEmbeds renders one speaker → addressee pair as an embed titled by
// the pair, its items as paragraphs, continued in further embeds when long.
func groupEmbeds(g briefing.DigestGroup) []Embed {
	title := actorLabel(g.Speaker, md, mdMaxLabel)
	if title == "" {
		title = "Unknown speaker"
	}
	if to := actorLabel(g.Addressee, md, mdMaxLabel); to != "" {
		title += " → " + to
	}
	title = Truncate(title, MaxTitle-len(" (continued)"))
	color := ColorWarning
	for _, it := range g.Items {
		if it.Kind == briefing.KindThreat {
			color = ColorThreat
		}
	}
	var out []Embed
	desc := ""
	flush := func() {
		e := Embed{Title: title, Description: desc, Color: color}
		if len(out) > 0 {
			e.Title += " (continued)"
		}
		out = append(out, e)
		desc = ""
	}
	for _, di := range g.Items {
		text := digestItemText(digestItemOf(g, di), digestMaxDescription)
		if desc != "" && Len(desc)+2+Len(text) > digestMaxDescription {
			flush()
		}
		desc = joinNonEmpty("\n\n", desc, text)
	}
	if desc != "" {
		flush()
	}
	return out
}

// digestItemText is one item within limit characters:
//
//	🔴 **threat** · what
//	if condition → consequence
//	[Headline](url) — Outlet · <t:…:f> · reported by 3 outlets: [B](u), [C](u)
func digestItemText(it item, limit int) string {
	mark := markWarning
	if it.Kind == string(briefing.KindThreat) {
		mark = markThreat
	}
	lines := []string{mark + " **" + it.Kind + "** · " + md(it.What, mdMaxWhat)}
	if c := conditionLine(md(it.Condition, mdMaxClause), md(it.Consequence, mdMaxClause)); c != "" {
		lines = append(lines, c)
	}
	if len(it.Sources) > 0 {
		room := limit - Len(strings.Join(lines, "\n")) - 1
		lines = append(lines, mdReport(it.Sources, room))
	}
	return Truncate(strings.Join(lines, "\n"), limit)
}

// mdReport is the first report of an item — its headline linked to the
// article, the outlet and a Discord timestamp — and, when several outlets
// reported it, "reported by N outlets" with as many of the others linked
// as fit in room characters.
func mdReport(srcs []source, room int) string {
	first := srcs[0]
	headline := md(first.Headline, 120)
	if headline == "" {
		headline = md(first.Name, 60)
	}
	line := fitLink(headline, first.URL, room/2)
	if first.Headline != "" {
		line += " — " + md(first.Name, 60)
	}
	if !first.Date.IsZero() {
		line += fmt.Sprintf(" · <t:%d:f>", first.Date.Unix())
	}
	if len(srcs) == 1 {
		return Truncate(line, room)
	}
	line += " · reported by " + plural(len(srcs), "outlet", "outlets")
	var others []string
	for i, s := range srcs[1:] {
		if i == digestMaxSources {
			break
		}
		l := mdLink(md(s.Name, 60), s.URL)
		if Len(line)+len(": ")+Len(strings.Join(append(others, l), ", ")) > room {
			break
		}
		others = append(others, l)
	}
	if len(others) > 0 {
		line += ": " + strings.Join(others, ", ")
	}
	return Truncate(line, room)
}

// packEmbeds lays embeds out as messages of at most ten embeds and 6,000
// characters; every message's last embed gets footer, plus "page i/n"
// when there are several. Each embed must fit in a message on its own.
func packEmbeds(embeds []Embed, footer string) []Message {
	footer = Truncate(footer, MaxFooter-footerSlack)
	reserve := Len(footer) + footerSlack
	var msgs []Message
	used := 0
	for _, e := range embeds {
		size := EmbedSize(e)
		if len(msgs) == 0 || len(msgs[len(msgs)-1].Embeds) == MaxEmbeds || used+size+reserve > MaxEmbedTotal {
			msgs = append(msgs, Message{})
			used = 0
		}
		cur := &msgs[len(msgs)-1]
		cur.Embeds = append(cur.Embeds, e)
		used += size
	}
	setPageFooters(msgs, footer)
	return msgs
}

// Markdown renders a briefing as one Discord Markdown text (for places
// without embeds); unlike the embed builders it is not cut to any limit.
func Markdown(b *briefing.Briefing) string {
	if b == nil {
		return noWarnings
	}
	a := b.Article
	title := md(a.Title, MaxTitle)
	if title == "" {
		title = "Untitled article"
	}
	var sb strings.Builder
	sb.WriteString("**" + mdLink(title, a.Key()) + "**\n")
	if line := mdSourceLine(a); line != "" {
		sb.WriteString(line + "\n")
	}
	if line := md(extractorLine(b), mdMaxWhat); line != "" {
		sb.WriteString("*" + line + "*\n")
	}
	if len(b.Warnings) == 0 {
		sb.WriteString("\n" + noWarnings + "\n")
		return sb.String()
	}
	for _, w := range b.Warnings {
		it := itemOf(w)
		sb.WriteString("\n**" + mdHeader(it, MaxFieldName) + "**\n" + mdBody(it, MaxFieldValue) + "\n")
	}
	return sb.String()
}

// setPageFooters puts footer on the last embed of each message, with its
// page number when there are several.
func setPageFooters(msgs []Message, footer string) {
	for i := range msgs {
		text := footer
		if len(msgs) > 1 {
			text = joinNonEmpty(" · ", footer, fmt.Sprintf("page %d/%d", i+1, len(msgs)))
		}
		es := msgs[i].Embeds
		es[len(es)-1].Footer = text
	}
}
