package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"redline/briefing"
	"redline/briefing/actors"
	"redline/storage/internal/storecore"
)

// The large-history benchmarks run on a store of many warnings (a million
// for issue 15's goals), filled through SaveBriefing, the real save path,
// with real article text from the shared evaluation folders and speakers
// and addressees drawn with a realistic skew: one country is in about a
// quarter of all warnings, people follow a Zipf law. Building it costs
// minutes, so it happens only when asked for:
//
//	REDLINE_BENCH_WARNINGS=1000000 go test -run '^$' -bench Large -benchtime 400x ./storage
//
// The store is built once into a cache folder (REDLINE_BENCH_CACHE, else
// the user's cache folder) under a name that hashes the migrations, the
// generator's version and the size, and reused by every later run; the
// fill rate of each 100,000 warnings and the bytes per warning measured
// while building it are kept beside it and reported again.

// largeEnv names the environment variable that asks for the large store
// and gives its size in warnings.
const largeEnv = "REDLINE_BENCH_WARNINGS"

// largeGeneratorVersion changes whenever the generated history changes, so
// that a cached store of an older generator is not reused.
const largeGeneratorVersion = "large-1"

// sharedDir is the shared folder beside the repository.
const sharedDir = "../../shared"

// largeMeta describes a built store: what the benchmarks query and what
// was measured while filling it.
type largeMeta struct {
	Warnings, Articles int
	Corpus             int       // texts the articles were drawn from
	FillRates          []float64 // warnings per second of each full step of fillStep warnings
	FillSeconds        float64
	Bytes              int64 // the database file after closing
	TableBytes         map[string]int64
	TopCountryShare    float64 // share of warnings the most frequent country takes part in

	RareWords, MidWords, CommonWords []string
	PopularSpeaker                   string   // the most frequent country
	RareSpeakers                     []string // people who spoke a few times
	LeastActors                      []string // actors in exactly one warning
}

const fillStep = 100_000

type largeStore struct {
	path string
	meta largeMeta
}

var large struct {
	store *largeStore
	err   error
	done  bool
}

// largeBenchStore returns the large store, building it when the cache has
// none; it skips the benchmark unless largeEnv is set, and when the shared
// article text is absent.
func largeBenchStore(b *testing.B) *largeStore {
	b.Helper()
	n, _ := strconv.Atoi(os.Getenv(largeEnv))
	if n <= 0 {
		b.Skipf("set %s=1000000 to run the large-history benchmarks (the store is built once and cached)", largeEnv)
	}
	if !large.done {
		large.done = true
		large.store, large.err = openLargeStore(b, n)
	}
	if large.err != nil {
		b.Fatal(large.err)
	}
	if large.store == nil {
		b.Skip("the shared article text (" + sharedDir + "/eval, " + sharedDir + "/article-extraction-benchmark) is absent")
	}
	return large.store
}

func openLargeStore(b *testing.B, n int) (*largeStore, error) {
	texts, err := largeCorpus()
	if err != nil || len(texts) == 0 {
		return nil, err
	}
	dir := os.Getenv("REDLINE_BENCH_CACHE")
	if dir == "" {
		if dir, err = os.UserCacheDir(); err != nil {
			dir = os.TempDir()
		}
		dir = filepath.Join(dir, "redline-bench")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s %d %d\n", largeGeneratorVersion, n, len(texts))
	names, err := storecore.MigrationNames(embeddedMigrations, migrationsDir)
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		body, err := fs.ReadFile(embeddedMigrations, migrationsDir+"/"+name)
		if err != nil {
			return nil, err
		}
		h.Write(body)
	}
	for _, t := range texts {
		h.Write([]byte(t))
	}
	path := filepath.Join(dir, fmt.Sprintf("history-%d-%s.db", n, hex.EncodeToString(h.Sum(nil))[:12]))
	ls := &largeStore{path: path}
	if raw, err := os.ReadFile(path + ".json"); err == nil {
		if err := json.Unmarshal(raw, &ls.meta); err == nil {
			if _, err := os.Stat(path); err == nil {
				b.Logf("reusing the store of %d warnings at %s", ls.meta.Warnings, path)
				return ls, nil
			}
		}
	}
	b.Logf("building a store of %d warnings at %s (once; later runs reuse it)", n, path)
	tmp := path + ".building"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(tmp + suffix)
	}
	meta, err := buildLargeStore(b, tmp, n, texts)
	if err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, err
	}
	raw, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(path+".json", raw, 0o644); err != nil {
		return nil, err
	}
	ls.meta = meta
	return ls, nil
}

// largeCorpus returns the real article texts of the shared folders, first
// line the headline; none when they are absent.
func largeCorpus() ([]string, error) {
	var texts []string
	for _, set := range []string{"dev", "dev-web", "dev-geo"} {
		files, _ := filepath.Glob(filepath.Join(sharedDir, "eval", set, "*.txt"))
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			texts = append(texts, string(raw))
		}
	}
	raw, err := os.ReadFile(filepath.Join(sharedDir, "article-extraction-benchmark", "ground-truth.json"))
	if err == nil {
		var truth map[string]struct {
			ArticleBody string `json:"articleBody"`
			Headline    string `json:"headline"`
		}
		if err := json.Unmarshal(raw, &truth); err != nil {
			return nil, err
		}
		ids := make([]string, 0, len(truth))
		for id := range truth {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			t := truth[id]
			if strings.TrimSpace(t.ArticleBody) != "" {
				texts = append(texts, t.Headline+"\n"+t.ArticleBody)
			}
		}
	}
	return texts, nil
}

// largeCountries are the countries and bodies of the generated history,
// the most frequent first.
var largeCountries = []string{
	"United States", "Russia", "China", "Ukraine", "Israel", "Iran", "North Korea", "South Korea",
	"Japan", "Germany", "France", "United Kingdom", "India", "Pakistan", "Turkey", "Saudi Arabia",
	"NATO", "European Union", "United Nations", "Taiwan", "Poland", "Syria", "Egypt", "Qatar",
	"Brazil", "Mexico", "Canada", "Australia", "Indonesia", "Philippines", "Vietnam", "Belarus",
	"Georgia", "Armenia", "Azerbaijan", "Serbia", "Hungary", "Italy", "Spain", "Greece",
	"Sweden", "Finland", "Norway", "Lithuania", "Estonia", "Latvia", "Moldova", "Venezuela",
	"Cuba", "Nigeria", "Ethiopia", "Sudan", "Kenya", "South Africa", "Afghanistan", "Iraq",
	"Lebanon", "Yemen", "Jordan", "Thailand",
}

var largeFirstNames = strings.Fields(`Anna Boris Chen Dmitri Elena Farid Gustav Hana Igor Jana Kofi Lena Marek Nadia Oleg Priya
	Quentin Rosa Sergei Tara Umar Vera Wen Xenia Yusuf Zofia Ahmed Bianca Carlos Dalia Emil Fatima Goran Helga Ivan
	Julia Karim Leila Mateo Nina Omar Pavel Rania Stefan Tomas Ulla Viktor Wanda Yara Zoran Amir Beatriz Cyril Dana
	Erik Freya Hassan Ingrid Jonas Katya Luis Mira Nikolai Olga Pedro Rashid Sofia Timur Uma Vasil Yosef Zainab`)

var largeLastNames = strings.Fields(`Abbas Berg Castell Dorn Eriksen Farkas Gallo Haddad Ivanova Jansen Kowalski Lindqvist
	Moreau Novak Okafor Petrov Quist Rahman Sokolov Tanaka Ueda Varga Weber Xu Yilmaz Zhou Almeida Brandt Costa Dimitrov
	Esposito Fischer Grunewald Horvat Ibrahim Jovanovic Kaur Lopez Mendes Nagy Ortiz Popescu Reyes Schmidt Takahashi
	Urban Vasquez Wojcik Yamamoto Zeller Andersen Bauer Cohen Duarte Engel Ferrari Garcia Hoffmann Ilic Jaeger Kim
	Larsen Marino Nilsson Olsen Park Rossi Sato Torres Ulrich Vogel Wagner Young Ziegler Aziz Banerjee Chowdhury
	Delgado Eklund Fontaine Gupta Holm Iqbal Jensen Karlsson Lund Mazur Nowak Ozturk Pereira Quinn Richter Silva`)

// zipfWeights returns cumulative weights ∝ 1/rank^s for n items.
func zipfWeights(n int, s float64) []float64 {
	cum := make([]float64, n)
	total := 0.0
	for i := range n {
		total += 1 / math.Pow(float64(i+1), s)
		cum[i] = total
	}
	for i := range cum {
		cum[i] /= total
	}
	return cum
}

func pick(rng *rand.Rand, cum []float64) int {
	i, _ := slices.BinarySearch(cum, rng.Float64())
	return min(i, len(cum)-1)
}

// sentences splits a text into sentences, roughly, for what and evidence.
func sentences(text string) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		start := 0
		for i := 0; i < len(para); i++ {
			c := para[i]
			if (c == '.' || c == '!' || c == '?') && (i+1 == len(para) || para[i+1] == ' ') {
				if s := strings.TrimSpace(para[start : i+1]); len(s) > 30 {
					out = append(out, s)
				}
				start = i + 1
			}
		}
		if s := strings.TrimSpace(para[start:]); len(s) > 30 {
			out = append(out, s)
		}
	}
	return out
}

func lowerWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) })
}

// largeGen makes the briefings of the large store, the same ones for the
// same seed and corpus.
type largeGen struct {
	rng         *rand.Rand
	corpus      []largeText
	people      []largePerson
	countryKeys []string
	countryCum  []float64
	personCum   []float64
	siteCum     []float64
	start       time.Time
	span        time.Duration
	articles    int    // articles expected over the span
	host        string // "news", or another prefix for articles saved after the build

	spoke      map[int]int    // person → warnings given
	inWarnings map[int]int    // person → warnings taken part in
	topCountry int            // warnings the most frequent country takes part in
	words      map[string]int // word → warnings whose evidence has it
}

type largeText struct {
	title, body string
	sentences   []string
}

type largePerson struct{ name, key, country, countryKey string }

func newLargeGen(texts []string, n int, seed uint64, host string) (*largeGen, error) {
	g := &largeGen{rng: rand.New(rand.NewPCG(seed, 1_000_000)), host: host,
		spoke: map[int]int{}, inWarnings: map[int]int{}, words: map[string]int{},
		start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), span: 2 * 365 * 24 * time.Hour, articles: n / 4}
	for _, t := range texts {
		title, body, _ := strings.Cut(t, "\n")
		if ss := sentences(body); len(ss) > 0 {
			g.corpus = append(g.corpus, largeText{title: strings.TrimSpace(title), body: strings.TrimSpace(body), sentences: ss})
		}
	}
	if len(g.corpus) == 0 {
		return nil, fmt.Errorf("no usable article text")
	}
	// Parties: countries by a Zipf law, people with an affiliation and a
	// popularity of their own.
	g.countryCum = zipfWeights(len(largeCountries), 0.9)
	for _, f := range largeFirstNames {
		for _, l := range largeLastNames {
			g.people = append(g.people, largePerson{name: f + " " + l})
		}
	}
	g.rng.Shuffle(len(g.people), func(i, j int) { g.people[i], g.people[j] = g.people[j], g.people[i] })
	g.countryKeys = make([]string, len(largeCountries))
	for i, c := range largeCountries {
		g.countryKeys[i] = actors.Key(c)
	}
	for i := range g.people {
		g.people[i].key = actors.Key(g.people[i].name)
		c := pick(g.rng, g.countryCum)
		g.people[i].country, g.people[i].countryKey = largeCountries[c], g.countryKeys[c]
	}
	g.personCum = zipfWeights(len(g.people), 1.0)
	g.siteCum = zipfWeights(30, 1.0)
	return g, nil
}

// briefing returns the i-th article, with at most most warnings.
func (g *largeGen) briefing(i, most int) *briefing.Briefing {
	rng, people := g.rng, g.people
	t := g.corpus[rng.IntN(len(g.corpus))]
	// Mostly in time order, as feeds bring them; some late (backfills).
	at := g.start.Add(time.Duration(float64(g.span) * float64(i) / float64(g.articles)))
	if rng.IntN(10) == 0 {
		at = at.Add(-time.Duration(rng.Int64N(int64(30 * 24 * time.Hour))))
	}
	site := pick(rng, g.siteCum)
	br := &briefing.Briefing{Article: briefing.Article{
		URL:      fmt.Sprintf("https://%s%d.example/%d/%02d/story-%d?utm_source=feed", g.host, site, at.Year(), at.Month(), i),
		Title:    t.title,
		Site:     fmt.Sprintf("News Site %d", site),
		Byline:   people[rng.IntN(len(people))].name,
		Language: "en",
		Fetched:  at.Add(time.Duration(rng.IntN(120)) * time.Minute),
		Text:     t.body,
	}}
	br.Article.CanonicalURL = strings.TrimSuffix(br.Article.URL, "?utm_source=feed")
	if rng.IntN(7) != 0 {
		br.Article.Published = at
	}
	nw := min(1+rng.IntN(7), most)
	for range nw {
		var w briefing.Warning
		w.Kind = briefing.KindWarning
		if rng.IntN(3) == 0 {
			w.Kind = briefing.KindThreat
		}
		parties := []int{}
		// Speaker: a person of a country three times in four, else a country.
		if rng.IntN(4) != 0 {
			p := pick(rng, g.personCum)
			parties = append(parties, p)
			g.spoke[p]++
			w.Speaker = briefing.Actor{Name: people[p].name, Key: people[p].key,
				Affiliation: people[p].country, AffiliationKey: people[p].countryKey}
		} else {
			c := pick(rng, g.countryCum)
			w.Speaker = briefing.Actor{Name: largeCountries[c], Key: g.countryKeys[c]}
		}
		// Addressee: a country mostly, a person sometimes, nobody now and then.
		switch r := rng.IntN(10); {
		case r < 7:
			c := pick(rng, g.countryCum)
			w.Addressee = briefing.Actor{Name: largeCountries[c], Key: g.countryKeys[c]}
		case r < 9:
			p := pick(rng, g.personCum)
			parties = append(parties, p)
			w.Addressee = briefing.Actor{Name: people[p].name, Key: people[p].key,
				Affiliation: people[p].country, AffiliationKey: people[p].countryKey}
		}
		for _, p := range parties {
			g.inWarnings[p]++
		}
		if slices.Contains([]string{w.Speaker.Key, w.Speaker.AffiliationKey, w.Addressee.Key, w.Addressee.AffiliationKey}, g.countryKeys[0]) {
			g.topCountry++
		}
		first := rng.IntN(len(t.sentences))
		w.Evidence = []string{t.sentences[first]}
		if first+1 < len(t.sentences) && rng.IntN(2) == 0 {
			w.Evidence = append(w.Evidence, t.sentences[first+1])
		}
		what := strings.Fields(t.sentences[first])
		w.What = strings.Join(what[:min(len(what), 10)], " ")
		if rng.IntN(3) == 0 {
			w.Quote = strings.Join(what[min(len(what), 3):min(len(what), 12)], " ")
		}
		seen := map[string]bool{}
		for _, ev := range w.Evidence {
			for _, word := range lowerWords(ev) {
				if !seen[word] {
					seen[word] = true
					g.words[word]++
				}
			}
		}
		br.Warnings = append(br.Warnings, w)
	}
	return br
}

// buildLargeStore fills a new store at path with about n warnings, saving
// one briefing at a time as redline does, and measures the fill rate.
func buildLargeStore(b *testing.B, path string, n int, texts []string) (largeMeta, error) {
	ctx := context.Background()
	var meta largeMeta
	meta.Corpus = len(texts)
	g, err := newLargeGen(texts, n, 15, "news")
	if err != nil {
		return meta, err
	}
	s, err := Open(ctx, path)
	if err != nil {
		return meta, err
	}
	defer func() {
		if s != nil {
			s.Close()
		}
	}()
	began := time.Now()
	stepStart, stepWarnings := began, 0
	total := 0
	for i := 0; total < n; i++ {
		br := g.briefing(i, n-total)
		if err := s.SaveBriefing(ctx, br); err != nil {
			return meta, err
		}
		nw := len(br.Warnings)
		total += nw
		meta.Articles++
		stepWarnings += nw
		if stepWarnings >= fillStep {
			rate := float64(stepWarnings) / time.Since(stepStart).Seconds()
			meta.FillRates = append(meta.FillRates, math.Round(rate))
			b.Logf("filled %d warnings: %.0f warnings/s over the last %d", total, rate, stepWarnings)
			stepStart, stepWarnings = time.Now(), 0
		}
	}
	meta.FillSeconds = time.Since(began).Seconds()
	meta.Warnings = total
	meta.TopCountryShare = float64(g.topCountry) / float64(total)
	meta.TableBytes = tableBytes(ctx, s)
	if err := s.Close(); err != nil {
		s = nil
		return meta, err
	}
	s = nil
	st, err := os.Stat(path)
	if err != nil {
		return meta, err
	}
	meta.Bytes = st.Size()

	// The words to search: by how many warnings have them.
	type wc struct {
		w string
		n int
	}
	var ranked []wc
	for w, c := range g.words {
		if len(w) >= 4 {
			ranked = append(ranked, wc{w, c})
		}
	}
	sort.Slice(ranked, func(i, j int) bool {
		return ranked[i].n > ranked[j].n || ranked[i].n == ranked[j].n && ranked[i].w < ranked[j].w
	})
	for _, r := range ranked {
		share := float64(r.n) / float64(total)
		switch {
		case share > 0.05 && len(meta.CommonWords) < 8:
			meta.CommonWords = append(meta.CommonWords, r.w)
		case share > 0.003 && share < 0.01 && len(meta.MidWords) < 8:
			meta.MidWords = append(meta.MidWords, r.w)
		case r.n >= 20 && r.n <= 200 && len(meta.RareWords) < 8:
			meta.RareWords = append(meta.RareWords, r.w)
		}
	}
	meta.PopularSpeaker = largeCountries[0]
	for p := range g.people {
		if c := g.spoke[p]; c >= 5 && c <= 30 && len(meta.RareSpeakers) < 8 {
			meta.RareSpeakers = append(meta.RareSpeakers, g.people[p].name)
		}
		if g.inWarnings[p] == 1 && len(meta.LeastActors) < 8 {
			meta.LeastActors = append(meta.LeastActors, g.people[p].name)
		}
	}
	return meta, nil
}

// tableBytes returns the bytes each table and index takes, when SQLite's
// dbstat table is there to say.
func tableBytes(ctx context.Context, s *Store) map[string]int64 {
	rows, err := s.reader.QueryContext(ctx, `SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC`)
	if err != nil {
		return nil
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var name string
		var n int64
		if rows.Scan(&name, &n) == nil {
			out[name] = n
		}
	}
	return out
}

// reportPercentiles reports the p50, p95 and p99 of the durations, in ms,
// with unit names that start with prefix.
func reportPercentiles(b *testing.B, prefix string, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	at := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(d)))) - 1
		return float64(d[max(i, 0)].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), prefix+"p50-ms")
	b.ReportMetric(at(0.95), prefix+"p95-ms")
	b.ReportMetric(at(0.99), prefix+"p99-ms")
}

// BenchmarkLargeFill reports how the large store was filled: warnings per
// second for each 100,000, and bytes per warning.
func BenchmarkLargeFill(b *testing.B) {
	ls := largeBenchStore(b)
	for b.Loop() {
	}
	m := ls.meta
	for i, r := range m.FillRates {
		b.Logf("fill %4dk–%4dk: %6.0f warnings/s", i*fillStep/1000, (i+1)*fillStep/1000, r)
	}
	if len(m.FillRates) > 0 {
		b.ReportMetric(m.FillRates[0], "first-100k-warnings/s")
		b.ReportMetric(m.FillRates[len(m.FillRates)-1], "last-100k-warnings/s")
	}
	b.ReportMetric(float64(m.Warnings)/m.FillSeconds, "warnings/s")
	b.ReportMetric(float64(m.Bytes)/float64(m.Warnings), "bytes/warning")
	b.ReportMetric(m.TopCountryShare*100, "top-country-%")
	names := make([]string, 0, len(m.TableBytes))
	for name := range m.TableBytes {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return m.TableBytes[names[i]] > m.TableBytes[names[j]] })
	for _, name := range names {
		b.Logf("%-40s %7.0f bytes/warning", name, float64(m.TableBytes[name])/float64(m.Warnings))
	}
}

// BenchmarkLargeHistory measures each query shape of issue 15 on the large
// store, cycling through several words or actors of the shape, and reports
// the p50, p95 and p99 of one call: its wall time, and the CPU time of the
// thread that ran it (which waiting for a core on a busy machine does not
// inflate).
func BenchmarkLargeHistory(b *testing.B) {
	ls := largeBenchStore(b)
	ctx := context.Background()
	s := openStore(b, ls.path)
	m := ls.meta
	type shape struct {
		name    string
		queries []briefing.HistoryQuery
		who     []string
	}
	var shapes []shape
	add := func(name string, qs ...briefing.HistoryQuery) {
		shapes = append(shapes, shape{name: name, queries: qs})
	}
	var rare, common, wordSpeaker, commonRare []briefing.HistoryQuery
	for _, w := range m.RareWords {
		rare = append(rare, briefing.HistoryQuery{Text: w})
	}
	for _, w := range m.CommonWords {
		common = append(common, briefing.HistoryQuery{Text: w})
	}
	for _, w := range append(append([]string(nil), m.MidWords...), m.CommonWords...) {
		wordSpeaker = append(wordSpeaker, briefing.HistoryQuery{Text: w, Speaker: m.PopularSpeaker})
	}
	for i, sp := range m.RareSpeakers {
		commonRare = append(commonRare, briefing.HistoryQuery{Text: m.CommonWords[i%len(m.CommonWords)], Speaker: sp})
	}
	add("rare_word", rare...)
	add("common_word", common...)
	add("word_popular_speaker", wordSpeaker...)
	add("common_word_rare_speaker", commonRare...)
	add("newest_page", briefing.HistoryQuery{})
	add("popular_speaker", briefing.HistoryQuery{Speaker: m.PopularSpeaker})
	add("popular_speaker_to_country", briefing.HistoryQuery{Speaker: largeCountries[1], Addressee: largeCountries[3]})
	shapes = append(shapes, shape{name: "who_most_frequent", who: []string{m.PopularSpeaker}})
	// The actors in the fewest warnings, from the store (in a large store
	// nobody may be in only one).
	var least []string
	rows, err := s.reader.QueryContext(ctx, `SELECT name FROM actors WHERE warnings > 0 ORDER BY warnings, key LIMIT 8`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			b.Fatal(err)
		}
		least = append(least, name)
	}
	rows.Close()
	shapes = append(shapes, shape{name: "who_least_frequent", who: least})
	for _, sh := range shapes {
		b.Run(sh.name, func(b *testing.B) {
			if len(sh.queries) == 0 && len(sh.who) == 0 {
				b.Skip("the store has no such query")
			}
			checkLargeAnswers(b, s, sh.queries, sh.who)
			var d, cpu []time.Duration
			i, results := 0, 0
			for b.Loop() {
				c := threadCPU()
				t := time.Now()
				if sh.who != nil {
					p, err := s.Profile(ctx, sh.who[i%len(sh.who)], DefaultProfileLatest)
					if err != nil {
						b.Fatal(err)
					}
					results += len(p.Latest)
				} else {
					page, err := s.History(ctx, sh.queries[i%len(sh.queries)])
					if err != nil {
						b.Fatal(err)
					}
					results += len(page.Warnings)
				}
				d = append(d, time.Since(t))
				if c > 0 {
					cpu = append(cpu, threadCPU()-c)
				}
				i++
			}
			reportPercentiles(b, "", d)
			reportPercentiles(b, "cpu-", cpu)
			b.ReportMetric(float64(results)/float64(i), "results/op")
		})
	}
}

// BenchmarkLargeSave saves more briefings into a copy of the large store:
// the fill rate at its size, measured in seconds rather than by building
// it again. Each op is one briefing of one to seven warnings.
func BenchmarkLargeSave(b *testing.B) {
	ls := largeBenchStore(b)
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "history.db")
	if err := copyFile(ls.path, path); err != nil {
		b.Fatal(err)
	}
	texts, err := largeCorpus()
	if err != nil {
		b.Fatal(err)
	}
	g, err := newLargeGen(texts, ls.meta.Warnings, 16, "late")
	if err != nil {
		b.Fatal(err)
	}
	s := openStore(b, path)
	// For experiments: other settings of the writer, as "name=value;…".
	for _, p := range strings.Split(os.Getenv("REDLINE_BENCH_WRITER_PRAGMAS"), ";") {
		if p = strings.TrimSpace(p); p != "" {
			if _, err := s.writer.ExecContext(ctx, strings.TrimPrefix("PRAGMA "+p, "PRAGMA SQL ")); err != nil {
				b.Fatal(err)
			}
		}
	}
	i, warnings := ls.meta.Articles, 0
	io0 := procIO()
	start := time.Now()
	for b.Loop() {
		br := g.briefing(i, 7)
		if err := s.SaveBriefing(ctx, br); err != nil {
			b.Fatal(err)
		}
		warnings += len(br.Warnings)
		i++
	}
	b.ReportMetric(float64(warnings)/time.Since(start).Seconds(), "warnings/s")
	// What the machine's load does not change: the file work of a save.
	if io1 := procIO(); io0 != nil && io1 != nil {
		n := float64(i - ls.meta.Articles)
		b.ReportMetric(float64(io1["syscr"]+io1["syscw"]-io0["syscr"]-io0["syscw"])/n, "io-calls/op")
		b.ReportMetric(float64(io1["wchar"]-io0["wchar"])/n/1024, "KiB-written/op")
	}
}

// procIO returns the process's I/O counters (Linux), or nil.
func procIO() map[string]int64 {
	raw, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return nil
	}
	out := map[string]int64{}
	for _, line := range strings.Split(string(raw), "\n") {
		if k, v, ok := strings.Cut(line, ": "); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			out[k] = n
		}
	}
	return out
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	// Written through to the disk before the timing starts: the first
	// checkpoint's fsync would otherwise wait for the whole copy.
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// checkLargeAnswers makes sure, before a shape is timed, that its queries'
// first page and its profiles are what the straightforward queries
// (plan_test.go) answer on the large store.
func checkLargeAnswers(b *testing.B, s *Store, queries []briefing.HistoryQuery, who []string) {
	b.Helper()
	ctx := context.Background()
	for _, q := range queries {
		page, err := s.History(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		want := naiveHistory(b, s, q)
		got := warningIDs(page.Warnings)
		if !slices.Equal(got, want[:min(len(want), len(got))]) || len(got) < min(len(want), DefaultHistoryLimit) {
			b.Fatalf("History(%+v) = %v, the straightforward query %v", q, got, want[:min(len(want), DefaultHistoryLimit)])
		}
	}
	for _, name := range who {
		p, err := s.Profile(ctx, name, DefaultProfileLatest)
		if err != nil {
			b.Fatal(err)
		}
		by, to, cps, ids := naiveProfile(b, s, p.Actor.Key, DefaultProfileLatest)
		if got, want := []any{p.WarningsBy, p.WarningsTo, p.Counterparts, warningIDs(p.Latest)}, []any{by, to, cps, ids}; !reflect.DeepEqual(got, want) {
			b.Fatalf("Profile(%s) = %+v, the straightforward queries %+v", name, got, want)
		}
	}
}
