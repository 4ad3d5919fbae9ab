package render

import (
	"fmt"
	"strings"

	"redline/briefing"
)

// pairCounts counts an Activity of two actors: warnings each way.
func pairCounts(a briefing.Activity) (by, to int) {
	for _, e := range a.Events {
		if e.By {
			by++
		} else {
			to++
		}
	}
	return by, to
}

// PairMessage renders what two actors warned each other about over the
// Activity's period: the counts both ways and the latest warnings between
// them (newest first), each linked to its article.
func PairMessage(a briefing.Activity, latest []briefing.Warning) Message {
	one, other := actorLabel(a.Actor, md, mdMaxLabel), actorLabel(a.Other, md, mdMaxLabel)
	e := Embed{Title: Truncate(one+" ↔ "+other, MaxTitle), Color: ColorNeutral, Footer: "redline history"}
	by, to := pairCounts(a)
	e.Description = fmt.Sprintf("%s warned %s **%d** %s · %s warned %s **%d** %s, since %s.",
		one, other, by, pluralWord(by, "time", "times"), other, one, to, pluralWord(to, "time", "times"), formatDate(a.Since))
	e.Description = Truncate(e.Description, MaxDescription)
	if len(latest) == 0 {
		e.Color = ColorNone
		return Message{Embeds: []Embed{e}}
	}
	fields, left := entryFields(latest, MaxFields, MaxEmbedTotal-EmbedSize(e)-noteSlack)
	e.Fields = fields
	if left > 0 {
		e.Footer += fmt.Sprintf(" · %d more not shown", left)
	}
	return Message{Embeds: []Embed{e}}
}

// PairText renders PairMessage's content for a terminal.
func PairText(a briefing.Activity, latest []briefing.Warning) string {
	var sb strings.Builder
	one, other := actorLabel(a.Actor, plain, textMaxLabel), actorLabel(a.Other, plain, textMaxLabel)
	by, to := pairCounts(a)
	sb.WriteString(one + " ↔ " + other + "\n")
	fmt.Fprintf(&sb, "%s warned %s %s; %s warned %s %s, since %s.\n", one, other, plural(by, "time", "times"),
		other, one, plural(to, "time", "times"), formatDate(a.Since))
	if len(latest) > 0 {
		sb.WriteString("\nLatest:\n")
		for i, w := range latest {
			if i > 0 {
				sb.WriteString("\n")
			}
			writeTextItem(&sb, itemOf(w), "  ", false)
		}
	}
	return sb.String()
}
