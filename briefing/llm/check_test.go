package llm

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"redline/briefing"
	"redline/briefing/article"
)

func TestSentencesAreNumberedVerbatim(t *testing.T) {
	a := briefing.Article{
		Title: "  Seoul warns Moscow  ",
		Text: "Mr. Chang Ho-jin of the U.S. desk said on Monday that J. Smith left. \"It would cross a red line.\" He added more.\n" +
			"This line continues the paragraph?\n\nA second paragraph… With an ellipsis! And 3 numbers.",
	}
	d := newDocument(a)
	var got []string
	for _, s := range d.sents {
		got = append(got, s.text)
	}
	want := []string{
		"Seoul warns Moscow",
		"Mr. Chang Ho-jin of the U.S. desk said on Monday that J. Smith left.",
		"\"It would cross a red line.\"",
		"He added more.",
		"This line continues the paragraph?",
		"A second paragraph…",
		"With an ellipsis!",
		"And 3 numbers.",
	}
	if !slices.Equal(got, want) {
		t.Errorf("sentences\n got %q\nwant %q", got, want)
	}
	if d.sents[0].n != 1 || d.sents[7].n != 8 || d.sents[4].para != 1 || d.sents[5].para != 2 {
		t.Errorf("numbers or paragraphs wrong: %+v", d.sents)
	}
	long := strings.Repeat("word ", 1000)
	for _, s := range newDocument(briefing.Article{Text: long}).sents {
		if len(s.text) > article.MaxSentenceBytes+10 {
			t.Errorf("a sentence of %d bytes", len(s.text))
		}
	}
}

func TestPartsKeepTheHeadlineAndOverlap(t *testing.T) {
	var text []string
	for i := range 30 {
		text = append(text, fmt.Sprintf("Sentence number %d is here, with some words to pad it out to sixty.", i))
	}
	d := newDocument(briefing.Article{Title: "Head", Text: strings.Join(text, " ")})
	parts := d.parts(500)
	if len(parts) < 3 {
		t.Fatalf("%d parts", len(parts))
	}
	seen := map[int]bool{}
	for i, p := range parts {
		if p.sents[0].n != 1 || p.index != i+1 || p.of != len(parts) {
			t.Errorf("part %d starts with %d (%d of %d)", i+1, p.sents[0].n, p.index, p.of)
		}
		size := 0
		for _, s := range p.sents {
			size += len(s.text) + 1
			seen[s.n] = true
		}
		if size > 500 {
			t.Errorf("part %d holds %d characters", i+1, size)
		}
		if i > 0 && p.sents[1].n > parts[i-1].sents[len(parts[i-1].sents)-1].n {
			t.Errorf("part %d does not repeat the end of part %d", i+1, i)
		}
	}
	if len(seen) != len(d.sents) {
		t.Errorf("parts hold %d of %d sentences", len(seen), len(d.sents))
	}
	if got := newDocument(briefing.Article{Title: "Head", Text: "One. Two."}).parts(500); len(got) != 1 || len(got[0].sents) != 3 {
		t.Errorf("a short article is one part: %+v", got)
	}
}

func TestParseAnswerForgivesTheWrapping(t *testing.T) {
	item := `{"speaker": "Putin", "speaker_affiliation": null, "addressee": "Seoul", "kind": "threat", "what": "x", "condition": null, "consequence": null, "quote": null, "sentences": [3, "4", "[5]"]}`
	for _, text := range []string{
		`{"warnings": [` + item + `]}`,
		"```json\n{\"warnings\": [" + item + "]}\n```",
		"<think>the article says {nothing}</think>\nHere you are: {\"warnings\": [" + item + "]} Hope it helps.",
		`[` + item + `]`,
		`{"items": [` + item + `]}`,
	} {
		items, bad, err := parseAnswer(text)
		if err != nil || bad != 0 || len(items) != 1 || !slices.Equal(items[0].Sentences, []int{3, 4, 5}) || items[0].Addressee != "Seoul" {
			t.Errorf("parseAnswer(%q) = %+v, %d, %v", text, items, bad, err)
		}
	}
	for _, text := range []string{"", "no json here", `{"warnings": [`, `{"a": [], "b": []}`, `{"warnings": "none"}`, `"warnings"`} {
		if _, _, err := parseAnswer(text); err == nil {
			t.Errorf("parseAnswer(%q) read an answer", text)
		}
	}
	items, bad, err := parseAnswer(`{"warnings": [` + item + `, 7, {"speaker": ["a"]}, {"speaker": "X", "sentences": [1.5]}]}`)
	if err != nil || len(items) != 1 || bad != 3 {
		t.Errorf("bad items are skipped and counted: %d items, %d bad, %v", len(items), bad, err)
	}
	if items, _, err := parseAnswer(`{"warnings": null}`); err != nil || len(items) != 0 {
		t.Errorf("null warnings = none: %v %v", items, err)
	}
	// the cache's form reads back the same
	raw, _ := marshalAnswer(items)
	back, _, err := parseAnswer(string(raw))
	if err != nil || !reflect.DeepEqual(back, items) {
		t.Errorf("round trip: %s → %+v, %v", raw, back, err)
	}
}

func TestNamesAreCheckedAgainstTheArticle(t *testing.T) {
	d := newDocument(briefing.Article{
		Title: "Seoul warns Moscow over arms",
		Text: "South Korean national security adviser Chang Ho-jin said Russia's actions approach a red line. " +
			"Kremlin spokesman Dmitry Peskov said Mr. Putin would answer. Senior health officials at the ministry urged calm. " +
			"O’Neill, a trader, said little. Joint UK-US strikes hit the port. The embassy of China was angry. \"No tricks,\" a spokesman said.",
	})
	for name, want := range map[string]bool{
		"Chang Ho-jin":                        true,
		"chang ho-jin":                        true,
		"Mr Chang Ho-jin":                     true,  // a title added
		"the Kremlin":                         true,  // as written
		"Russia":                              true,  // written as "Russia's"
		"South Korea":                         true,  // named as Seoul, and by a demonym
		"Moscow":                              true,  // the capital, as written
		"Vladimir Putin":                      true,  // by his surname
		"President Putin":                     true,  // a title and the surname
		"health officials":                    true,  // a description, its words in one sentence
		"senior officials":                    true,  // likewise
		"O'Neill":                             true,  // typographic apostrophe in the article
		"Angela Merkel":                       false, // absent
		"Merkel":                              false,
		"Ukraine":                             false,
		"the health ministry":                 true,
		"officials in Pyongyang":              false,
		"":                                    false,
		"the":                                 false,
		"Ho":                                  false, // not a whole word of the article
		"the US and the UK":                   true,  // a list: each of its parties
		"the US and Ukraine":                  false,
		"a spokesman for the Chinese embassy": true, // over two sentences, "Chinese" for China
		"a spokesman for the Russian embassy": false,
	} {
		if got := d.names(name); got != want {
			t.Errorf("names(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestActorsGoThroughTheGazetteer(t *testing.T) {
	s := speakerActor("Seoul", "")
	if s.Name != "South Korea" || s.Affiliation != "South Korea" || s.Key != "south korea" {
		t.Errorf("Seoul as a speaker = %+v", s)
	}
	s = speakerActor("Russian President Vladimir Putin", "")
	if s.Affiliation != "Russia" || s.AffiliationKey != "russia" || s.Key != "vladimir putin" {
		t.Errorf("a title's affiliation = %+v", s)
	}
	s = speakerActor("Dmitry Peskov", "the Kremlin")
	if s.Affiliation != "Russia" {
		t.Errorf("the Kremlin as an affiliation = %+v", s)
	}
	a := addresseeActor("Moscow")
	if a.Name != "Russia" || a.Key != "russia" {
		t.Errorf("Moscow as an addressee = %+v", a)
	}
	if a := addresseeActor("the opposition"); a.Name != "the opposition" || a.Key != "opposition" {
		t.Errorf("a plain addressee = %+v", a)
	}
}

func TestCheckMergesAndOrders(t *testing.T) {
	d := newDocument(briefing.Article{Title: "Head", Text: "Putin warned Seoul. Putin said it again. Peskov warned Kyiv. Seoul replied."})
	ws, dropped := check(d, []rawItem{
		{Speaker: "Dmitry Peskov", Addressee: "Kyiv", Kind: "warning", Sentences: []int{4}},
		{Speaker: "Vladimir Putin", Addressee: "Seoul", Kind: "warning", What: "arms", Sentences: []int{3, 2}},
		{Speaker: "Putin", Addressee: "South Korea", Kind: "threat", Sentences: []int{3}, Quote: "not in the text"},
		{Speaker: "Putin", Addressee: "Putin", Kind: "Warning", Sentences: []int{2}},
	})
	if len(dropped) != 0 {
		t.Errorf("dropped %v", dropped)
	}
	if len(ws) != 3 {
		t.Fatalf("want 3 warnings, got %+v", ws)
	}
	first := ws[0]
	if first.Speaker.Name != "Vladimir Putin" || first.Addressee.Name != "South Korea" || first.Kind != briefing.KindThreat ||
		!slices.Equal(first.Evidence, []string{"Putin warned Seoul.", "Putin said it again."}) || first.Quote != "" {
		t.Errorf("the two reports of one warning were not merged: %+v", first)
	}
	// "Putin" is "Vladimir Putin", but warning nobody in particular is another item
	if ws[1].Speaker.Name != "Putin" || !ws[1].Addressee.IsZero() || ws[2].Speaker.Name != "Dmitry Peskov" || ws[2].Position != 2 {
		t.Errorf("order or self-address wrong: %+v", ws[1:])
	}
}
