package storage

import (
	"context"
	"fmt"
	"testing"

	"redline/storage/internal/fixture"
)

// BenchmarkSaveBriefing saves new briefings into a store that starts
// empty (storetest.BenchSave saves into a full one).
func BenchmarkSaveBriefing(b *testing.B) {
	ctx := context.Background()
	s := openStore(b, "")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := s.SaveBriefing(ctx, fixture.Briefing(fmt.Sprintf("https://ledger.test/%d", i), i%100)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkSaveBriefingUnchanged re-saves a stored briefing: the cost of
// a feed poll that sees an article again.
func BenchmarkSaveBriefingUnchanged(b *testing.B) {
	ctx := context.Background()
	s := openStore(b, "")
	fixture.MustSave(b, s, fixture.Briefing("https://ledger.test/again", 0))
	b.ReportAllocs()
	for b.Loop() {
		if err := s.SaveBriefing(ctx, fixture.Briefing("https://ledger.test/again", 0)); err != nil {
			b.Fatal(err)
		}
	}
}
