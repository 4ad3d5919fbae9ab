package warnings

import (
	"strconv"
	"strings"
	"testing"

	"redline/briefing/language"
)

// handTree builds a parsed sentence by hand, "word/TAG/head/rel" per
// word (head 0-based, -1 for the root), to test the rules on the tree
// apart from the parser's guesses.
func handTree(t *testing.T, spec ...string) *tree {
	t.Helper()
	tr := &tree{}
	text := ""
	for _, s := range spec {
		var w, tag, rel string
		var head int
		parts := strings.Split(s, "/")
		if len(parts) != 4 {
			t.Fatalf("bad spec %q", s)
		}
		w, tag, rel = parts[0], parts[1], parts[3]
		head, _ = strconv.Atoi(parts[2])
		xtag := map[string]string{"VERB": "VBD", "NOUN": "NN", "PROPN": "NNP", "PRON": "PRP", "AUX": "MD"}[tag]
		if t, x, ok := strings.Cut(tag, ":"); ok {
			tag, xtag = t, x
		}
		if text != "" {
			text += " "
		}
		start := len(text)
		text += w
		tr.toks = append(tr.toks, language.Token{Text: w, Start: start, End: len(text), Tag: tag, XTag: xtag, Lemma: strings.ToLower(w), Head: head, Rel: rel})
	}
	tr.text, tr.cased = text, text
	tr.kids = make([][]int, len(tr.toks))
	tr.quoted = make([]bool, len(tr.toks))
	for k, tok := range tr.toks {
		if tok.Head >= 0 {
			tr.kids[tok.Head] = append(tr.kids[tok.Head], k)
		}
	}
	return tr
}

func TestSubject(t *testing.T) {
	tests := []struct {
		name    string
		tree    *tree
		verb    int
		subject int
	}{
		{"its own", handTree(t, "Russia/PROPN/1/nsubj", "warned/VERB/-1/root", "Kyiv/PROPN/1/obj"), 1, 0},
		{"coordinated verb", handTree(t, "Russia/PROPN/1/nsubj", "warned/VERB/-1/root", "and/CCONJ/3/cc", "threatened/VERB/1/conj"), 3, 0},
		{"controlling verb", handTree(t, "Unions/NOUN/1/nsubj", "continued/VERB/-1/root", "to/PART/3/mark", "threaten/VERB/1/xcomp", "strikes/NOUN/3/obj"), 3, 0},
		{"object control", handTree(t, "It/PRON/1/nsubj", "prompted/VERB/-1/root", "unions/NOUN/1/obj", "to/PART/4/mark", "threaten/VERB/1/xcomp"), 4, 2},
		{"two subjects, the one before the verb nearest", handTree(t, "Secretary/PROPN/3/nsubj", "John/PROPN/3/nsubj", "Reid/PROPN/1/flat", "warned/VERB/-1/root"), 3, 1},
		{"participle of the main clause", handTree(t, "Iran/PROPN/1/nsubj", "spoke/VERB/-1/root", ",/PUNCT/3/punct", "warning/VERB:VBG/1/advcl"), 3, 0},
	}
	for _, tc := range tests {
		if s, passive := tc.tree.subject(tc.verb); s != tc.subject || passive {
			t.Errorf("%s: subject %d (passive %v), want %d", tc.name, s, passive, tc.subject)
		}
	}
	pass := handTree(t, "Iran/PROPN/2/nsubj:pass", "was/AUX/2/aux:pass", "warned/VERB/-1/root")
	if s, passive := pass.subject(2); s != 0 || !passive {
		t.Errorf("passive: subject %d passive %v", s, passive)
	}
}

func TestSubjectOnParsedNews(t *testing.T) {
	tr := parseOne(t, "Russia warned Ukraine and threatened to cut supplies.")
	if s, _ := tr.subject(tr.token(t, "threatened")); s < 0 || tr.toks[s].Text != "Russia" {
		t.Errorf("the parser's tree: subject of threatened %d", s)
	}
}

func tagsOf(sentence string, mend func([]language.Token)) []language.Token {
	toks := language.Tokenize(sentence)
	language.Default().Tag(toks)
	mend(toks)
	return toks
}

func TestMendTenses(t *testing.T) {
	for _, tc := range []struct {
		sentence, word, tag string
		mend                func([]language.Token)
	}{
		{"Separately, the IMF warned on Thursday that the deficit was too large.", "warned", "VBD", mendPastTense},
		{"Its chairman, Maureen Smith, urged ministers not to let the rises go ahead.", "urged", "VBD", mendPastTense},
		{"Iran was warned over its nuclear programme.", "warned", "VBN", mendPastTense},
		{"The report warns that the government should not be scared off.", "warns", "VBZ", mendPresentTense},
		{"Iran warned over nuclear inspections", "warned", "VBN", passiveHeadline},
		{"Fed warns of more US rate rises", "warns", "VBZ", verbHeadline},
	} {
		for _, tok := range tagsOf(tc.sentence, tc.mend) {
			if tok.Text == tc.word && tok.XTag != tc.tag {
				t.Errorf("%q: %q tagged %s, want %s", tc.sentence, tc.word, tok.XTag, tc.tag)
			}
		}
	}
}

func TestTitleCaseHeadline(t *testing.T) {
	d := newDocument("Iran Threatens 'Crushing Response' To Any Israeli Action", "Body text here.")
	if !titleCase(d.sents[0].toks) {
		t.Fatal("a headline in title case not recognised")
	}
	if got := sentenceCase(d.sents[0]); got != "Iran threatens 'crushing response' to any Israeli action" {
		t.Errorf("sentence case %q", got)
	}
	tr := parse(language.Default(), d, 0)
	if tr.text != d.sents[0].text || tr.toks[1].Text != "Threatens" {
		t.Error("the tree must keep the headline's own words")
	}
	if titleCase(newDocument("China warns Taiwan over independence vote", "x").sents[0].toks) {
		t.Error("a headline in sentence case taken for title case")
	}
}

// TestOpenerIsNotAName: a preposition the tagger seldom met, capitalised
// at a sentence's start, is read as a preposition, not as a name that
// could speak; the sentence keeps its own text.
func TestOpenerIsNotAName(t *testing.T) {
	tr := parseOne(t, "Amid warnings from aid agencies of food shortages, donors pledged a further $40m.")
	if k := tr.token(t, "Amid"); tr.tag(k) == "PROPN" {
		t.Errorf("Amid tagged %s", tr.tag(k))
	}
	if tr.toks[0].Text != "Amid" {
		t.Errorf("the first word reads %q", tr.toks[0].Text)
	}
}

// TestGerundAfterANameIsAVerb: "Safadi warning of …" is a person warning,
// not a compound noun, so the name is the participle's subject.
func TestGerundAfterANameIsAVerb(t *testing.T) {
	tr := parseOne(t, `Jordan criticised the shift, with Foreign Minister Ayman Safadi warning of "dangerous consequences".`)
	if k := tr.token(t, "warning"); tr.tag(k) != "VERB" {
		t.Errorf("warning tagged %s", tr.tag(k))
	}
	tr = parseOne(t, "The Pentagon warning was ignored.")
	if k := tr.token(t, "warning"); tr.tag(k) != "NOUN" {
		t.Errorf("a warning that is a noun tagged %s", tr.tag(k))
	}
}

// TestThatBeforeAPluralIsAConjunction: "warning that student halls are
// crowded" opens a clause; "that" is no determiner of "halls".
func TestThatBeforeAPluralIsAConjunction(t *testing.T) {
	tr := parseOne(t, "Experts are warning that student halls are too crowded.")
	if k := tr.token(t, "that"); tr.tag(k) != "SCONJ" {
		t.Errorf("that tagged %s", tr.tag(k))
	}
	tr = parseOne(t, "Sainsbury's has warned that profits for the year will be lower than expected.")
	if k := tr.token(t, "that"); tr.tag(k) != "SCONJ" {
		t.Errorf("that tagged %s", tr.tag(k))
	}
	tr = parseOne(t, "Experts criticised that decision.")
	if k := tr.token(t, "that"); tr.tag(k) != "DET" {
		t.Errorf("a determiner before a singular noun tagged %s", tr.tag(k))
	}
}
