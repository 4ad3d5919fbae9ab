package digest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"redline/briefing"
	"redline/briefing/digest"
	"redline/briefing/render"
)

// A digest of many long, hostile warnings stays within Discord's limits
// once capped and rendered, and says how many were left out.
func TestCappedDigestFitsDiscordLimits(t *testing.T) {
	var ws []briefing.Warning
	for i := range 120 {
		long := strings.Repeat(fmt.Sprintf("escalation%d ", i), 120)
		speaker := briefing.Actor{Name: fmt.Sprintf("Minister %d of a very long-named ministry @everyone", i%7), Affiliation: "Northland"}
		addressee := briefing.Actor{Name: fmt.Sprintf("Southland **%d**", i%3)}
		w := briefing.Warning{Speaker: speaker, Addressee: addressee, Kind: briefing.KindThreat,
			What:     fmt.Sprintf("topic%d %s", i, long),
			Quote:    "<@123456> " + long,
			Evidence: []string{long}}
		// Every item is reported by many outlets.
		for s := range 12 {
			w.Source = briefing.Source{ArticleID: int64(i*100 + s), URL: fmt.Sprintf("https://outlet%d.example/%s/%d", s, strings.Repeat("x", 150), i), Site: fmt.Sprintf("Outlet %d", s)}
			ws = append(ws, w)
		}
	}
	since := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	d := digest.Assemble("c1", since, since.Add(24*time.Hour), ws, digest.DefaultMaxItems)
	items := 0
	for _, g := range d.Groups {
		for _, it := range g.Items {
			items++
			if len(it.Sources) != 12 {
				t.Fatalf("item reported by %d sources, want 12", len(it.Sources))
			}
		}
	}
	if items != digest.DefaultMaxItems || d.Omitted != 120-digest.DefaultMaxItems {
		t.Fatalf("kept %d, omitted %d", items, d.Omitted)
	}
	msgs := render.DigestMessages(d)
	if err := render.ValidateAll(msgs); err != nil {
		t.Fatalf("digest breaks Discord's limits: %v", err)
	}
	var all strings.Builder
	for _, m := range msgs {
		for _, e := range m.Embeds {
			all.WriteString(e.Description)
		}
	}
	if !strings.Contains(all.String(), fmt.Sprintf("and %d more", d.Omitted)) || !strings.Contains(all.String(), "reported by 12 outlets") {
		t.Fatalf("the rendered digest does not say what was merged and left out")
	}
	if text := render.DigestText(d); !strings.Contains(text, fmt.Sprintf("and %d more", d.Omitted)) {
		t.Fatalf("terminal text lacks the omitted count")
	}
}
