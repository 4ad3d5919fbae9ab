package digest

import (
	"strconv"
	"strings"
	"unicode"

	"redline/briefing"
	"redline/briefing/actors"
)

// Thresholds of similarity (Jaccard over content words) above which two
// warnings with matching speaker and addressee are the same warning.
const (
	sameStatement = 0.5 // what, condition and consequence
	sameEvidence  = 0.4 // all of the text, evidence sentences and quote included
)

// cluster is one digest item being built: the warnings that report it.
type cluster struct {
	order       int // position of its first warning: earlier reported first
	latest      int // position of its last warning
	speaker     briefing.Actor
	addressee   briefing.Actor
	kind        briefing.Kind
	what        string
	condition   string
	consequence string
	quote       string
	sources     []briefing.Source
	first       briefing.Warning // the first report; its words are read only when compared
	statement   map[string]bool  // content words of what/condition/consequence; nil until needed
	words       map[string]bool  // content words of everything; nil until needed
	quoteKey    string           // the quote normalised, to match verbatim quotes
	speakerIDs  []string
	addressIDs  []string
}

func (c *cluster) item() briefing.DigestItem {
	return briefing.DigestItem{Kind: c.kind, What: c.what, Condition: c.condition, Consequence: c.consequence,
		Quote: c.quote, Sources: c.sources}
}

// merge folds warnings that report the same thing (similar speaker and
// addressee, similar statement or evidence, or the same quote) into one
// cluster each, keeping every distinct source.
func merge(ws []briefing.Warning) []*cluster {
	var clusters []*cluster
	// Blocking: same() needs a shared speaker name and a shared addressee
	// name, so only clusters filed under one of the same (speaker,
	// addressee) name pairs are compared.
	blocks := make(map[string][]*cluster)
	for i, w := range ws {
		c := newCluster(i, w)
		keys := blockKeys(c)
		var match *cluster
	search:
		for _, k := range keys {
			for _, cand := range blocks[k] {
				if same(cand, c) {
					match = cand
					break search
				}
			}
		}
		if match != nil {
			match.absorb(c)
			continue
		}
		clusters = append(clusters, c)
		for _, k := range keys {
			blocks[k] = append(blocks[k], c)
		}
	}
	return clusters
}

// blockKeys are the (speaker name, addressee name) pairs c can match on.
func blockKeys(c *cluster) []string {
	addressees := []string{""}
	if len(c.addressIDs) > 0 {
		addressees = addressees[:0]
		for _, a := range c.addressIDs {
			addressees = append(addressees, a[2:])
		}
	}
	keys := make([]string, 0, len(c.speakerIDs)*len(addressees))
	for _, sp := range c.speakerIDs {
		for _, a := range addressees {
			keys = append(keys, sp[2:]+"\x00"+a)
		}
	}
	return keys
}

func newCluster(order int, w briefing.Warning) *cluster {
	kind := w.Kind
	if kind == "" {
		kind = briefing.KindWarning
	}
	c := &cluster{order: order, latest: order, speaker: w.Speaker, addressee: w.Addressee, kind: kind, what: w.What,
		condition: w.Condition, consequence: w.Consequence, quote: w.Quote,
		first: w, quoteKey: normalizeQuote(w.Quote),
		speakerIDs: identities(w.Speaker), addressIDs: identities(w.Addressee)}
	c.sources = []briefing.Source{w.Source}
	return c
}

// absorb adds o's sources and fills what c lacks from o.
func (c *cluster) absorb(o *cluster) {
	c.latest = max(c.latest, o.latest)
	if o.kind == briefing.KindThreat {
		c.kind = briefing.KindThreat
	}
	if c.addressee.IsZero() && !o.addressee.IsZero() {
		c.addressee = o.addressee
	}
	if c.condition == "" && o.condition != "" {
		c.condition, c.consequence = o.condition, o.consequence
	}
	if c.quote == "" {
		c.quote = o.quote
	}
	for _, s := range o.sources {
		if !hasSource(c.sources, s) {
			c.sources = append(c.sources, s)
		}
	}
}

func hasSource(sources []briefing.Source, s briefing.Source) bool {
	for _, have := range sources {
		if (s.ArticleID != 0 && have.ArticleID == s.ArticleID) || (s.URL != "" && have.URL == s.URL) {
			return true
		}
	}
	return false
}

// same decides whether c and o report the same warning.
func same(c, o *cluster) bool {
	if !sharesIdentity(c.speakerIDs, o.speakerIDs) {
		return false
	}
	if (len(c.addressIDs) == 0) != (len(o.addressIDs) == 0) {
		return false
	}
	if len(c.addressIDs) > 0 && !sharesIdentity(c.addressIDs, o.addressIDs) {
		return false
	}
	if c.quoteKey != "" && c.quoteKey == o.quoteKey {
		return true
	}
	c.readWords()
	o.readWords()
	return jaccard(c.statement, o.statement) >= sameStatement || jaccard(c.words, o.words) >= sameEvidence
}

// readWords computes the word sets of the cluster's first report, once.
func (c *cluster) readWords() {
	if c.words != nil {
		return
	}
	w := c.first
	c.statement = contentWords(w.What, w.Condition, w.Consequence)
	c.words = contentWords(append([]string{w.What, w.Condition, w.Consequence, w.Quote}, w.Evidence...)...)
}

// identities are the keys under which an actor can be matched: its key,
// a person's last name ("putin" for "vladimir putin"), and, marked
// apart, its affiliation. Two actors match on their keys or last words, or
// when one is the other's affiliation ("Russia" and "Vladimir Putin
// (Russia)") — not merely for sharing an affiliation, which two different
// officials of one country do.
func identities(a briefing.Actor) []string {
	key := keyOf(a)
	if key == "" {
		return nil
	}
	ids := []string{"k:" + key}
	aff := a.AffiliationKey
	if aff == "" {
		aff = actors.Key(a.Affiliation)
	}
	// Only a person (an actor acting for someone) is known by a surname:
	// "South Korea" and "North Korea" must not meet on "korea".
	if f := strings.Fields(key); len(f) > 1 && aff != "" {
		ids = append(ids, "k:"+f[len(f)-1])
	}
	if aff != "" && aff != key {
		ids = append(ids, "a:"+aff)
	}
	return ids
}

// sharesIdentity matches "k:" against "k:", and "a:x" against "k:x".
func sharesIdentity(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y && strings.HasPrefix(x, "k:") {
				return true
			}
			if x[2:] == y[2:] && x[:2] != y[:2] {
				return true
			}
		}
	}
	return false
}

// keyOf is the actor's stored key, or actors.Key of its name when it
// has none (a warning built by hand).
func keyOf(a briefing.Actor) string {
	if a.Key != "" {
		return a.Key
	}
	return actors.Key(a.Name)
}

func normalizeQuote(q string) string {
	t := tokens(q)
	if len(t) < 4 { // a two-word quote ("red line") is not proof of one statement
		return ""
	}
	return strings.Join(t, " ")
}

// tokens lower-cases s and splits it into words of letters and digits.
func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// contentWords is the set of words of texts that carry meaning, crudely
// singularised so that "weapons" meets "weapon".
func contentWords(texts ...string) map[string]bool {
	set := make(map[string]bool)
	for _, t := range texts {
		for _, w := range tokens(t) {
			if stopWords[w] || (len(w) < 3 && !isNumber(w)) {
				continue
			}
			if len(w) > 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
				w = w[:len(w)-1]
			}
			set[w] = true
		}
	}
	return set
}

func isNumber(w string) bool {
	_, err := strconv.Atoi(w)
	return err == nil
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

var stopWords = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(`the and for that with this from are was were will would could should can may might
		not but have has had been being its his her their they them our your you she him who whom what which when where
		there than then into onto over under about after before also any all more most such only other some very just
		said says say told warned warns warning warn threatened threaten threatens threat if would be is it of to in on at
		by an as or we he i a do does did so no yes out up one two new against`) {
		m[w] = true
	}
	return m
}()
