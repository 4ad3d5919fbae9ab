package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"redline/briefing"
)

// The side-by-side benchmarks: each store's test package runs them on a
// store of its engine holding the same generated history, filled through
// SaveBriefing (the real save path) by four writers at once, as several
// processes would. Besides ns/op they report the p50 and p95 latency of
// one operation.
//
//	go test -run '^$' -bench Store ./storage ./storage/postgres
//
// BenchWarningsEnv sets the history's size (default 100,000 warnings).

// BenchWarningsEnv names the variable that sets the benchmark history's size.
const BenchWarningsEnv = "REDLINE_BENCH_WARNINGS"

// BenchWarnings is the size of the benchmark history.
func BenchWarnings() int {
	if n, err := strconv.Atoi(os.Getenv(BenchWarningsEnv)); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// benchPerArticle is the number of warnings of a generated article.
const benchPerArticle = 4

// BenchData is the generated history's vocabulary, most frequent word first.
type BenchData struct {
	Words []string
}

// benchGen generates the same articles for every engine: words follow a
// Zipf law, as in real text, and speakers are drawn from 440 parties of 40
// countries.
type benchGen struct {
	words   []string
	parties [][2]string // name, affiliation
}

func newBenchGen() *benchGen {
	rng := rand.New(rand.NewPCG(1, 2))
	syllables := []string{"ka", "lo", "mir", "ven", "tas", "or", "bel", "du", "sin", "rak", "te", "vo", "lan", "gri", "pe", "zu"}
	seen := map[string]bool{}
	g := &benchGen{}
	for len(g.words) < 5000 {
		var sb strings.Builder
		for range 2 + rng.IntN(3) {
			sb.WriteString(syllables[rng.IntN(len(syllables))])
		}
		if w := sb.String(); !seen[w] {
			seen[w] = true
			g.words = append(g.words, w)
		}
	}
	countries := make([]string, 40)
	for i := range countries {
		countries[i] = benchCountryName(g.words[100+i])
		g.parties = append(g.parties, [2]string{countries[i], countries[i]})
	}
	for i := range 400 {
		g.parties = append(g.parties, [2]string{g.words[200+i] + " " + g.words[700+i], countries[i%len(countries)]})
	}
	return g
}

func benchCountryName(word string) string { return strings.ToUpper(word[:1]) + word[1:] + "ia" }

// article i of the generated history, with its own random source so that
// any writer can make any article.
func (g *benchGen) article(i int) *briefing.Briefing {
	rng := rand.New(rand.NewPCG(uint64(i), 7))
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(g.words)-1))
	sentence := func(n int) string {
		parts := make([]string, n)
		for k := range parts {
			parts[k] = g.words[zipf.Uint64()]
		}
		return strings.Join(parts, " ") + "."
	}
	published := baseTime.Add(time.Duration(i) * 7 * time.Minute)
	b := &briefing.Briefing{Article: briefing.Article{
		URL: fmt.Sprintf("https://bench.test/%d", i), Title: sentence(8), Site: "Bench Post",
		Published: published, Fetched: published, Text: sentence(60),
	}}
	for range benchPerArticle {
		sp, ad := g.parties[rng.IntN(len(g.parties))], g.parties[rng.IntN(len(g.parties))]
		b.Warnings = append(b.Warnings, briefing.Warning{
			Speaker:   briefing.Actor{Name: sp[0], Affiliation: sp[1]},
			Addressee: briefing.Actor{Name: ad[0], Affiliation: ad[1]},
			Kind:      briefing.KindWarning,
			What:      sentence(6),
			Evidence:  []string{sentence(18), sentence(14)},
		})
	}
	return b
}

// FillBench saves the generated history of n warnings into s with four
// writers and returns its vocabulary.
func FillBench(tb testing.TB, s Store, n int) BenchData {
	tb.Helper()
	g := newBenchGen()
	articles := n / benchPerArticle
	start := time.Now()
	next := make(chan int)
	errs := make(chan error, 4)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := s.SaveBriefing(context.Background(), g.article(i)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range articles {
		select {
		case next <- i:
		case err := <-errs:
			close(next)
			wg.Wait()
			tb.Fatalf("filling the benchmark history: %v", err)
		}
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		tb.Fatalf("filling the benchmark history: %v", err)
	default:
	}
	took := time.Since(start)
	// Statistics as autovacuum would have them after such a load.
	if a, ok := s.(interface{ Analyze(context.Context) error }); ok {
		if err := a.Analyze(context.Background()); err != nil {
			tb.Fatal(err)
		}
	}
	tb.Logf("filled %d warnings (%d articles) through SaveBriefing in %v: %.0f warnings/s",
		articles*benchPerArticle, articles, took.Round(time.Millisecond), float64(articles*benchPerArticle)/took.Seconds())
	return BenchData{Words: g.words}
}

// latencies collects the time of each operation of a benchmark and
// reports their p50 and p95.
type latencies []time.Duration

func (l *latencies) time(op func()) {
	start := time.Now()
	op()
	*l = append(*l, time.Since(start))
}

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	s := slices.Clone(l)
	slices.Sort(s)
	at := func(p float64) float64 { return float64(s[min(len(s)-1, int(p*float64(len(s))))].Microseconds()) }
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.95), "p95-µs")
}

// BenchSave saves new briefings of four warnings into s, which already
// holds the benchmark history.
func BenchSave(b *testing.B, s Store) {
	ctx := context.Background()
	g := newBenchGen()
	var lat latencies
	i := 10_000_000 // past the history's articles: every save is new
	b.ReportAllocs()
	for b.Loop() {
		br := g.article(i)
		i++
		lat.time(func() {
			if err := s.SaveBriefing(ctx, br); err != nil {
				b.Fatal(err)
			}
		})
	}
	lat.report(b)
}

// Bench fills s with the benchmark history of BenchWarnings() warnings
// and runs every side-by-side benchmark on it as sub-benchmarks.
func Bench(b *testing.B, s Store) {
	d := FillBench(b, s, BenchWarnings())
	b.Run("history_fts", func(b *testing.B) { BenchHistoryFTS(b, s, d) })
	b.Run("history_filters", func(b *testing.B) { BenchHistoryFilters(b, s, d) })
	b.Run("profile", func(b *testing.B) { BenchProfile(b, s, d) })
	b.Run("actors", func(b *testing.B) { BenchActors(b, s, d) })
	b.Run("save", func(b *testing.B) { BenchSave(b, s) })
}

// benchOp runs op, which returns how many results it found, as the
// sub-benchmark name, reporting its latencies and results.
func benchOp(b *testing.B, name string, op func() (int, error)) {
	b.Run(name, func(b *testing.B) {
		var lat latencies
		var results int
		for b.Loop() {
			lat.time(func() {
				var err error
				if results, err = op(); err != nil {
					b.Fatal(err)
				}
			})
		}
		b.ReportMetric(float64(results), "results")
		lat.report(b)
	})
}

// history is a benchOp op of the history query q.
func history(ctx context.Context, s Store, q briefing.HistoryQuery) func() (int, error) {
	return func() (int, error) {
		page, err := s.History(ctx, q)
		return len(page.Warnings), err
	}
}

// BenchHistoryFTS runs full-text history queries on s, which holds the
// benchmark history: a common word, a middling one, a rare one, two words,
// a word with a country as speaker, a common word with a rare speaker, a
// word in no warning, and the second page of a common word.
func BenchHistoryFTS(b *testing.B, s Store, d BenchData) {
	ctx := context.Background()
	w := d.Words
	for _, bc := range []struct {
		name string
		q    briefing.HistoryQuery
	}{
		{"common_word", briefing.HistoryQuery{Text: w[0]}},
		{"mid_word", briefing.HistoryQuery{Text: w[50]}},
		{"rare_word", briefing.HistoryQuery{Text: w[3000]}},
		{"two_words", briefing.HistoryQuery{Text: w[3] + " " + w[40]}},
		{"word_and_country", briefing.HistoryQuery{Text: w[10], Speaker: benchCountryName(w[100])}},
		{"common_word_rare_speaker", briefing.HistoryQuery{Text: w[0], Speaker: w[200] + " " + w[700]}},
		{"no_match", briefing.HistoryQuery{Text: "nonexistentword"}},
		{"common_word_page_2", briefing.HistoryQuery{Text: w[0]}},
	} {
		q := bc.q
		if strings.HasSuffix(bc.name, "page_2") {
			page, err := s.History(ctx, q)
			if err != nil || page.Next == "" {
				b.Fatalf("first page: %v (next %q)", err, page.Next)
			}
			q.Cursor = page.Next
		}
		benchOp(b, bc.name, history(ctx, s, q))
	}
}

// BenchHistoryFilters runs history queries without words on s, which
// holds the benchmark history: the newest page, a person's surname, a
// country as speaker, and a two-day range.
func BenchHistoryFilters(b *testing.B, s Store, d BenchData) {
	ctx := context.Background()
	w := d.Words
	for _, bc := range []struct {
		name string
		q    briefing.HistoryQuery
	}{
		{"newest_page", briefing.HistoryQuery{}},
		{"speaker_surname", briefing.HistoryQuery{Speaker: w[700]}},
		{"speaker_country", briefing.HistoryQuery{Speaker: benchCountryName(w[100])}},
		{"time_range", briefing.HistoryQuery{Since: baseTime.Add(24 * time.Hour), Until: baseTime.Add(48 * time.Hour)}},
	} {
		benchOp(b, bc.name, history(ctx, s, bc.q))
	}
}

// BenchProfile looks up the profile of a person and of a country of the
// benchmark history in s.
func BenchProfile(b *testing.B, s Store, d BenchData) {
	ctx := context.Background()
	w := d.Words
	for _, bc := range []struct{ name, actor string }{
		{"person", w[200] + " " + w[700]},
		{"country", benchCountryName(w[100])},
	} {
		benchOp(b, bc.name, func() (int, error) {
			p, err := s.Profile(ctx, bc.actor, 5)
			return len(p.Latest), err
		})
	}
}

// BenchActors lists the actors of the benchmark history in s, all and by
// a prefix, as autocomplete does.
func BenchActors(b *testing.B, s Store, d BenchData) {
	ctx := context.Background()
	for _, bc := range []struct{ name, prefix string }{
		{"all", ""},
		{"prefix", d.Words[200][:2]},
	} {
		benchOp(b, bc.name, func() (int, error) {
			as, err := s.Actors(ctx, bc.prefix, 10)
			return len(as), err
		})
	}
}
