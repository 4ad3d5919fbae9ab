package warnings

import (
	"slices"
	"strings"
	"testing"
)

func TestMentionAt(t *testing.T) {
	tests := []struct {
		sentence, head string
		name, title    string
		kind           entityKind
		affiliation    string
	}{
		{"Health Secretary John Reid warned the party.", "Reid", "John Reid", "Health Secretary", kindPerson, ""},
		{"Chinese Defense Minister Dong Jun said the army would act.", "Jun", "Dong Jun", "Chinese Defense Minister", kindPerson, "China"},
		{"The Bank of Japan kept rates on hold.", "Bank", "Bank of Japan", "", kindOrg, "Japan"},
		{"Iran's Foreign Ministry said it would respond.", "Ministry", "Foreign Ministry", "", kindOrg, "Iran"},
		{"Analysts warned that growth would slow.", "Analysts", "", "", kindGroup, ""},
		{"The US warned China on Friday.", "US", "US", "", kindCountry, ""},
		{"The Paris Agreement was signed by many countries.", "Agreement", "Paris Agreement", "", kindThing, ""},
		{"Soaring fuel prices will wipe £100m off its profits this year.", "m", "", "", kindThing, ""},
		{"The regulator cautioned that any strike over Easter would cost the industry dearly.", "Easter", "", "", kindThing, ""},
	}
	for _, tc := range tests {
		tr := parseOne(t, tc.sentence)
		m := tr.mentionAt(tr.token(t, tc.head))
		if m.name != tc.name || m.kind != tc.kind || m.affiliation != tc.affiliation || tc.title != "" && m.title != tc.title {
			t.Errorf("%q: name %q title %q kind %v affiliation %q; want %q %q %v %q", tc.sentence, m.name, m.title, m.kind, m.affiliation, tc.name, tc.title, tc.kind, tc.affiliation)
		}
	}
}

// TestNamesKeepTheirInnerWords: "People's" before a name is its first
// word, not an owner ("People's Daily", not "Daily" of the People); the
// lower-case particles of a person's name belong to it; a body's name is
// not lengthened by one.
func TestNamesKeepTheirInnerWords(t *testing.T) {
	for _, tc := range []struct{ sentence, head, name string }{
		{"On Monday, the People's Daily, the mouthpiece of the party, warned that there was no room for compromise.", "Daily", "People's Daily"},
		{"The Workers' Party threatened to leave the coalition.", "Party", "Workers' Party"},
		{"Egypt's President Abdel Fattah el Sisi said any advance would be a red line.", "Sisi", "Abdel Fattah el Sisi"},
		{"Syrian President Bashar al-Assad warned Israel.", "Assad", "Bashar al-Assad"},
		{"Ursula von der Leyen warned Russia.", "Leyen", "Ursula von der Leyen"},
		{"The Bank de France warned.", "France", "France"},
	} {
		tr := parseOne(t, tc.sentence)
		if m := tr.mentionAt(tr.token(t, tc.head)); m.name != tc.name {
			t.Errorf("%q: name %q, want %q", tc.sentence, m.name, tc.name)
		}
	}
}

func TestDescriptionsNameWholePhrases(t *testing.T) {
	tr := parseOne(t, "The agency warned people who live near the river.")
	m := tr.mentionAt(tr.token(t, "people"))
	if m.text != "people who live near the river" || m.kind != kindGroup {
		t.Errorf("description %q kind %v", m.text, m.kind)
	}
	// what somebody is warned of is not who they are
	tr = parseOne(t, "The watchdog warned spammers of big fines.")
	if m := tr.mentionAt(tr.token(t, "spammers")); m.text != "spammers" {
		t.Errorf("the object of a warning named %q", m.text)
	}
	// the words of a clause the parser hung on the noun are not its own
	tr = parseOne(t, "As one hugely-disgruntled backbencher said before the meeting: \"It is time they listened.\"")
	if m := tr.mentionAt(tr.token(t, "backbencher")); strings.HasPrefix(m.text, "As") {
		t.Errorf("a speaker described as %q", m.text)
	}
	// when they spoke is not who they are
	tr = parseOne(t, "Syrian foreign minister on Thursday said Israel was playing with fire.")
	if m := tr.mentionAt(tr.token(t, "minister")); m.text != "Syrian foreign minister" {
		t.Errorf("a speaker described as %q", m.text)
	}
}

func TestAgentNoun(t *testing.T) {
	for w, want := range map[string]bool{"supplier": true, "publisher": true, "economist": true, "pensioner": true,
		"number": false, "water": false, "government": false, "amount": false, "cat": false} {
		if agentNoun(w) != want {
			t.Errorf("agentNoun(%q) = %v", w, !want)
		}
	}
}

func TestNameKind(t *testing.T) {
	for name, want := range map[string]entityKind{
		"Ned Price": kindPerson, "Commerce Ministry": kindOrg, "Constitutional Reform Bill": kindThing,
		"DNP": kindOrg, "Hong Kong Polytechnic University": kindOrg,
	} {
		if got := nameKind(name); got != want {
			t.Errorf("nameKind(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestSurfaceMentions(t *testing.T) {
	d := newDocument("", "But Seoul and the Kremlin met Ned Price in Geneva on Monday.")
	var got []string
	for _, m := range surfaceMentions(0, d.sents[0]) {
		got = append(got, m.name+"/"+m.kind.String())
	}
	want := map[string]bool{"South Korea/country": true, "Russia/country": true, "Ned Price/person": true, "Geneva/person": false}
	for _, g := range got {
		if ok, listed := want[g]; listed && !ok {
			t.Errorf("unexpected mention %s", g)
		}
	}
	for w, ok := range want {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if ok && !found {
			t.Errorf("mention %s missing from %v", w, got)
		}
	}
}

// TestSurfaceMentionOfACountrysBody: in a sentence that was not parsed,
// "the Belarusian government" is the country's body; "Belarusian
// exporters" and a demonym alone are not.
func TestSurfaceMentionOfACountrysBody(t *testing.T) {
	d := newDocument("", "The Belarusian government said it would not be blackmailed, and Belarusian exporters agreed with the Russian foreign ministry.")
	var got []string
	for _, m := range surfaceMentions(0, d.sents[0]) {
		got = append(got, m.text+"/"+m.kind.String()+"/"+m.country)
	}
	want := []string{"Belarusian government/org/belarus", "Russian foreign ministry/org/russia"}
	if !slices.Equal(got, want) {
		t.Errorf("mentions %q, want %q", got, want)
	}
}
