package article

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// The Zyte article-extraction benchmark (181 news pages with hand-made
// ground truth) lives in the shared folder beside the repository; it is
// absent from a user's clone, where these tests skip.
const benchmarkDir = "../../../shared/article-extraction-benchmark"

type benchmarkPage struct {
	ID   string
	Path string
	Body string // the ground-truth article body
}

func benchmarkPages(tb testing.TB) []benchmarkPage {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(benchmarkDir, "ground-truth.json"))
	if os.IsNotExist(err) {
		tb.Skip("article-extraction benchmark not found at " + benchmarkDir)
	}
	if err != nil {
		tb.Fatal(err)
	}
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		tb.Fatal(err)
	}
	pages := make([]benchmarkPage, 0, len(truth))
	for id, t := range truth {
		pages = append(pages, benchmarkPage{ID: id, Path: filepath.Join(benchmarkDir, "html", id+".html.gz"), Body: t.ArticleBody})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].ID < pages[j].ID })
	return pages
}

// The benchmark's metric, ported from its score.py: tokens are \w+ runs,
// each text a multiset of 4-token shingles; per page, true/false positive
// and false negative counts are normalised to sum to 1; precision is
// averaged over pages with TP+FP > 0, recall over pages with TP+FN > 0, and
// F1 is computed from the two averages.

// scoreTokens splits like Python's \w+ with re.UNICODE: letters, digits
// and the underscore.
func scoreTokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_')
	})
}

func shingles(s string) map[string]int {
	const n = 4
	toks := scoreTokens(s)
	out := map[string]int{}
	if len(toks) == 0 {
		return out
	}
	if len(toks) < n {
		out[strings.Join(toks, "\x00")]++
		return out
	}
	for i := 0; i+n <= len(toks); i++ {
		out[strings.Join(toks[i:i+n], "\x00")]++
	}
	return out
}

type pageScore struct{ tp, fp, fn float64 }

func scorePage(truth, pred string) pageScore {
	t, p := shingles(truth), shingles(pred)
	var tp, fp, fn int
	for k, tc := range t {
		tp += min(tc, p[k])
		fn += max(0, tc-p[k])
	}
	for k, pc := range p {
		fp += max(0, pc-t[k])
	}
	sum := float64(tp + fp + fn)
	if sum == 0 {
		return pageScore{}
	}
	return pageScore{float64(tp) / sum, float64(fp) / sum, float64(fn) / sum}
}

func (s pageScore) precision() float64 {
	if s.fp == 0 && s.fn == 0 {
		return 1
	}
	if s.tp == 0 && s.fp == 0 {
		return 0
	}
	return s.tp / (s.tp + s.fp)
}

func (s pageScore) recall() float64 {
	if s.fp == 0 && s.fn == 0 {
		return 1
	}
	if s.tp == 0 && s.fn == 0 {
		return 0
	}
	return s.tp / (s.tp + s.fn)
}

// benchmarkScore returns F1, precision and recall over all pages.
func benchmarkScore(scores []pageScore) (f1, precision, recall float64) {
	var ps, rs []float64
	for _, s := range scores {
		if s.tp+s.fp > 0 {
			ps = append(ps, s.precision())
		}
		if s.tp+s.fn > 0 {
			rs = append(rs, s.recall())
		}
	}
	mean := func(xs []float64) float64 {
		if len(xs) == 0 {
			return 0
		}
		sum := 0.0
		for _, x := range xs {
			sum += x
		}
		return sum / float64(len(xs))
	}
	precision, recall = mean(ps), mean(rs)
	if precision+recall == 0 {
		return 0, precision, recall
	}
	return 2 * precision * recall / (precision + recall), precision, recall
}

func TestScoreMatchesPublishedMetric(t *testing.T) {
	// Hand-checked against score.py's page_counts.
	s := scorePage("one two three four five", "one two three four six")
	// truth shingles {1234, 2345}, prediction {1234, 2346}: tp 1, fp 1, fn 1.
	if s.tp != 1.0/3 || s.fp != 1.0/3 || s.fn != 1.0/3 {
		t.Errorf("got %+v", s)
	}
	if s := scorePage("short text", "short text"); s.precision() != 1 || s.recall() != 1 {
		t.Errorf("short identical texts: %+v", s)
	}
	if s := scorePage("a b c d", ""); s.recall() != 0 || s.tp+s.fp != 0 {
		t.Errorf("empty prediction: %+v", s)
	}
	f1, p, r := benchmarkScore([]pageScore{scorePage("a b c d e", "a b c d e"), scorePage("a b c d e", "")})
	if p != 1 || r != 0.5 || f1 != 2*0.5/1.5 {
		t.Errorf("f1 %v p %v r %v", f1, p, r)
	}
}

// TestBenchmarkF1 reads every benchmark page the way `redline read` does
// and fails below F1 0.974 (it scores 0.976). Under the race detector (as
// CI runs the tests) all 181 pages would take minutes, so every 4th page
// is scored instead, against 0.964: each such quarter of the pages scores
// within 0.01 of the whole.
func TestBenchmarkF1(t *testing.T) {
	pages := benchmarkPages(t)
	if raceEnabled {
		var sample []benchmarkPage
		for i := 0; i < len(pages); i += 4 {
			sample = append(sample, pages[i])
		}
		pages = sample
	}
	scores := make([]pageScore, len(pages))
	refused := 0
	for i, pg := range pages {
		a, err := ReadFile(pg.Path)
		if err != nil {
			refused++
			t.Logf("%s: %v", pg.ID, err)
		}
		scores[i] = scorePage(pg.Body, a.Text)
	}
	f1, p, r := benchmarkScore(scores)
	t.Logf("pages %d refused %d  f1 %.4f precision %.4f recall %.4f", len(pages), refused, f1, p, r)
	gate := 0.974
	if raceEnabled {
		gate -= 0.01
	}
	if f1 < gate {
		t.Errorf("F1 %.4f is below %.3f", f1, gate)
	}
}

// BenchmarkExtract reports pages/s over the benchmark pages, charset
// decoding, parsing and extraction included (decompression not). Run it
// on one core (-cpu 1). On a machine shared with other work, wall time
// varies with the load; pages/cpu-s, pages per second of this process's
// CPU time (garbage collection included), varies much less.
func BenchmarkExtract(b *testing.B) {
	pages := benchmarkPages(b)
	data := make([][]byte, len(pages))
	for i, pg := range pages {
		d, err := readFileData(pg.Path)
		if err != nil {
			b.Fatal(err)
		}
		data[i] = d
	}
	b.ResetTimer()
	n := 0
	cpu := cpuSeconds()
	for b.Loop() {
		FromHTML(data[n%len(data)], "https://example.com/news/"+pages[n%len(pages)].ID)
		n++
	}
	cpu = cpuSeconds() - cpu
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
	if cpu > 0 {
		b.ReportMetric(float64(n)/cpu, "pages/cpu-s")
	}
}
