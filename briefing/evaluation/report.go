package evaluation

import (
	"fmt"
	"io"
)

// Counts are micro-averaged counts over articles, with the false
// positives split by cause as the scorer splits them.
type Counts struct {
	TruePositives  int
	FalsePositives int
	FalseNegatives int // missed: a required gold item no prediction matched
	// the false positives, by cause
	WrongSpeaker   int // a gold warning is in that sentence, said by someone else
	WrongAddressee int // right sentence and speaker, wrong party warned
	Duplicates     int // a second prediction of a gold item already matched
	Spurious       int // no gold warning in that sentence at all
	KindRight      int // true positives whose kind (warning/threat) is the gold's
}

// Add returns the sum of two counts.
func (c Counts) Add(o Counts) Counts {
	return Counts{
		TruePositives:  c.TruePositives + o.TruePositives,
		FalsePositives: c.FalsePositives + o.FalsePositives,
		FalseNegatives: c.FalseNegatives + o.FalseNegatives,
		WrongSpeaker:   c.WrongSpeaker + o.WrongSpeaker,
		WrongAddressee: c.WrongAddressee + o.WrongAddressee,
		Duplicates:     c.Duplicates + o.Duplicates,
		Spurious:       c.Spurious + o.Spurious,
		KindRight:      c.KindRight + o.KindRight,
	}
}

// Precision is the share of counted predictions that match a gold item.
func (c Counts) Precision() float64 {
	return ratio(c.TruePositives, c.TruePositives+c.FalsePositives)
}

// Recall is the share of required gold items found.
func (c Counts) Recall() float64 { return ratio(c.TruePositives, c.TruePositives+c.FalseNegatives) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Summary is the scorer's last line: "f1 F precision P recall R".
func (c Counts) Summary() string {
	return fmt.Sprintf("f1 %.3f precision %.3f recall %.3f", c.F1(), c.Precision(), c.Recall())
}

// Miss is one error, for a verbose report.
type Miss struct {
	Article string
	False   string // "FP" or "FN"
	Why     string
	Speaker string
	// Addressee is empty for nobody in particular.
	Addressee string
	// Text is the first evidence sentence of a false positive, the gold's
	// "what" of a false negative.
	Text string
}

func (m Miss) String() string {
	addr := "nobody in particular"
	if m.Addressee != "" {
		addr = fmt.Sprintf("%q", m.Addressee)
	}
	text := m.Text
	if r := []rune(text); len(r) > 120 {
		text = string(r[:120]) + "…"
	}
	if m.False == "FP" {
		return fmt.Sprintf("FP %s: %q → %s (%s): %q", m.Article, m.Speaker, addr, m.Why, text)
	}
	return fmt.Sprintf("FN %s: %q → %s: %q", m.Article, m.Speaker, addr, text)
}

// ScoreArticle matches one article's predictions to its gold items one to
// one (a maximum bipartite matching, as the scorer does) and counts.
func ScoreArticle(id string, preds []Prediction, golds []GoldItem) (Counts, []Miss) {
	edges := make([][]int, len(preds))
	for i, p := range preds {
		for j, g := range golds {
			if Matches(p, g) {
				edges[i] = append(edges[i], j)
			}
		}
	}
	owner := make(map[int]int) // gold → prediction
	var augment func(i int, seen map[int]bool) bool
	augment = func(i int, seen map[int]bool) bool {
		for _, j := range edges[i] {
			if seen[j] {
				continue
			}
			seen[j] = true
			if o, ok := owner[j]; !ok || augment(o, seen) {
				owner[j] = i
				return true
			}
		}
		return false
	}
	for i := range preds {
		augment(i, map[int]bool{})
	}
	matchOf := make(map[int]int, len(owner))
	for j, i := range owner {
		matchOf[i] = j
	}
	var c Counts
	var misses []Miss
	for i, p := range preds {
		if j, ok := matchOf[i]; ok {
			if !golds[j].Optional {
				c.TruePositives++
				if kindOf(string(p.Kind)) == kindOf(golds[j].Kind) {
					c.KindRight++
				}
			}
			continue
		}
		c.FalsePositives++
		var same []GoldItem
		for _, g := range golds {
			if evidenceMatches(p, g) {
				same = append(same, g)
			}
		}
		why := "no gold warning there"
		switch {
		case anyGold(same, func(g GoldItem) bool { return speakerMatches(p, g) && addresseeMatches(p, g) }):
			c.Duplicates++
			why = "duplicate of a matched item"
		case len(same) > 0 && !anyGold(same, func(g GoldItem) bool { return speakerMatches(p, g) }):
			c.WrongSpeaker++
			why = "right sentence, wrong speaker"
		case len(same) > 0:
			c.WrongAddressee++
			why = "right sentence and speaker, wrong addressee"
		default:
			c.Spurious++
		}
		text := ""
		if len(p.Evidence) > 0 {
			text = p.Evidence[0]
		}
		misses = append(misses, Miss{Article: id, False: "FP", Why: why, Speaker: p.Speaker, Addressee: p.Addressee, Text: text})
	}
	for j, g := range golds {
		if _, ok := owner[j]; !ok && !g.Optional {
			c.FalseNegatives++
			misses = append(misses, Miss{Article: id, False: "FN", Why: "missed", Speaker: g.Speaker, Addressee: g.Addressee, Text: g.What})
		}
	}
	return c, misses
}

func kindOf(k string) string {
	if k == "" {
		return "warning"
	}
	return k
}

func anyGold(gs []GoldItem, f func(GoldItem) bool) bool {
	for _, g := range gs {
		if f(g) {
			return true
		}
	}
	return false
}

// Report is the outcome of scoring an extractor on a set of articles.
type Report struct {
	Articles int
	Counts
	Misses []Miss
}

// Write prints the report as the scorer does: a verbose list of misses
// when asked, then the counts, the false positives by cause, and the
// summary line last.
func (r Report) Write(w io.Writer, verbose bool) error {
	if verbose {
		for _, m := range r.Misses {
			if _, err := fmt.Fprintln(w, m); err != nil {
				return err
			}
		}
	}
	c := r.Counts
	_, err := fmt.Fprintf(w, "articles %d\ntrue positives %d  false positives %d  false negatives %d\n"+
		"false positives: wrong speaker %d  wrong addressee %d  duplicates %d  no warning there %d\n"+
		"missed (false negatives) %d\nkind right on matches %d/%d\n%s\n",
		r.Articles, c.TruePositives, c.FalsePositives, c.FalseNegatives,
		c.WrongSpeaker, c.WrongAddressee, c.Duplicates, c.Spurious,
		c.FalseNegatives, c.KindRight, c.TruePositives, c.Summary())
	return err
}
