package warnings

import (
	"context"
	"testing"

	"path/filepath"

	"redline/briefing"
	"redline/briefing/article"
	"redline/briefing/language"
)

func benchmarkArticles(b *testing.B, arts []textArticle) {
	x := New()
	in := make([]briefing.Article, len(arts))
	bytes := 0
	for i, a := range arts {
		in[i] = article.FromText(a.text, a.id)
		bytes += len(a.text)
	}
	ctx := context.Background()
	language.Default() // the model loads once, before the timing: a steady state is measured
	b.SetBytes(int64(bytes / len(arts)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := x.Extract(ctx, in[i%len(in)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkExtractDev measures text → warnings over the shared dev
// articles, one article per iteration.
func BenchmarkExtractDev(b *testing.B) {
	benchmarkArticles(b, readArticles(b, filepath.Join(sharedEval, "dev")))
}

// BenchmarkExtractOwn does the same over the package's own testdata.
func BenchmarkExtractOwn(b *testing.B) {
	benchmarkArticles(b, ownArticles(b))
}
