package warnings

import "testing"

// Tests for the fixes the sixth held-out batch drove; every sentence is
// written for them.

func TestGroupNounClass(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"landlords", true}, {"solicitors", true}, {"doctors", true}, {"pensioners", true},
		{"farmers", true}, {"residents", true}, {"trustees", true}, {"fishermen", true},
		{"families", true}, {"critics", true}, {"economists", true}, {"groups", true},
		// things that share the endings
		{"sectors", false}, {"payments", false}, {"events", false}, {"fees", false},
		{"degrees", false}, {"factors", false}, {"prices", false}, {"yemen", false},
	}
	for _, tc := range tests {
		if got := isGroupNoun(tc.word); got != tc.want {
			t.Errorf("isGroupNoun(%q) = %v, want %v", tc.word, got, tc.want)
		}
	}
}

func TestGroupAddresseeBeyondTheListedNouns(t *testing.T) {
	tests := []oneWarningCase{
		{"landlords fronted",
			"Landlords who rely on rising rents could be badly hurt, the housing charity Shelter has warned.", "Shelter", "Landlords"},
		{"solicitors fronted",
			"Solicitors who overcharge clients will face fines, the Law Society has warned.", "Law Society", "Solicitors"},
		{"a thing fronted stays unaddressed",
			"Payments could be delayed until the spring, the Rural Payments Agency has warned.", "Rural Payments Agency", ""},
	}
	checkOneWarning(t, "Headline", tests)
}

func TestSubjectOfReportedRisk(t *testing.T) {
	tests := []oneWarningCase{
		{"the industry risked",
			"The watchdog's chairman, Alan Hart, said the industry risked losing public trust if it ignored the complaints.", "Alan Hart", "industry"},
		{"said the banks risked",
			"Economist Jane Moss said the banks risked losing customers unless charges came down.", "Jane Moss", "banks"},
		{"a pronoun is nobody",
			"Retail analyst Tom Reed said it risked losing customers to rivals.", "Tom Reed", ""},
	}
	checkOneWarning(t, "Headline", tests)
}

func TestCollectiveLeadNamedNext(t *testing.T) {
	tests := []struct {
		name, body, speaker, addressee string
		items                          int
	}{
		{"bodies named next",
			"Consumer groups cautioned that fining shoppers could backfire. The National Consumer Council said the industry risked losing its customers.",
			"National Consumer Council", "industry", 1},
		{"people are not a body",
			"Critics cautioned that fining shoppers could backfire. The National Consumer Council said the industry risked losing its customers.",
			"", "", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := extract(t, "Headline", tc.body)
			if len(ws) != tc.items {
				t.Fatalf("%d items %q, want %d", len(ws), speakers(ws), tc.items)
			}
			if tc.items == 1 && (!containsFold(ws[0].Speaker.Name, tc.speaker) || !containsFold(ws[0].Addressee.Name, tc.addressee) || len(ws[0].Evidence) != 2) {
				t.Errorf("got %q -> %q with %d sentences, want %q -> %q with both", ws[0].Speaker.Name, ws[0].Addressee.Name, len(ws[0].Evidence), tc.speaker, tc.addressee)
			}
		})
	}
}

func TestOfficeAndBodyNames(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"office to the body",
			"Chief Secretary to the Treasury Ruth Mercer warned that the plans would hurt families.", "Ruth Mercer"},
		{"for inside a name",
			"The Institute for Public Policy cautioned that waiting lists would grow.", "Institute for Public Policy"},
		{"name then kind of body",
			"The Policy Exchange think-tank cautioned that waiting lists would grow.", "Policy Exchange"},
		{"union after its name",
			"The Amicus union warned that the closure would cost 900 jobs.", "Amicus"},
		{"a country before the kind of body is a description",
			"A US firm warned that the closure would cost 900 jobs.", "A US firm"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := extract(t, "Headline", tc.body)
			if len(ws) != 1 || ws[0].Speaker.Name != tc.want {
				t.Errorf("speakers %q, want %q", speakers(ws), tc.want)
			}
		})
	}
}

func TestQuotedNameIsNotTheSaidPronoun(t *testing.T) {
	body := "Shadow minister Clare Dunn said the figures did not add up. " +
		"\"Peter Hale's budget would mean fewer nurses,\" she said. \"Patients would pay the price.\""
	ws := extract(t, "Headline", body)
	if len(ws) != 1 || ws[0].Speaker.Name != "Clare Dunn" {
		t.Errorf("speakers %q, want Clare Dunn for the quotation", speakers(ws))
	}
}

func TestConditionSubjectKnownFromTheArticle(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"a firm that speaks elsewhere",
			"Union leader Sam Platt threatened a week of strikes unless Anglian Ferries raised its offer. Anglian Ferries said it was disappointed.", "Anglian Ferries"},
		{"a name never acting",
			"Union leader Sam Platt threatened a week of strikes unless Anglian Ferries raised its offer.", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := extract(t, "Headline", tc.body)
			if len(ws) != 1 {
				t.Fatalf("speakers %q, want one", speakers(ws))
			}
			if got := ws[0].Addressee.Name; tc.want == "" && got != "" || !containsFold(got, tc.want) {
				t.Errorf("addressee %q, want %q", got, tc.want)
			}
		})
	}
}
