package render

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"redline/briefing"
)

func TestTextBriefing(t *testing.T) {
	want := `Helsinki warns Minsk over drills near the border
The Northern Ledger · by Maria Lind · https://news.example.org/world/baltic-drills · 14 Mar 2026

Aino Virtanen (Finland) → Belarus — warning
  Live-fire drills within 20 km of the border would be "a grave provocation".
  if Belarus moves the exercise closer to the frontier → Finland would close the
    remaining crossings
  “We will not stand by while artillery is tested on our doorstep”

Pavel Hrybok (Belarus) → Finland — threat
  Closing the crossings would be met with "a proportionate answer".
`
	if got := Text(sampleBriefing()); got != want {
		t.Errorf("Text =\n%s\nwant\n%s", got, want)
	}
}

func TestTextVariants(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(b *briefing.Briefing)
		want    []string
		notWant []string
	}{
		{"no warnings", func(b *briefing.Briefing) { b.Warnings = nil }, []string{"No warnings found."}, []string{"→"}},
		{"unpublished article shows when it was read", func(b *briefing.Briefing) {
			b.Article.Published = time.Time{}
			b.Article.Fetched = time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
		}, []string{"read 15 Mar 2026"}, nil},
		{"no site name falls back to the host", func(b *briefing.Briefing) { b.Article.Site = "" }, []string{"news.example.org ·"}, nil},
		{"addressed to nobody in particular", func(b *briefing.Briefing) { b.Warnings[1].Addressee = briefing.Actor{} }, []string{"Pavel Hrybok (Belarus) — threat"}, nil},
		{"affiliation equal to the name is not repeated", func(b *briefing.Briefing) {
			b.Warnings[1].Speaker = briefing.Actor{Name: "Belarus", Affiliation: "Belarus"}
		}, []string{"Belarus → Finland — threat"}, []string{"Belarus (Belarus)"}},
		{"condition without consequence", func(b *briefing.Briefing) { b.Warnings[0].Consequence = "" }, []string{"if Belarus moves the exercise closer to the frontier\n"}, nil},
		{"terminal escape sequences and newlines are removed", func(b *briefing.Briefing) {
			b.Warnings[0].What = "Drills\x1b[2J are\n\na provocation\x07"
			b.Article.Title = "Title\x1b]0;pwned\x07 here"
		}, []string{"Drills[2J are a provocation", "Title]0;pwned here"}, []string{"\x1b", "\x07"}},
		{"a 10,000-character quote is cut", func(b *briefing.Briefing) { b.Warnings[0].Quote = strings.Repeat("word ", 2000) }, []string{"word…”"}, nil},
		{"untitled", func(b *briefing.Briefing) { b.Article.Title = "  " }, []string{"(untitled)\n"}, nil},
		{"the built-in extractor as configured goes unsaid", func(b *briefing.Briefing) { b.Extractor = "builtin" }, nil, []string{"builtin", "Warnings found by"}},
		{"a language model is named", func(b *briefing.Briefing) { b.Extractor = "llm qwen2.5:7b-instruct" },
			[]string{"14 Mar 2026\nWarnings found by llm qwen2.5:7b-instruct.\n\nAino"}, nil},
		{"a stand-in says why", func(b *briefing.Briefing) {
			b.Extractor, b.ExtractorNote = "builtin", "today's budget of language-model calls is spent; the built-in extractor answered"
		}, []string{"Today's budget of language-model calls is spent; the built-in extractor\nanswered.\n"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := sampleBriefing()
			tt.mutate(b)
			got := Text(b)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("unexpected %q in\n%s", w, got)
				}
			}
			if strings.Contains(got, "word ") && Len(got) > 2000 {
				t.Errorf("terminal text is not cut: %d characters", Len(got))
			}
		})
	}
}

func historyWarnings(n int) []briefing.Warning {
	ws := make([]briefing.Warning, n)
	base := sampleBriefing().Warnings
	for i := range ws {
		w := base[i%2]
		w.Source = briefing.Source{
			URL:       "https://news.example.org/a/" + strings.Repeat("x", i%3) + "?n=" + strconv.Itoa(i),
			Title:     "Article " + strconv.Itoa(i),
			Site:      "The Northern Ledger",
			Published: published.Add(-time.Duration(i) * time.Hour),
		}
		ws[i] = w
	}
	return ws
}

func TestHistoryText(t *testing.T) {
	got := HistoryText(briefing.HistoryPage{Warnings: historyWarnings(2), Next: "c2"}, "Warnings by Finland")
	want := `Warnings by Finland

14 Mar 2026 Aino Virtanen (Finland) → Belarus — warning
  Live-fire drills within 20 km of the border would be "a grave provocation".
  if Belarus moves the exercise closer to the frontier → Finland would close the
    remaining crossings
  “We will not stand by while artillery is tested on our doorstep”
  The Northern Ledger · https://news.example.org/a/?n=0

14 Mar 2026 Pavel Hrybok (Belarus) → Finland — threat
  Closing the crossings would be met with "a proportionate answer".
  The Northern Ledger · https://news.example.org/a/x?n=1

Older warnings are on the next page.
`
	if got != want {
		t.Errorf("HistoryText =\n%s\nwant\n%s", got, want)
	}
	if got := HistoryText(briefing.HistoryPage{}, "Nothing here"); got != "Nothing here\n\nNothing found.\n" {
		t.Errorf("empty history = %q", got)
	}
}

func sampleProfile() briefing.Profile {
	return briefing.Profile{
		Actor:      briefing.Actor{Name: "Finland"},
		WarningsBy: 3,
		WarningsTo: 1,
		Counterparts: []briefing.Counterpart{
			{Actor: briefing.Actor{Name: "Belarus"}, Warned: 2, WarnedBy: 1},
			{Actor: briefing.Actor{Name: "Russia"}, Warned: 1},
		},
		Latest: historyWarnings(1),
	}
}

func TestProfileText(t *testing.T) {
	got := ProfileText(sampleProfile())
	for _, want := range []string{
		"Finland\nWarned others 3 times; warned by others 1 time.\n",
		"Top counterparts:\n  warned Belarus 2 · warned by Belarus 1\n  warned Russia 1 · warned by Russia 0\n",
		"Latest:\n  14 Mar 2026 Aino Virtanen (Finland) → Belarus — warning\n",
		"    The Northern Ledger · https://news.example.org/a/?n=0\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("ProfileText lacks %q:\n%s", want, got)
		}
	}
	empty := ProfileText(briefing.Profile{Actor: briefing.Actor{Name: "Atlantis"}})
	if empty != "Atlantis\nNo warnings by or to Atlantis in history yet.\n" {
		t.Errorf("empty profile = %q", empty)
	}
}

func sampleDigest() *briefing.Digest {
	b := sampleBriefing()
	src := func(site, u string) briefing.Source {
		return briefing.Source{Site: site, URL: u, Published: published}
	}
	first := src("The Northern Ledger", "https://news.example.org/1")
	first.Title = "Finland warns Minsk"
	return &briefing.Digest{
		Since: published.Add(-24 * time.Hour),
		Until: published,
		Groups: []briefing.DigestGroup{
			{
				Speaker:   b.Warnings[0].Speaker,
				Addressee: b.Warnings[0].Addressee,
				Items: []briefing.DigestItem{{
					Kind: briefing.KindWarning, What: b.Warnings[0].What,
					Condition: b.Warnings[0].Condition, Consequence: b.Warnings[0].Consequence,
					Quote:   b.Warnings[0].Quote,
					Sources: []briefing.Source{first, src("Baltic Wire", "https://wire.example.net/2")},
				}},
			},
			{
				Speaker:   b.Warnings[1].Speaker,
				Addressee: b.Warnings[1].Addressee,
				Items: []briefing.DigestItem{{
					Kind: briefing.KindThreat, What: b.Warnings[1].What,
					Sources: []briefing.Source{src("", "https://www.minsk-daily.example/3")},
				}},
			},
		},
		Omitted: 4,
	}
}

func TestDigestText(t *testing.T) {
	got := DigestText(sampleDigest())
	want := `Warning digest: 13 Mar 2026 09:30 – 14 Mar 2026 09:30 (UTC)

Aino Virtanen (Finland) → Belarus
  warning: Live-fire drills within 20 km of the border would be "a grave
    provocation".
    if Belarus moves the exercise closer to the frontier → Finland would close
      the remaining crossings
    “We will not stand by while artillery is tested on our doorstep”
    reported by 2 outlets: The Northern Ledger, “Finland warns Minsk”
      <https://news.example.org/1>; Baltic Wire <https://wire.example.net/2>

Pavel Hrybok (Belarus) → Finland
  threat: Closing the crossings would be met with "a proportionate answer".
    reported by 1 outlet: minsk-daily.example
      <https://www.minsk-daily.example/3>

and 4 more — see ` + "`redline history`" + `
`
	if got != want {
		t.Errorf("DigestText =\n%s\nwant\n%s", got, want)
	}
	if got := DigestText(&briefing.Digest{}); !strings.Contains(got, "No new warnings.") {
		t.Errorf("empty digest = %q", got)
	}
}

func TestHistoryTitle(t *testing.T) {
	cases := []struct {
		q    briefing.HistoryQuery
		days int
		want string
	}{
		{briefing.HistoryQuery{}, 0, "Latest warnings"},
		{briefing.HistoryQuery{Speaker: "Russia"}, 0, "Warnings by Russia"},
		{briefing.HistoryQuery{Speaker: "Russia", Addressee: "South Korea", Text: "weapons"}, 7,
			"Warnings by Russia, to South Korea, about “weapons”, in the last 7 days"},
		{briefing.HistoryQuery{Addressee: "Norway"}, 1, "Warnings to Norway, in the last day"},
	}
	for _, c := range cases {
		if got := HistoryTitle(c.q, c.days); got != c.want {
			t.Errorf("HistoryTitle(%+v, %d) = %q, want %q", c.q, c.days, got, c.want)
		}
	}
}

func TestArticleTextDropsEscapeSequences(t *testing.T) {
	a := briefing.Article{
		URL:    "https://news.example/a",
		Title:  "Head\x1b]0;pwned\x07line",
		Byline: "Mira\x1b[2J Castell",
		Text:   "First\x1b[2J\u009b1m paragraph.\n\nnext\tcol",
	}
	got := ArticleText(a)
	want := "Head]0;pwnedline\n" +
		"By:        Mira[2J Castell\n" +
		"URL:       https://news.example/a\n" +
		"\nFirst[2J1m paragraph.\n\nnext\tcol\n"
	if got != want {
		t.Errorf("ArticleText =\n%q\nwant\n%q", got, want)
	}
	if got := Plain("a\x1b[31m\nred\u200b line"); got != "a[31m red line" {
		t.Errorf("Plain = %q", got)
	}
}

func TestQuoteThatRepeatsTheConditionIsLeftOut(t *testing.T) {
	w := briefing.Warning{
		Speaker: briefing.Actor{Name: "Ingrid Solheim", Affiliation: "Norway"}, Addressee: briefing.Actor{Name: "Russia"},
		Kind: briefing.KindThreat, What: "Any further damage to undersea cables would be treated as a hostile act",
		Condition: "another cable is cut", Consequence: "Norway will close its ports to Russian fishing vessels",
		Quote: "If another cable is cut, Norway will close its ports to Russian fishing vessels",
	}
	b := &briefing.Briefing{Article: briefing.Article{Title: "Cables"}, Warnings: []briefing.Warning{w}}
	for name, text := range map[string]string{"text": Text(b), "discord": allText(BriefingMessages(b))} {
		if strings.Count(text, "close its ports") != 1 {
			t.Errorf("%s view repeats the condition in the quote:\n%s", name, text)
		}
	}
	w.Quote = "We will not stand by while our cables are cut one after another"
	b.Warnings[0] = w
	if text := Text(b); !strings.Contains(text, "“We will not stand by") {
		t.Errorf("a quote that says more than the condition was dropped:\n%s", text)
	}
}

func TestHistoryShowsEveryOutletOfAMergedWarning(t *testing.T) {
	ws := historyWarnings(1)
	ws[0].OtherSources = []briefing.Source{{Site: "Baltic Wire", URL: "https://wire.example.net/2"}, {Site: "Minsk Daily", URL: "https://minsk.example/3"}}
	page := briefing.HistoryPage{Warnings: ws}
	m := HistoryMessage(page, "Latest warnings")
	if err := Validate(m); err != nil {
		t.Fatal(err)
	}
	if v := m.Embeds[0].Fields[0].Value; !strings.Contains(v, "reported by 3 outlets") {
		t.Errorf("history entry = %q, want the outlets counted", v)
	}
	if text := HistoryText(page, "Latest warnings"); !strings.Contains(text, "reported by 3 outlets: The Northern Ledger") || !strings.Contains(text, "Baltic Wire") {
		t.Errorf("history text =\n%s", text)
	}
}

func TestPairViews(t *testing.T) {
	a := briefing.Activity{Actor: briefing.Actor{Name: "Finland"}, Other: briefing.Actor{Name: "Belarus"}, Since: published.AddDate(0, -6, 0), Until: published,
		Events: []briefing.ActivityEvent{{By: true, Kind: briefing.KindWarning}, {By: true, Kind: briefing.KindThreat}, {Kind: briefing.KindThreat}}}
	m := PairMessage(a, historyWarnings(2))
	if err := Validate(m); err != nil {
		t.Fatal(err)
	}
	e := m.Embeds[0]
	if e.Title != "Finland ↔ Belarus" || !strings.HasPrefix(e.Description, "Finland warned Belarus **2** times · Belarus warned Finland **1** time, since 14 Sep 2025") || len(e.Fields) != 2 {
		t.Errorf("pair message = %q / %q, %d fields", e.Title, e.Description, len(e.Fields))
	}
	if text := PairText(a, nil); !strings.Contains(text, "Finland warned Belarus 2 times; Belarus warned Finland 1 time") {
		t.Errorf("pair text = %q", text)
	}
}
