package warnings

import (
	"context"
	"slices"
	"strings"
	"testing"

	"redline/briefing"
)

// The sentences below are written for these tests; none comes from the
// evaluation articles.

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "The port closed. Ships waited offshore.",
			[]string{"The port closed.", "Ships waited offshore."}},
		{"titles and initials", "Mr Okafor met Dr Lindqvist in Lagos. J. R. Mensah was absent.",
			[]string{"Mr Okafor met Dr Lindqvist in Lagos.", "J. R. Mensah was absent."}},
		{"dotted acronym", "The U.S. envoy left on Jan. 4 for talks. Nobody followed.",
			[]string{"The U.S. envoy left on Jan. 4 for talks.", "Nobody followed."}},
		{"quote closes after the stop", `"We will not wait," she said. "Nor will they."`,
			[]string{`"We will not wait," she said.`, `"Nor will they."`}},
		{"curly quote and question", "“Is this the end?” he asked. Nobody knew.",
			[]string{"“Is this the end?” he asked.", "Nobody knew."}},
		{"decimal numbers stay", "Growth slowed to 1.5% in May. Prices rose.",
			[]string{"Growth slowed to 1.5% in May.", "Prices rose."}},
		{"ellipsis inside a quote", `"We will not be... forced into it," he said.`,
			[]string{`"We will not be... forced into it," he said.`}},
		{"lower case after a stop", "The plan, approx. two pages long, was leaked.",
			[]string{"The plan, approx. two pages long, was leaked."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := splitSentences(tc.in); !slices.Equal(got, tc.want) {
				t.Errorf("splitSentences(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSplitSentencesCapsLength(t *testing.T) {
	long := strings.Repeat("word ", 2000) // 10,000 bytes, no full stop
	for _, s := range splitSentences(long) {
		if len(s) > maxSentenceBytes+1 {
			t.Fatalf("sentence of %d bytes exceeds the cap %d", len(s), maxSentenceBytes)
		}
	}
}

func TestDocumentParagraphsAndQuotes(t *testing.T) {
	d := newDocument("Headline here", "First para one. First para two.\n\nShe said: \"The plan fails.\n\n\"It will cost jobs.\"\n\nA new paragraph.")
	texts := make([]string, len(d.sents))
	for i, s := range d.sents {
		texts[i] = s.text
	}
	want := []string{"Headline here", "First para one.", "First para two.", `She said: "The plan fails.`, `"It will cost jobs."`, "A new paragraph."}
	if !slices.Equal(texts, want) {
		t.Fatalf("sentences\n got %q\nwant %q", texts, want)
	}
	// the quotation left open runs on into the next paragraph
	if d.sents[3].quoteSpan < 0 || d.sents[3].quoteSpan != d.sents[4].quoteSpan {
		t.Errorf("quote spans %d and %d: want one quotation over both paragraphs", d.sents[3].quoteSpan, d.sents[4].quoteSpan)
	}
	if d.sents[5].quoteSpan >= 0 {
		t.Errorf("unquoted paragraph got quote span %d", d.sents[5].quoteSpan)
	}
}

func TestCues(t *testing.T) {
	tests := []struct {
		sentence string
		want     cueClass // cueNone: no cue at all
	}{
		{"The minister warned that the bridge could collapse.", cueWarn},
		{"Engineers have been warning about the dam for years.", cueWarn},
		{"Rebels threatened to seize the port.", cueThreat},
		{"The union issued a stark warning to employers.", cueWarn},
		{"The council renewed its threat of legal action.", cueThreat},
		{"Critics fear the plan could backfire.", cueFear},
		{"Doctors are worried about the shortage of nurses.", cueFear},
		{`"It would be a big mistake to sign," she said.`, cuePhrase},
		{`He said the firm would pay a heavy price.`, cuePhrase},
		{`"That is a red line for us," the envoy said.`, cuePhrase},
		{"Officials who leak data would face up to two years in jail, she said.", cuePhrase},
		{"The rebels vowed to retaliate against any attack.", cueThreat},
		{"The rebels vowed to rebuild the bridge.", cueNone},
		{"The governor sounded a note of caution on the budget.", cueWarn},
		{"He said there was a danger that talks would collapse.", cuePhrase},
		// exclusions: not a speech act
		{"Warning lights flashed on the dashboard.", cueNone},
		{"The threat of terrorism dominated the summit.", cueNone},
		{"It is feared that hundreds of homes were flooded.", cueNone},
		{"Investors might be concerned about the delay.", cueNone},
		{"The storm passed without warning.", cueNone},
		{"The risk was low, officials said.", cueNone},
		{"Their fears grew as the river rose.", cueNone},
	}
	for _, tc := range tests {
		t.Run(tc.sentence, func(t *testing.T) {
			d := newDocument("", tc.sentence)
			cues := findCues(d.sents[0])
			got := cueNone
			for _, c := range cues {
				if c.class.strength() > got.strength() {
					got = c.class
				}
			}
			if got != tc.want {
				t.Errorf("strongest cue class %d, want %d (cues %+v)", got, tc.want, cues)
			}
		})
	}
}

// extract runs the extractor over a headline and body.
func extract(t *testing.T, title, body string) []briefing.Warning {
	t.Helper()
	ws, err := New().Extract(context.Background(), briefing.Article{Title: title, Text: body})
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

func speakers(ws []briefing.Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Speaker.Name)
	}
	return out
}

func TestSpeakerAttribution(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string // speaker of each warning, in order
	}{
		{"subject of the cue verb",
			"Finance Minister Amara Osei warned that the deficit would double.",
			[]string{"Amara Osei"}},
		{"he refers to the last person speaking",
			"Amara Osei spoke to parliament on Monday. He warned that the deficit would double.",
			[]string{"Amara Osei"}},
		{"she across a quotation",
			"Lena Park, a spokeswoman for the ministry, said the talks had stalled.\n\n\"If they walk out, it would be a disaster,\" she said.",
			[]string{"Lena Park"}},
		{"surname and title refer to the full name",
			"Tomas Berg chairs the audit committee. Mr Berg warned the accounts were unreliable.",
			[]string{"Tomas Berg"}},
		{"role noun refers to the company",
			"Shares in Norvell Shipping fell sharply. The company warned that profits would halve.",
			[]string{"Norvell Shipping"}},
		{"they refers to a group",
			"The striking dockers met on Friday. They threatened to close the harbour.",
			[]string{"The striking dockers"}},
		{"inverted attribution",
			"\"Prices will keep rising and that is a real risk,\" said Ingrid Vos of Halden Bank.",
			[]string{"Ingrid Vos"}},
		{"apposition after the name",
			"Piet Janssen, general secretary of the dockers' union, warned of further walkouts.",
			[]string{"Piet Janssen"}},
		{"a long description right after the named speaker",
			"Hana Sato has called for an inquiry. The former finance minister of Japan told a news conference that delay would be a disaster.",
			[]string{"Hana Sato"}},
		{"a verb joined to the first shares its subject",
			"The insurer said claims had doubled, and warned that premiums could rise.",
			[]string{"The insurer"}},
		{"a participle phrase between subject and verb",
			"The Chilean envoy, speaking in Geneva on Monday, said any delay would be a serious mistake.",
			[]string{"The Chilean envoy"}},
		{"according to",
			"Exports face a real risk of collapse this winter, according to the Nordic Trade Council.",
			[]string{"Nordic Trade Council"}},
		{"the name follows the last title",
			"Central Bank of Ruritania Governor Ilse Marek warned that house prices could fall.",
			[]string{"Ilse Marek"}},
		{"a group with a place",
			"Officials in Nairobi warned that the drought would worsen.",
			[]string{"Officials in Nairobi"}},
		{"an unnamed person",
			"\"The whole sector is at risk,\" said one senior banker.",
			[]string{"one senior banker"}},
		{"a participle after the attribution",
			"The shipping council said freight costs could soar, warning of a difficult winter.",
			[]string{"The shipping council"}},
		{"a storm threatens nobody in words",
			"The storm threatened hundreds of homes along the coast.",
			nil},
		{"a pronoun with nobody before it gives no warning",
			"He warned that the deficit would double.",
			nil},
		{"the journalist's own forecast is not a warning",
			"The deficit is likely to double next year, which could be a disaster.",
			nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := speakers(extract(t, "", tc.body)); !slices.Equal(got, tc.want) {
				t.Errorf("speakers %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAddressee(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{"object of the cue verb", "The president warned Canada that tariffs would follow.", "Canada"},
		{"urged X not to", "The commission urged Poland not to close the border.", "Poland"},
		{"for X to", "Sato said it would be a big mistake for Peru to leave the pact.", "Peru"},
		{"subject of the warned-about clause", "The envoy warned that Chile could lose its seat.", "Chile"},
		{"condition's subject", "The adviser warned that unless ministers act, the scheme would collapse.", "ministers"},
		{"warned MPs", "The governor warned MPs that rates would rise.", "MPs"},
		{"a possessive in object position is an owner, not the one warned", "Ana Ruiz said the plan would destroy Chile's fisheries.", ""},
		{"told reporters is an audience", "The general told reporters that Brazil would pay a heavy price.", "Brazil"},
		{"object before a clause without that", "Rosa Lind warned Hugo Brandt the coalition could not survive.", "Hugo Brandt"},
		{"who would face a penalty", "Nadia Rahman said that officials who leak data would face jail.", "officials who leak data"},
		{"passive: the subject is warned", "Kenya was warned by the lender that aid would stop.", "Kenya"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := extract(t, "", tc.body)
			if len(ws) != 1 {
				t.Fatalf("got %d warnings, want 1: %+v", len(ws), ws)
			}
			if ws[0].Addressee.Name != tc.want {
				t.Errorf("addressee %q, want %q", ws[0].Addressee.Name, tc.want)
			}
		})
	}
}

func TestMetonymy(t *testing.T) {
	tests := []struct {
		body          string
		speaker, addr string
	}{
		{"Moscow warned Kyiv that the talks were over.", "Russia", "Ukraine"},
		{"Tokyo has cautioned Beijing against any move on the islands.", "Japan", "China"},
		{"A Canberra official warned that Jakarta would regret the decision.", "A Canberra official", "Indonesia"},
	}
	for _, tc := range tests {
		t.Run(tc.body, func(t *testing.T) {
			ws := extract(t, "", tc.body)
			if len(ws) != 1 {
				t.Fatalf("got %d warnings, want 1: %+v", len(ws), ws)
			}
			if ws[0].Speaker.Name != tc.speaker || ws[0].Addressee.Name != tc.addr {
				t.Errorf("%q → %q, want %q → %q", ws[0].Speaker.Name, ws[0].Addressee.Name, tc.speaker, tc.addr)
			}
		})
	}
	// affiliation from a capital, a demonym, a country before a title
	for body, want := range map[string]string{
		"A Canberra official warned that Jakarta would regret the decision.":     "Australia",
		"Russian Foreign Minister Pavel Orlov warned that the talks were over.":  "Russia",
		"US Trade Secretary Dana Kim warned Mexico that tariffs would follow.":   "United States",
		"Dana Kim, a senior official in Ottawa, warned that tariffs would rise.": "Canada",
	} {
		ws := extract(t, "", body)
		if len(ws) != 1 || ws[0].Speaker.Affiliation != want {
			t.Errorf("%q: got %+v, want one warning with affiliation %s", body, ws, want)
		}
	}
}

func TestConditional(t *testing.T) {
	tests := []struct {
		sentence   string
		cond, cons string
	}{
		{"If the strike goes ahead, hospitals will close wards.", "the strike goes ahead", "hospitals will close wards"},
		{"Hospitals will close wards if the strike goes ahead.", "the strike goes ahead", "Hospitals will close wards"},
		{"She warned that fares would rise unless the subsidy was renewed.", "unless the subsidy was renewed", "fares would rise"},
		{"Trade can continue as long as the border stays open.", "as long as the border stays open", "Trade can continue"},
		{"The move could wreck the economy by driving investors away.", "driving investors away", "The move could wreck the economy"},
	}
	for _, tc := range tests {
		t.Run(tc.sentence, func(t *testing.T) {
			d := newDocument("", tc.sentence)
			cond, cons, ok := conditional(d.sents[0])
			if !ok || cond != tc.cond || cons != tc.cons {
				t.Errorf("conditional = %q → %q (%v), want %q → %q", cond, cons, ok, tc.cond, tc.cons)
			}
		})
	}
	d := newDocument("", "The bridge was closed for repairs.")
	if c, q, ok := conditional(d.sents[0]); ok {
		t.Errorf("no condition expected, got %q → %q", c, q)
	}
}

func TestMerging(t *testing.T) {
	t.Run("one warning over several sentences", func(t *testing.T) {
		ws := extract(t, "", "Ana Ruiz warned that the reservoir would run dry by August.\n\n"+
			"\"The reservoir cannot last the summer and it would be a disaster for farmers,\" Ms Ruiz said.")
		if len(ws) != 1 || len(ws[0].Evidence) != 2 {
			t.Fatalf("want one warning with two evidence sentences, got %+v", ws)
		}
	})
	t.Run("also warned starts a second warning", func(t *testing.T) {
		ws := extract(t, "", "The airline warned that fares would rise.\n\nIt also warned that routes to the islands could be cut.")
		if len(ws) != 2 {
			t.Fatalf("want two warnings, got %d: %+v", len(ws), ws)
		}
	})
	t.Run("different speakers stay apart", func(t *testing.T) {
		ws := extract(t, "", "Ana Ruiz warned that the reservoir would run dry. Karl Obi warned that the reservoir would run dry.")
		if len(ws) != 2 {
			t.Fatalf("want two warnings, got %d", len(ws))
		}
	})
	t.Run("the headline joins the warning it states", func(t *testing.T) {
		ws := extract(t, "Farmers warned reservoir will run dry", "Ana Ruiz warned farmers that the reservoir would run dry by August.")
		if len(ws) != 1 || len(ws[0].Evidence) != 2 || ws[0].Evidence[0] != "Farmers warned reservoir will run dry" {
			t.Fatalf("want the headline as first evidence, got %+v", ws)
		}
	})
	t.Run("a headline warning the body only reports", func(t *testing.T) {
		ws := extract(t, "Halden Bank warns of mortgage defaults", "Mortgage defaults at Halden Bank rose by a third in March, the lender's figures show.\n\nThe bank expects more this year.")
		if len(ws) != 1 || ws[0].Speaker.Name != "Halden Bank" || len(ws[0].Evidence) != 2 {
			t.Fatalf("want Halden Bank's warning from the headline and lead, got %+v", ws)
		}
	})
	t.Run("an unrelated headline stays out", func(t *testing.T) {
		ws := extract(t, "Markets close higher", "Ana Ruiz warned farmers that the reservoir would run dry by August.")
		if len(ws) != 1 || len(ws[0].Evidence) != 1 {
			t.Fatalf("want one evidence sentence, got %+v", ws)
		}
	})
}

func TestKind(t *testing.T) {
	t.Run("a named speaker's own side acting on a condition", func(t *testing.T) {
		ws := extract(t, "", "Chile's trade minister warned Peru that the talks were over.\n\n\"If the border stays shut, Chile will close its ports to Peruvian ships,\" Trade Minister Rosa Vidal told reporters.")
		if len(ws) != 1 || ws[0].Kind != briefing.KindThreat || ws[0].Speaker.Name != "Rosa Vidal" || len(ws[0].Evidence) != 2 {
			t.Fatalf("want one threat by Rosa Vidal over two sentences, got %+v", ws)
		}
	})
	ws := extract(t, "", "The dockers' union threatened to strike if the port was sold.")
	if len(ws) != 1 || ws[0].Kind != briefing.KindThreat {
		t.Fatalf("want one threat, got %+v", ws)
	}
	ws = extract(t, "", "The regulator warned that banks could fail.")
	if len(ws) != 1 || ws[0].Kind != briefing.KindWarning {
		t.Fatalf("want one warning, got %+v", ws)
	}
}

func TestBalanceQuotes(t *testing.T) {
	cases := map[string]string{
		"the ministry could cross a “red line":      "the ministry could cross a “red line”",
		"unlikely to please the board” of the firm": "“unlikely to please the board” of the firm",
		"a “balanced” phrase stays":                 "a “balanced” phrase stays",
		`it would be "a grave error`:                `it would be "a grave error"`,
		"no quotes at all":                          "no quotes at all",
		"“nested “twice":                            "“nested “twice””",
	}
	for in, want := range cases {
		if got := balanceQuotes(in); got != want {
			t.Errorf("balanceQuotes(%q) = %q, want %q", in, got, want)
		}
	}
}

// oneWarningCase is a text from which exactly one warning is expected, by
// a speaker whose name contains speaker, to an addressee whose name
// contains want ("" when nobody in particular is warned).
type oneWarningCase struct{ name, body, speaker, want string }

func checkOneWarning(t *testing.T, title string, tests []oneWarningCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := extract(t, title, tc.body)
			if len(ws) != 1 || !containsFold(ws[0].Speaker.Name, tc.speaker) {
				t.Fatalf("speakers %q, want %q", speakers(ws), tc.speaker)
			}
			if got := ws[0].Addressee.Name; tc.want == "" && got != "" || !containsFold(got, tc.want) {
				t.Errorf("addressee %q, want %q", got, tc.want)
			}
		})
	}
}
