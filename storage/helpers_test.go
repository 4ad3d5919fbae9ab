package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"redline/briefing"
)

// openStore is the tests' one way to open a store: the database at path,
// or a new one in the test's temporary folder when path is empty. The store
// is closed when the test ends.
func openStore(t testing.TB, path string, opts ...Option) *Store {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "history.db")
	}
	s, err := Open(context.Background(), path, opts...)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

var baseTime = time.Date(2026, 2, 10, 9, 30, 0, 0, time.UTC)

// sampleBriefing returns an article at url with three warnings, published
// n hours after baseTime. The text is written for these tests.
func sampleBriefing(url string, n int) *briefing.Briefing {
	published := baseTime.Add(time.Duration(n) * time.Hour)
	return &briefing.Briefing{
		Article: briefing.Article{
			URL:          url + "?utm_source=test",
			CanonicalURL: url,
			Title:        fmt.Sprintf("Harbour talks stall, day %d", n),
			Byline:       "Mira Castell",
			Site:         "The Northern Ledger",
			Language:     "en",
			Published:    published,
			Fetched:      published.Add(2 * time.Hour),
			Text: "Admiral Teodor Vask said on Tuesday that any blockade of the harbour would be met with force.\n\n" +
				"Veloria's foreign minister, Anika Brandt, cautioned Ostmark that new tariffs could unravel the grain accord.",
		},
		Warnings: []briefing.Warning{
			{
				Speaker:     briefing.Actor{Name: "Teodor Vask", Affiliation: "Ostmark"},
				Addressee:   briefing.Actor{Name: "Veloria", Affiliation: "Veloria"},
				Kind:        briefing.KindThreat,
				What:        "a blockade of the harbour",
				Condition:   "any blockade of the harbour",
				Consequence: "it would be met with force",
				Quote:       "would be met with force",
				Evidence:    []string{"Admiral Teodor Vask said on Tuesday that any blockade of the harbour would be met with force."},
			},
			{
				Speaker:     briefing.Actor{Name: "Anika Brandt", Affiliation: "Veloria"},
				Addressee:   briefing.Actor{Name: "Ostmark", Affiliation: "Ostmark"},
				Kind:        briefing.KindWarning,
				What:        "new tariffs could unravel the grain accord",
				Condition:   "new tariffs",
				Consequence: "the grain accord could unravel",
				Evidence:    []string{"Veloria's foreign minister, Anika Brandt, cautioned Ostmark that new tariffs could unravel the grain accord."},
			},
			{
				Speaker:  briefing.Actor{Name: "Anika Brandt", Affiliation: "Veloria"},
				Kind:     briefing.KindWarning,
				What:     "shipping insurers may leave the strait",
				Evidence: []string{"Brandt added that insurers were \"already quietly packing\" & rates had tripled <since> spring."},
			},
		},
	}
}

func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o600) }

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
