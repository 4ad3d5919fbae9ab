package digest

import (
	"slices"
	"sort"

	"redline/briefing"
)

// Collapse merges, in a list of warnings newest first (a page of history,
// an actor's latest), the reports of one warning by several outlets, as a
// digest does: each warning comes once, where its newest report was, worded
// as its first report, a threat when any report calls it one, its first
// outlet in Source and the others in OtherSources. The order is otherwise kept.
func Collapse(ws []briefing.Warning) []briefing.Warning {
	if len(ws) < 2 {
		return ws
	}
	oldest := slices.Clone(ws)
	slices.Reverse(oldest)
	clusters := merge(oldest)
	if len(clusters) == len(ws) {
		return ws
	}
	sort.SliceStable(clusters, func(i, j int) bool { return clusters[i].latest > clusters[j].latest })
	out := make([]briefing.Warning, 0, len(clusters))
	for _, c := range clusters {
		w := c.first
		w.Kind, w.Addressee = c.kind, c.addressee
		w.Condition, w.Consequence, w.Quote = c.condition, c.consequence, c.quote
		w.Source = c.sources[0]
		w.OtherSources = slices.Clone(c.sources[1:])
		out = append(out, w)
	}
	return out
}
