package warnings

import (
	"strings"
	"testing"

	"redline/briefing"
)

// Tests for the fixes the seventh held-out batch (a precision round of
// journalist-voice traps) and its probes drove; every sentence is written
// for them.

func TestAddresseeNotSpeakersOwnSide(t *testing.T) {
	tests := []oneWarningCase{
		{"his government acts, the condition names the other side",
			"Eritrea's information minister Ali Abdu warned that his government would pull out of the deal if Ethiopian troops were not gone by March.", "Ali Abdu", "Ethiopia"},
		{"its forces act, the condition names the other side",
			"Defence minister Lena Orlova warned that her government would close the border unless Georgian officials handed over the suspects.", "Lena Orlova", "Georgia"},
		{"his government alone is nobody warned",
			"The foreign minister, Ali Abdu, warned that his government would walk away from the talks.", "Ali Abdu", ""},
	}
	checkOneWarning(t, "Border talks", tests)
}

func TestWhoIsAtRiskIsWarned(t *testing.T) {
	tests := []oneWarningCase{
		{"most at risk past a relative clause",
			"Security firm Sophos warned that home users who had not updated their software were most at risk.", "Sophos", "home users"},
		{"could be vulnerable",
			"The Food Standards Agency cautioned that pregnant women could be vulnerable to the bacteria.", "Food Standards Agency", "pregnant women"},
		{"would face fines",
			"The Information Commissioner warned that firms sending spam would face fines of up to £5,000.", "Information Commissioner", "firms sending spam"},
		{"a thing at risk is nobody",
			"The union warned that the plant's future was at risk.", "union", ""},
	}
	checkOneWarning(t, "Headline", tests)
}

func TestDeniedOrAbsentWarningIsNone(t *testing.T) {
	tests := []struct {
		name, body string
		want       int
	}{
		{"not a disaster", "\"This is a blow, but not a disaster,\" said Peter Hale of broker Collins Stewart.", 0},
		{"won't be chaos", "\"There won't be chaos at the airports,\" said the airline's spokesman, Tom Reid.", 0},
		{"isn't so dangerous", "\"The new strain isn't so dangerous,\" said Dr Anna Berg of the Health Protection Agency.", 0},
		{"made no such threats", "Pyongyang made no such threats this week, the foreign ministry in Seoul said.", 0},
		{"gave no warning", "The company gave no warning of the job cuts, the union said.", 0},
		{"ignored warnings", "The government ignored repeated warnings about the collapse of pension schemes, a committee of MPs has said.", 0},
		{"dismissed warnings", "Ministers dismissed the warnings about the scheme's cost, the report said.", 0},
		// the same words asserted are warnings
		{"issued repeated warnings", "The pensions committee issued repeated warnings about the collapse of pension schemes, its chairman said.", 1},
		{"a disaster", "\"This would be a disaster for the town,\" said Peter Hale of broker Collins Stewart.", 1},
		{"issued a warning", "The company issued a warning that job cuts were likely, the union said.", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := extract(t, "Headline", tc.body)
			if len(ws) != tc.want {
				t.Errorf("%d warnings (speakers %q), want %d", len(ws), speakers(ws), tc.want)
			}
		})
	}
}

func TestOneSpeakerGoingOnToLooseAddressees(t *testing.T) {
	body := "Internet providers that advertise speeds they cannot deliver could face action, the watchdog Ofcom warned. " +
		"Ofcom has received hundreds of complaints this year. " +
		"It urged firms not to promise speeds that most customers never see.\n\n" +
		"Separately, the union Amicus warned that call centre jobs were at risk."
	ws := extract(t, "Watchdog warns on broadband adverts", body)
	n := 0
	for _, w := range ws {
		if containsFold(w.Speaker.Name, "Ofcom") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d Ofcom items (speakers %q), want one", n, speakers(ws))
	}
}

func TestLooseAddressees(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"firms", "providers that advertise speeds", true},
		{"anyone", "buyers", true},
		{"firms", "the government", false},
		{"Russia", "buyers", false},
		{"", "firms", false},
	}
	for _, tc := range tests {
		a, b := briefing.Actor{Key: actorKey(tc.a)}, briefing.Actor{Key: actorKey(tc.b)}
		if got := looseAddressees(a, b); got != tc.want {
			t.Errorf("looseAddressees(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestPersonOfBodyIsTheSpeaker(t *testing.T) {
	tests := []struct{ name, body, speaker, affiliation string }{
		{"doctor of a body with a demonym",
			"Dr Vivienne Nathanson of the British Medical Association warned that the labels alone would not be enough.", "Vivienne Nathanson", "British Medical Association"},
		{"of a body with of in its name",
			"John Smith of the Royal College of Nursing warned that wards would close.", "John Smith", "Royal College of Nursing"},
		{"of a firm",
			"Anna Kemp of Capital Economics warned that prices could fall by 10%.", "Anna Kemp", "Capital Economics"},
		// bodies and offices with "of" stay whole
		{"a bank's name",
			"The Royal Bank of Scotland warned that bad debts would rise.", "Royal Bank of Scotland", ""},
		{"an office",
			"The Director General of the CBI warned that firms would move abroad.", "CBI", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := extract(t, "Headline", tc.body)
			if len(ws) != 1 || !containsFold(ws[0].Speaker.Name, tc.speaker) {
				t.Fatalf("speakers %q, want %q", speakers(ws), tc.speaker)
			}
			if !containsFold(ws[0].Speaker.Affiliation, tc.affiliation) {
				t.Errorf("affiliation %q, want %q", ws[0].Speaker.Affiliation, tc.affiliation)
			}
		})
	}
}

func TestThreatenedWithAdverbial(t *testing.T) {
	tests := []struct {
		name, body string
		want       int
	}{
		{"threatened in the past to", "North Korea has threatened in the past to turn Seoul into a sea of fire.", 1},
		{"threatened repeatedly", "The union has threatened repeatedly to strike over the pension plans.", 1},
		{"threatened species", "The reserve is home to threatened species such as the snow leopard.", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := extract(t, "Headline", tc.body)
			if len(ws) != tc.want {
				t.Errorf("%d warnings (speakers %q), want %d", len(ws), speakers(ws), tc.want)
			}
			if tc.want == 1 && len(ws) == 1 && strings.TrimSpace(ws[0].Speaker.Name) == "" {
				t.Errorf("no speaker")
			}
		})
	}
}
