package warnings

import (
	"strings"

	"redline/briefing/actors"
	"redline/briefing/language"
)

// The tagger is trained on web text (the English Web Treebank), which has
// few news headlines, few datelines and few "X warned Y" leads. These mend
// its commonest slips on news before the parser reads the tags; each is a
// rule of English news, not of one article.

// titleCase reports whether a headline capitalises most of its words
// ("Iran Threatens 'Crushing Response' To Any Israeli Action"): then its
// capitals say nothing of names, and the tagger would read every word as
// one.
func titleCase(toks []token) bool {
	words, caps := 0, 0
	for _, t := range toks {
		if t.kind != tokWord || len(t.text) < 4 {
			continue
		}
		words++
		if t.cap {
			caps++
		}
	}
	return words >= 4 && caps*4 >= words*3
}

// sentenceCase lower-cases the capitalised words of a headline that name
// nothing the gazetteer knows, keeping the first word, acronyms and
// known names; only ASCII letters change, so byte offsets stay valid.
func sentenceCase(s *sentence) string {
	b := []byte(s.text)
	known := make([]bool, len(b)+1)
	for _, g := range mentionsOf(s.text) {
		for k := g.Start; k < g.End && k < len(known); k++ {
			known[k] = true
		}
	}
	for i, t := range s.toks {
		if i == 0 || t.kind != tokWord || !t.cap || t.allUpper || known[t.start] {
			continue
		}
		if c := b[t.start]; c >= 'A' && c <= 'Z' {
			b[t.start] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// verbHeadline mends a headline's tags where the tagger, trained on
// running text, reads its present-tense cue verb as a plural noun ("Fed
// warns of more rate rises"): a cue verb form in -s after a noun, with no
// verb before it, is the verb.
func verbHeadline(toks []language.Token) {
	for k := 1; k < len(toks); k++ {
		if k > 1 && (toks[k-1].Tag == "VERB" || toks[k-1].Tag == "AUX") {
			return // a verb before it (the first word aside: "Fed" is no verb)
		}
		t := &toks[k]
		low := strings.ToLower(t.Text)
		if !strings.HasSuffix(low, "s") || (t.Tag != "NOUN" && t.Tag != "PROPN") {
			continue
		}
		lemma := strings.TrimSuffix(strings.TrimSuffix(low, "s"), "e")
		for _, cand := range []string{strings.TrimSuffix(low, "s"), lemma} {
			if c, ok := lex.cues[cand]; ok && c != cueContent || lex.reportVerbs[cand] {
				p := &toks[k-1]
				if k == 1 && isCapitalised(p.Text) && p.Tag == "VERB" {
					p.Tag, p.XTag, p.Lemma = "PROPN", "NNP", strings.ToLower(p.Text)
				}
				if p.Tag == "NOUN" || p.Tag == "PROPN" || p.Tag == "PRON" {
					t.Tag, t.XTag, t.Lemma = "VERB", "VBZ", cand
					return
				}
			}
		}
	}
}

// mendPastTense mends the tagger's commonest slip on news, a reporting or
// cue verb read as a participle where it is the sentence's past tense ("the
// IMF warned on Thursday", "Nokia urged customers", "Its chairman, Maureen
// Smith, urged"): with no form of "be", "have" or "get" in the words
// before it and no "by" after it, it is a past tense.
func mendPastTense(toks []language.Token) {
	for k := 1; k < len(toks); k++ {
		t := &toks[k]
		if t.XTag != "VBN" && t.XTag != "JJ" {
			continue
		}
		lemma := speechVerbLemma(t)
		if lemma == "" {
			continue
		}
		if k+1 < len(toks) && strings.EqualFold(toks[k+1].Text, "by") {
			continue // "warned by the IMF": a passive
		}
		auxiliary := false
		for j := max(0, k-4); j < k; j++ {
			switch toks[j].Lemma {
			case "be", "have", "get", "being", "been":
				auxiliary = true
			}
			if toks[j].Tag == "AUX" {
				auxiliary = true
			}
		}
		if !auxiliary {
			t.XTag, t.Tag, t.Lemma = "VBD", "VERB", lemma
		}
	}
}

// mendPresentTense mends the same slip in the present: "The report warns
// that …" read as a noun compound. A cue or reporting verb form in -s,
// tagged a plural noun after a noun, with no verb before it and a clause
// or an object after it, is the verb.
func mendPresentTense(toks []language.Token) {
	for k := 1; k+1 < len(toks); k++ {
		t := &toks[k]
		if t.XTag != "NNS" || !strings.HasSuffix(strings.ToLower(t.Text), "s") {
			continue
		}
		if c, ok := lex.cues[t.Lemma]; !(ok && c != cueContent) && !lex.reportVerbs[t.Lemma] {
			continue
		}
		if p := toks[k-1].Tag; p != "NOUN" && p != "PROPN" {
			continue
		}
		verbBefore := false
		for j := 0; j < k; j++ {
			if toks[j].Tag == "VERB" || toks[j].Tag == "AUX" {
				verbBefore = true
			}
		}
		next := toks[k+1]
		if !verbBefore && (strings.EqualFold(next.Text, "that") || next.Tag == "DET" || next.Tag == "PROPN" || next.Tag == "PRON" || next.Tag == "ADP") {
			t.Tag, t.XTag = "VERB", "VBZ"
		}
	}
}

// mendGerunds reads a cue's "-ing" form right after a name or a plural
// noun and before what it is about as the verb it is ("with Foreign
// Minister Ayman Safadi warning of dangerous consequences", "forecasters
// warning that …"): the tagger, seeing a name before it, takes it for the
// noun of a compound ("a Safadi warning").
func mendGerunds(toks []language.Token) {
	for k := 1; k+1 < len(toks); k++ {
		t := &toks[k]
		lower := strings.ToLower(t.Text)
		if t.Tag != "NOUN" || !strings.HasSuffix(lower, "ing") {
			continue
		}
		if c, ok := lex.cues[t.Lemma]; !ok || c == cueContent {
			if c, ok := lex.cues[strings.TrimSuffix(lower, "ing")]; !ok || c == cueContent {
				continue
			}
		}
		prev, next := toks[k-1], toks[k+1]
		if prev.Tag != "PROPN" && prev.XTag != "NNS" {
			continue
		}
		switch strings.ToLower(next.Text) {
		case "that", "of", "against", "about", "to":
			t.Tag, t.XTag = "VERB", "VBG"
		}
	}
}

// mendThatBeforePlurals reads "that" after a verb and before a plural
// noun as the conjunction it is ("warning that student halls are …"): as
// a determiner it cannot go with a plural.
func mendThatBeforePlurals(toks []language.Token) {
	for k := 1; k+1 < len(toks); k++ {
		if !strings.EqualFold(toks[k].Text, "that") || (toks[k].Tag != "DET" && toks[k].Tag != "PRON") || toks[k-1].Tag != "VERB" {
			continue
		}
		j := k + 1
		for j < len(toks) && (toks[j].Tag == "ADJ" || toks[j].XTag == "NN" || toks[j].XTag == "NNP") && j+1 < len(toks) && (toks[j+1].Tag == "NOUN" || toks[j+1].Tag == "PROPN" || toks[j+1].Tag == "ADJ") {
			j++
		}
		if j < len(toks) && (toks[j].XTag == "NNS" || toks[j].XTag == "NNPS") {
			toks[k].Tag, toks[k].XTag = "SCONJ", "IN"
		}
	}
}

// passiveHeadline reads a headline's "-ed" cue verb after a noun as the
// passive it stands for ("Iran warned over nuclear inspections", "Banks
// urged to act"): headlines tell events in the present tense, so the past
// form is a participle whose "is" or "are" was dropped.
func passiveHeadline(toks []language.Token) {
	for k := 1; k < len(toks); k++ {
		t := &toks[k]
		low := strings.ToLower(t.Text)
		if !strings.HasSuffix(low, "ed") || (t.Tag != "VERB" && t.Tag != "ADJ") {
			continue
		}
		if c, ok := lex.cues[t.Lemma]; !ok || c == cueContent {
			continue
		}
		if p := toks[k-1].Tag; p == "NOUN" || p == "PROPN" || p == "PRON" {
			t.Tag, t.XTag = "VERB", "VBN"
		}
	}
}

// headlinePassive reports whether token k of a parsed headline is a cue
// verb standing for a passive ("UK urged"): its subject is the one
// warned, not the speaker.
func (t *tree) headlinePassive(k int) bool {
	if !strings.HasSuffix(strings.ToLower(t.toks[k].Text), "ed") || t.toks[k].XTag != "VBN" {
		return false
	}
	return t.sent == 0 && t.child(k, "aux", "aux:pass") < 0
}

// speechVerbLemma returns the lemma of a past form of a speech cue or
// reporting verb ("urged" → "urge", even where the tagger called it an
// adjective), or "".
func speechVerbLemma(t *language.Token) string {
	isSpeech := func(l string) bool {
		c, ok := lex.cues[l]
		return ok && c != cueContent || lex.reportVerbs[l]
	}
	if isSpeech(t.Lemma) {
		return t.Lemma
	}
	low := strings.ToLower(t.Text)
	if !strings.HasSuffix(low, "ed") {
		return ""
	}
	for _, l := range []string{strings.TrimSuffix(low, "d"), strings.TrimSuffix(low, "ed"), strings.TrimSuffix(low, "ied") + "y"} {
		if isSpeech(l) {
			return l
		}
	}
	return ""
}

// mendTitleNouns mends a title read as an adjective ("Its chief executive,
// Rob Hayward, warned"): a word of office tagged an adjective that
// modifies no noun after it is a noun.
func mendTitleNouns(toks []language.Token) {
	for k := range toks {
		t := &toks[k]
		if t.Tag != "ADJ" || !actors.IsTitleWord(t.Text) {
			continue
		}
		if k+1 < len(toks) && (toks[k+1].Tag == "NOUN" || toks[k+1].Tag == "PROPN" || toks[k+1].Tag == "ADJ") {
			continue // "executive director", "chief economist"
		}
		t.Tag, t.XTag, t.Lemma = "NOUN", "NN", strings.ToLower(t.Text)
	}
}
