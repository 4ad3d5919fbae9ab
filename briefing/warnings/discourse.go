package warnings

import (
	"slices"
	"strings"

	"redline/briefing/actors"
)

// entity is one party of the article, gathered from its mentions: the most
// specific name the article gives it, what kind of party it is, the roles
// it is described by and the country or body it acts for.
type entity struct {
	id          int
	name        string
	kind        entityKind
	affiliation string
	country     string          // gazetteer key of the country or body it is or belongs to
	roles       map[string]bool // lower-case head nouns and title words ("minister", "ministry")
	female      bool
	male        bool
	plural      bool
	firstSent   int
	lastSent    int
	lastSubject int // sentence of its last mention as a subject; -1 if never
	lastSpoke   int // sentence where it last said or warned something; -1 if never
	mentions    int
	side        *entity // the body or country it speaks for ("its chief executive", "ministry spokesman")
	weakName    bool    // named only through a capital, seat or demonym so far
	sideGuessed bool    // side inferred from the story, not said: weighed, never shown
	guessed     bool    // a person only by the look of its name
	partOf      *entity // the body it is a part of ("its board" of the firm)
}

// headWord is the lower-case last word of a description's name
// ("government" of "the British government"), "" for proper names.
func (e *entity) headWord() string {
	if e.kind == kindPerson || e.kind == kindCountry || e.kind == kindOrg {
		return ""
	}
	return strings.ToLower(strings.Trim(lastWord(e.name), ".,;:\"'“”’"))
}

// surname is the last word of a person's name.
func (e *entity) surname() string { return strings.ToLower(lastWord(e.name)) }

// discourse is the article's entities in order of first mention, and the
// rules that tie a new mention to one of them.
type discourse struct {
	entities []*entity
	byFull   map[string]*entity // lower-case name
	byKey    map[string]*entity // gazetteer key of a country
	bySur    map[string]*entity // lower-case surname of a person
	bySingle map[string]*entity // a name of one word outside the gazetteer ("Nakagawa", "Yamey")
	recent   []*entity          // the latest mentioned, oldest first
	owners   map[string]*entity // the latest owner of each noun: "plan" → the Tories
	dateline *entity            // the country of the place the story is filed from, if it says
}

// maxRecent bounds the entities a pronoun or a description may reach.
const maxRecent = 24

func newDiscourse() *discourse {
	return &discourse{byFull: map[string]*entity{}, byKey: map[string]*entity{}, bySur: map[string]*entity{}, bySingle: map[string]*entity{}, owners: map[string]*entity{}}
}

// touch records e as the latest mentioned entity.
func (d *discourse) touch(e *entity) {
	if i := slices.Index(d.recent, e); i >= 0 {
		d.recent = slices.Delete(d.recent, i, i+1)
	}
	d.recent = append(d.recent, e)
	if len(d.recent) > maxRecent {
		d.recent = d.recent[1:]
	}
}

// index makes e findable by its names.
func (d *discourse) index(e *entity) {
	d.byFull[strings.ToLower(e.name)] = e
	if e.kind == kindCountry && e.country != "" {
		d.byKey[e.country] = e
	}
	if e.kind == kindPerson {
		d.bySur[e.surname()] = e
	}
	if !strings.Contains(e.name, " ") && e.country == "" && (e.kind == kindOrg || e.kind == kindPerson) {
		d.bySingle[strings.ToLower(e.name)] = e
	}
}

// maxPronounDistance is how many sentences back a pronoun may reach.
const maxPronounDistance = 4

// resolve ties a mention to an entity, creating one for a new party, and
// records it as the entity's latest mention. It returns nil for a mention
// that names no party ("it" with nothing before, "the plan").
func (d *discourse) resolve(m *mention, subject bool) *entity {
	var e *entity
	switch {
	case m.kind == kindPronoun:
		e = d.antecedent(m)
		if e == nil {
			return nil
		}
	case m.kind == kindThing:
		return nil
	case m.name != "":
		e = d.byName(m)
		if e == nil && m.kind == kindPerson {
			e = d.describedBefore(m)
		}
	case m.definite:
		e = d.byRole(m)
	}
	if e == nil {
		e = d.add(m)
		d.sideFromTitle(e, m)
		d.sideFromStory(e, m)
	} else {
		e.absorb(m)
	}
	d.index(e)
	d.touch(e)
	e.lastSent = m.sent
	e.mentions++
	if subject {
		e.lastSubject = m.sent
	}
	m.ent = e
	return e
}

func (d *discourse) add(m *mention) *entity {
	name := m.name
	if name == "" {
		name = m.text
	}
	e := &entity{id: len(d.entities), name: name, kind: m.kind, affiliation: m.affiliation, country: m.country,
		roles: map[string]bool{}, female: m.female, male: m.male, plural: m.plural,
		firstSent: m.sent, lastSubject: -1, lastSpoke: -1, weakName: m.weak, guessed: m.guessed}
	e.addRoles(m)
	d.entities = append(d.entities, e)
	return e
}

// absorb learns from a further mention: a longer name, a role, an
// affiliation.
func (e *entity) absorb(m *mention) {
	if !m.guessed && m.kind == kindPerson {
		e.guessed = false
	}
	if e.weakName && !m.weak && m.name != "" && (m.kind == kindCountry || m.kind == kindOrg) {
		e.name, e.weakName = m.name, false // "Israeli" first, "Israel" later
	}
	if m.kind == kindPerson && e.kind == kindPerson && len(m.name) > len(e.name) && strings.HasSuffix(strings.ToLower(m.name), e.surname()) {
		e.name = m.name
	}
	if (e.kind == kindRole || e.kind == kindBody) && m.name != "" && (m.kind == kindPerson || m.kind == kindOrg) {
		e.name, e.kind = m.name, m.kind // "the minister, Dong Jun"
	}
	if e.affiliation == "" && m.affiliation != "" {
		e.affiliation, e.country = m.affiliation, m.country
	}
	e.female = e.female || m.female
	e.male = e.male || m.male
	e.addRoles(m)
}

func (e *entity) addRoles(m *mention) {
	if m.head != "" && m.kind != kindPronoun {
		e.roles[strings.ToLower(m.head)] = true
	}
	for _, w := range strings.Fields(strings.ToLower(m.title)) {
		e.roles[strings.Trim(w, ",.")] = true
	}
}

// byName finds the entity a name refers to: the same name, the same
// gazetteer entity, a person by surname, or a person whose surname this
// longer name ends with.
func (d *discourse) byName(m *mention) *entity {
	if m.weak && m.kind == kindCountry {
		// "Hamilton" after "Ian Hamilton" is the man, not Bermuda's capital
		if e, ok := d.bySur[strings.ToLower(strings.TrimSpace(m.text))]; ok && e.kind == kindPerson {
			m.kind, m.name, m.country, m.weak = kindPerson, m.text, "", false
			return e
		}
	}
	low := strings.ToLower(m.name)
	if e, ok := d.byFull[low]; ok {
		return e
	}
	if m.kind == kindCountry && m.country != "" {
		if e, ok := d.byKey[m.country]; ok {
			return e
		}
	}
	if e, ok := d.bySur[strings.ToLower(lastWord(m.name))]; ok {
		// "Price" after "Ned Price"; "Ned Price" after "Price"
		if !strings.Contains(low, " ") || m.kind == kindPerson && !strings.Contains(e.name, " ") {
			return e
		}
	}
	if m.kind == kindOrg {
		// "Pub Association" after "the British Beer and Pub Association"
		for i := len(d.recent) - 1; i >= 0; i-- {
			if e := d.recent[i]; e.kind == kindOrg && strings.HasSuffix(strings.ToLower(e.name), " "+low) {
				return e
			}
		}
	}
	if e, ok := d.bySingle[strings.ToLower(lastWord(m.name))]; ok && m.kind == kindPerson && strings.Contains(low, " ") {
		// "Nakagawa" met alone first, "Shoichi Nakagawa" later: a person
		e.kind, e.guessed = kindPerson, false
		return e
	}
	return nil
}

// byRole finds what "the minister" or "the ministry" refers to: the
// latest entity described by that word among those mentioned lately.
func (d *discourse) byRole(m *mention) *entity {
	head := strings.ToLower(m.head)
	for i := len(d.recent) - 1; i >= 0; i-- {
		e := d.recent[i]
		if e.roles[head] && e.plural == m.plural {
			return e
		}
	}
	return nil
}

// antecedent finds what a pronoun refers to: the latest fitting entity
// within a few sentences, one last mentioned as a subject first.
func (d *discourse) antecedent(m *mention) *entity {
	fits := func(e *entity) bool {
		switch m.pronoun {
		case "he":
			return (e.kind == kindPerson || e.kind == kindRole) && !e.female
		case "she":
			return (e.kind == kindPerson || e.kind == kindRole) && !e.male
		case "it":
			// a body or country named as such, not one only met as an
			// adjective ("an Australian airline … it warned"), nor a part
			// of another ("its board")
			return (e.kind == kindCountry || e.kind == kindOrg || e.kind == kindBody) && !e.plural && !e.weakName && e.partOf == nil
		case "they":
			return e.kind == kindGroup || e.kind == kindOrg || e.kind == kindBody || e.kind == kindCountry || e.plural
		}
		return false
	}
	// "…, Carlisle said. He added …": the latest speaker first
	if m.pronoun == "he" || m.pronoun == "she" {
		var speaker *entity
		for _, e := range d.recent {
			if fits(e) && e.lastSpoke >= 0 && m.sent-e.lastSpoke <= 2 && (speaker == nil || e.lastSpoke > speaker.lastSpoke) {
				speaker = e
			}
		}
		if speaker != nil {
			return speaker
		}
	}
	var best *entity
	for _, subjectsOnly := range []bool{true, false} {
		for i := len(d.recent) - 1; i >= 0; i-- {
			e := d.recent[i]
			if !fits(e) || m.sent-e.lastSent > maxPronounDistance {
				continue
			}
			if subjectsOnly && (e.lastSubject < 0 || m.sent-e.lastSubject > maxPronounDistance) {
				continue
			}
			switch {
			case best == nil:
				best = e
			case subjectsOnly && e.lastSubject > best.lastSubject:
				best = e
			case !subjectsOnly && e.lastSent > best.lastSent:
				best = e
			case m.pronoun == "it" && e.kind == kindOrg && best.kind == kindBody && e.lastSent >= best.lastSent-1:
				best = e // "the firm's board … it": the firm
			}
		}
		if best != nil {
			return best
		}
	}
	if m.pronoun == "it" {
		// no body named lately: a bare two-word name taken for a person's
		// may be a company's
		for i := len(d.recent) - 1; i >= 0; i-- {
			if e := d.recent[i]; e.guessed && m.sent-e.lastSent <= 1 {
				e.kind, e.guessed = kindOrg, false
				return e
			}
		}
	}
	return nil
}

// sideFromTitle gives a person described by a body's word ("ministry
// spokesman Abbas Mousavi", "the company's chairman") the body of that
// word met before.
func (d *discourse) sideFromTitle(e *entity, m *mention) {
	if e.side != nil || (e.kind != kindPerson && e.kind != kindRole) {
		return
	}
	for _, w := range strings.Fields(strings.ToLower(m.title)) {
		if !bodyNouns[w] {
			continue
		}
		for i := len(d.recent) - 1; i >= 0; i-- {
			if b := d.recent[i]; b != e && b.roles[w] && b.kind != kindPerson && b.kind != kindRole {
				e.side = b
				return
			}
		}
	}
}

// setSide records that a person or role speaks for a body.
func (e *entity) setSide(body *entity) {
	if e == nil || body == nil || e == body || e.side != nil {
		return
	}
	if (e.kind == kindPerson || e.kind == kindRole || e.kind == kindGroup) && body.kind != kindPerson && body.kind != kindRole {
		e.side = body
	}
}

// governmentWords in a title make a person speak for a government.
var governmentWords = setOf("minister", "ministry", "spokesman", "spokeswoman", "spokesperson",
	"ambassador", "envoy", "president", "premier", "foreign", "defence", "defense", "official",
	"officials", "diplomat", "secretary", "chancellor", "government")

// sideFromStory gives an official named without a country ("Foreign
// Ministry spokesman Kong Quan") the country that was the subject just
// before: news introduces a government's voice right after the
// government's act ("China has warned Taiwan … spokesman Kong Quan said").
func (d *discourse) sideFromStory(e *entity, m *mention) {
	if e.affiliation != "" || e.kind != kindPerson && e.kind != kindRole {
		return
	}
	target := e // whose side is unknown: the person, or the ministry it speaks for
	if e.side != nil {
		if e.side.country != "" || e.side.side != nil {
			return
		}
		target = e.side
	}
	official := false
	for _, w := range strings.Fields(strings.ToLower(m.title + " " + m.text)) {
		if governmentWords[strings.Trim(w, ",.")] {
			official = true
		}
	}
	if !official {
		return
	}
	// the country that spoke just before ("China has vowed to retaliate
	// if Japan …"), else the latest country that was a subject
	for _, spoke := range []bool{true, false} {
		for i := len(d.recent) - 1; i >= 0; i-- {
			c := d.recent[i]
			last := c.lastSubject
			if spoke {
				last = c.lastSpoke
			}
			if (c.kind == kindCountry || c.governs()) && last >= 0 && m.sent-last <= 2 {
				target.side, target.sideGuessed = c, true
				return
			}
		}
	}
	// else the country of the dateline ("BEIJING —", "Minsk, Jan 3"): an
	// official named without a country mostly speaks for the place the
	// story is filed from
	if d.dateline != nil {
		target.side, target.sideGuessed = d.dateline, true
	}
}

// governs reports whether e is a country's government named as a body
// ("the Belarusian government", "China's foreign ministry").
func (e *entity) governs() bool {
	if e.kind != kindOrg || e.country == "" || !governmentBodies[strings.ToLower(lastWord(e.name))] {
		return false
	}
	g, ok := actors.ByKey(e.country)
	return ok && g.Kind == actors.Country
}

// governmentBodies end the names of a government's parts ("the Chinese
// government", "Russia's foreign ministry"), not of a country's other
// bodies ("the British Beer and Pub Association").
var governmentBodies = setOf("government", "ministry", "administration", "cabinet", "embassy", "department",
	"office", "army", "military", "navy", "kremlin", "presidency", "parliament", "authorities")

// describedBefore finds the person a description introduced before the
// name: "Norway's defence minister has warned …" then "Defence Minister
// Ingrid Solheim told reporters".
func (d *discourse) describedBefore(m *mention) *entity {
	title := strings.Fields(strings.ToLower(m.title))
	if len(title) == 0 {
		return nil
	}
	head := title[len(title)-1]
	for i := len(d.recent) - 1; i >= 0; i-- {
		e := d.recent[i]
		if e.kind == kindRole && e.roles[head] && m.sent-e.lastSent <= 6 {
			return e
		}
	}
	return nil
}
