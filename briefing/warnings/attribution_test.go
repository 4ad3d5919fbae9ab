package warnings

import (
	"slices"
	"strings"
	"testing"
)

func TestSpeakerCandidates(t *testing.T) {
	tests := []struct {
		name, text    string
		sent          int
		cue, path, sp string
	}{
		{"subject of the cue verb", "Russia warned Ukraine that the talks were over.", 0, "warn", "subj", "Russia"},
		{"reporting verb", `The envoy said any attack would be "a grave mistake".`, 0, "mistake", "report", "The envoy"},
		{"inverted reporting verb", `"The consequences will be severe," said Lisa Boesky.`, 0, "consequence", "inverted", "Lisa Boesky"},
		{"according to", "Any attack would cross a red line, according to the Pentagon.", 0, "red line", "according", "United States"},
		{"light verb", "The Kremlin issued a stern warning to Kyiv on Friday.", 0, "warning", "light-subj", "Russia"},
		{"possessor of the cue noun", "Russia's warning came late on Friday.", 0, "warning", "poss", "Russia"},
		{"relative pronoun", "Senator James Lankford, a Republican who warned of the dangers, spoke on Friday.", 0, "warn", "subj", "Republican"},
		{"quotation attributed in the next sentence", "Adam Smith spoke at length.\n\n\"The consequences would be grave. We must act now,\" he said.", 1, "consequence", "quote-attr", "Adam Smith"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := stage(t, "", tc.text)
			cl := s.claimOf(t, tc.sent, tc.cue)
			c := cl.speakers.withPath(tc.path)
			if c == nil || !containsWord(c.ent.name, tc.sp) {
				t.Errorf("speakers %v: want %s by %s", cl.speakers.names(), tc.sp, tc.path)
			}
		})
	}
}

func containsWord(name, word string) bool {
	return name == word || slices.Contains(strings.Fields(name), word)
}

// TestHeadlinePassiveHasNoSpeaker: "Iran warned over inspections" says
// who was warned, not who warned.
func TestHeadlinePassiveHasNoSpeaker(t *testing.T) {
	s := stage(t, "Iran warned over nuclear inspections", "The agency said inspections must resume.")
	for _, cl := range s.claims {
		if cl.sent == 0 && cl.cue.lemma == "warn" && cl.speakers.withPath("subj") != nil {
			t.Errorf("the headline's subject is a speaker: %v", cl.speakers.names())
		}
	}
}

func TestSpeakerFeatures(t *testing.T) {
	s := stage(t, "", `"It would be a mistake," said the Express Tribune.`)
	cl := s.claimOf(t, 0, "mistake")
	c := cl.speakers.withPath("inverted")
	if c == nil || !slices.Contains(c.features, "sp:media") {
		t.Errorf("a newspaper as a speaker is not marked: %v", cl.speakers.names())
	}
}
