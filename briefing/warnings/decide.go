package warnings

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"redline/briefing/warnings/internal/learn"
)

// model holds the fitted weights of the extractor's three decisions
// (data/model.json, written by the fit in fit_test.go): which candidate
// is the speaker, which the addressee (nobody in particular being one),
// and whether the claim is a warning to report at all.
type model struct {
	Speaker   learn.Model `json:"speaker"`
	Addressee learn.Model `json:"addressee"`
	Item      learn.Model `json:"item"`
	// Context is the item decision again, told how sure the first was of
	// the same speaker's other sentences nearby.
	Context learn.Model `json:"context,omitempty"`
	// Open is the probability that a warning is addressed to nobody in
	// particular.
	Open learn.Model `json:"open"`
	// Threshold is the probability an item needs to be reported; below
	// it the extractor abstains.
	Threshold float64 `json:"threshold"`
	// Fitted says which gold articles the weights were fitted on.
	Fitted string `json:"fitted"`
}

//go:embed data/model.json
var modelJSON []byte

var builtinModel = mustReadModel(modelJSON)

func mustReadModel(raw []byte) *model {
	var m model
	if err := json.Unmarshal(raw, &m); err != nil {
		panic(fmt.Sprintf("warnings: data/model.json: %v", err)) // part of the program: any test catches it
	}
	return &m
}

// decision is a claim with its speaker and addressee chosen and the
// probability that it is a warning to report as it stands.
type decision struct {
	claim      *claim
	speaker    *candidate
	addressees candidates // the candidates left once the speaker is known
	addressee  *candidate // ent nil: nobody in particular
	features   []string
	// prob is the item model's probability that the sentence states a
	// warning by this speaker. (Weighing it by the addressee's own
	// probability cost more recall than it gained precision in
	// cross-validation: testdata/README.md.)
	prob float64
}

// decide chooses the speaker and the addressee of a claim and scores it.
func (m *model) decide(cl *claim) decision {
	sp := best(cl.speakers, m.Speaker)
	ads := cl.x.otherSide(slices.Clone(cl.addressees), sp.ent)
	anyObject := false
	for _, a := range ads {
		if a.hasPath("obj") || a.hasPath("pass") {
			anyObject = true
		}
	}
	prior := structuralAddressee(ads)
	for _, a := range ads {
		a.features = cl.x.addresseeFeatures(a, sp.ent, anyObject, prior)
	}
	ad := best(ads, m.Addressee)
	open := m.Open.Probability(openFeatures(cl, sp, anyObject, cl.x.localParties(sp.ent)))
	if open >= openFloor {
		ad = ads[len(ads)-1] // nobody in particular, the last candidate
	}
	d := decision{claim: cl, speaker: sp, addressees: ads, addressee: ad}
	d.features = itemFeatures(cl, sp, ad)
	d.prob = m.Item.Probability(d.features)
	return d
}

// decideAll decides every claim of an article: each alone, then, with the
// context model, each again knowing how sure the first pass was of the
// same speaker's other claims.
func (m *model) decideAll(claims []*claim) []decision {
	ds := make([]decision, len(claims))
	for i, cl := range claims {
		ds[i] = m.decide(cl)
	}
	if len(m.Context) == 0 {
		return ds
	}
	first := make([]float64, len(ds))
	for i := range ds {
		first[i] = ds[i].prob
	}
	for i := range ds {
		ds[i].prob = m.Context.Probability(append(slices.Clone(ds[i].features), contextFeatures(ds, first, i, m.Threshold)...))
	}
	return ds
}

// contextFeatures describe what the first pass made of claim i and of its
// speaker's other claims.
func contextFeatures(ds []decision, first []float64, i int, threshold float64) []string {
	f := []string{"ctx:first=" + strconv.Itoa(min(int(first[i]*10), 9))}
	near, anywhere := false, false
	for j := range ds {
		if j == i || ds[j].claim.sent == ds[i].claim.sent || first[j] < threshold || !sameSpeaker(ds[j].speaker.ent, ds[i].speaker.ent) {
			continue
		}
		anywhere = true
		if abs(ds[j].claim.sent-ds[i].claim.sent) <= 2 {
			near = true
		}
	}
	if near {
		f = append(f, "ctx:speaker-sure-near")
	}
	if anywhere {
		f = append(f, "ctx:speaker-sure")
	}
	return f
}

// openFloor is the probability of "nobody in particular" at which the
// decision names no addressee. It is high: the scorer (and a reader) lose
// more when a named addressee is dropped than when a general warning names
// one, and cross-validation found no lower floor that paid.
const openFloor = 0.75

// openFeatures describe a claim for the question "is it addressed to
// nobody in particular?".
func openFeatures(cl *claim, sp *candidate, anyObject bool, local int) []string {
	f := append([]string{}, cl.features...)
	f = append(f, "open:sp-kind="+sp.ent.kind.String(), "open:local="+strconv.Itoa(min(local, 2)))
	if anyObject {
		f = append(f, "open:object")
	}
	return f
}

// best returns the candidate the model scores highest (the first of
// equals, so ties fall to the order candidates were found in).
func best(cs candidates, weights learn.Model) *candidate {
	var top *candidate
	for _, c := range cs {
		c.score = weights.Score(c.features)
		if top == nil || c.score > top.score {
			top = c
		}
	}
	return top
}

// margin is how far the best candidate stands above the next.
func margin(cs candidates, top *candidate) float64 {
	second := top.score - 10
	for _, c := range cs {
		if c != top && c.score > second {
			second = c.score
		}
	}
	return top.score - second
}

// itemFeatures describe a claim with its choices for the item decision.
func itemFeatures(cl *claim, sp, ad *candidate) []string {
	f := append([]string{}, cl.features...)
	spKind := sp.ent.kind.String()
	f = append(f, "it:sp-kind="+spKind, "it:sp-path="+sp.paths[0], "it:class+sp-path="+cl.cue.class.String()+"|"+sp.paths[0])
	f = append(f, "it:sp-margin="+strconv.Itoa(min(int(margin(cl.speakers, sp)), 3)))
	if len(cl.speakers) == 1 {
		f = append(f, "it:sp-only")
	}
	if sp.m.kind == kindPronoun {
		f = append(f, "it:sp-pronoun")
	}
	if ad.ent == nil {
		f = append(f, "it:ad=nobody")
	} else {
		f = append(f, "it:ad-kind="+ad.ent.kind.String(), "it:ad-path="+ad.paths[0])
		if ad.ent == sp.ent || sameSide(ad.ent, sp.ent) {
			f = append(f, "it:ad-speaker-side")
		}
	}
	f = append(f, conjunctions(f)...)
	return f
}

// coreItemFeatures are the features whose pairs the item decision also
// weighs: a cue's class means one thing quoted, another reported.
var coreItemFeatures = []string{"cue:class=", "cue:quoted", "cue:reported", "cue:modal", "cue:conditional",
	"cue:first-person", "cue:negated", "cue:headline", "cue:speech-verb", "it:sp-kind=", "it:sp-path=", "it:ad=nobody", "cue:question"}

// conjunctions pairs the core features present.
func conjunctions(f []string) []string {
	var core []string
	for _, x := range f {
		for _, p := range coreItemFeatures {
			if x == p || strings.HasPrefix(x, p) && strings.HasSuffix(p, "=") {
				core = append(core, x)
				break
			}
		}
	}
	slices.Sort(core)
	core = slices.Compact(core)
	var out []string
	for i := range core {
		for j := i + 1; j < len(core); j++ {
			out = append(out, "pair:"+core[i]+"&"+core[j])
		}
	}
	return out
}
