package warnings

import (
	"slices"
	"strings"
	"testing"
)

func TestReadLexiconRejectsBadLines(t *testing.T) {
	for _, bad := range []string{
		"[speech-cues]\nwarn\n",       // no class
		"[speech-cues]\nwarn shout\n", // unknown class
		"warn warn\n",                 // outside any section
		"[unknown]\nwarn warn\n",      // unknown section
	} {
		if _, err := readLexicon(bad); err == nil {
			t.Errorf("readLexicon(%q) accepted a bad line", bad)
		}
	}
	l, err := readLexicon("# comment\n[speech-cues]\nwarn warn\ncall on urge\n[report-verbs]\nsay | said\n")
	if err != nil {
		t.Fatal(err)
	}
	if l.cues["warn"] != cueWarn || len(l.phrases) != 1 || l.phrases[0].class != cueUrge {
		t.Errorf("cues %v phrases %v", l.cues, l.phrases)
	}
	if !l.forms["warned"] || l.forms["call"] || l.phraseStarts["called"]["on"] != cueUrge || !l.reportForms["said"] || !l.reportForms["says"] {
		t.Errorf("forms %v phrase starts %v report forms %v", l.forms, l.phraseStarts, l.reportForms)
	}
}

func TestInflections(t *testing.T) {
	for lemma, want := range map[string][]string{
		"warn":     {"warn", "warns", "warned", "warning"},
		"urge":     {"urges", "urged", "urging"},
		"worry":    {"worries", "worried", "worrying"},
		"threaten": {"threatens", "threatened", "threatening"},
		"step":     {"steps", "stepped", "stepping"},
		"crash":    {"crashes", "crashed"},
	} {
		got := inflections(lemma)
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("inflections(%q) = %v, missing %q", lemma, got, w)
			}
		}
	}
}

// TestEmbeddedLexicon checks the data file the extractor ships with: the
// classes of its main cues and that each word is in one place.
func TestEmbeddedLexicon(t *testing.T) {
	for lemma, class := range map[string]cueClass{"warn": cueWarn, "threaten": cueThreat, "urge": cueUrge, "fear": cueFear, "consequence": cueContent} {
		if lex.cues[lemma] != class {
			t.Errorf("%s is %v, want %v", lemma, lex.cues[lemma], class)
		}
	}
	if !lex.reportForms["said"] || !lex.reportForms["told"] || !lex.lightVerbs["issue"] || !lex.audiences["reporter"] || !lex.media["reuters"] {
		t.Error("the lexicon lost a section")
	}
	seen := map[string]string{}
	section := ""
	for _, line := range strings.Split(lexiconText, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			section = line
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") || (section != "[speech-cues]" && section != "[content-cues]") {
			continue
		}
		lemma := strings.Join(strings.Fields(strings.Split(line, "|")[0])[:len(strings.Fields(strings.Split(line, "|")[0]))-1], " ")
		if prev, ok := seen[lemma]; ok {
			t.Errorf("cue %q is listed twice (%s and %s)", lemma, prev, section)
		}
		seen[lemma] = section
	}
}
