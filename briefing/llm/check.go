package llm

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"redline/briefing"
	"redline/briefing/actors"
)

// Limits on what one item may hold; an item past them is dropped.
const (
	maxNameRunes      = 120 // speaker, addressee, affiliation
	maxLineRunes      = 400 // what, condition, consequence
	maxQuoteRunes     = 600
	maxItemSentences  = 12
	maxWarningsOutput = 50
)

// check keeps the items that the article bears out, as warnings in article
// order, and says why it dropped each of the others:
//   - every cited sentence number exists, and there is at least one;
//   - the speaker, and the addressee if any, are named in the article;
//   - the kind is warning or threat; names and lines are not too long;
//   - a quote that is not verbatim in the cited sentences is left out, and
//     an affiliation neither in the article nor in the gazetteer too;
//   - items of one speaker and addressee that share a sentence are merged.
func check(d *document, items []rawItem) ([]briefing.Warning, []string) {
	type kept struct {
		w     briefing.Warning
		sents []int
	}
	var out []*kept
	var dropped []string
	for i, it := range items {
		w, sents, why := checkItem(d, it)
		if why != "" {
			dropped = append(dropped, fmt.Sprintf("item %d (%q): %s", i+1, clip(it.Speaker, 60), why))
			continue
		}
		merged := false
		for _, k := range out {
			if sameActor(k.w.Speaker.Key, w.Speaker.Key) && sameActor(k.w.Addressee.Key, w.Addressee.Key) && shares(k.sents, sents) {
				k.sents = union(k.sents, sents)
				if w.Kind == briefing.KindThreat {
					k.w.Kind = briefing.KindThreat
				}
				for _, f := range []struct {
					dst *string
					src string
				}{
					{&k.w.What, w.What}, {&k.w.Condition, w.Condition}, {&k.w.Consequence, w.Consequence}, {&k.w.Quote, w.Quote},
				} {
					if *f.dst == "" {
						*f.dst = f.src
					}
				}
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, &kept{w: w, sents: sents})
		}
	}
	slices.SortStableFunc(out, func(a, b *kept) int { return a.sents[0] - b.sents[0] })
	ws := make([]briefing.Warning, 0, len(out))
	for _, k := range out {
		if len(ws) == maxWarningsOutput {
			dropped = append(dropped, fmt.Sprintf("%d more items past the cap of %d", len(out)-maxWarningsOutput, maxWarningsOutput))
			break
		}
		w := k.w
		w.Position = len(ws)
		for _, n := range k.sents {
			s, _ := d.sentence(n)
			w.Evidence = append(w.Evidence, s.text)
		}
		ws = append(ws, w)
	}
	return ws, dropped
}

// checkItem checks one item and builds its warning (without evidence); why
// is empty when the item is kept.
func checkItem(d *document, it rawItem) (briefing.Warning, []int, string) {
	var w briefing.Warning
	speaker, aff, addr := cleanLine(it.Speaker), cleanLine(it.SpeakerAffiliation), cleanLine(it.Addressee)
	switch {
	case speaker == "":
		return w, nil, "no speaker"
	case utf8.RuneCountInString(speaker) > maxNameRunes, utf8.RuneCountInString(aff) > maxNameRunes, utf8.RuneCountInString(addr) > maxNameRunes:
		return w, nil, "a name is too long"
	case len(it.Sentences) == 0:
		return w, nil, "cites no sentence"
	case len(it.Sentences) > maxItemSentences:
		return w, nil, fmt.Sprintf("cites %d sentences (at most %d)", len(it.Sentences), maxItemSentences)
	}
	var sents []int
	for _, n := range it.Sentences {
		if _, ok := d.sentence(n); !ok {
			return w, nil, fmt.Sprintf("cites sentence %d, which does not exist (the article has %d)", n, len(d.sents))
		}
		if !slices.Contains(sents, n) {
			sents = append(sents, n)
		}
	}
	slices.Sort(sents)
	if !d.names(speaker) {
		return w, nil, "the speaker is not named in the article"
	}
	if isNobody(addr) {
		addr = ""
	}
	if addr != "" && !d.names(addr) {
		return w, nil, "the addressee is not named in the article"
	}
	switch strings.ToLower(strings.TrimSpace(it.Kind)) {
	case "warning", "":
		w.Kind = briefing.KindWarning
	case "threat":
		w.Kind = briefing.KindThreat
	default:
		return w, nil, fmt.Sprintf("kind %q is neither warning nor threat", clip(it.Kind, 30))
	}
	w.What, w.Condition, w.Consequence = cleanLine(it.What), cleanLine(it.Condition), cleanLine(it.Consequence)
	for _, s := range []string{w.What, w.Condition, w.Consequence} {
		if utf8.RuneCountInString(s) > maxLineRunes {
			return w, nil, "what, condition or consequence is too long"
		}
	}
	if (w.Condition == "") != (w.Consequence == "") && w.Condition != "" {
		w.Consequence = "" // an "if" without its "then" is kept as a plain condition
	}
	if q := cleanLine(it.Quote); q != "" && utf8.RuneCountInString(q) <= maxQuoteRunes && d.quotes(q, sents) {
		w.Quote = strings.Trim(q, "\"“”'‘’«» ")
	}
	if aff != "" && !d.names(aff) {
		if _, known := actors.LookupFold(aff); !known {
			aff = "" // neither in the article nor a known party: not shown
		}
	}
	w.Speaker = speakerActor(speaker, aff)
	w.Addressee = addresseeActor(addr)
	if w.Addressee.Key != "" && w.Addressee.Key == w.Speaker.Key {
		w.Addressee = briefing.Actor{} // warning oneself: addressed to nobody in particular
	}
	return w, sents, ""
}

// speakerActor normalises a speaker as the built-in extractor does: a
// capital or seat stands for its country ("Seoul" → South Korea); the
// affiliation is the gazetteer's name, else read from the title ("Russian
// President Vladimir Putin" → Russia); a country speaks for itself.
func speakerActor(name, aff string) briefing.Actor {
	a := briefing.Actor{Name: name, Affiliation: aff}
	country := false
	if e, ok := actors.Lookup(name); ok && e.Kind == actors.Country {
		a.Name, country = e.Name, true
	}
	if a.Affiliation != "" {
		if e, ok := actors.LookupFold(a.Affiliation); ok {
			a.Affiliation = e.Name
		}
	} else if e, ok := actors.AffiliationFromTitle(name); ok {
		a.Affiliation = e.Name
	}
	if country && a.Affiliation == "" {
		a.Affiliation = a.Name
	}
	a.Key = actors.Key(a.Name)
	a.AffiliationKey = actors.Key(a.Affiliation)
	return a
}

// addresseeActor normalises an addressee: a country's capital, seat or
// other name is the country, which is also its affiliation.
func addresseeActor(name string) briefing.Actor {
	if name == "" {
		return briefing.Actor{}
	}
	a := briefing.Actor{Name: name}
	if e, ok := actors.Lookup(name); ok && e.Kind == actors.Country {
		a.Name, a.Affiliation = e.Name, e.Name
	}
	a.Key = actors.Key(a.Name)
	a.AffiliationKey = actors.Key(a.Affiliation)
	return a
}

// isNobody reports an addressee that names nobody ("none", "n/a").
func isNobody(s string) bool {
	switch strings.ToLower(strings.Trim(s, " .")) {
	case "", "none", "null", "nobody", "no one", "n/a", "na", "unknown", "nobody in particular", "general public":
		return true
	}
	return false
}

// stopWords are left out when every word of a description must appear.
var stopWords = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "in": true, "on": true, "for": true, "to": true,
	"and": true, "from": true, "at": true, "by": true, "with": true, "its": true, "his": true,
	"her": true, "their": true, "who": true, "which": true, "that": true, "said": true,
}

// names reports whether the article names name: as written (titles and a
// leading "the" aside); as a gazetteer entity under any of its names
// ("Russia" for "the Kremlin" or "Moscow"); by a person's surname ("Vladimir
// Putin" where the article says "Putin"); for a description ("senior
// health officials", "a spokesman for the Chinese embassy"), with every
// word of it in one sentence, a demonym standing for its country there; and
// for a list ("the US and the UK"), each of its parties.
func (d *document) names(name string) bool {
	if d.namesOne(name) {
		return true
	}
	parts := listSeparator.Split(name, -1)
	if len(parts) < 2 || len(parts) > 6 {
		return false
	}
	for _, p := range parts {
		if !d.namesOne(p) {
			return false
		}
	}
	return true
}

var listSeparator = regexp.MustCompile(`\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*|\s*/\s*)`)

func (d *document) namesOne(name string) bool {
	n := normalise(strings.ToLower(name))
	words := wordsOf(n)
	var content []string
	for _, w := range words {
		if !stopWords[w] {
			content = append(content, w)
		}
	}
	if len(content) == 0 {
		return false
	}
	if d.hasPhrase(n) {
		return true
	}
	if s := normalise(strings.ToLower(actors.StripTitles(name))); s != "" && d.hasPhrase(s) {
		return true
	}
	for _, article := range []string{"the ", "a ", "an "} {
		if rest, ok := strings.CutPrefix(n, article); ok && d.hasPhrase(rest) {
			return true
		}
	}
	if e, ok := actors.LookupFold(name); ok && d.entityKeys()[e.Key] {
		return true
	}
	if len(words) >= 2 && isCapitalised(name) {
		if last := words[len(words)-1]; utf8.RuneCountInString(last) >= 3 && d.hasPhrase(last) {
			return true
		}
	}
	// a description's words in one sentence, or in two that follow each
	// other ("The embassy of China …" / "…," a spokesman said.)
	for i := range d.sents {
		if d.describes(content, i, i) || i+1 < len(d.sents) && d.describes(content, i, i+1) {
			return true
		}
	}
	return false
}

// describes reports whether every word of content is in sentences from to
// to (a demonym may stand for its country there; a plural for its singular).
func (d *document) describes(content []string, from, to int) bool {
	ws := map[string]bool{}
	for i := from; i <= to; i++ {
		for _, w := range wordsOf(normalise(strings.ToLower(d.sents[i].text))) {
			ws[w] = true
		}
	}
	for _, w := range content {
		if ws[w] || ws[strings.TrimSuffix(w, "s")] || ws[w+"s"] {
			continue
		}
		if e, ok := actors.LookupFold(w); ok && (d.sentenceEntities(from)[e.Key] || d.sentenceEntities(to)[e.Key]) {
			continue // "Chinese" where the sentence says "China"
		}
		return false
	}
	return true
}

// sentenceEntities are the keys of the gazetteer entities that sentence i
// names, found once.
func (d *document) sentenceEntities(i int) map[string]bool {
	d.entityKeys()
	return d.sentEntities[i]
}

// entityKeys are the keys of the gazetteer entities the article names,
// found once.
func (d *document) entityKeys() map[string]bool {
	d.entOnce.Do(func() {
		d.entities = map[string]bool{}
		d.sentEntities = make([]map[string]bool, len(d.sents))
		for i, s := range d.sents {
			d.sentEntities[i] = map[string]bool{}
			for _, m := range actors.Mentions(s.text) {
				keys := []string{m.Entity.Key}
				if owner, ok := actors.Owner(m.Entity); ok && m.Form == actors.FormSeat {
					keys = append(keys, owner.Key)
				}
				for _, k := range keys {
					d.entities[k] = true
					d.sentEntities[i][k] = true
				}
			}
		}
	})
	return d.entities
}

// hasPhrase reports whether the lower-case phrase occurs in the article
// as whole words.
func (d *document) hasPhrase(phrase string) bool {
	text := d.lower
	for from := 0; ; {
		i := strings.Index(text[from:], phrase)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(phrase)
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[end:])
		// "ho" is not a word of "ho-jin", nor "neill" of "o'neill"; "putin" is one of "putin's"
		if (i == 0 || !isWordRune(before) && before != '-' && before != '\'') && (end == len(text) || !isWordRune(after) && after != '-') {
			return true
		}
		from = i + 1
	}
}

// quotes reports whether q is verbatim (spacing and quote marks aside) in
// one of the sentences numbered sents.
func (d *document) quotes(q string, sents []int) bool {
	q = normalise(strings.ToLower(strings.Trim(q, "\"“”'‘’«» ")))
	if utf8.RuneCountInString(q) < 3 {
		return false
	}
	for _, n := range sents {
		s, _ := d.sentence(n)
		if strings.Contains(normalise(strings.ToLower(s.text)), q) {
			return true
		}
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// isCapitalised reports whether a name's last word starts with a capital:
// a proper name, not a description.
func isCapitalised(name string) bool {
	f := strings.Fields(name)
	if len(f) == 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(f[len(f)-1])
	return unicode.IsUpper(r)
}

var quoteFolder = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`)

// normalise folds typographic apostrophes and quotes and collapses spaces.
func normalise(s string) string {
	s = quoteFolder.Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// cleanLine drops control characters and collapses spaces.
func cleanLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// sameActor reports whether two actor keys name one actor: equal, or one
// the other's last words ("putin", "vladimir putin").
func sameActor(a, b string) bool {
	if a == b {
		return true
	}
	if a == "" || b == "" {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return strings.HasSuffix(b, " "+a)
}

func shares(a, b []int) bool {
	for _, n := range a {
		if slices.Contains(b, n) {
			return true
		}
	}
	return false
}

func union(a, b []int) []int {
	out := append([]int(nil), a...)
	for _, n := range b {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}
