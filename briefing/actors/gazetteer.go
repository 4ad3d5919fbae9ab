package actors

import (
	"bufio"
	"embed"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The gazetteer is three plain text files (see their headers for the
// format), parsed once on first use.
//
//go:embed data/countries.txt data/organisations.txt data/non-entities.txt
var dataFS embed.FS

// form is one way of writing an entity, as tokens.
type form struct {
	toks     []string // normalised tokens
	caps     []bool   // token must start with an upper-case letter in the text
	exact    []string // for abbreviations: the exact bare spelling of each token
	entity   int      // index into gazetteer.entities; -1 for a non-entity phrase
	kind     Form
	shared   bool // may be claimed by several entities
	weak     bool // also a common given name or word: checked against its neighbours
	listOnly bool // "Korea, South": only for whole-name lookups, never in running text
}

// record is what the data files say about one entity, as written (with
// markers), kept for the consistency tests.
type record struct {
	names, abbrevs, capitals, seats, demonyms []string
}

type gazetteer struct {
	entities []Entity
	records  []record
	byKey    map[string]int
	index    map[string][]*form // by first normalised token, longest form first
	// lowerStart marks the first bytes of forms that may start with a
	// lower-case word ("mainland China", "al-Qaeda"), so that running text
	// can skip other lower-case words without a map lookup.
	lowerStart [256]bool
	longest    int // tokens in the longest form
	// problems found while building: clashing forms; empty for good data.
	problems []string
}

var loadGazetteer = sync.OnceValue(func() *gazetteer {
	g, err := buildGazetteer()
	if err != nil {
		// The data is embedded and checked by the tests: this cannot
		// happen in a tested build.
		panic(err)
	}
	return g
})

// Markers that may prefix a form in the data files.
const (
	markWeak   = '~' // a given name or common word too ("Jordan", "Chad")
	markShared = '?' // shared with other entities ("Congolese"): dropped if claimed twice
	markExact  = '=' // no accent-free variant ("Malé" must not become "Male")
	markList   = '%' // only as a whole name, never in running text ("Kingston")
	markThe    = '!' // the leading "The" is part of the name ("The Valley")
	markers    = "~?=%!"
)

type rawForm struct {
	text    string
	kind    Form
	entity  int
	weak    bool
	shared  bool
	exact   bool
	list    bool
	keepThe bool
	over    bool // an organisation's metonym that takes the form from a country ("Brussels")
}

func buildGazetteer() (*gazetteer, error) {
	g := &gazetteer{byKey: map[string]int{}, index: map[string][]*form{}}
	var raws []rawForm

	countries, err := readRows("data/countries.txt", 7)
	if err != nil {
		return nil, err
	}
	for _, row := range countries {
		code, name := row.fields[0], row.fields[1]
		display := strings.TrimLeft(name, markers)
		id, err := g.addEntity(Entity{Key: keyOf(display), Name: display, Kind: Country, Code: code})
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", row.file, row.line, err)
		}
		rec := record{
			names:    append([]string{name}, splitAlts(row.fields[2])...),
			abbrevs:  splitAlts(row.fields[3]),
			capitals: splitAlts(row.fields[4]),
			seats:    splitAlts(row.fields[5]),
			demonyms: splitAlts(row.fields[6]),
		}
		if parent, _, ok := strings.Cut(code, "-"); ok {
			// a subdivision ("GB-SCT") belongs to its country
			for _, e := range g.entities {
				if e.Code == parent {
					g.entities[id].Country = e.Key
				}
			}
			if g.entities[id].Country == "" {
				return nil, fmt.Errorf("%s line %d: no country %s before %s", row.file, row.line, parent, code)
			}
		}
		g.records = append(g.records, rec)
		raws = appendRaw(raws, id, FormName, rec.names, false)
		raws = appendRaw(raws, id, FormAbbreviation, rec.abbrevs, false)
		raws = appendRaw(raws, id, FormCapital, rec.capitals, false)
		raws = appendRaw(raws, id, FormSeat, rec.seats, false)
		raws = appendRaw(raws, id, FormDemonym, withPlurals(rec.demonyms), false)
	}

	orgs, err := readRows("data/organisations.txt", 5)
	if err != nil {
		return nil, err
	}
	type owner struct {
		id, line int
		name     string
	}
	var owners []owner
	for _, row := range orgs {
		name := row.fields[0]
		display := strings.TrimLeft(name, markers)
		id, err := g.addEntity(Entity{Key: keyOf(display), Name: display, Kind: Organisation})
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", row.file, row.line, err)
		}
		rec := record{
			names:   append([]string{name}, splitAlts(row.fields[1])...),
			abbrevs: splitAlts(row.fields[2]),
			seats:   splitAlts(row.fields[3]),
		}
		g.records = append(g.records, rec)
		raws = appendRaw(raws, id, FormName, rec.names, false)
		raws = appendRaw(raws, id, FormAbbreviation, rec.abbrevs, false)
		raws = appendRaw(raws, id, FormSeat, rec.seats, true)
		if c := row.fields[4]; c != "" {
			owners = append(owners, owner{id, row.line, c})
		}
	}
	for _, o := range owners { // after the loop: an owner may come later in the file
		k := keyOf(o.name)
		if _, ok := g.byKey[k]; !ok {
			return nil, fmt.Errorf("data/organisations.txt line %d: unknown owner %q", o.line, o.name)
		}
		g.entities[o.id].Country = k
	}

	nonEntities, err := readRows("data/non-entities.txt", 1)
	if err != nil {
		return nil, err
	}
	for _, row := range nonEntities {
		raws = append(raws, rawForm{text: row.fields[0], entity: -1})
	}

	g.addForms(raws)
	for _, list := range g.index {
		for _, f := range list {
			g.longest = max(g.longest, len(f.toks))
		}
		sort.SliceStable(list, func(i, j int) bool { return len(list[i].toks) > len(list[j].toks) })
	}
	return g, nil
}

func (g *gazetteer) addEntity(e Entity) (int, error) {
	if e.Key == "" {
		return 0, fmt.Errorf("empty name")
	}
	if _, dup := g.byKey[e.Key]; dup {
		return 0, fmt.Errorf("duplicate entity %q", e.Name)
	}
	g.byKey[e.Key] = len(g.entities)
	g.entities = append(g.entities, e)
	return len(g.entities) - 1, nil
}

func appendRaw(dst []rawForm, id int, kind Form, texts []string, override bool) []rawForm {
	for _, t := range texts {
		rf := rawForm{entity: id, kind: kind, over: override}
	marks:
		for t != "" {
			switch t[0] {
			case markWeak:
				rf.weak = true
			case markShared:
				rf.shared = true
			case markExact:
				rf.exact = true
			case markList:
				rf.list = true
			case markThe:
				rf.keepThe = true
			default:
				break marks
			}
			t = t[1:]
		}
		rf.text = t
		dst = append(dst, rf)
	}
	return dst
}

// withPlurals adds the plural of demonyms that form it with -s
// ("Russian" → "Russians", "Pakistani" → "Pakistanis"), not "Chinese", "Swiss".
func withPlurals(demonyms []string) []string {
	out := append([]string(nil), demonyms...)
	for _, d := range demonyms {
		bare := strings.TrimLeft(d, markers)
		if strings.HasSuffix(bare, "ese") || strings.HasSuffix(bare, "'s") ||
			strings.HasSuffix(bare, "man") || strings.HasSuffix(bare, "men") {
			continue
		}
		switch bare[len(bare)-1] {
		case 'n', 'i', 'r', 't', 'o', 'e', 'k':
			plural := d + "s"
			if !contains(demonyms, plural) {
				out = append(out, plural)
			}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// addForms indexes every form. A plain form that another entity already
// holds is a data error (reported in problems); an organisation's metonym
// overrides a country's form; shared forms are kept only when nobody else
// claims them.
func (g *gazetteer) addForms(raws []rawForm) {
	owner := map[string]*form{}
	sharedClash := map[string]bool{}
	add := func(rf rawForm, text string) {
		f := newForm(text, rf)
		if len(f.toks) == 0 {
			g.problems = append(g.problems, fmt.Sprintf("form %q has no words", text))
			return
		}
		k := strings.Join(f.toks, " ")
		if f.exact != nil {
			k = "=" + strings.Join(f.exact, " ")
		}
		if prev, ok := owner[k]; ok {
			switch {
			case prev.entity == f.entity && prev.kind == f.kind:
				return // written twice
			case prev.entity == f.entity:
				// "Saudi" is a name and a demonym: keep both kinds, the first wins in text.
				g.index[f.toks[0]] = append(g.index[f.toks[0]], f)
				if !f.caps[0] {
					g.lowerStart[f.toks[0][0]] = true
				}
			case rf.over:
				*prev = *f
			case rf.shared && prev.shared:
				sharedClash[k] = true // "Congolese": neither Congo gets it
			case rf.shared:
				// a plain form of another entity wins
			default:
				g.problems = append(g.problems, fmt.Sprintf("%q claimed by %s and %s", text, g.nameOf(prev.entity), g.nameOf(f.entity)))
			}
			return
		}
		owner[k] = f
		g.index[f.toks[0]] = append(g.index[f.toks[0]], f)
		if !f.caps[0] {
			g.lowerStart[f.toks[0][0]] = true
		}
	}
	// Plain forms first, then overrides, then shared ones, so that the
	// order of lines in the files does not matter.
	passOf := func(rf rawForm) int {
		switch {
		case rf.over:
			return 1
		case rf.shared:
			return 2
		}
		return 0
	}
	for pass := 0; pass < 3; pass++ {
		for _, rf := range raws {
			if passOf(rf) != pass {
				continue
			}
			add(rf, rf.text)
			if !rf.exact && rf.kind != FormAbbreviation {
				if folded := foldAccents(rf.text); folded != rf.text {
					add(rf, folded)
				}
			}
		}
	}
	for k := range sharedClash {
		f := owner[k]
		list := g.index[f.toks[0]]
		for i, x := range list {
			if x == f {
				g.index[f.toks[0]] = append(list[:i:i], list[i+1:]...)
				break
			}
		}
	}
}

func (g *gazetteer) nameOf(id int) string {
	if id < 0 {
		return "a non-entity phrase"
	}
	return g.entities[id].Name
}

func newForm(text string, rf rawForm) *form {
	f := &form{entity: rf.entity, kind: rf.kind, weak: rf.weak, shared: rf.shared, listOnly: rf.list || strings.Contains(text, ",")}
	words := strings.TrimSpace(text)
	toks := tokenize(words, nil)
	if len(toks) > 1 && toks[0].norm == "the" && !rf.keepThe {
		toks = toks[1:] // "the Kremlin", "The Hague": the article is optional
	}
	for i, t := range toks {
		f.toks = append(f.toks, t.norm)
		f.caps = append(f.caps, t.upper && !(i == 0 && t.norm == "the")) // "the Hague" or "The Hague"
		if rf.kind == FormAbbreviation {
			f.exact = append(f.exact, t.bare)
		}
	}
	return f
}

type row struct {
	file   string
	line   int
	fields []string
}

// readRows reads a data file: one row a line, fields separated by ";",
// "-" for an empty field, "#" starts a comment line.
func readRows(name string, nfields int) ([]row, error) {
	data, err := dataFS.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var rows []row
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Split(line, ";")
		if len(fields) != nfields {
			return nil, fmt.Errorf("%s line %d: %d fields, want %d", name, n, len(fields), nfields)
		}
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
			if fields[i] == "-" {
				fields[i] = ""
			}
		}
		rows = append(rows, row{file: name, line: n, fields: fields})
	}
	return rows, sc.Err()
}

func splitAlts(field string) []string {
	if field == "" {
		return nil
	}
	parts := strings.Split(field, "|")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// foldAccents removes diacritics from Latin letters ("Türkiye" → "Turkiye").
func foldAccents(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case accentFold[r] != "":
			b.WriteString(accentFold[r])
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// accentFold spells letters that have no decomposition.
var accentFold = map[rune]string{
	'ø': "o", 'Ø': "O", 'æ': "ae", 'Æ': "Ae", 'œ': "oe", 'Œ': "Oe", 'ß': "ss",
	'đ': "d", 'Đ': "D", 'ł': "l", 'Ł': "L", 'ı': "i", 'þ': "th", 'ð': "d",
	'‘': "'", '’': "'", 'ʻ': "'", 'ʼ': "'",
}
