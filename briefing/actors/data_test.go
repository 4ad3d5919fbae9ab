package actors

import (
	"strings"
	"testing"
)

// isoCodes is the ISO 3166-1 alpha-2 list (249 codes), written out here
// independently of the data file so that a missing country is caught.
const isoCodes = `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR
HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS
LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL
NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI
SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY
UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`

// Territories without a capital of their own, and uninhabited ones
// without a demonym.
var (
	noCapital = setOf("AQ", "BV", "HM", "IO", "TK", "UM", "GB-ENG")
	noDemonym = setOf("BV", "HM", "IO", "GS", "SJ", "TF", "UM")
	// Kosovo (a user-assigned code, widely used) and the countries of the
	// United Kingdom (ISO 3166-2).
	notISOKept = setOf("XK", "GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR")
)

func TestDataHasNoClashes(t *testing.T) {
	for _, p := range loadGazetteer().problems {
		t.Error(p)
	}
}

func TestEveryISOCountryIsComplete(t *testing.T) {
	g := loadGazetteer()
	byCode := map[string]int{}
	for i, e := range g.entities {
		if e.Kind == Country {
			if _, dup := byCode[e.Code]; dup {
				t.Errorf("code %s appears twice", e.Code)
			}
			byCode[e.Code] = i
		}
	}
	codes := strings.Fields(isoCodes)
	if len(codes) != 249 {
		t.Fatalf("test list has %d codes, want 249", len(codes))
	}
	for _, code := range codes {
		i, ok := byCode[code]
		if !ok {
			t.Errorf("ISO country %s is missing", code)
			continue
		}
		delete(byCode, code)
		e, rec := g.entities[i], g.records[i]
		if got, ok := Lookup(e.Name); (!ok || got.Key != e.Key) && !strings.Contains(e.Name, ",") {
			t.Errorf("%s: Lookup(%q) = %q, %v", code, e.Name, got.Key, ok)
		}
		if len(rec.capitals) == 0 && !noCapital[code] {
			t.Errorf("%s %s has no capital", code, e.Name)
		}
		if len(rec.demonyms) == 0 && !noDemonym[code] {
			t.Errorf("%s %s has no demonym", code, e.Name)
		}
	}
	for code := range byCode {
		if !notISOKept[code] {
			t.Errorf("code %s is not ISO 3166-1", code)
		}
	}
}

// Every form written in the data must find its entity again, unless it is
// marked shared (and so may be dropped) or an organisation takes it over.
func TestEveryFormResolves(t *testing.T) {
	g := loadGazetteer()
	for i, rec := range g.records {
		e := g.entities[i]
		check := func(what string, forms []string, find func(string) (Entity, bool)) {
			for _, raw := range forms {
				if strings.HasPrefix(raw, "?") {
					continue
				}
				text := strings.TrimLeft(raw, markers)
				got, ok := find(text)
				if !ok {
					t.Errorf("%s %q of %s is not found", what, text, e.Name)
					continue
				}
				if got.Key != e.Key && !(got.Kind == Organisation && e.Kind == Country) {
					t.Errorf("%s %q of %s finds %s", what, text, e.Name, got.Name)
				}
			}
		}
		check("name", rec.names, Lookup)
		check("abbreviation", rec.abbrevs, Lookup)
		check("capital", rec.capitals, Lookup)
		check("seat", rec.seats, Lookup)
		check("demonym", rec.demonyms, Demonym)
	}
}

// Organisations that belong to a country name an existing entity, and a
// country's capital that an organisation takes over is listed here, so
// that no capital is lost by accident.
func TestOverriddenCapitals(t *testing.T) {
	g := loadGazetteer()
	want := map[string]string{"Brussels": "european union"}
	for i, rec := range g.records {
		for _, c := range rec.capitals {
			if strings.HasPrefix(c, "?") {
				continue // shared on purpose
			}
			c = strings.TrimLeft(c, markers)
			got, ok := Lookup(c)
			if !ok || got.Key == g.entities[i].Key {
				continue
			}
			if want[c] != got.Key {
				t.Errorf("capital %q of %s resolves to %s", c, g.entities[i].Name, got.Name)
			}
		}
	}
	for _, e := range g.entities {
		if e.Country == "" {
			continue
		}
		if _, ok := ByKey(e.Country); !ok {
			t.Errorf("%s belongs to unknown %q", e.Name, e.Country)
		}
	}
}

func TestMajorOrganisations(t *testing.T) {
	for _, name := range []string{"EU", "UN", "UN Security Council", "NATO", "IMF", "World Bank", "WTO", "WHO",
		"OPEC", "ASEAN", "African Union", "G7", "G20", "OECD", "ECB", "Fed", "Federal Reserve",
		"Bank of England", "Bank of Japan", "European Commission", "IAEA", "ICC"} {
		e, ok := Lookup(name)
		if !ok || e.Kind != Organisation {
			t.Errorf("Lookup(%q) = %+v, %v; want an organisation", name, e, ok)
		}
	}
	owners := map[string]string{"Fed": "united states", "ECB": "european union", "Bank of Japan": "japan", "European Commission": "european union"}
	for name, owner := range owners {
		if e, _ := Lookup(name); e.Country != owner {
			t.Errorf("%s belongs to %q, want %q", name, e.Country, owner)
		}
	}
}

// Stored keys are searched again with Key, so an entity's key and name
// must both give back its key, and Canonical must give back its name.
func TestEntityKeysAreStable(t *testing.T) {
	for _, e := range Entities() {
		if got := Key(e.Key); got != e.Key {
			t.Errorf("Key(%q) = %q", e.Key, got)
		}
		if got := Key(e.Name); got != e.Key {
			t.Errorf("Key(%q) = %q, want %q", e.Name, got, e.Key)
		}
		if got := Canonical(e.Key); got != e.Name {
			t.Errorf("Canonical(%q) = %q, want %q", e.Key, got, e.Name)
		}
	}
}
