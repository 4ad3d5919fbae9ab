package language

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"redline/briefing/language/internal/conllu"
)

var loadedAtInit bool

func TestMain(m *testing.M) {
	// Nothing may decode the model before Default is first called.
	loadedAtInit = defaultModel != nil
	os.Exit(m.Run())
}

func TestModelNotLoadedAtInit(t *testing.T) {
	if loadedAtInit {
		t.Fatal("the model was decoded during package initialisation")
	}
}

// find returns the index of the first token with text w, failing the test
// if there is none.
func find(t *testing.T, toks []Token, w string) int {
	t.Helper()
	for i, tk := range toks {
		if tk.Text == w {
			return i
		}
	}
	t.Fatalf("no token %q in %q", w, texts(toks))
	return -1
}

// dependents lists the texts of i's dependents with relation rel.
func dependents(toks []Token, i int, rel string) []string {
	var out []string
	for _, tk := range toks {
		if tk.Head == i && tk.Rel == rel {
			out = append(out, tk.Text)
		}
	}
	return out
}

func dump(toks []Token) string {
	var b strings.Builder
	for i, tk := range toks {
		h := "ROOT"
		if tk.Head >= 0 {
			h = toks[tk.Head].Text
		}
		fmt.Fprintf(&b, "\n  %2d %-12s %-5s %-4s %-10s %-10s <- %s", i, tk.Text, tk.Tag, tk.XTag, tk.Lemma, tk.Rel, h)
	}
	return b.String()
}

type arc struct{ head, rel, dep string }

func TestNewsSentences(t *testing.T) {
	m := Default()
	cases := []struct {
		s    string
		tags map[string]string // word → UPOS
		xtag map[string]string // word → Penn tag
		lem  map[string]string // word → lemma
		arcs []arc
	}{
		{
			s:    "The United States warned China on Friday that an attack would invoke its treaty.",
			tags: map[string]string{"warned": "VERB", "China": "PROPN", "would": "AUX", "invoke": "VERB", "States": "PROPN"},
			lem:  map[string]string{"warned": "warn", "would": "would", "invoke": "invoke"},
			arcs: []arc{{"warned", "nsubj", "States"}, {"warned", "obj", "China"}, {"warned", "ccomp", "invoke"},
				{"invoke", "nsubj", "attack"}, {"invoke", "obj", "treaty"}, {"warned", "obl", "Friday"}, {"ROOT", "root", "warned"}},
		},
		{
			s:    "Russia’s foreign minister warned that the West was playing with fire.",
			tags: map[string]string{"Russia": "PROPN", "’s": "PART", "minister": "NOUN", "was": "AUX"},
			lem:  map[string]string{"was": "be", "playing": "play", "minister": "minister"},
			arcs: []arc{{"warned", "nsubj", "minister"}, {"minister", "nmod:poss", "Russia"}, {"warned", "ccomp", "playing"},
				{"playing", "nsubj", "West"}, {"playing", "aux", "was"}},
		},
		{
			// "warned" is as often a participle as a past tense in the
			// treebank; here it can only be the main verb.
			s:    "Officials warned residents that the river could burst its banks.",
			xtag: map[string]string{"warned": "VBD", "that": "IN", "could": "MD"},
			arcs: []arc{{"ROOT", "root", "warned"}, {"warned", "nsubj", "Officials"}, {"warned", "obj|iobj", "residents"},
				{"warned", "ccomp", "burst"}, {"burst", "mark", "that"}, {"burst", "nsubj", "river"}},
		},
		{
			s:    "Officials were warned by the ministry about the storm.",
			tags: map[string]string{"were": "AUX", "warned": "VERB"},
			lem:  map[string]string{"were": "be", "officials": "", "Officials": "official"},
			arcs: []arc{{"warned", "nsubj:pass", "Officials"}, {"warned", "aux:pass", "were"}, {"warned", "obl:agent", "ministry"}},
		},
		{
			s:    "He told reporters that the sanctions would hurt ordinary people.",
			tags: map[string]string{"told": "VERB", "He": "PRON", "reporters": "NOUN", "that": "SCONJ"},
			lem:  map[string]string{"told": "tell", "people": "people", "reporters": "reporter"},
			arcs: []arc{{"told", "nsubj", "He"}, {"told", "iobj", "reporters"}, {"told", "ccomp", "hurt"}, {"hurt", "mark", "that"},
				{"hurt", "nsubj", "sanctions"}, {"hurt", "obj", "people"}},
		},
		{
			// EWT makes the person urged an obj; the parser sometimes says
			// iobj, which the extractor treats alike.
			s:    "Beijing urged Washington to stop arming Taiwan.",
			tags: map[string]string{"Beijing": "PROPN", "urged": "VERB"},
			arcs: []arc{{"urged", "nsubj", "Beijing"}, {"urged", "obj|iobj", "Washington"}, {"urged", "xcomp", "stop"}, {"arming", "obj", "Taiwan"}},
		},
		{
			s:    "Mr. Smith, the defence secretary, didn't rule out strikes.",
			tags: map[string]string{"did": "AUX", "n't": "PART"},
			lem:  map[string]string{"did": "do", "n't": "not"},
			arcs: []arc{{"rule", "nsubj", "Smith"}, {"Smith", "appos", "secretary"}, {"rule", "advmod", "n't"}, {"rule", "obj", "strikes"}},
		},
	}
	for _, c := range cases {
		toks := m.Analyse(c.s)
		for w, tag := range c.tags {
			if got := toks[find(t, toks, w)].Tag; got != tag {
				t.Errorf("%q: tag of %q = %s, want %s%s", c.s, w, got, tag, dump(toks))
			}
		}
		for w, tag := range c.xtag {
			if got := toks[find(t, toks, w)].XTag; got != tag {
				t.Errorf("%q: Penn tag of %q = %s, want %s%s", c.s, w, got, tag, dump(toks))
			}
		}
		for w, lem := range c.lem {
			if lem == "" {
				continue
			}
			if got := toks[find(t, toks, w)].Lemma; got != lem {
				t.Errorf("%q: lemma of %q = %q, want %q", c.s, w, got, lem)
			}
		}
		for _, a := range c.arcs {
			d := find(t, toks, a.dep)
			h := -1
			if a.head != "ROOT" {
				h = find(t, toks, a.head)
			}
			if toks[d].Head != h || !slices.Contains(strings.Split(a.rel, "|"), toks[d].Rel) {
				t.Errorf("%q: want %s -%s-> %s%s", c.s, a.head, a.rel, a.dep, dump(toks))
			}
		}
		checkTree(t, toks)
	}
}

// checkTree asserts that the heads form one tree: one root, every head in
// range, no cycles, and every relation named.
func checkTree(t *testing.T, toks []Token) {
	t.Helper()
	roots := 0
	for i, tk := range toks {
		if tk.Head == -1 {
			roots++
			if tk.Rel != "root" {
				t.Fatalf("root %d labelled %q", i, tk.Rel)
			}
			continue
		}
		if tk.Head < 0 || tk.Head >= len(toks) || tk.Head == i {
			t.Fatalf("token %d has head %d", i, tk.Head)
		}
		if tk.Rel == "" || tk.Rel == "root" {
			t.Fatalf("token %d labelled %q", i, tk.Rel)
		}
		// Walk up: must reach the root within len(toks) steps.
		h, steps := i, 0
		for h != -1 {
			h = toks[h].Head
			if steps++; steps > len(toks) {
				t.Fatalf("cycle through token %d", i)
			}
		}
	}
	if len(toks) > 0 && roots != 1 {
		t.Fatalf("%d roots", roots)
	}
}

func TestEmptyAndOdd(t *testing.T) {
	m := Default()
	for _, s := range []string{"", " ", ".", "\xff", "a", "— —", strings.Repeat("very ", 300) + "long."} {
		toks := m.Analyse(s)
		checkTree(t, toks)
	}
	m.Tag(nil)
	m.Parse(nil)
	// Parse without Tag tags first.
	toks := Tokenize("China warned Japan.")
	m.Parse(toks)
	if toks[0].XTag == "" || toks[1].Head != -1 {
		t.Errorf("Parse without Tag: %s", dump(toks))
	}
}

func TestDeterministicAndConcurrent(t *testing.T) {
	m := Default()
	sents := []string{
		"The United States warned China on Friday that an attack would invoke its treaty.",
		"“Don’t test us,” the spokesman said — repeating a threat made in 2019.",
		"Iran's president said on Tuesday that Tehran would respond to any aggression.",
	}
	want := make([][]Token, len(sents))
	for i, s := range sents {
		want[i] = m.Analyse(s)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < 20; r++ {
				for i, s := range sents {
					if got := m.Analyse(s); !reflect.DeepEqual(got, want[i]) {
						errs <- fmt.Sprintf("%q analysed differently:%s\nvs%s", s, dump(got), dump(want[i]))
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func FuzzAnalyse(f *testing.F) {
	for _, s := range []string{
		"The United States warned China on Friday that an attack would invoke its treaty.",
		"“Don’t,” he said—twice…", "U.S.-led", "\xff\xfe", "", "a - b -- c", "Mr. O'Neil's e-mail: bob@x.com",
	} {
		f.Add(s)
	}
	m := Default()
	f.Fuzz(func(t *testing.T, s string) {
		toks := m.Analyse(s)
		checkOffsets(t, s, toks)
		checkTree(t, toks)
		for _, tk := range toks {
			if tk.Tag == "" || tk.XTag == "" {
				t.Fatalf("untagged token %q", tk.Text)
			}
		}
	})
}

// treebank is where the training data lives in the repository's
// workspace; a user's clone has no ../shared and skips the accuracy test.
var treebank = filepath.Join("..", "..", "..", "shared", "treebank")

// Measured on the committed model (see README.md); the test allows a small
// margin so it fails on a real regression, not on noise.
const (
	minUPOS  = 0.948 // measured 95.13%
	minXPOS  = 0.943 // 94.61%
	minLemma = 0.981 // 98.41%
	minUAS   = 0.843 // 84.72%
	minLAS   = 0.804 // 80.78%
)

func TestTreebankAccuracy(t *testing.T) {
	path := filepath.Join(treebank, "en_ewt-ud-test.conllu.gz")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("UD English EWT test split not found at %s (only in the project workspace): %v", path, err)
	}
	sents, err := conllu.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := Default()
	var n, upos, xpos, lemma, uas, las int
	for _, s := range sents {
		toks := make([]Token, len(s.Words))
		for i, w := range s.Words {
			toks[i] = Token{Text: w.Form, Head: -1}
		}
		m.Tag(toks)
		m.Parse(toks)
		for i, w := range s.Words {
			n++
			tk := toks[i]
			if tk.Tag == w.UPOS {
				upos++
			}
			if tk.XTag == w.XPOS {
				xpos++
			}
			if tk.Lemma == strings.ToLower(w.Lemma) {
				lemma++
			}
			if tk.Head == w.Head {
				uas++
				if tk.Rel == w.Rel || !strings.Contains(tk.Rel, ":") && strings.HasPrefix(w.Rel, tk.Rel+":") && rareSubtype(w.Rel) {
					las++
				}
			}
		}
	}
	check := func(name string, got int, min float64) {
		acc := float64(got) / float64(n)
		t.Logf("%s %.2f%%", name, 100*acc)
		if acc < min {
			t.Errorf("%s accuracy %.2f%% below %.2f%%", name, 100*acc, 100*min)
		}
	}
	check("UPOS", upos, minUPOS)
	check("XPOS", xpos, minXPOS)
	check("lemma", lemma, minLemma)
	check("UAS", uas, minUAS)
	check("LAS", las, minLAS)
}

// rareSubtype tells whether the parser folds a gold relation into its base
// (it was too rare in training to learn).
func rareSubtype(rel string) bool {
	for _, l := range Default().m.Parser.Labels {
		if l == rel {
			return false
		}
	}
	return true
}

func TestLoadTimeAndMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("measures a fresh decode")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	m, err := Load(strings.NewReader(string(modelData)))
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("model: %d bytes embedded, decoded in %v, %.1f MB live heap", len(modelData), took.Round(time.Millisecond), float64(after.HeapAlloc-before.HeapAlloc)/1e6)
	runtime.KeepAlive(m)
}

func TestLoadRejectsGarbage(t *testing.T) {
	for _, s := range []string{"", "not gzip", string(modelData[:len(modelData)/2])} {
		if _, err := Load(strings.NewReader(s)); err == nil {
			t.Errorf("Load accepted %d bytes of garbage", len(s))
		}
	}
}

var benchSentences = []string{
	"The United States warned China on Friday that an attack on Philippine vessels in the South China Sea would invoke its 1951 mutual defence treaty.",
	"“We will not hesitate to respond,” the foreign ministry spokesman told reporters in Beijing, adding that Washington was playing with fire.",
	"Russia’s defence minister said the deployment of long-range missiles in Germany posed a direct threat to Moscow.",
	"Iran's supreme leader warned Israel and the U.S. of a \"crushing response\" if they attacked the country's nuclear facilities.",
}

func benchTokens() ([][]Token, int) {
	var all [][]Token
	n := 0
	for _, s := range benchSentences {
		toks := Tokenize(s)
		all = append(all, toks)
		n += len(toks)
	}
	return all, n
}

// cpuTime is the process's user and system CPU time: on a shared machine
// the wall clock counts other programs' turns, the CPU time does not, so
// the benchmarks report both (run with -cpu 1).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU time per token (cpu-ns/token) since start.
func reportCPU(b *testing.B, start time.Duration, tokens int) {
	b.ReportMetric(float64(cpuTime()-start)/float64(tokens*b.N), "cpu-ns/token")
}

func BenchmarkTag(b *testing.B) {
	m := Default()
	all, n := benchTokens()
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		for _, toks := range all {
			m.Tag(toks)
		}
	}
	reportCPU(b, start, n)
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkParse(b *testing.B) {
	m := Default()
	all, n := benchTokens()
	for _, toks := range all {
		m.Tag(toks)
	}
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		for _, toks := range all {
			m.Parse(toks)
		}
	}
	reportCPU(b, start, n)
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkAnalyse(b *testing.B) {
	m := Default()
	_, n := benchTokens()
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		for _, s := range benchSentences {
			m.Analyse(s)
		}
	}
	reportCPU(b, start, n)
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
	b.ReportMetric(float64(len(benchSentences)*b.N)/b.Elapsed().Seconds(), "sentences/s")
}

// BenchmarkAnalyseTreebank analyses the raw text of the first 500 test
// sentences of the treebank (skipped where it is absent): unlike the four
// sentences above, which stay in the processor's caches, many different
// words reach far more of the weight tables, as a stream of articles does.
func BenchmarkAnalyseTreebank(b *testing.B) {
	path := filepath.Join(treebank, "en_ewt-ud-test.conllu.gz")
	sents, err := conllu.ReadFile(path)
	if err != nil {
		b.Skipf("treebank not found: %v", err)
	}
	var texts []string
	n := 0
	for _, s := range sents[:min(500, len(sents))] {
		if s.Text != "" {
			texts = append(texts, s.Text)
			n += len(Tokenize(s.Text))
		}
	}
	m := Default()
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		for _, s := range texts {
			m.Analyse(s)
		}
	}
	reportCPU(b, start, n)
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
