package warnings

import "redline/briefing/language"

// mendTree corrects the parser's attachments that no English grammar
// allows, before any stage reads the tree: the parser is greedy and a
// first wrong step ("Iran" taken as the subject of "said") costs a
// speaker's name or side.
func mendTree(toks []language.Token) {
	mendPossessives(toks)
	mendDoubleSubjects(toks)
	mendNominalAdjectives(toks)
	mendPassivesWithoutAuxiliary(toks)
	mendFrontedSubjects(toks)
	mendNounsJoinedToPrepositions(toks)
	mendObjectControl(toks)
}

// mendPossessives attaches an owner marked by "'s" to what it owns:
// "Iran's Foreign Ministry said" has one subject, the ministry.
func mendPossessives(toks []language.Token) {
	for k, tok := range toks {
		if tok.Tag != "PART" || tok.Rel != "case" || !possessiveMark(tok.Text) {
			continue
		}
		owner := tok.Head
		if owner < 0 || owner >= k || toks[owner].Rel == "nmod:poss" {
			continue
		}
		owned := nominalHeadFrom(toks, k+1)
		if owned < 0 || dominatesToken(toks, owner, owned) {
			continue
		}
		toks[owner].Head, toks[owner].Rel = owned, "nmod:poss"
	}
}

func possessiveMark(s string) bool {
	return s == "'s" || s == "’s" || s == "'" || s == "’"
}

// nominalModifiers are the relations of the words inside a noun phrase
// before its head.
var nominalModifiers = setOf("compound", "amod", "flat", "nummod", "det", "advmod")

// nominalHeadFrom walks from token j through the modifiers of a noun
// phrase to its head noun, or returns -1 when no noun phrase starts at j.
func nominalHeadFrom(toks []language.Token, j int) int {
	for n := 0; j >= 0 && j < len(toks) && n < len(toks); n++ {
		t := toks[j]
		if t.Head > j && nominalModifiers[t.Rel] {
			j = t.Head
			continue
		}
		if t.Tag == "NOUN" || t.Tag == "PROPN" {
			return j
		}
		return -1
	}
	return -1
}

// mendDoubleSubjects: a clause has one subject. When the parser hangs two
// on one verb, a second one set off by a comma is an apposition ("Its
// chief executive, Rob Hayward, warned"), and one joined by "and" is a
// conjunct.
func mendDoubleSubjects(toks []language.Token) {
	first := map[int]int{} // verb → its first nominal subject
	for k, tok := range toks {
		if tok.Rel != "nsubj" || tok.Head < 0 || (tok.Tag != "NOUN" && tok.Tag != "PROPN") {
			continue
		}
		a, ok := first[tok.Head]
		if !ok {
			first[tok.Head] = k
			continue
		}
		from := leftEdge(toks, k)
		if from <= a || from == 0 {
			continue
		}
		switch before := toks[from-1]; {
		case before.Text == ",":
			toks[k].Head, toks[k].Rel = a, "appos"
		case before.Tag == "CCONJ":
			toks[k].Head, toks[k].Rel = a, "conj"
			toks[from-1].Head = k
		}
	}
}

// mendNominalAdjectives: a word the tagger read as an adjective but which
// has a determiner of its own and stands where a noun phrase stands is a
// noun ("a Republican who warned").
func mendNominalAdjectives(toks []language.Token) {
	for k, tok := range toks {
		if tok.Tag != "ADJ" || !nominalRels[tok.Rel] {
			continue
		}
		for j := k - 1; j >= 0; j-- {
			if toks[j].Head == k && toks[j].Rel == "det" {
				toks[k].Tag = "NOUN"
				break
			}
		}
	}
}

// mendPassivesWithoutAuxiliary: a passive subject needs a passive
// auxiliary ("were threatened"); on a verb without one ("officers had
// threatened to fire") it is the verb's plain subject.
func mendPassivesWithoutAuxiliary(toks []language.Token) {
	for k, tok := range toks {
		if tok.Rel != "nsubj:pass" || tok.Head < 0 || toks[tok.Head].Tag != "VERB" {
			continue
		}
		passive := false
		for _, t := range toks {
			if t.Head == tok.Head && t.Rel == "aux:pass" {
				passive = true
				break
			}
		}
		if !passive {
			toks[k].Rel = "nsubj"
		}
	}
}

// mendFrontedSubjects: after a fronted phrase ("On Monday, the People's
// Daily, the party's mouthpiece, warned …") the parser may hang the
// subject on the fronted phrase as an apposition and leave the verb
// without a subject. A verb with none takes the first such apposition
// standing between the phrase and itself; any later one is the subject's.
func mendFrontedSubjects(toks []language.Token) {
	for v, tok := range toks {
		if tok.Tag != "VERB" || tok.Rel != "root" || hasSubject(toks, v) {
			continue
		}
		subject := -1
		for k := 0; k < v; k++ {
			a := toks[k]
			if a.Rel != "appos" || a.Head < 0 || a.Head >= k || (a.Tag != "NOUN" && a.Tag != "PROPN") {
				continue
			}
			if fronted := toks[a.Head]; fronted.Head != v || fronted.Rel != "obl" {
				continue
			}
			if subject < 0 {
				subject = k
				toks[k].Head, toks[k].Rel = v, "nsubj"
				continue
			}
			toks[k].Head = subject
		}
	}
}

// mendNounsJoinedToPrepositions: "goeswith" joins the parts of one
// misspelt word; a noun so joined to the preposition before it ("with
// forecasters warning …") is that preposition's object.
func mendNounsJoinedToPrepositions(toks []language.Token) {
	for k, tok := range toks {
		p := tok.Head
		if tok.Rel != "goeswith" || (tok.Tag != "NOUN" && tok.Tag != "PROPN") || p != k-1 || toks[p].Tag != "ADP" {
			continue
		}
		attach := toks[p].Head
		if attach < 0 || attach == k || toks[attach].Tag == "PUNCT" || dominatesToken(toks, k, attach) {
			attach = rootOf(toks)
		}
		if attach < 0 || attach == k {
			continue
		}
		toks[k].Head, toks[k].Rel = attach, "obl"
		toks[p].Head, toks[p].Rel = k, "case"
	}
}

// mendObjectControl: in "urged customers not to accept files" the
// infinitive is what the verb asks of its object (an xcomp of "urged"),
// not a clause describing the customers, as the parser may hang it.
func mendObjectControl(toks []language.Token) {
	for v, tok := range toks {
		if tok.Tag != "VERB" || (tok.Rel != "acl" && tok.Rel != "acl:relcl") || tok.Head < 0 || !hasToMark(toks, v) {
			continue
		}
		obj := toks[tok.Head]
		if obj.Rel != "obj" || obj.Head < 0 || obj.Head > tok.Head || !controlVerbs[toks[obj.Head].Lemma] {
			continue
		}
		toks[v].Head, toks[v].Rel = obj.Head, "xcomp"
	}
}

// controlVerbs ask their object to do what their infinitive says.
var controlVerbs = setOf("urge", "warn", "tell", "ask", "advise", "caution", "call", "implore", "beg", "order",
	"encourage", "persuade", "press", "pressure", "force", "invite", "remind", "instruct")

// hasToMark reports whether verb v is an infinitive with "to".
func hasToMark(toks []language.Token, v int) bool {
	for k := v - 1; k >= 0 && k >= v-3; k-- {
		if toks[k].Head == v && toks[k].Rel == "mark" && toks[k].Lemma == "to" {
			return true
		}
	}
	return false
}

// rootOf returns the sentence's root token, or -1.
func rootOf(toks []language.Token) int {
	for k, t := range toks {
		if t.Head < 0 {
			return k
		}
	}
	return -1
}

// hasSubject reports whether verb v has a subject of any kind.
func hasSubject(toks []language.Token, v int) bool {
	for _, t := range toks {
		if t.Head == v && (t.Rel == "nsubj" || t.Rel == "nsubj:pass" || t.Rel == "csubj" || t.Rel == "expl") {
			return true
		}
	}
	return false
}

var nominalRels = setOf("nsubj", "nsubj:pass", "obj", "iobj", "appos", "obl")

// leftEdge returns the first token of k's subtree.
func leftEdge(toks []language.Token, k int) int {
	from := k
	for j := k - 1; j >= 0; j-- {
		if dominatesToken(toks, k, j) {
			from = j
		}
	}
	return from
}

// dominatesToken reports whether a is i or one of its ancestors.
func dominatesToken(toks []language.Token, a, i int) bool {
	for n := 0; i >= 0 && i < len(toks) && n <= len(toks); n++ {
		if i == a {
			return true
		}
		i = toks[i].Head
	}
	return false
}
