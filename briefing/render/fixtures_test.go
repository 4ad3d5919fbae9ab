package render

import (
	"time"

	"redline/briefing"
)

// The article below is invented for these tests.
var published = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

func sampleBriefing() *briefing.Briefing {
	return &briefing.Briefing{
		Article: briefing.Article{
			URL:          "https://news.example.org/world/baltic-drills?utm_source=x",
			CanonicalURL: "https://news.example.org/world/baltic-drills",
			Title:        "Helsinki warns Minsk over drills near the border",
			Byline:       "Maria Lind",
			Site:         "The Northern Ledger",
			Published:    published,
		},
		Warnings: []briefing.Warning{
			{
				Speaker:     briefing.Actor{Name: "Aino Virtanen", Affiliation: "Finland"},
				Addressee:   briefing.Actor{Name: "Belarus"},
				Kind:        briefing.KindWarning,
				What:        "Live-fire drills within 20 km of the border would be \"a grave provocation\".",
				Condition:   "Belarus moves the exercise closer to the frontier",
				Consequence: "Finland would close the remaining crossings",
				Quote:       "We will not stand by while artillery is tested on our doorstep",
				Evidence:    []string{"Virtanen said live-fire drills near the border would be a grave provocation."},
			},
			{
				Speaker:   briefing.Actor{Name: "Pavel Hrybok", Affiliation: "Belarus"},
				Addressee: briefing.Actor{Name: "Finland"},
				Kind:      briefing.KindThreat,
				What:      "Closing the crossings would be met with \"a proportionate answer\".",
				Evidence:  []string{"Hrybok said any closure would be met with a proportionate answer."},
			},
		},
	}
}
