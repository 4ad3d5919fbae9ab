package render

import (
	"fmt"
	"strings"

	"github.com/rivo/uniseg"

	"redline/briefing"
)

// Terminal layout: lines wrapped at textWidth columns; long article texts
// cut so that one runaway quote does not flood the screen.
const (
	textWidth      = 80
	textMaxTitle   = 300
	textMaxLabel   = 120
	textMaxWhat    = 600
	textMaxClause  = 400
	textMaxQuote   = 500
	textMaxSources = 10
)

// Text renders a briefing for a terminal: the headline, the source and
// date, then one block per warning:
//
//	Speaker (Affiliation) → Addressee — kind
//	  what
//	  if condition → consequence
//	  “strongest quote”
func Text(b *briefing.Briefing) string {
	var sb strings.Builder
	if b == nil {
		return noWarnings + "\n"
	}
	a := b.Article
	title := plain(a.Title, textMaxTitle)
	if title == "" {
		title = "(untitled)"
	}
	sb.WriteString(title + "\n")
	if line := plainSourceLine(a); line != "" {
		sb.WriteString(line + "\n")
	}
	if line := plain(extractorLine(b), textMaxWhat); line != "" {
		sb.WriteString(wrap(line, "", ""))
	}
	sb.WriteString("\n")
	if len(b.Warnings) == 0 {
		sb.WriteString(noWarnings + "\n")
		return sb.String()
	}
	for i, w := range b.Warnings {
		if i > 0 {
			sb.WriteString("\n")
		}
		writeTextItem(&sb, itemOf(w), "", false)
	}
	return sb.String()
}

// plainSourceLine is "Site · by Byline · https://… · 20 Jun 2024".
func plainSourceLine(a briefing.Article) string {
	var parts []string
	if s := plain(articleSite(a), textMaxLabel); s != "" {
		parts = append(parts, s)
	}
	if by := plain(a.Byline, textMaxLabel); by != "" {
		parts = append(parts, "by "+by)
	}
	if u := clean(a.Key()); u != "" {
		parts = append(parts, u)
	}
	if d := articleDate(a); d != "" {
		parts = append(parts, d)
	}
	return strings.Join(parts, " · ")
}

func textHeader(it item) string {
	h := actorLabel(it.Speaker, plain, textMaxLabel)
	if h == "" {
		h = "Unknown speaker"
	}
	if to := actorLabel(it.Addressee, plain, textMaxLabel); to != "" {
		h += " → " + to
	}
	return h + " — " + it.Kind
}

// conditionLine is "if X → Y", "if X", or "→ Y"; "" when not conditional.
func conditionLine(cond, cons string) string {
	switch {
	case cond != "" && cons != "":
		return "if " + cond + " → " + cons
	case cond != "":
		return "if " + cond
	case cons != "":
		return "→ " + cons
	}
	return ""
}

// writeTextItem writes the block of one item, indented by indent; with
// withSources it ends with the outlets that reported it.
func writeTextItem(sb *strings.Builder, it item, indent string, withSources bool) {
	head := textHeader(it)
	if !it.Date.IsZero() && !withSources {
		head = formatDate(it.Date) + "  " + head
	}
	sb.WriteString(wrap(head, indent, indent+"    "))
	body := indent + "  "
	if w := plain(it.What, textMaxWhat); w != "" {
		sb.WriteString(wrap(w, body, body))
	}
	if c := conditionLine(plain(it.Condition, textMaxClause), plain(it.Consequence, textMaxClause)); c != "" {
		sb.WriteString(wrap(c, body, body+"  "))
	}
	if q := plain(it.Quote, textMaxQuote); q != "" {
		sb.WriteString(wrap("“"+q+"”", body, body+" "))
	}
	if withSources {
		if line := textSources(it.Sources); line != "" {
			sb.WriteString(wrap(line, body, body+"  "))
		}
	} else if len(it.Sources) == 1 {
		s := it.Sources[0]
		sb.WriteString(wrap(joinNonEmpty(" · ", plain(s.Name, textMaxLabel), clean(s.URL)), body, body+"  "))
	} else if len(it.Sources) > 1 {
		sb.WriteString(wrap(textSources(it.Sources), body, body+"  "))
	}
}

// textSources is "reported by 2 outlets: Site A <url>, Site B <url>",
// each outlet with its headline when it has one.
func textSources(srcs []source) string {
	if len(srcs) == 0 {
		return ""
	}
	var names []string
	for i, s := range srcs {
		if i == textMaxSources {
			names = append(names, fmt.Sprintf("and %d more", len(srcs)-i))
			break
		}
		name := plain(s.Name, textMaxLabel)
		if h := plain(s.Headline, textMaxLabel); h != "" {
			name += ", “" + h + "”"
		}
		if u := clean(s.URL); u != "" {
			name += " <" + u + ">"
		}
		names = append(names, name)
	}
	return "reported by " + plural(len(srcs), "outlet", "outlets") + ": " + strings.Join(names, "; ")
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// HistoryText renders one page of history for a terminal, newest first,
// under title.
func HistoryText(page briefing.HistoryPage, title string) string {
	var sb strings.Builder
	if t := plain(title, textMaxTitle); t != "" {
		sb.WriteString(t + "\n\n")
	}
	if len(page.Warnings) == 0 {
		sb.WriteString("Nothing found.\n")
		return sb.String()
	}
	for i, w := range page.Warnings {
		if i > 0 {
			sb.WriteString("\n")
		}
		writeTextItem(&sb, itemOf(w), "", false)
	}
	if page.Next != "" {
		sb.WriteString("\nOlder warnings are on the next page.\n")
	}
	return sb.String()
}

// ProfileText renders an actor's record for a terminal.
func ProfileText(p briefing.Profile) string {
	var sb strings.Builder
	name := actorLabel(p.Actor, plain, textMaxTitle)
	if name == "" {
		name = "Unknown actor"
	}
	sb.WriteString(name + "\n")
	if p.WarningsBy == 0 && p.WarningsTo == 0 && len(p.Latest) == 0 {
		sb.WriteString("No warnings by or to " + name + " in history yet.\n")
		return sb.String()
	}
	sb.WriteString(profileCounts(p) + "\n")
	if len(p.Counterparts) > 0 {
		sb.WriteString("\nTop counterparts:\n")
		for _, c := range p.Counterparts {
			sb.WriteString(wrap(counterpartLine(actorLabel(c.Actor, plain, textMaxLabel), c), "  ", "    "))
		}
	}
	if len(p.Latest) > 0 {
		sb.WriteString("\nLatest:\n")
		for i, w := range p.Latest {
			if i > 0 {
				sb.WriteString("\n")
			}
			writeTextItem(&sb, itemOf(w), "  ", false)
		}
	}
	return sb.String()
}

func profileCounts(p briefing.Profile) string {
	return fmt.Sprintf("Warned others %s; warned by others %s.", plural(p.WarningsBy, "time", "times"), plural(p.WarningsTo, "time", "times"))
}

// counterpartLine is "warned Russia 2 · warned by Russia 0".
func counterpartLine(label string, c briefing.Counterpart) string {
	return fmt.Sprintf("warned %s %d · warned by %s %d", label, c.Warned, label, c.WarnedBy)
}

// DigestText renders a digest for a terminal, grouped speaker → addressee,
// each item with the outlets that reported it.
func DigestText(d *briefing.Digest) string {
	var sb strings.Builder
	if d == nil {
		return "No new warnings.\n"
	}
	sb.WriteString(joinNonEmpty(": ", "Warning digest", zonedPeriod(d.Since, d.Until, zoneOf(d.TimeZone))) + "\n\n")
	if len(d.Groups) == 0 {
		sb.WriteString("No new warnings.\n")
	}
	for i, g := range d.Groups {
		if i > 0 {
			sb.WriteString("\n")
		}
		head := actorLabel(g.Speaker, plain, textMaxLabel)
		if to := actorLabel(g.Addressee, plain, textMaxLabel); to != "" {
			head += " → " + to
		}
		sb.WriteString(wrap(head, "", "    "))
		for _, di := range g.Items {
			it := digestItemOf(g, di)
			sb.WriteString(wrap(it.Kind+": "+plain(it.What, textMaxWhat), "  ", "    "))
			if c := conditionLine(plain(it.Condition, textMaxClause), plain(it.Consequence, textMaxClause)); c != "" {
				sb.WriteString(wrap(c, "    ", "      "))
			}
			if q := plain(it.Quote, textMaxQuote); q != "" {
				sb.WriteString(wrap("“"+q+"”", "    ", "     "))
			}
			if s := textSources(it.Sources); s != "" {
				sb.WriteString(wrap(s, "    ", "      "))
			}
		}
	}
	if d.Omitted > 0 {
		fmt.Fprintf(&sb, "\nand %d more — see `redline history`\n", d.Omitted)
	}
	return sb.String()
}

// wrap breaks s into lines of at most textWidth columns at spaces, the
// first line prefixed by first and the others by rest; it ends with "\n".
// A word longer than a line stays whole.
func wrap(s, first, rest string) string {
	var sb strings.Builder
	prefix := first
	line, width := "", 0
	flush := func() {
		sb.WriteString(prefix + line + "\n")
		prefix, line, width = rest, "", 0
	}
	for _, word := range strings.Fields(s) {
		ww := uniseg.StringWidth(word)
		if line != "" && uniseg.StringWidth(prefix)+width+1+ww > textWidth {
			flush()
		}
		if line != "" {
			line += " "
			width++
		}
		line += word
		width += ww
	}
	if line != "" {
		flush()
	}
	return sb.String()
}
