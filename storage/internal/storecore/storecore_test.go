package storecore

import (
	"slices"
	"strings"
	"testing"
	"time"

	"redline/briefing"
)

func TestActorsRecordsPartiesGroupsAndAliases(t *testing.T) {
	ws := []briefing.Warning{
		{Speaker: briefing.Actor{Name: "Putin", Key: "vladimir putin", Affiliation: "Russia", AffiliationKey: "russia"},
			Addressee: briefing.Actor{Name: "Ostmark", Key: "ostmark", Affiliation: "Ostmark", AffiliationKey: "ostmark"}},
		{Speaker: briefing.Actor{Name: "Vladimir Putin", Key: "vladimir putin"},
			Addressee: briefing.Actor{Name: "the dam board", Key: "valley water authority"}},
	}
	got := Actors(ws)
	var keys []string
	for _, a := range got {
		keys = append(keys, a.Key)
	}
	if !slices.Equal(keys, []string{"vladimir putin", "russia", "ostmark", "valley water authority"}) {
		t.Fatalf("keys = %q, want the parties in the order first named", keys)
	}
	putin, russia, ostmark, board := got[0], got[1], got[2], got[3]
	if putin.Name != "Vladimir Putin" || putin.AffiliationKey != "russia" || putin.Kind != "" || putin.Aliases["putin"] != "Putin" {
		t.Errorf("putin = %+v: want the longest name, the affiliation kept, the short name as an alias", putin)
	}
	if russia.Kind != "group" || ostmark.Kind != "group" || len(ostmark.Aliases) != 0 {
		t.Errorf("russia = %+v, ostmark = %+v: want groups (Ostmark of Ostmark is itself the group)", russia, ostmark)
	}
	if board.Kind != "" || board.Name != "the dam board" || len(board.Aliases) != 1 {
		t.Errorf("board = %+v: want the name it was given, and that name as its alias", board)
	}
}

func TestPrepareBriefingCleansACopyOfTheEvidence(t *testing.T) {
	evidence := []string{"nul\x00byte"}
	b := &briefing.Briefing{Article: briefing.Article{URL: "https://x.test/a"},
		Warnings: []briefing.Warning{{Speaker: briefing.Actor{Name: "Ostmark"}, Evidence: evidence}}}
	clean := func(s string) string { return strings.ReplaceAll(s, "\x00", "\uFFFD") }
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if err := PrepareBriefing(b, func() time.Time { return now }, clean); err != nil {
		t.Fatal(err)
	}
	if evidence[0] != "nul\x00byte" {
		t.Errorf("the caller's evidence was changed to %q", evidence[0])
	}
	w := b.Warnings[0]
	if w.Evidence[0] != "nul\uFFFDbyte" || w.Kind != briefing.KindWarning || w.Speaker.Key != "ostmark" || !b.Article.Fetched.Equal(now) {
		t.Errorf("prepared warning %+v, fetched %v", w, b.Article.Fetched)
	}
}

func TestUnknownFindsAMigrationOfANewerRedline(t *testing.T) {
	known := []string{"0001_a.sql", "0002_b.sql"}
	if n := Unknown(known, known[:1]); n != "" {
		t.Errorf("an older database: %q", n)
	}
	if n := Unknown(known, []string{"0001_a.sql", "0003_c.sql"}); n != "0003_c.sql" {
		t.Errorf("a newer database: %q", n)
	}
}
