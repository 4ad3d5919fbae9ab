package storage

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"redline/briefing"
)

func BenchmarkSaveBriefing(b *testing.B) {
	ctx := context.Background()
	s := openStore(b, "")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := s.SaveBriefing(ctx, sampleBriefing(fmt.Sprintf("https://ledger.test/%d", i), i%100)); err != nil {
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
	mustSave(b, s, sampleBriefing("https://ledger.test/again", 0))
	b.ReportAllocs()
	for b.Loop() {
		if err := s.SaveBriefing(ctx, sampleBriefing("https://ledger.test/again", 0)); err != nil {
			b.Fatal(err)
		}
	}
}

// benchWarnings is the size of the history the query benchmarks search.
const benchWarnings = 100_000

var bench struct {
	once  sync.Once
	dir   string
	path  string
	words []string // the generated vocabulary, most frequent first
	err   error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

// benchStore returns a store holding benchWarnings generated warnings,
// built once per test binary run (in one transaction) and shared by the
// query benchmarks.
func benchStore(b *testing.B) (*Store, []string) {
	b.Helper()
	bench.once.Do(func() {
		if bench.dir, bench.err = os.MkdirTemp("", "redline-storage-bench-"); bench.err != nil {
			return
		}
		bench.path = filepath.Join(bench.dir, "history.db")
		start := time.Now()
		bench.words, bench.err = buildBenchStore(bench.path)
		b.Logf("built a store of %d warnings in %v", benchWarnings, time.Since(start).Round(time.Millisecond))
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return openStore(b, bench.path), bench.words
}

// buildBenchStore fills a new database at path with generated briefings
// of four warnings each. Words follow a Zipf distribution, as in real text,
// so the benchmarks can search a common word and a rare one.
func buildBenchStore(path string) ([]string, error) {
	ctx := context.Background()
	s, err := Open(ctx, path, WithNow(func() time.Time { return baseTime }))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	// A bulk load touches more pages than the default 2 MB cache holds.
	if _, err := s.writer.ExecContext(ctx, `PRAGMA cache_size = -131072`); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	syllables := []string{"ka", "lo", "mir", "ven", "tas", "or", "bel", "du", "sin", "rak", "te", "vo", "lan", "gri", "pe", "zu"}
	word := func() string {
		var sb strings.Builder
		for range 2 + rng.IntN(3) {
			sb.WriteString(syllables[rng.IntN(len(syllables))])
		}
		return sb.String()
	}
	seen := map[string]bool{}
	var words []string
	for len(words) < 5000 {
		if w := word(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(words)-1))
	sentence := func(n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = words[zipf.Uint64()]
		}
		return strings.Join(parts, " ") + "."
	}
	type party struct{ name, affiliation string }
	var parties []party
	countries := make([]string, 40)
	for i := range countries {
		countries[i] = countryName(words[100+i])
		parties = append(parties, party{countries[i], countries[i]})
	}
	for i := range 400 {
		parties = append(parties, party{
			name:        fmt.Sprintf("%s %s", words[200+i], words[700+i]),
			affiliation: countries[rng.IntN(len(countries))],
		})
	}

	// One transaction, articles first, then warnings and actors in large
	// statements: the bulk path of an import, not SaveBriefing's one by one.
	const perArticle = 4
	var all []briefing.Warning
	var rows []warningRow
	err = s.inTx(ctx, "building the benchmark store", func(tx *sql.Tx) error {
		for i := range benchWarnings / perArticle {
			published := baseTime.Add(time.Duration(i) * 7 * time.Minute)
			br := &briefing.Briefing{Article: briefing.Article{
				URL:       fmt.Sprintf("https://bench.test/%d", i),
				Title:     sentence(8),
				Site:      "Bench Post",
				Published: published,
				Fetched:   published,
				Text:      sentence(60),
			}}
			for range perArticle {
				sp, ad := parties[rng.IntN(len(parties))], parties[rng.IntN(len(parties))]
				br.Warnings = append(br.Warnings, briefing.Warning{
					Speaker:   briefing.Actor{Name: sp.name, Affiliation: sp.affiliation},
					Addressee: briefing.Actor{Name: ad.name, Affiliation: ad.affiliation},
					Kind:      briefing.KindWarning,
					What:      sentence(6),
					Evidence:  []string{sentence(18), sentence(14)},
				})
			}
			if err := s.prepareBriefing(br); err != nil {
				return err
			}
			fingerprint, evidence, err := briefingFingerprint(br)
			if err != nil {
				return err
			}
			id, err := insertArticle(ctx, tx, &br.Article, fingerprint, millis(baseTime))
			if err != nil {
				return err
			}
			for p := range br.Warnings {
				rows = append(rows, warningRow{articleID: id, position: p, at: published, w: &br.Warnings[p], evidence: evidence[p]})
			}
			all = append(all, br.Warnings...)
		}
		if err := upsertActors(ctx, tx, all, millis(baseTime)); err != nil {
			return err
		}
		return insertWarnings(ctx, tx, rows, make([]int64, len(rows)))
	})
	return words, err
}

func BenchmarkHistoryFTS(b *testing.B) {
	ctx := context.Background()
	s, words := benchStore(b)
	for _, bc := range []struct {
		name string
		q    briefing.HistoryQuery
	}{
		{"common_word", briefing.HistoryQuery{Text: words[0]}},
		{"mid_word", briefing.HistoryQuery{Text: words[50]}},
		{"rare_word", briefing.HistoryQuery{Text: words[3000]}},
		{"two_words", briefing.HistoryQuery{Text: words[3] + " " + words[40]}},
		{"word_and_country", briefing.HistoryQuery{Text: words[10], Speaker: benchCountry(words)}},
		{"common_word_rare_speaker", briefing.HistoryQuery{Text: words[0], Speaker: words[200] + " " + words[700]}},
		{"no_match", briefing.HistoryQuery{Text: "nonexistentword"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var page briefing.HistoryPage
			var err error
			for b.Loop() {
				if page, err = s.History(ctx, bc.q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(page.Warnings)), "results")
			var matches int
			if err := s.reader.QueryRowContext(ctx, `SELECT count(*) FROM warnings_fts WHERE warnings_fts MATCH ?`,
				ftsQuery(bc.q.Text)).Scan(&matches); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(matches), "text-matches")
		})
	}
}

func BenchmarkHistoryFilters(b *testing.B) {
	ctx := context.Background()
	s, words := benchStore(b)
	for _, bc := range []struct {
		name string
		q    briefing.HistoryQuery
	}{
		{"newest_page", briefing.HistoryQuery{}},
		{"speaker_surname", briefing.HistoryQuery{Speaker: words[700]}},
		{"speaker_country", briefing.HistoryQuery{Speaker: benchCountry(words)}},
		{"time_range", briefing.HistoryQuery{Since: baseTime.Add(24 * time.Hour), Until: baseTime.Add(48 * time.Hour)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.History(ctx, bc.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func countryName(word string) string { return strings.ToUpper(word[:1]) + word[1:] + "ia" }

// benchCountry is one of the countries of the benchmark store.
func benchCountry(words []string) string { return countryName(words[100]) }

func BenchmarkProfile(b *testing.B) {
	ctx := context.Background()
	s, words := benchStore(b)
	for _, bc := range []struct{ name, actor string }{
		{"person", words[200] + " " + words[700]},
		{"country", benchCountry(words)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Profile(ctx, bc.actor, 5); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkActors(b *testing.B) {
	ctx := context.Background()
	s, words := benchStore(b)
	for _, bc := range []struct{ name, prefix string }{
		{"all", ""},
		{"prefix", words[200][:2]},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Actors(ctx, bc.prefix, 10); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
