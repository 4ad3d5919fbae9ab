package warnings

import (
	"testing"

	"redline/briefing"
)

// Tests for the eighth round: reported conditional threats of the
// speaker's own body, "would not hesitate to", "Name from Body", and a
// body merged with its own voice. Every sentence is written for them.

func TestReportedOwnSideThreat(t *testing.T) {
	tests := []struct{ name, body, speaker, addressee string }{
		{"the company would act if another party does not",
			"Ferrovia chief Paolo Renzi said the company would cut deliveries if Slovenia did not settle its debts.", "Paolo Renzi", "Slovenia"},
		{"his government would act unless another party does",
			"The Latvian defence minister said his government would expel the diplomats unless Belarus apologised.", "minister", "Belarus"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := extract(t, "Talks", tc.body)
			if len(ws) != 1 || !containsFold(ws[0].Speaker.Name, tc.speaker) {
				t.Fatalf("speakers %q, want %q", speakers(ws), tc.speaker)
			}
			if ws[0].Kind != briefing.KindThreat || !containsFold(ws[0].Addressee.Name, tc.addressee) {
				t.Errorf("kind %q addressee %q, want threat to %q", ws[0].Kind, ws[0].Addressee.Name, tc.addressee)
			}
		})
	}
	// the government the speaker opposes is not the speaker's own side
	if ws := extract(t, "Talks", "Opposition leader Anna Kask said the government would cut pensions if the budget failed."); len(ws) != 0 {
		t.Errorf("a critic's forecast of the government taken as a threat: %q", speakers(ws))
	}
}

func TestWouldNotHesitateIsThreat(t *testing.T) {
	tests := []struct {
		name, body, speaker string
		want                bool
	}{
		{"quoted", "\"We will not hesitate to retaliate,\" the Moldovan foreign minister said.", "minister", true},
		{"reported", "The rebels would not hesitate to strike the capital, their commander told reporters.", "commander", true},
		{"the journalist's own words are nobody's threat", "The army would not hesitate to strike.", "", false},
		{"hesitate before anything but an action", "The minister said he would not hesitate to say so.", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := extract(t, "Crisis", tc.body)
			if !tc.want {
				if len(ws) != 0 {
					t.Errorf("got %q, want nothing", speakers(ws))
				}
				return
			}
			if len(ws) != 1 || !containsFold(ws[0].Speaker.Name, tc.speaker) || ws[0].Kind != briefing.KindThreat {
				t.Fatalf("got %q, want a threat by %q", speakers(ws), tc.speaker)
			}
		})
	}
}

func TestPersonFromBody(t *testing.T) {
	for _, body := range []string{
		"Dr Lisa Marsh from the Royal College of Nursing warned that wards would close.",
		"Dr Lisa Marsh of the Royal College of Nursing warned that wards would close.",
	} {
		ws := extract(t, "Wards", body)
		if len(ws) != 1 || ws[0].Speaker.Name != "Lisa Marsh" {
			t.Errorf("%q: speakers %q, want Lisa Marsh", body, speakers(ws))
		}
	}
}

func TestBodyAndItsVoiceMerge(t *testing.T) {
	tests := []struct {
		name, body string
		want       int
	}{
		{"the governor, named",
			"The Bank of England warned households that rising interest rates would squeeze their budgets. The governor, Mervyn King, warned borrowers that rising interest rates would squeeze budgets next year.", 1},
		{"its governor",
			"The Bank of England warned households that rising interest rates would squeeze their budgets. Its governor warned lenders that rising interest rates would squeeze household budgets.", 1},
		{"another speaker on another matter stays apart",
			"The Bank of England warned households that rising interest rates would squeeze their budgets. Separately, Chancellor Gordon Brown warned unions that pay rises would stoke inflation.", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := extract(t, "Rates", tc.body)
			if len(ws) != tc.want {
				t.Fatalf("%d items %q, want %d", len(ws), speakers(ws), tc.want)
			}
			if tc.want == 1 && (len(ws[0].Evidence) != 2 || !containsFold(ws[0].Speaker.Name, "Bank of England")) {
				t.Errorf("merged item %q with %d sentences, want the Bank with both", ws[0].Speaker.Name, len(ws[0].Evidence))
			}
		})
	}
}

func TestIgnoredWarningsFromSpeaker(t *testing.T) {
	ws := extract(t, "Scheme", "Ministers ignored warnings from the Audit Office that the scheme would run over budget.")
	if len(ws) != 1 || !containsFold(ws[0].Speaker.Name, "Audit Office") || !containsFold(ws[0].Addressee.Name, "Ministers") {
		t.Fatalf("got %q, want the Audit Office warning ministers", speakers(ws))
	}
}

func TestTheGovernmentIsNotAUnionsOwnSide(t *testing.T) {
	ws := extract(t, "Pensions", "Unison leader Dave Mills said the government would cut pensions if the strike went ahead.")
	for _, w := range ws {
		if w.Kind == briefing.KindThreat {
			t.Errorf("a union leader's forecast of the government taken as his threat: %q", speakers(ws))
		}
	}
}
