package warnings

import (
	"fmt"
	"slices"
	"testing"
)

// fakeDecision makes a decision of sentence sent by speaker to addressee
// (nil: nobody) with probability p.
func fakeDecision(d *document, sent int, speaker, addressee *entity, p float64) decision {
	x := &cueContext{d: d}
	ad := &candidate{ent: addressee, paths: []string{"obj"}, score: 1}
	nobody := &candidate{paths: []string{"nobody"}}
	return decision{
		claim:      &claim{sent: sent, x: x},
		speaker:    &candidate{ent: speaker, paths: []string{"subj"}},
		addressees: candidates{ad, nobody},
		addressee:  ad,
		prob:       p,
	}
}

func TestMergeDecisions(t *testing.T) {
	d := newDocument("Russia warns Ukraine", "Russia warned Ukraine on Friday. Lavrov repeated the warning. The talks went on. Peskov warned Kyiv too.")
	russia := &entity{name: "Russia", kind: kindCountry, country: "russia"}
	lavrov := &entity{name: "Sergey Lavrov", kind: kindPerson, side: russia}
	peskov := &entity{name: "Dmitry Peskov", kind: kindPerson, side: russia}
	ukraine := &entity{name: "Ukraine", kind: kindCountry, country: "ukraine"}
	ds := []decision{
		fakeDecision(d, 0, russia, ukraine, 0.9), // the headline
		fakeDecision(d, 1, russia, ukraine, 0.9),
		fakeDecision(d, 2, lavrov, ukraine, 0.8),
		fakeDecision(d, 3, lavrov, nil, 0.2), // below the threshold: left out
		fakeDecision(d, 4, peskov, ukraine, 0.7),
	}
	items := mergeDecisions(ds, 0.5)
	if len(items) != 2 {
		t.Fatalf("%d items, want Russia with Lavrov, and Peskov", len(items))
	}
	first := items[0]
	if first.speaker != lavrov || first.addressee != ukraine {
		t.Errorf("first item: %s → %v", first.speaker.name, first.addressee)
	}
	if got := first.sents(); len(got) != 3 || got[0] != 0 || got[2] != 2 {
		t.Errorf("first item's sentences %v, want the headline and 1, 2", got)
	}
	if items[1].speaker != peskov {
		t.Errorf("two people of one side are two speakers: %s", items[1].speaker.name)
	}
}

// TestBodyAndItsVoiceAreOneItem: a person of unknown side who warns the
// same party just after a body did speaks for it — one item, the person
// as its speaker and the body as the affiliation; a person of another side,
// or one far from it, is an item of their own.
func TestBodyAndItsVoiceAreOneItem(t *testing.T) {
	d := newDocument("Moscow threatens Kiev", "Gazprom threatened to cut supplies to Ukraine. Its deputy chief said the company had been patient. "+
		"\"If we are not paid, we will reduce deliveries,\" Medvedev said. Ukraine's minister Plachkov warned Ukraine's buyers. "+
		"The talks went on. Nothing changed. Later, Ivanov warned Ukraine again.")
	gazprom := &entity{name: "Gazprom", kind: kindOrg, country: "russia"}
	medvedev := &entity{name: "Alexander Medvedev", kind: kindPerson}
	ukraine := &entity{name: "Ukraine", kind: kindCountry, country: "ukraine"}
	plachkov := &entity{name: "Ivan Plachkov", kind: kindPerson, side: ukraine}
	ivanov := &entity{name: "Ivanov", kind: kindPerson}
	items := mergeDecisions([]decision{
		fakeDecision(d, 1, gazprom, ukraine, 0.9),
		fakeDecision(d, 3, medvedev, ukraine, 0.8),
		fakeDecision(d, 4, plachkov, ukraine, 0.8),
		fakeDecision(d, 7, ivanov, ukraine, 0.8),
		fakeDecision(d, 0, gazprom, ukraine, 0.9), // the headline joins the body's item
	}, 0.5)
	var got []string
	for _, it := range items {
		got = append(got, fmt.Sprintf("%s (%s) %v", it.speaker.name, it.speakerSide(), it.sents()))
	}
	want := []string{"Alexander Medvedev (Gazprom) [0 1 3]", "Ivan Plachkov (Ukraine) [4]", "Ivanov () [7]"}
	if !slices.Equal(got, want) {
		t.Errorf("items\n got %q\nwant %q", got, want)
	}
}

// TestAnOfficeAndItsHolderAreOneItem: "Germany's foreign minister has
// cautioned Poland" then "Joschka Fischer said …" to Poland: one warning,
// by Fischer.
func TestAnOfficeAndItsHolderAreOneItem(t *testing.T) {
	d := newDocument("", "Germany's foreign minister has cautioned Poland. Joschka Fischer said a veto would be a mistake.")
	germany := &entity{name: "Germany", kind: kindCountry, country: "germany"}
	minister := &entity{name: "Germany's foreign minister", kind: kindRole, side: germany}
	fischer := &entity{name: "Joschka Fischer", kind: kindPerson}
	poland := &entity{name: "Poland", kind: kindCountry, country: "poland"}
	items := mergeDecisions([]decision{fakeDecision(d, 0, minister, poland, 0.9), fakeDecision(d, 1, fischer, poland, 0.8)}, 0.5)
	if len(items) != 1 || items[0].speaker != fischer || items[0].speakerSide() != "Germany" {
		t.Errorf("%d items, the first by %s", len(items), items[0].speaker.name)
	}
}

func TestBestPerSentence(t *testing.T) {
	d := newDocument("", "Russia warned Ukraine on Friday. It was a threat.")
	russia := &entity{name: "Russia", kind: kindCountry}
	ds := []decision{fakeDecision(d, 1, russia, nil, 0.4), fakeDecision(d, 1, russia, nil, 0.7), fakeDecision(d, 2, russia, nil, 0.5)}
	got := bestPerSentence(ds)
	if len(got) != 2 || got[0].prob != 0.7 {
		t.Errorf("best per sentence %v", got)
	}
}

// TestDecideAbstainsFromAnAddressee: when the model is sure a warning is
// addressed to nobody in particular, the decision names nobody; else the
// best party.
func TestDecideAbstainsFromAnAddressee(t *testing.T) {
	s := stage(t, "", "Russia warned Ukraine that the talks were over.")
	cl := s.claimOf(t, 0, "warn")
	sure := &model{Open: map[string]float64{"bias": 5}}
	if d := sure.decide(cl); d.addressee.ent != nil {
		t.Errorf("sure of nobody, named %s", d.addressee.ent.name)
	}
	unsure := &model{Open: map[string]float64{"bias": -5}, Addressee: map[string]float64{"ad:path=obj": 1}}
	if d := unsure.decide(cl); d.addressee.ent == nil || d.addressee.ent.name != "Ukraine" {
		t.Errorf("named %v, want Ukraine", d.addressee.ent)
	}
}

// TestContextFeatures: the second pass knows how sure the first was of a
// claim and whether it was sure of the same speaker's other claims, near
// or anywhere; another speaker's sure claims say nothing.
func TestContextFeatures(t *testing.T) {
	d := newDocument("", "Russia warned Ukraine. Lavrov repeated it. Kyiv scoffed. Nothing changed. Nothing at all. Russia warned again.")
	russia := &entity{name: "Russia", kind: kindCountry, country: "russia"}
	kyiv := &entity{name: "Ukraine", kind: kindCountry, country: "ukraine"}
	ds := []decision{
		fakeDecision(d, 0, russia, kyiv, 0),
		fakeDecision(d, 1, russia, kyiv, 0),
		fakeDecision(d, 2, kyiv, russia, 0),
		fakeDecision(d, 5, russia, kyiv, 0),
	}
	first := []float64{0.9, 0.62, 0.95, 0.5}
	has := func(f []string, s string) bool { return slices.Contains(f, s) }
	if f := contextFeatures(ds, first, 1, 0.7); !has(f, "ctx:first=6") || !has(f, "ctx:speaker-sure-near") || !has(f, "ctx:speaker-sure") {
		t.Errorf("a claim next to its speaker's sure one: %v", f)
	}
	if f := contextFeatures(ds, first, 3, 0.7); has(f, "ctx:speaker-sure-near") || !has(f, "ctx:speaker-sure") {
		t.Errorf("a claim far from its speaker's sure one: %v", f)
	}
	if f := contextFeatures(ds, first, 2, 0.7); has(f, "ctx:speaker-sure") {
		t.Errorf("another speaker's sure claims counted: %v", f)
	}
}

// TestSpeakerSideNamesTheBody: a person speaking for a named body is
// affiliated to the body; one speaking for a government's part, to the
// country.
func TestSpeakerSideNamesTheBody(t *testing.T) {
	assoc := &entity{name: "British Beer and Pub Association", kind: kindOrg, country: "united kingdom", affiliation: "United Kingdom"}
	ministry := &entity{name: "China's foreign ministry", kind: kindOrg, country: "china", affiliation: "China"}
	for _, tc := range []struct {
		body *entity
		want string
	}{{assoc, "British Beer and Pub Association"}, {ministry, "China"}} {
		voice := &entity{name: "Rob Hayward", kind: kindPerson, side: tc.body}
		it := &item{speaker: voice, voices: []*entity{voice}}
		if got := it.speakerSide(); got != tc.want {
			t.Errorf("speaking for %s: affiliation %q, want %q", tc.body.name, got, tc.want)
		}
	}
}

// TestGuessedSideIsNotShown: a side the discourse only guessed from the
// story (the country that spoke just before) is weighed but never shown
// as the speaker's affiliation.
func TestGuessedSideIsNotShown(t *testing.T) {
	japan := &entity{name: "Japan", kind: kindCountry, country: "japan"}
	hosoda := &entity{name: "Hiroyuki Hosoda", kind: kindPerson, side: japan, sideGuessed: true}
	it := &item{speaker: hosoda, voices: []*entity{hosoda}}
	if got := it.speakerSide(); got != "" {
		t.Errorf("a guessed side shown as %q", got)
	}
	hosoda.sideGuessed = false
	if got := it.speakerSide(); got != "Japan" {
		t.Errorf("a side the article gives shown as %q, want Japan", got)
	}
}
