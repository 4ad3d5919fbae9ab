package warnings

import (
	"testing"

	"redline/briefing/language"
)

// tokens builds a parsed sentence by hand: word/TAG/head/rel, one per
// token, so that a mend is tested on the exact mistake it mends.
func tokens(spec ...[4]any) []language.Token {
	out := make([]language.Token, len(spec))
	for i, s := range spec {
		out[i] = language.Token{Text: s[0].(string), Tag: s[1].(string), Head: s[2].(int), Rel: s[3].(string)}
	}
	return out
}

func TestMendPossessiveOwnerTakenForSubject(t *testing.T) {
	// "Iran 's Foreign Ministry said": the parser made Iran a second subject
	toks := tokens(
		[4]any{"Iran", "PROPN", 4, "nsubj"},
		[4]any{"'s", "PART", 0, "case"},
		[4]any{"Foreign", "PROPN", 3, "compound"},
		[4]any{"Ministry", "PROPN", 4, "nsubj"},
		[4]any{"said", "VERB", -1, "root"},
	)
	mendTree(toks)
	if toks[0].Head != 3 || toks[0].Rel != "nmod:poss" {
		t.Errorf("Iran: head %d rel %s; want the ministry's owner", toks[0].Head, toks[0].Rel)
	}
	if toks[3].Head != 4 || toks[3].Rel != "nsubj" {
		t.Errorf("the ministry lost its place as subject: head %d rel %s", toks[3].Head, toks[3].Rel)
	}
}

func TestMendSecondSubjectIsAppositionOrConjunct(t *testing.T) {
	// "executive , Rob warned": set off by a comma, an apposition
	toks := tokens(
		[4]any{"executive", "NOUN", 3, "nsubj"},
		[4]any{",", "PUNCT", 0, "punct"},
		[4]any{"Rob", "PROPN", 3, "nsubj"},
		[4]any{"warned", "VERB", -1, "root"},
	)
	mendTree(toks)
	if toks[2].Head != 0 || toks[2].Rel != "appos" {
		t.Errorf("Rob: head %d rel %s; want an apposition of the executive", toks[2].Head, toks[2].Rel)
	}
	// "Beer and Pub said": joined by "and", a conjunct that takes the "and"
	toks = tokens(
		[4]any{"Beer", "NOUN", 3, "nsubj"},
		[4]any{"and", "CCONJ", 3, "cc"},
		[4]any{"Pub", "PROPN", 3, "nsubj"},
		[4]any{"said", "VERB", -1, "root"},
	)
	mendTree(toks)
	if toks[2].Head != 0 || toks[2].Rel != "conj" || toks[1].Head != 2 {
		t.Errorf("Pub: head %d rel %s, and head %d; want a conjunct of Beer", toks[2].Head, toks[2].Rel, toks[1].Head)
	}
	// two subjects of two verbs are left alone
	toks = tokens(
		[4]any{"Russia", "PROPN", 1, "nsubj"},
		[4]any{"said", "VERB", -1, "root"},
		[4]any{"Kyiv", "PROPN", 3, "nsubj"},
		[4]any{"lied", "VERB", 1, "ccomp"},
	)
	mendTree(toks)
	if toks[2].Head != 3 || toks[2].Rel != "nsubj" {
		t.Errorf("Kyiv: head %d rel %s; a subject of its own verb was moved", toks[2].Head, toks[2].Rel)
	}
}

func TestMendAdjectiveWithDeterminerIsNoun(t *testing.T) {
	toks := tokens(
		[4]any{"a", "DET", 1, "det"},
		[4]any{"Republican", "ADJ", 2, "nsubj"},
		[4]any{"warned", "VERB", -1, "root"},
		[4]any{"new", "ADJ", 4, "amod"},
		[4]any{"rules", "NOUN", 2, "obj"},
	)
	mendTree(toks)
	if toks[1].Tag != "NOUN" {
		t.Errorf("a Republican is tagged %s", toks[1].Tag)
	}
	if toks[3].Tag != "ADJ" {
		t.Errorf("an adjective modifying a noun became %s", toks[3].Tag)
	}
}

func TestMendPassiveSubjectWithoutAuxiliary(t *testing.T) {
	// "officers had threatened": no passive auxiliary, a plain subject
	toks := tokens(
		[4]any{"officers", "NOUN", 2, "nsubj:pass"},
		[4]any{"had", "AUX", 2, "aux"},
		[4]any{"threatened", "VERB", -1, "root"},
	)
	mendTree(toks)
	if toks[0].Rel != "nsubj" {
		t.Errorf("officers: rel %s; want nsubj", toks[0].Rel)
	}
	// "officers were threatened": a true passive is left alone
	toks = tokens(
		[4]any{"officers", "NOUN", 2, "nsubj:pass"},
		[4]any{"were", "AUX", 2, "aux:pass"},
		[4]any{"threatened", "VERB", -1, "root"},
	)
	mendTree(toks)
	if toks[0].Rel != "nsubj:pass" {
		t.Errorf("a passive subject was changed to %s", toks[0].Rel)
	}
}

func TestMendSubjectHungOnAFrontedPhrase(t *testing.T) {
	// "On Monday , the Daily , the mouthpiece , warned": the parser made
	// the Daily and the mouthpiece appositions of Monday
	toks := tokens(
		[4]any{"On", "ADP", 1, "case"},
		[4]any{"Monday", "PROPN", 8, "obl"},
		[4]any{",", "PUNCT", 3, "punct"},
		[4]any{"the", "DET", 3, "det"},
		[4]any{"Daily", "PROPN", 1, "appos"},
		[4]any{",", "PUNCT", 6, "punct"},
		[4]any{"mouthpiece", "NOUN", 1, "appos"},
		[4]any{",", "PUNCT", 8, "punct"},
		[4]any{"warned", "VERB", -1, "root"},
	)
	toks[3].Head = 4
	mendTree(toks)
	if toks[4].Head != 8 || toks[4].Rel != "nsubj" {
		t.Errorf("Daily: head %d rel %s; want the subject of warned", toks[4].Head, toks[4].Rel)
	}
	if toks[6].Head != 4 || toks[6].Rel != "appos" {
		t.Errorf("mouthpiece: head %d rel %s; want an apposition of the Daily", toks[6].Head, toks[6].Rel)
	}
	// a verb with a subject keeps the fronted phrase's apposition
	toks = tokens(
		[4]any{"In", "ADP", 1, "case"},
		[4]any{"Kyiv", "PROPN", 6, "obl"},
		[4]any{",", "PUNCT", 3, "punct"},
		[4]any{"capital", "NOUN", 1, "appos"},
		[4]any{",", "PUNCT", 5, "punct"},
		[4]any{"officials", "NOUN", 6, "nsubj"},
		[4]any{"warned", "VERB", -1, "root"},
	)
	mendTree(toks)
	if toks[3].Head != 1 || toks[3].Rel != "appos" {
		t.Errorf("capital: head %d rel %s; an apposition was moved though the verb had a subject", toks[3].Head, toks[3].Rel)
	}
}

func TestMendNounJoinedToPreposition(t *testing.T) {
	// "set , with forecasters warning": the parser joined the noun to
	// "with" as if they were one misspelt word
	toks := tokens(
		[4]any{"set", "ADJ", -1, "root"},
		[4]any{",", "PUNCT", 0, "punct"},
		[4]any{"with", "ADP", 1, "case"},
		[4]any{"forecasters", "NOUN", 2, "goeswith"},
		[4]any{"warning", "VERB", 3, "acl"},
	)
	mendTree(toks)
	if toks[3].Head != 0 || toks[3].Rel != "obl" || toks[2].Head != 3 || toks[2].Rel != "case" {
		t.Errorf("forecasters: head %d rel %s, with: head %d rel %s; want an oblique with its preposition", toks[3].Head, toks[3].Rel, toks[2].Head, toks[2].Rel)
	}
}

func TestMendObjectControl(t *testing.T) {
	// "Nokia urged customers not to accept files": the parser hung the
	// infinitive on the customers as a relative clause
	toks := tokens(
		[4]any{"Nokia", "PROPN", 1, "nsubj"},
		[4]any{"urged", "VERB", -1, "root"},
		[4]any{"customers", "NOUN", 1, "obj"},
		[4]any{"not", "PART", 5, "advmod"},
		[4]any{"to", "PART", 5, "mark"},
		[4]any{"accept", "VERB", 2, "acl:relcl"},
		[4]any{"files", "NOUN", 5, "obj"},
	)
	toks[4].Lemma = "to"
	toks[1].Lemma = "urge"
	mendTree(toks)
	if toks[5].Head != 1 || toks[5].Rel != "xcomp" {
		t.Errorf("accept: head %d rel %s; want an xcomp of urged", toks[5].Head, toks[5].Rel)
	}
}
