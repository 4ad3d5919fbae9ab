package digest_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"redline/briefing"
	"redline/briefing/digest"
	"redline/storage"
)

var benchDay = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)

// benchWarnings makes n warnings among 40 speakers and 25 addressees on
// 300 topics; about a third repeat a topic already reported by another
// outlet, so merging has work to do. Seeded: the same every run.
func benchWarnings(n int) []briefing.Warning {
	rng := rand.New(rand.NewPCG(7, 11))
	words := []string{"border", "missile", "tariff", "grain", "strait", "pipeline", "election", "drone", "sanction", "reactor",
		"harbour", "airspace", "cable", "satellite", "fishery", "convoy", "refinery", "treaty", "summit", "blockade"}
	topic := func(i int) string {
		return fmt.Sprintf("%s %s %s plan%d", words[i%20], words[(i/20)%20], words[(i/7)%20], i)
	}
	ws := make([]briefing.Warning, n)
	for i := range ws {
		t := rng.IntN(300)
		if rng.IntN(3) > 0 {
			t = 300 + i // a topic of its own
		}
		sp, ad := t%40, (t/40)%25
		kind := briefing.KindWarning
		if t%9 == 0 {
			kind = briefing.KindThreat
		}
		what := "Measures on " + topic(t)
		ws[i] = briefing.Warning{
			Speaker:   briefing.Actor{Name: fmt.Sprintf("Speaker %d", sp), Key: fmt.Sprintf("speaker %d", sp)},
			Addressee: briefing.Actor{Name: fmt.Sprintf("Country %d", ad), Key: fmt.Sprintf("country %d", ad)},
			Kind:      kind,
			What:      what,
			Evidence:  []string{fmt.Sprintf("Speaker %d cautioned Country %d over %s, outlet %d reported.", sp, ad, topic(t), i%17)},
			Source:    briefing.Source{ArticleID: int64(i + 1), URL: fmt.Sprintf("https://outlet%d.example/%d", i%17, i), Site: fmt.Sprintf("Outlet %d", i%17)},
		}
	}
	return ws
}

// BenchmarkAssemble10k merges, groups, ranks and caps 10,000 warnings.
func BenchmarkAssemble10k(b *testing.B) {
	ws := benchWarnings(10000)
	b.ResetTimer()
	for b.Loop() {
		d := digest.Assemble("c1", benchDay, benchDay.Add(24*time.Hour), ws, 15)
		if len(d.Groups) == 0 || d.Omitted == 0 {
			b.Fatal("empty digest")
		}
	}
}

// BenchmarkBuild10kFromStore reads 10,000 stored warnings of a channel
// from SQLite and assembles the digest.
func BenchmarkBuild10kFromStore(b *testing.B) {
	ctx := context.Background()
	st, err := storage.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ws := benchWarnings(10000)
	const perArticle = 5
	for i := 0; i < len(ws); i += perArticle {
		br := &briefing.Briefing{
			Article:  briefing.Article{URL: ws[i].Source.URL, Title: "Story", Site: ws[i].Source.Site, Text: "text", Fetched: benchDay.Add(time.Hour)},
			Warnings: append([]briefing.Warning(nil), ws[i:i+perArticle]...),
		}
		if err := st.SaveBriefing(ctx, br); err != nil {
			b.Fatal(err)
		}
		if err := st.RecordChannelArticle(ctx, "c1", br.Article.ID, benchDay.Add(time.Hour)); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		d, err := digest.Build(ctx, st, "c1", benchDay, benchDay.Add(24*time.Hour), 15)
		if err != nil || len(d.Groups) == 0 {
			b.Fatalf("build: %v", err)
		}
	}
}
