package warnings

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"redline/briefing/article"
	"redline/briefing/evaluation"
	"redline/briefing/language"
	"redline/briefing/warnings/internal/learn"
)

// The fitted weights of data/model.json come from here:
//
//	go test ./briefing/warnings -run TestFit -fit            # all folds
//	go test ./briefing/warnings -run TestFit -fit -folds 0,1,2
//
// and cross-validation (fit on four folds, score the fifth) with
//
//	go test ./briefing/warnings -run TestCrossValidation -cv -v
//
// Both need ../shared/eval (the gold sets) and skip without it.
var (
	fitFlag     = flag.Bool("fit", false, "fit the decision weights and write data/model.json")
	foldsFlag   = flag.String("folds", "", "comma-separated folds to fit on (default: all)")
	cvFlag      = flag.Bool("cv", false, "cross-validate over the folds of testdata/folds.tsv")
	scoreFlag   = flag.String("score", "", "with -folds, score these comma-separated folds with weights fitted on -folds")
	threshFlag  = flag.Float64("threshold", 0, "with -score, report with this threshold instead of the fitted one")
	l2Flag      = flag.Float64("l2", 0, "the L2 penalty of the rankings instead of the default")
	itemL2Flag  = flag.Float64("item-l2", 0, "the L2 penalty of the binary decisions instead of the default")
	resplitFlag = flag.Int("resplit", 0, "with -cv, also cross-validate over this many other fold assignments and report the mean (a change's effect against the noise of one split)")
	noAddrFlag  = flag.Bool("ignore-addressee", false, "with -score, score as if every addressee were right (what the rest of the extractor could reach)")
)

// binaryL2 is the L2 penalty of the binary decisions (item, open), lighter
// than the rankings': chosen by cross-validation.
var binaryL2 = 0.1

// defaultThreshold is the probability an item needs, chosen by
// cross-validation (testdata/README.md): over nine fold assignments 0.725
// gave 0.01 more precision than 0.70 for 0.003 less F1, and a wrong line
// costs a reader more than a missing one.
var defaultThreshold = 0.725

// sharedEval is the evaluation sets' folder, present in the team's tree
// and in CI but not in a user's clone.
var sharedEval = filepath.Join("..", "..", "..", "shared", "eval")

// goldArticle is one article of a fold with its gold warnings.
type goldArticle struct {
	evaluation.Case
	set  string
	fold int
}

// loadFolds reads testdata/folds.tsv and the articles it lists, once per
// test binary.
func loadFolds(tb testing.TB) []goldArticle {
	tb.Helper()
	if _, err := os.Stat(sharedEval); err != nil {
		tb.Skip("the shared evaluation sets (../shared/eval) are absent")
	}
	foldsOnce.Do(func() { foldsLoaded = readFolds(tb) })
	if foldsLoaded == nil {
		tb.Fatal("the folds could not be read")
	}
	return foldsLoaded
}

var (
	foldsOnce   sync.Once
	foldsLoaded []goldArticle
)

func readFolds(tb testing.TB) []goldArticle {
	tb.Helper()
	if _, err := os.Stat(sharedEval); err != nil {
		tb.Skip("the shared evaluation sets (../shared/eval) are absent")
	}
	f, err := os.Open(filepath.Join("testdata", "folds.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	dirs := map[string]string{
		"dev": filepath.Join(sharedEval, "dev"), "dev-web": filepath.Join(sharedEval, "dev-web"),
		"dev-geo": filepath.Join(sharedEval, "dev-geo"), "heldout": filepath.Join("testdata", "heldout"),
	}
	var out []goldArticle
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != 3 {
			tb.Fatalf("folds.tsv: bad line %q", line)
		}
		fold, err := strconv.Atoi(fields[2])
		if err != nil {
			tb.Fatalf("folds.tsv: bad fold in %q", line)
		}
		var c evaluation.Case
		if fields[1] == "zyte" {
			var ok bool
			if c, ok = zyteCase(tb, fields[0]); !ok {
				continue // the benchmark pages are absent: score without them
			}
		} else {
			dir := dirs[fields[1]]
			cases, err := evaluation.Load(dir, []string{filepath.Join(dir, fields[0]+".txt")}, article.ReadFile, article.FileID)
			if err != nil {
				tb.Fatal(err)
			}
			c = cases[0]
		}
		out = append(out, goldArticle{Case: c, set: fields[1], fold: fold})
	}
	return out
}

// zyteTexts are the true article texts of the article-extraction
// benchmark, by page id.
var zyteTexts = sync.OnceValues(func() (map[string]struct {
	Body string `json:"articleBody"`
}, error) {
	raw, err := os.ReadFile(filepath.Join(sharedEval, "..", "article-extraction-benchmark", "ground-truth.json"))
	if err != nil {
		return nil, err
	}
	var m map[string]struct {
		Body string `json:"articleBody"`
	}
	return m, json.Unmarshal(raw, &m)
})

// zyteCase reads a gold file of testdata/zyte, written for a page of the
// article-extraction benchmark, with its article: the headline, then the
// benchmark's true text with each line a paragraph. Only the gold is
// kept here; the text stays in ../shared.
func zyteCase(tb testing.TB, id string) (evaluation.Case, bool) {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "zyte", id+".gold.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var g struct {
		SourceID string                `json:"source_id"`
		Headline string                `json:"headline"`
		Warnings []evaluation.GoldItem `json:"warnings"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		tb.Fatalf("%s: %v", id, err)
	}
	texts, err := zyteTexts()
	if err != nil {
		return evaluation.Case{}, false
	}
	var paras []string
	for _, p := range strings.Split(texts[g.SourceID].Body, "\n") {
		if strings.TrimSpace(p) != "" {
			paras = append(paras, p)
		}
	}
	text := g.Headline + "\n\n" + strings.Join(paras, "\n\n") + "\n"
	return evaluation.Case{ID: id, Path: id, Article: article.FromText(text, id), Gold: g.Warnings}, true
}

func parseFolds(s string) []int {
	var out []int
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(p)); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func inFolds(arts []goldArticle, folds []int) []goldArticle {
	var out []goldArticle
	for _, a := range arts {
		if len(folds) == 0 || slices.Contains(folds, a.fold) {
			out = append(out, a)
		}
	}
	return out
}

// analysed is one article run through the stages before the decisions.
type analysed struct {
	art    goldArticle
	d      *document
	claims []*claim
}

// analysedFolds are all the gold articles analysed, once per test binary:
// the quality gates and the refit check share them.
func analysedFolds(tb testing.TB) []analysed {
	arts := loadFolds(tb)
	analysisOnce.Do(func() { analysisDone = analyseAll(arts) })
	return analysisDone
}

var (
	analysisOnce sync.Once
	analysisDone []analysed
)

func analyseAll(arts []goldArticle) []analysed {
	m := language.Default()
	out := make([]analysed, len(arts))
	for i, a := range arts {
		d := newDocument(a.Article.Title, a.Article.Text)
		trees := parseWhereNeeded(m, d)
		ments, _ := readMentions(d, trees)
		out[i] = analysed{art: a, d: d, claims: findClaims(d, trees, ments)}
	}
	return out
}

// goldsAt returns the gold items whose evidence overlaps sentence text.
func goldsAt(golds []evaluation.GoldItem, text string) []evaluation.GoldItem {
	var out []evaluation.GoldItem
	for _, g := range golds {
		for _, e := range g.Evidence {
			if evaluation.EvidenceOverlap(text, e) {
				out = append(out, g)
				break
			}
		}
	}
	return out
}

// fitModel fits the three decisions on analysed articles.
func fitModel(as []analysed, fitted string) *model {
	m := &model{Threshold: defaultThreshold, Fitted: fitted}
	var spk, adr, opens []learn.Example
	group := 0
	for _, a := range as {
		for _, cl := range a.claims {
			golds := goldsAt(a.art.Gold, cl.x.d.sents[cl.sent].text)
			if len(golds) == 0 {
				continue
			}
			group++
			var right *candidate
			for _, c := range cl.speakers {
				pos := false
				for _, g := range golds {
					if evaluation.NameMatch(c.ent.name, g.SpeakerNames()) {
						pos = true
					}
				}
				if pos && right == nil {
					right = c
				}
				spk = append(spk, learn.Example{Features: c.features, Positive: pos, Doc: a.art.ID, Group: group})
			}
			if right == nil {
				continue
			}
			// the addressee, given the right speaker
			anyObject := false
			for _, c := range cl.addressees {
				if c.hasPath("obj") || c.hasPath("pass") {
					anyObject = true
				}
			}
			{
				ads := cl.x.otherSide(slices.Clone(cl.addressees), right.ent)
				anyObject := false
				for _, c := range ads {
					if c.hasPath("obj") || c.hasPath("pass") {
						anyObject = true
					}
				}
				for _, g := range golds {
					if evaluation.NameMatch(right.ent.name, g.SpeakerNames()) && !g.Optional {
						opens = append(opens, learn.Example{Features: openFeatures(cl, right, anyObject, cl.x.localParties(right.ent)), Positive: g.AddresseeNames() == nil, Doc: a.art.ID})
						break
					}
				}
			}
			// a gold warning to nobody in particular accepts any addressee:
			// it teaches nothing about which to choose
			var named []evaluation.GoldItem
			for _, g := range golds {
				if evaluation.NameMatch(right.ent.name, g.SpeakerNames()) {
					if g.AddresseeNames() == nil {
						named = nil
						break
					}
					named = append(named, g)
				}
			}
			kept := cl.x.otherSide(slices.Clone(cl.addressees), right.ent)
			prior := structuralAddressee(kept)
			for _, c := range kept {
				if len(named) == 0 {
					break
				}
				pos := false
				for _, g := range named {
					if c.ent != nil && evaluation.NameMatch(c.ent.name, g.AddresseeNames()) {
						pos = true
					}
				}
				adr = append(adr, learn.Example{Features: cl.x.addresseeFeatures(c, right.ent, anyObject, prior), Positive: pos, Doc: a.art.ID, Group: group})
			}
		}
	}
	opts := learn.DefaultOptions
	if *l2Flag > 0 {
		opts.L2 = *l2Flag
	}
	m.Speaker = learn.FitRanking(spk, opts)
	m.Addressee = learn.FitRanking(adr, opts)
	binary := opts
	binary.L2 = binaryL2
	if *itemL2Flag > 0 {
		binary.L2 = *itemL2Flag
	}
	m.Open = learn.FitBinary(opens, binary)
	var items []learn.Example
	for _, a := range as {
		for _, cl := range a.claims {
			d := m.decide(cl)
			// is it a warning by that speaker? (the addressee is the other
			// model's question: a wrong one must not teach that a warning
			// is none)
			p := evaluation.Prediction{Speaker: d.speaker.ent.name, Evidence: []string{cl.x.d.sents[cl.sent].text}}
			pos, optional := false, false
			for _, g := range a.art.Gold {
				g.Addressee, g.AddresseeAliases = "", nil
				if evaluation.Matches(p, g) {
					if g.Optional {
						optional = true
					} else {
						pos = true
					}
				}
			}
			if optional && !pos {
				continue
			}
			items = append(items, learn.Example{Features: d.features, Positive: pos, Doc: a.art.ID})
		}
	}
	m.Item = learn.FitBinary(items, binary)
	// the item decision again, knowing what the first made of the same
	// speaker's other claims
	var ctx []learn.Example
	for _, a := range as {
		ds := make([]decision, len(a.claims))
		first := make([]float64, len(a.claims))
		for i, cl := range a.claims {
			ds[i] = m.decide(cl)
			first[i] = ds[i].prob
		}
		for i, d := range ds {
			p := evaluation.Prediction{Speaker: d.speaker.ent.name, Evidence: []string{d.claim.x.d.sents[d.claim.sent].text}}
			pos, optional := false, false
			for _, g := range a.art.Gold {
				g.Addressee, g.AddresseeAliases = "", nil
				if evaluation.Matches(p, g) {
					if g.Optional {
						optional = true
					} else {
						pos = true
					}
				}
			}
			if optional && !pos {
				continue
			}
			ctx = append(ctx, learn.Example{Features: append(slices.Clone(d.features), contextFeatures(ds, first, i, m.Threshold)...), Positive: pos, Doc: a.art.ID})
		}
	}
	m.Context = learn.FitBinary(ctx, binary)
	return m
}

// scoreWith extracts with the model and scores against the gold.
func scoreWith(tb testing.TB, m *model, arts []goldArticle) evaluation.Report {
	tb.Helper()
	x := New()
	x.model = m
	var cases []evaluation.Case
	for _, a := range arts {
		cases = append(cases, a.Case)
	}
	r, err := evaluation.Run(context.Background(), x, cases)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func foldNames(folds []int) string {
	var s []string
	for _, f := range folds {
		s = append(s, strconv.Itoa(f))
	}
	return strings.Join(s, ",")
}

func TestFit(t *testing.T) {
	if !*fitFlag && *scoreFlag == "" {
		t.Skip("run with -fit to write data/model.json, or -folds A -score B to score folds B with weights fitted on A")
	}
	arts := loadFolds(t)
	folds := parseFolds(*foldsFlag)
	train := inFolds(arts, folds)
	name := "all folds"
	if len(folds) > 0 {
		name = "folds " + foldNames(folds)
	}
	m := fitModel(analyseAll(train), fmt.Sprintf("%s of testdata/folds.tsv (%d articles)", name, len(train)))
	if *threshFlag > 0 {
		m.Threshold = *threshFlag
	}
	if *scoreFlag != "" {
		for _, f := range parseFolds(*scoreFlag) {
			for _, set := range []string{"", "dev", "dev-web", "dev-geo", "heldout", "zyte"} {
				var sub []goldArticle
				for _, a := range inFolds(arts, []int{f}) {
					if set == "" || a.set == set {
						sub = append(sub, a)
					}
				}
				if *noAddrFlag {
					for i := range sub {
						sub[i].Gold = withoutAddressees(sub[i].Gold)
					}
				}
				r := scoreWith(t, m, sub)
				label := set
				if label == "" {
					label = "all"
				}
				t.Logf("fold %d %-8s %3d articles: %s (tp %d fp %d fn %d; wrong speaker %d, wrong addressee %d, duplicate %d, nothing there %d)",
					f, label, len(sub), r.Summary(), r.TruePositives, r.FalsePositives, r.FalseNegatives, r.WrongSpeaker, r.WrongAddressee, r.Duplicates, r.Spurious)
			}
		}
	}
	if *fitFlag {
		raw, err := json.MarshalIndent(m, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("data", "model.json"), append(raw, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCrossValidation(t *testing.T) {
	if !*cvFlag {
		t.Skip("run with -cv to cross-validate")
	}
	if *threshFlag > 0 {
		defaultThreshold = *threshFlag
	}
	arts := loadFolds(t)
	all := analyseAll(arts)
	total, _ := crossValidate(t, all, true)
	t.Logf("all      %s", total.Summary())
	if *resplitFlag > 0 {
		var sum evaluation.Counts
		sets := map[string]evaluation.Counts{}
		for r := 1; r <= *resplitFlag; r++ {
			c, bySet := crossValidate(t, resplit(all, r), false)
			t.Logf("split %d  %s", r, c.Summary())
			sum = sum.Add(c)
			for set, sc := range bySet {
				sets[set] = sets[set].Add(sc)
			}
		}
		// the counts of all the splits pooled: each article is scored once per split
		for _, set := range []string{"dev", "dev-web", "dev-geo", "heldout", "zyte"} {
			t.Logf("%d other splits, %-8s %s", *resplitFlag, set, sets[set].Summary())
		}
		t.Logf("%d other splits, pooled: %s", *resplitFlag, sum.Summary())
	}
}

// resplit assigns the analysed articles to five other folds, by set, in
// the order of SHA-256("redline-resplit/" + r + "/" + id).
func resplit(all []analysed, r int) []analysed {
	out := slices.Clone(all)
	key := func(a analysed) string {
		h := sha256.Sum256([]byte(fmt.Sprintf("redline-resplit/%d/%s", r, a.art.ID)))
		return hex.EncodeToString(h[:])
	}
	slices.SortStableFunc(out, func(a, b analysed) int { return strings.Compare(key(a), key(b)) })
	next := map[string]int{}
	for i := range out {
		out[i].art.fold = next[out[i].art.set] % 5
		next[out[i].art.set]++
	}
	return out
}

// crossValidate fits on four folds and scores the fifth, for each fold,
// and returns the summed counts; verbose logs them by fold and by set.
func crossValidate(t *testing.T, all []analysed, verbose bool) (evaluation.Counts, map[string]evaluation.Counts) {
	var total evaluation.Counts
	bySet := map[string]evaluation.Counts{}
	for f := 0; f < 5; f++ {
		var train []analysed
		var test []goldArticle
		for _, a := range all {
			if a.art.fold == f {
				test = append(test, a.art)
			} else {
				train = append(train, a)
			}
		}
		m := fitModel(train, "cv")
		r := scoreWith(t, m, test)
		total = total.Add(r.Counts)
		for _, set := range []string{"dev", "dev-web", "dev-geo", "heldout", "zyte"} {
			var sub []goldArticle
			for _, a := range test {
				if a.set == set {
					sub = append(sub, a)
				}
			}
			bySet[set] = bySet[set].Add(scoreWith(t, m, sub).Counts)
		}
		if verbose {
			t.Logf("fold %d: %s", f, r.Summary())
		}
	}
	for _, set := range []string{"dev", "dev-web", "dev-geo", "heldout", "zyte"} {
		c := bySet[set]
		if verbose {
			t.Logf("%-8s %s (wrong speaker %d, wrong addressee %d, duplicate %d, nothing there %d, missed %d)", set, c.Summary(), c.WrongSpeaker, c.WrongAddressee, c.Duplicates, c.Spurious, c.FalseNegatives)
		}
	}
	return total, bySet
}

func withoutAddressees(gs []evaluation.GoldItem) []evaluation.GoldItem {
	out := make([]evaluation.GoldItem, len(gs))
	for i, g := range gs {
		g.Addressee, g.AddresseeAliases = "", nil
		out[i] = g
	}
	return out
}
