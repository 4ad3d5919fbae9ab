package warnings

import (
	"testing"

	"redline/briefing"
)

// Sentences written for these tests: each case checks one of the general
// fixes found with the held-out articles.

func findBy(ws []briefing.Warning, speaker string) (briefing.Warning, bool) {
	for _, w := range ws {
		if w.Speaker.Name == speaker {
			return w, true
		}
	}
	return briefing.Warning{}, false
}

func TestRoleThenName(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"minister named in the next paragraph",
			"Kenya's finance minister has warned lenders that any new levy would hurt small firms.\n\n\"We will not accept it,\" Finance Minister Amina Otieno told reporters in Nairobi.",
			"Amina Otieno"},
		{"governor named in the next sentence",
			"The central bank's governor has cautioned that inflation could double. Governor Pieter Smit said rates may rise.",
			"Pieter Smit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := extract(t, "Headline", tc.body)
			if len(ws) == 0 || ws[0].Speaker.Name != tc.want {
				t.Errorf("speakers %q, want first %q", speakers(ws), tc.want)
			}
		})
	}
}

func TestConditionalThreatWithoutCue(t *testing.T) {
	tests := []struct {
		name, body    string
		threat        bool
		wantAddressee string
	}{
		{"capital as the party", "“If Lima raises the tariff again, Chile will suspend copper shipments,” Chilean Foreign Minister Ana Reyes said.", true, "Peru"},
		{"we in a quotation", "“If the owners cut pay, we will strike for a week,” said union leader Tom Okoro.", true, "the owners"},
		{"reported, not quoted", "Chilean Foreign Minister Ana Reyes said that if Lima raised the tariff, Chile would close the border.", true, "Peru"},
		{"own condition is a promise", "“If we win the vote, we will cut taxes,” said party leader Tom Okoro.", false, ""},
		{"no action against anyone", "“If the rain stops, we will open the gates,” said the mayor, Tom Okoro.", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := extract(t, "Headline", tc.body)
			if !tc.threat {
				if len(ws) != 0 {
					t.Errorf("got %d warnings (%q), want none", len(ws), speakers(ws))
				}
				return
			}
			if len(ws) != 1 || ws[0].Kind != briefing.KindThreat || ws[0].Addressee.Name != tc.wantAddressee {
				t.Fatalf("got %+v, want one threat against %q", ws, tc.wantAddressee)
			}
			if ws[0].Condition == "" || ws[0].Consequence == "" {
				t.Errorf("condition %q consequence %q: want both", ws[0].Condition, ws[0].Consequence)
			}
		})
	}
}

func TestAddresseeNotAParty(t *testing.T) {
	tests := []struct{ name, body, speaker, want string }{
		{"both countries: the two named",
			"Ghana accused Togo of closing the border. Togo denied it and Ghana protested again. The African Union urged both countries not to escalate the row.",
			"African Union", "Ghana and Togo"},
		{"both sides with no two parties",
			"The African Union urged both sides not to escalate the row.", "African Union", ""},
		{"a region is not an actor",
			"Ivan Petrov warned that a trade conflict in the Arctic could disrupt fish supplies.", "Ivan Petrov", ""},
		{"a sea is not an actor",
			"Ivan Petrov warned that fishing in the Barents Sea could collapse.", "Ivan Petrov", ""},
		{"the subject of the condition, not a later name",
			"\"Ministers would be making a huge mistake if they ignored the evidence from Ireland,\" said its chief executive, Rob Hale.", "Rob Hale", "Ministers"},
		{"the object of a threat is the action",
			"Unite urged managers not to cut shifts and threatened a series of strikes.", "Unite", "managers"},
		{"the speaker's own title",
			"Islamabad's interior minister, Farah Qureshi, said the plan was \"a red line for us\".", "Farah Qureshi", ""},
		{"an organisation's full name",
			"Kenya Airways said that the Department of Transport had ignored it. The firm warned the Department of Transport against cutting routes.", "Kenya Airways", "Department of Transport"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := extract(t, "Headline", tc.body)
			w, ok := findBy(ws, tc.speaker)
			if !ok {
				t.Fatalf("no warning by %q in %q", tc.speaker, speakers(ws))
			}
			if w.Addressee.Name != tc.want {
				t.Errorf("addressee %q, want %q", w.Addressee.Name, tc.want)
			}
		})
	}
}

func TestAffiliationFullName(t *testing.T) {
	ws := extract(t, "Headline", "The Federal Trade Commission opened an inquiry into the merger. A Commission spokesman warned that prices could rise sharply.")
	w, ok := findBy(ws, "A Commission spokesman")
	if !ok {
		t.Fatalf("no warning by the spokesman in %q", speakers(ws))
	}
	if w.Speaker.Affiliation != "Federal Trade Commission" {
		t.Errorf("affiliation %q, want the full name named before", w.Speaker.Affiliation)
	}
}

func TestNewCues(t *testing.T) {
	tests := []struct {
		sentence string
		want     bool
	}{
		{"Ofcom said the industry risked alienating its own customers.", true},
		{"It would be a mistake to assume prices only rise, the governor said.", true},
		{"The Halifax said prices had slowed. It fears that buyers are being priced out.", true},
		{"A spokesman said Pakistan's fears were unfounded.", false},
		{"Officials said the risk of flooding was low.", false},
	}
	for _, tc := range tests {
		t.Run(tc.sentence, func(t *testing.T) {
			ws := extract(t, "Headline", tc.sentence)
			if got := len(ws) > 0; got != tc.want {
				t.Errorf("warning found %v (%q), want %v", got, speakers(ws), tc.want)
			}
		})
	}
}

func TestHeadlines(t *testing.T) {
	t.Run("past participle is passive", func(t *testing.T) {
		ws := extract(t, "Chile warned over copper tariffs", "Peru has warned Chile that new copper tariffs would hurt trade between the two countries.")
		for _, w := range ws {
			if w.Speaker.Name == "Chile" {
				t.Errorf("the headline's subject is warned, not the speaker: %+v", w)
			}
		}
	})
	t.Run("role noun is the body's party", func(t *testing.T) {
		body := "Mobile firms that hide charges could face fines, the regulator Ofcom said.\n\n" +
			"The watchdog said complaints had doubled.\n\n" +
			"The warning came as the Retail Association said shops were busy."
		ws := extract(t, "Watchdog warns on phone charges", body)
		if len(ws) != 1 || ws[0].Speaker.Name != "Ofcom" || ws[0].Evidence[0] != "Watchdog warns on phone charges" {
			t.Errorf("got %+v, want one warning by Ofcom with the headline as evidence", ws)
		}
	})
	t.Run("headline names the speaker's capital", func(t *testing.T) {
		body := "Germany's foreign minister has cautioned Poland against blocking the energy deal.\n\n" +
			"Speaking in Brussels, Karl Weber said a veto \"would be a serious mistake\".\n\n" +
			"Polish officials say the pipeline is a threat to their energy security."
		ws := extract(t, "Berlin cautions Warsaw over pipeline", body)
		for _, w := range ws {
			if w.Evidence[0] == "Berlin cautions Warsaw over pipeline" && w.Speaker.Affiliation != "Germany" && w.Speaker.Name != "Germany" {
				t.Errorf("headline given to %q (%q), want Germany's warning", w.Speaker.Name, w.Speaker.Affiliation)
			}
		}
	})
}

func TestRoleThenNameNeedsSameQualifiers(t *testing.T) {
	body := "Germany's foreign minister has cautioned Poland against a veto.\n\n" +
		"Prime Minister Marek Nowak said Poland would not be lectured by anyone, and warned that the pipeline could hurt Polish security."
	ws := extract(t, "Headline", body)
	for _, w := range ws {
		if w.Speaker.Name == "Marek Nowak" && len(w.Evidence) > 1 {
			t.Errorf("the prime minister took the foreign minister's warning: %+v", w)
		}
		if w.Speaker.Name == "Marek Nowak" && w.Speaker.Affiliation == "Germany" {
			t.Errorf("the prime minister was given the foreign minister's country")
		}
	}
}

func TestNamedVoiceMerging(t *testing.T) {
	tests := []struct {
		name string
		body string
		want int // warnings
	}{
		{"group then its named leader",
			"Dock workers have threatened to strike unless ministers raise pay.\n\n" +
				"Their leader, Sam Adeyemi, told the BBC: \"If ministers ignore us again, we will shut the ports.\"", 1},
		{"another body's spokeswoman is not merged",
			"Kremlin spokesman Dmitry Orlov warned Norway against hasty steps.\n\n" +
				"A European Commission spokeswoman cautioned that a trade conflict with Norway could hurt fish supplies.", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if ws := extract(t, "Headline", tc.body); len(ws) != tc.want {
				t.Errorf("got %d warnings (%q), want %d", len(ws), speakers(ws), tc.want)
			}
		})
	}
}

func TestSubjectsOfRiskAndGroups(t *testing.T) {
	tests := []struct{ name, body, speaker, addressee string }{
		{"risk: the clause subject with its relative clause",
			"\"Users who install software from unknown sources risk damaging their phones,\" said Kevin Hogan of Symantec.",
			"Kevin Hogan", "Users who install software from unknown sources"},
		{"a group with a capitalised modifier",
			"Union leaders at Acme Motors have threatened to call a strike if the carmaker cuts 1,000 jobs.",
			"Union leaders at Acme Motors", ""},
		{"a possessive description speaks",
			"North Korea's state media warned that Seoul would pay dearly for its choice.",
			"North Korea's state media", "South Korea"},
		{"a common noun capitalised at the start",
			"\"Management would be making a grave error if they think we will give in,\" said union leader Tom Okoro.",
			"Tom Okoro", "Management"},
		{"an ally asked to act is not warned",
			"Anna Berg said a launch \"would be a grave error\" and urged the Security Council to prepare a response.",
			"Anna Berg", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := extract(t, "Headline", tc.body)
			w, ok := findBy(ws, tc.speaker)
			if !ok {
				t.Fatalf("no warning by %q in %q", tc.speaker, speakers(ws))
			}
			if tc.addressee != "" && w.Addressee.Name != tc.addressee || tc.addressee == "" && w.Addressee.Name == "Security Council" {
				t.Errorf("addressee %q, want %q", w.Addressee.Name, tc.addressee)
			}
		})
	}
}

func TestRiskIsReal(t *testing.T) {
	tests := []struct {
		sentence string
		want     bool
	}{
		{"But he added that the risk of a trade war was real, said Peter Hale.", true},
		{"Peter Hale said the danger of a collapse is growing.", true},
		{"Peter Hale said the risk of a collapse was low.", false},
	}
	for _, tc := range tests {
		t.Run(tc.sentence, func(t *testing.T) {
			if got := len(extract(t, "Headline", tc.sentence)) > 0; got != tc.want {
				t.Errorf("warning found %v, want %v", got, tc.want)
			}
		})
	}
}

func TestHeadlineSpeakerIsNotTheAddressee(t *testing.T) {
	body := "Japan has told North Korea that a launch would bring sanctions.\n\n" +
		"Tokyo said it was ready to act. Japan's allies backed it.\n\n" +
		"Anna Berg, the US envoy, said a launch \"would be a grave error\"."
	ws := extract(t, "Japan warns North Korea against missile launch", body)
	w, ok := findBy(ws, "Anna Berg")
	if !ok {
		t.Fatalf("no warning by Anna Berg in %q", speakers(ws))
	}
	if w.Addressee.Name != "North Korea" {
		t.Errorf("addressee %q, want North Korea (Japan warns in the headline)", w.Addressee.Name)
	}
}
