package warnings

import (
	"flag"
	"fmt"
	"sort"
	"strings"
	"testing"

	"redline/briefing/evaluation"
)

var verboseAddr = flag.Bool("addr", false, "with -diag, list each addressee choice")

var diagFlag = flag.String("diag", "", "with -folds, explain every missed gold item and every false alarm of these comma-separated folds")

// TestDiagnose tells, for each gold item the extractor misses, the stage
// that lost it, and tallies the stages: the development tool of the fit.
func TestDiagnose(t *testing.T) {
	if *diagFlag == "" {
		t.Skip("run with -folds A -diag B to explain the errors on folds B with weights fitted on A")
	}
	if *threshFlag > 0 {
		defaultThreshold = *threshFlag
	}
	arts := loadFolds(t)
	m := fitModel(analyseAll(inFolds(arts, parseFolds(*foldsFlag))), "diagnosis")
	tally := map[string]int{}
	for _, a := range analyseAll(inFolds(arts, parseFolds(*diagFlag))) {
		ds := m.decideAll(a.claims)
		x := New()
		x.model = m
		ws, _ := x.Extract(t.Context(), a.art.Article)
		_, misses := evaluation.ScoreArticle(a.art.ID, evaluation.Predictions(ws), a.art.Gold)
		for _, miss := range misses {
			if miss.False == "FP" {
				tally["FP "+miss.Why]++
				gold := ""
				for _, g := range a.art.Gold {
					for _, e := range g.Evidence {
						if evaluation.EvidenceOverlap(miss.Text, e) {
							gold += fmt.Sprintf(" [gold %q → %q]", g.Speaker, g.Addressee)
							break
						}
					}
				}
				t.Logf("%s%s", miss, gold)
				continue
			}
		}
		for _, g := range a.art.Gold {
			if g.Optional {
				continue
			}
			found := false
			for _, w := range evaluation.Predictions(ws) {
				if evaluation.Matches(w, g) {
					found = true
				}
			}
			if found {
				continue
			}
			why := lostAt(ds, g, m.Threshold)
			tally["FN "+strings.SplitN(why, ":", 2)[0]]++
			t.Logf("FN %s: %q → %q: %s\n      %s", a.art.ID, g.Speaker, g.Addressee, why, g.Evidence[0])
		}
	}
	var keys []string
	for k := range tally {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%-50s %d", k, tally[k])
	}
}

// lostAt names the stage where a gold item was lost.
func lostAt(ds []decision, g evaluation.GoldItem, threshold float64) string {
	var inEvidence []decision
	for _, d := range ds {
		for _, e := range g.Evidence {
			if evaluation.EvidenceOverlap(d.claim.x.d.sents[d.claim.sent].text, e) {
				inEvidence = append(inEvidence, d)
				break
			}
		}
	}
	if len(inEvidence) == 0 {
		return "no claim in its sentences"
	}
	var notes []string
	for _, d := range inEvidence {
		cl := d.claim
		var spNames []string
		spRight := false
		for _, c := range cl.speakers {
			spNames = append(spNames, c.ent.name+"("+strings.Join(c.paths, ",")+")")
			if evaluation.NameMatch(c.ent.name, g.SpeakerNames()) {
				spRight = true
			}
		}
		if !spRight {
			notes = append(notes, fmt.Sprintf("no right speaker [%s: %s]", cl.cue.lemma, strings.Join(spNames, " ")))
			continue
		}
		if !evaluation.NameMatch(d.speaker.ent.name, g.SpeakerNames()) {
			notes = append(notes, fmt.Sprintf("speaker chosen wrong [%s: chose %s of %s]", cl.cue.lemma, d.speaker.ent.name, strings.Join(spNames, " ")))
			continue
		}
		names := g.AddresseeNames()
		if names != nil {
			var adNames []string
			adRight := false
			for _, c := range cl.addressees {
				if c.ent == nil {
					continue
				}
				adNames = append(adNames, c.ent.name+"("+strings.Join(c.paths, ",")+")")
				if evaluation.NameMatch(c.ent.name, names) {
					adRight = true
				}
			}
			if !adRight {
				notes = append(notes, fmt.Sprintf("no right addressee [%s: %s]", cl.cue.lemma, strings.Join(adNames, " ")))
				continue
			}
			if d.addressee.ent == nil || !evaluation.NameMatch(d.addressee.ent.name, names) {
				chosen := "nobody"
				if d.addressee.ent != nil {
					chosen = d.addressee.ent.name
				}
				notes = append(notes, fmt.Sprintf("addressee chosen wrong [%s: chose %s of %s]", cl.cue.lemma, chosen, strings.Join(adNames, " ")))
				continue
			}
		}
		if d.prob < threshold {
			notes = append(notes, fmt.Sprintf("abstained [%s p=%.2f]", cl.cue.lemma, d.prob))
			continue
		}
		notes = append(notes, fmt.Sprintf("merged away [%s p=%.2f]", cl.cue.lemma, d.prob))
	}
	// the most advanced stage any claim reached names the loss
	order := []string{"merged away", "abstained", "addressee chosen wrong", "no right addressee", "speaker chosen wrong", "no right speaker"}
	for _, o := range order {
		for _, n := range notes {
			if strings.HasPrefix(n, o) {
				return o + ": " + strings.Join(notes, "; ")
			}
		}
	}
	return strings.Join(notes, "; ")
}

// TestAddresseeAccuracy measures the addressee choice alone: on claims
// whose chosen speaker is right and whose gold names an addressee, how
// often the right one is among the candidates and how often it is chosen.
func TestAddresseeAccuracy(t *testing.T) {
	if *diagFlag == "" {
		t.Skip("run with -folds A -diag B")
	}
	arts := loadFolds(t)
	m := fitModel(analyseAll(inFolds(arts, parseFolds(*foldsFlag))), "diagnosis")
	var claims, among, chosen, nobody, heur int
	byPath := map[string][2]int{}
	for _, a := range analyseAll(inFolds(arts, parseFolds(*diagFlag))) {
		for _, cl := range a.claims {
			d := m.decide(cl)
			for _, g := range goldsAt(a.art.Gold, cl.x.d.sents[cl.sent].text) {
				if g.AddresseeNames() == nil || !evaluation.NameMatch(d.speaker.ent.name, g.SpeakerNames()) {
					continue
				}
				claims++
				var right *candidate
				for _, c := range cl.addressees {
					if c.ent != nil && evaluation.NameMatch(c.ent.name, g.AddresseeNames()) {
						right = c
						break
					}
				}
				if *verboseAddr {
					rp, cp := "absent", "nobody"
					if right != nil {
						rp = strings.Join(right.paths, ",")
					}
					if d.addressee.ent != nil {
						cp = strings.Join(d.addressee.paths, ",")
					}
					ok := right != nil && d.addressee == right
					cn := "nobody"
					if d.addressee.ent != nil {
						cn = d.addressee.ent.name
					}
					t.Logf("ADDR ok=%v right=[%s] chose=[%s] cue=%s gold=%q chosen=%q sp=%q\n      %s", ok, rp, cp, cl.cue.lemma, g.Addressee, cn, d.speaker.ent.name, cl.x.d.sents[cl.sent].text)
				}
				if right != nil {
					among++
					p := byPath[right.paths[0]]
					p[0]++
					if d.addressee == right {
						p[1]++
					}
					byPath[right.paths[0]] = p
				}
				if d.addressee.ent != nil && evaluation.NameMatch(d.addressee.ent.name, g.AddresseeNames()) {
					chosen++
				}
				if h := structuralAddressee(cl.addressees); h != nil && evaluation.NameMatch(h.name, g.AddresseeNames()) {
					heur++
				}
				if d.addressee.ent == nil {
					nobody++
				}
				break
			}
		}
	}
	t.Logf("claims with the right speaker and a named gold addressee: %d; right one among candidates %d; chosen %d; nobody chosen %d; heuristic %d", claims, among, chosen, nobody, heur)
	for p, c := range byPath {
		t.Logf("  right one first found as %-22s %3d, chosen %3d", p, c[0], c[1])
	}
}

// TestSpeakerAccuracy measures the speaker choice alone, on the claims in
// sentences of required gold warnings.
func TestSpeakerAccuracy(t *testing.T) {
	if *diagFlag == "" {
		t.Skip("run with -folds A -diag B")
	}
	arts := loadFolds(t)
	m := fitModel(analyseAll(inFolds(arts, parseFolds(*foldsFlag))), "diagnosis")
	var claims, among, chosen int
	for _, a := range analyseAll(inFolds(arts, parseFolds(*diagFlag))) {
		for _, cl := range a.claims {
			var golds []evaluation.GoldItem
			for _, g := range goldsAt(a.art.Gold, cl.x.d.sents[cl.sent].text) {
				if !g.Optional {
					golds = append(golds, g)
				}
			}
			if len(golds) == 0 {
				continue
			}
			claims++
			d := m.decide(cl)
			right := false
			for _, c := range cl.speakers {
				for _, g := range golds {
					if evaluation.NameMatch(c.ent.name, g.SpeakerNames()) {
						right = true
					}
				}
			}
			if right {
				among++
			}
			for _, g := range golds {
				if evaluation.NameMatch(d.speaker.ent.name, g.SpeakerNames()) {
					chosen++
					break
				}
			}
			if *verboseAddr && right {
				ok := false
				for _, g := range golds {
					ok = ok || evaluation.NameMatch(d.speaker.ent.name, g.SpeakerNames())
				}
				if !ok {
					var names []string
					for _, c := range cl.speakers {
						names = append(names, c.ent.name+"("+strings.Join(c.paths, ",")+")")
					}
					t.Logf("SPK wrong: chose %q gold %q [%s] %s", d.speaker.ent.name, golds[0].Speaker, strings.Join(names, " "), cl.x.d.sents[cl.sent].text)
				}
			}
		}
	}
	t.Logf("claims in required gold sentences: %d; right speaker among candidates %d; chosen %d", claims, among, chosen)
}

// TestItemAccuracy measures the item decision alone: over the sentences'
// best claims, how well its probability separates the sentences of
// required gold warnings by the speaker chosen from the others.
func TestItemAccuracy(t *testing.T) {
	if *diagFlag == "" {
		t.Skip("run with -folds A -diag B")
	}
	arts := loadFolds(t)
	m := fitModel(analyseAll(inFolds(arts, parseFolds(*foldsFlag))), "diagnosis")
	type scored struct {
		p   float64
		pos bool
	}
	var all []scored
	for _, a := range analyseAll(inFolds(arts, parseFolds(*diagFlag))) {
		ds := m.decideAll(a.claims)
		for _, d := range bestPerSentence(ds) {
			pos, opt := false, false
			for _, g := range goldsAt(a.art.Gold, d.claim.x.d.sents[d.claim.sent].text) {
				if evaluation.NameMatch(d.speaker.ent.name, g.SpeakerNames()) {
					if g.Optional {
						opt = true
					} else {
						pos = true
					}
				}
			}
			if opt && !pos {
				continue
			}
			all = append(all, scored{m.Item.Probability(d.features), pos})
			if *verboseAddr {
				t.Logf("ITEM p=%.2f pos=%v sp=%q cue=%s %s", m.Item.Probability(d.features), pos, d.speaker.ent.name, d.claim.cue.lemma, d.claim.x.d.sents[d.claim.sent].text)
			}
		}
	}
	positives := 0
	for _, s := range all {
		if s.pos {
			positives++
		}
	}
	for _, th := range []float64{0.2, 0.3, 0.4, 0.5, 0.6, 0.7} {
		tp, fp := 0, 0
		for _, s := range all {
			if s.p >= th {
				if s.pos {
					tp++
				} else {
					fp++
				}
			}
		}
		t.Logf("item p >= %.1f: precision %.2f recall %.2f (%d of %d sentences positive)", th, ratio(tp, tp+fp), ratio(tp, positives), positives, len(all))
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
