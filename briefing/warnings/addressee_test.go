package warnings

import (
	"slices"
	"testing"
)

func TestAddresseeCandidates(t *testing.T) {
	tests := []struct {
		name, text  string
		cue         string
		path, party string
	}{
		{"object of the cue", "Russia warned Ukraine on Friday.", "warn", "obj", "Ukraine"},
		{"who is urged", "The Bank urged lenders not to cut rates.", "urge", "obj", "lenders"},
		{"the condition's subject", "Iran said it would respond if Israel attacked its ships.", "respond", "cond-subj", "Israel"},
		{"the owner of what is warned about", "Guterres warned about the consequences of Israel's military actions.", "warn", "obl-about-inner", "Israel"},
		{"against", "The Taliban warned Turkey against keeping troops in Kabul.", "warn", "obj", "Turkey"},
		{"the headline's party", "US warns China after incident", "warn", "obj", "China"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			title, body := "", tc.text
			sent := 0
			if tc.name == "the headline's party" {
				title, body, sent = tc.text, "The statement came on Friday.", 0
			}
			s := stage(t, title, body)
			cl := s.claimOf(t, sent, tc.cue)
			found := false
			for _, c := range cl.addressees {
				found = found || c.ent != nil && c.hasPath(tc.path) && containsWord(c.ent.name, tc.party)
			}
			if !found {
				t.Errorf("addressees %v: want %s by %s", cl.addressees.names(), tc.party, tc.path)
			}
		})
	}
}

func TestOtherSide(t *testing.T) {
	s := stage(t, "", "Russian Foreign Minister Sergey Lavrov told reporters that Moscow would respond if Nato moved troops east.")
	cl := s.claimOf(t, 0, "respond")
	sp := cl.speakers.withPath("report")
	if sp == nil || sp.ent.name != "Sergey Lavrov" {
		t.Fatalf("speakers %v", cl.speakers.names())
	}
	lavrov := sp.ent
	if len(cl.addressees) < 3 {
		t.Fatalf("too few candidates to test: %v", cl.addressees.names())
	}
	kept := cl.x.otherSide(slices.Clone(cl.addressees), lavrov)
	for _, c := range kept {
		if c.ent != nil && (c.ent.country == "russia" || c.ent.name == "reporters" || c.ent == lavrov) {
			t.Errorf("%s kept as an addressee of Lavrov: %v", c.ent.name, kept.names())
		}
	}
	if kept.withPath("cond-subj") == nil {
		t.Errorf("Nato lost: %v", kept.names())
	}
}

func TestStructuralAddressee(t *testing.T) {
	obj := &entity{name: "Ukraine", kind: kindCountry}
	cond := &entity{name: "Nato", kind: kindOrg}
	frequent := &entity{name: "United States", kind: kindCountry, mentions: 9}
	cs := candidates{
		{ent: frequent, paths: []string{"salient"}},
		{ent: cond, paths: []string{"cond-subj"}},
		{ent: obj, paths: []string{"obj"}},
		{paths: []string{"nobody"}},
	}
	if got := structuralAddressee(cs); got != obj {
		t.Errorf("structural addressee %v, want the object", got)
	}
	if got := structuralAddressee(cs[:2]); got != cond {
		t.Errorf("without an object: %v, want the condition's subject", got)
	}
	if got := structuralAddressee(cs[:1]); got != frequent {
		t.Errorf("without structure: %v, want the party named most", got)
	}
}
