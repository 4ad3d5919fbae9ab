package warnings

import "testing"

func TestSpotCues(t *testing.T) {
	tests := []struct {
		text               string
		speech, content    bool
		reported, quoted   bool
		worth, worthInHead bool
	}{
		{"The minister warned of floods.", true, false, true, false, true, true},
		{"The consequences would be grave, she said.", false, true, true, false, true, true},
		{`"It would be a grave mistake," the envoy told reporters.`, false, true, true, true, true, true},
		{"Prices rose on the consequences of the storm.", false, true, false, false, false, true},
		{"The weather was fine all week.", false, false, false, false, false, false},
	}
	for _, tc := range tests {
		d := newDocument("", tc.text)
		sp := spotCues(d.sents[0])
		if sp.speech != tc.speech || sp.content != tc.content || sp.reported != tc.reported || sp.quoted != tc.quoted {
			t.Errorf("%q: spotted %+v", tc.text, sp)
		}
		if sp.worthParsing(false) != tc.worth || sp.worthParsing(true) != tc.worthInHead {
			t.Errorf("%q: worth parsing %v (in a headline %v), want %v (%v)", tc.text, sp.worthParsing(false), sp.worthParsing(true), tc.worth, tc.worthInHead)
		}
	}
}

func TestFindCues(t *testing.T) {
	tests := []struct {
		sentence string
		lemma    string
		class    cueClass
		word     string
	}{
		{"The minister warned that prices would rise.", "warn", cueWarn, "warned"},
		{"Moscow issued a stern warning to Kyiv on Friday.", "warning", cueWarn, "warning"},
		{"Unions threatened to strike over pensions.", "threaten", cueThreat, "threatened"},
		{"He said any attack would cross a red line.", "red line", cueContent, "line"},
		{"Critics fear the plan will fail.", "fear", cueFear, "fear"},
	}
	for _, tc := range tests {
		tr := parseOne(t, tc.sentence)
		found := false
		for _, c := range findCues(tr) {
			if c.lemma == tc.lemma {
				found = true
				if c.class != tc.class || tr.toks[c.tok].Text != tc.word {
					t.Errorf("%q: cue %q of class %v at %q, want %v at %q", tc.sentence, c.lemma, c.class, tr.toks[c.tok].Text, tc.class, tc.word)
				}
			}
		}
		if !found {
			t.Errorf("%q: no cue %q among %v", tc.sentence, tc.lemma, findCues(tr))
		}
	}
	// a cue word as another part of speech is no cue: "the warning lights"
	// stay a noun cue, but "The line is red" has no phrase
	if cs := findCues(parseOne(t, "The line on the map is red.")); len(cs) != 0 {
		t.Errorf("no cue expected, got %v", cs)
	}
}
