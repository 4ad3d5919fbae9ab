package render

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"redline/briefing"
)

// words returns n characters of text with spaces, for cutting at words.
func words(n int) string {
	return strings.Repeat("lorem ipsum ", n/12+1)[:n]
}

// allText joins every text of the messages, to search them.
func allText(ms []Message) string {
	var sb strings.Builder
	for _, m := range ms {
		sb.WriteString(m.Content + "\n")
		for _, e := range m.Embeds {
			sb.WriteString(e.Title + "\n" + e.URL + "\n" + e.Description + "\n" + e.Footer + "\n")
			for _, f := range e.Fields {
				sb.WriteString(f.Name + "\n" + f.Value + "\n")
			}
		}
	}
	return sb.String()
}

func fieldCount(ms []Message) int {
	n := 0
	for _, m := range ms {
		for _, e := range m.Embeds {
			n += len(e.Fields)
		}
	}
	return n
}

func TestBriefingMessagesShape(t *testing.T) {
	ms := BriefingMessages(sampleBriefing())
	if err := ValidateAll(ms); err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || len(ms[0].Embeds) != 1 {
		t.Fatalf("a short briefing is one message with one embed: %+v", ms)
	}
	e := ms[0].Embeds[0]
	want := Embed{
		Title:       "Helsinki warns Minsk over drills near the border",
		URL:         "https://news.example.org/world/baltic-drills",
		Description: "**The Northern Ledger** · by Maria Lind · 14 Mar 2026\n2 warnings found (1 threat).",
		Color:       ColorThreat,
		Footer:      "redline",
		Timestamp:   published,
		Fields: []Field{
			{
				Name: `Aino Virtanen (Finland) → Belarus — warning`,
				Value: "Live-fire drills within 20 km of the border would be \"a grave provocation\".\n" +
					"if Belarus moves the exercise closer to the frontier → Finland would close the remaining crossings\n" +
					"> “We will not stand by while artillery is tested on our doorstep”",
			},
			{
				Name:  `Pavel Hrybok (Belarus) → Finland — threat`,
				Value: "Closing the crossings would be met with \"a proportionate answer\".",
			},
		},
	}
	if fmt.Sprintf("%#v", e) != fmt.Sprintf("%#v", want) {
		t.Errorf("embed =\n%#v\nwant\n%#v", e, want)
	}
	none := BriefingMessages(&briefing.Briefing{Article: briefing.Article{URL: "notes/file.txt"}})
	if err := ValidateAll(none); err != nil {
		t.Fatal(err)
	}
	if d := none[0].Embeds[0]; d.URL != "" || d.Color != ColorNone || !strings.Contains(d.Description, "No warnings found.") || d.Title != "Untitled article" {
		t.Errorf("an empty briefing from a file: %+v", d)
	}
}

func TestBriefingSaysWhichExtractorAnswered(t *testing.T) {
	b := sampleBriefing()
	b.Extractor = "llm qwen2.5:7b-instruct"
	if f := BriefingMessages(b)[0].Embeds[0].Footer; f != "redline · Warnings found by llm qwen2.5:7b-instruct." {
		t.Errorf("footer = %q", f)
	}
	b.Extractor, b.ExtractorNote = "builtin", "the language model took too long; the built-in extractor answered"
	if f := BriefingMessages(b)[0].Embeds[0].Footer; f != "redline · The language model took too long; the built-in extractor answered." {
		t.Errorf("footer = %q", f)
	}
	b.Extractor, b.ExtractorNote = "llm model_*name*", ""
	if md := Markdown(b); !strings.Contains(md, "*Warnings found by llm model\\_\\*name\\*.*\n") {
		t.Errorf("the model's name must be escaped in Markdown:\n%s", md)
	}
}

// TestBriefingMessagesStayWithinLimits feeds oversized inputs and checks
// every message with Validate, and that no warning is lost on the way.
func TestBriefingMessagesStayWithinLimits(t *testing.T) {
	family := "👨‍👩‍👧"
	tests := []struct {
		name     string
		warnings int
		mutate   func(b *briefing.Briefing)
	}{
		{"10,000-character quote", 1, func(b *briefing.Briefing) { b.Warnings[0].Quote = words(10000) }},
		{"10,000-character quote without spaces", 1, func(b *briefing.Briefing) { b.Warnings[0].Quote = strings.Repeat("x", 10000) }},
		{"100 warnings", 100, nil},
		{"100 warnings with every text oversized", 100, func(b *briefing.Briefing) {
			for i := range b.Warnings {
				w := &b.Warnings[i]
				w.Speaker.Name, w.Speaker.Affiliation = words(300), words(300)
				w.Addressee.Name = words(300)
				w.What, w.Condition, w.Consequence, w.Quote = words(5000), words(3000), words(3000), words(10000)
			}
		}},
		{"300-character titles and names", 3, func(b *briefing.Briefing) {
			b.Article.Title = words(300)
			b.Article.Site = words(300)
			b.Article.Byline = words(300)
			b.Warnings[0].Speaker.Name = strings.Repeat("N", 300)
		}},
		{"emoji and combining characters at every cut", 30, func(b *briefing.Briefing) {
			b.Article.Title = strings.Repeat(family, 100)
			for i := range b.Warnings {
				b.Warnings[i].What = strings.Repeat("e\u0301", 2000)
				b.Warnings[i].Quote = strings.Repeat(family+" ", 2000)
				b.Warnings[i].Speaker.Name = strings.Repeat("🇫🇮", 200)
			}
		}},
		{"Markdown everywhere doubles the escaped length", 40, func(b *briefing.Briefing) {
			b.Article.Title = strings.Repeat("*", 300)
			for i := range b.Warnings {
				b.Warnings[i].What = strings.Repeat("_*", 1000)
				b.Warnings[i].Quote = strings.Repeat("`|", 5000)
			}
		}},
		{"URL too long for an embed", 1, func(b *briefing.Briefing) {
			b.Article.CanonicalURL = "https://example.com/" + strings.Repeat("p", 3000)
			b.Article.URL = b.Article.CanonicalURL
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := sampleBriefing()
			base := b.Warnings
			b.Warnings = nil
			for i := range tt.warnings {
				w := base[i%len(base)]
				w.Speaker.Name = fmt.Sprintf("Speaker %03d", i)
				b.Warnings = append(b.Warnings, w)
			}
			if tt.mutate != nil {
				tt.mutate(b)
			}
			ms := BriefingMessages(b)
			if err := ValidateAll(ms); err != nil {
				t.Fatal(err)
			}
			if got := fieldCount(ms); got != len(b.Warnings) {
				t.Errorf("%d warnings became %d fields", len(b.Warnings), got)
			}
			for i, m := range ms {
				if len(ms) > 1 && !strings.Contains(m.Embeds[len(m.Embeds)-1].Footer, fmt.Sprintf("page %d/%d", i+1, len(ms))) {
					t.Errorf("message %d lacks its page number: %q", i+1, m.Embeds[len(m.Embeds)-1].Footer)
				}
			}
			if tt.warnings == 100 && tt.mutate == nil {
				text := allText(ms)
				for i := range 100 {
					if !strings.Contains(text, fmt.Sprintf("Speaker %03d", i)) {
						t.Errorf("warning %d is missing", i)
					}
				}
			}
		})
	}
}

func TestArticleTextCannotMentionOrFormat(t *testing.T) {
	b := sampleBriefing()
	b.Article.Title = "@everyone **breaking**"
	b.Article.Site = "<@&123> News"
	b.Warnings[0].Speaker.Name = "@here"
	b.Warnings[0].What = "`rm -rf` [click](https://evil.example) ||spoiler||"
	b.Warnings[0].Quote = "@everyone <@123456789> **bold** ~~strike~~"
	b.Warnings[0].Condition = "# heading"
	ms := BriefingMessages(b)
	if err := ValidateAll(ms); err != nil {
		t.Fatal(err) // Validate fails on any unneutralised mention
	}
	text := allText(ms) + Markdown(b)
	for _, raw := range []string{"@everyone", "@here", "<@&123>", "<@123456789>", "**breaking**", "**bold**", "`rm -rf`", "[click](", "||spoiler||", "~~strike~~"} {
		if strings.Contains(text, raw) {
			t.Errorf("%q reached Discord unescaped:\n%s", raw, text)
		}
	}
	for _, escaped := range []string{`\# heading`, `\*\*bold\*\*`, "\\`rm -rf\\`", `\[click\]`, "@\u200beveryone"} {
		if !strings.Contains(text, escaped) {
			t.Errorf("expected %q in the output", escaped)
		}
	}
}

func TestHistoryMessage(t *testing.T) {
	m := HistoryMessage(briefing.HistoryPage{Warnings: historyWarnings(3), Next: "c"}, "Warnings by **Finland** @everyone")
	if err := Validate(m); err != nil {
		t.Fatal(err)
	}
	e := m.Embeds[0]
	if e.Title != `Warnings by \*\*Finland\*\* @`+"\u200b"+`everyone` {
		t.Errorf("title = %q", e.Title)
	}
	if len(e.Fields) != 3 || e.Fields[0].Name != `Aino Virtanen (Finland) → Belarus — warning` {
		t.Fatalf("fields = %+v", e.Fields)
	}
	if want := "[The Northern Ledger · 14 Mar 2026](https://news.example.org/a/?n=0)"; !strings.Contains(e.Fields[0].Value, want) {
		t.Errorf("entry not linked to its article: %q", e.Fields[0].Value)
	}
	if !strings.Contains(e.Footer, "next page") {
		t.Errorf("footer = %q", e.Footer)
	}
	empty := HistoryMessage(briefing.HistoryPage{}, "")
	if err := Validate(empty); err != nil || empty.Embeds[0].Description != "Nothing found." {
		t.Errorf("empty history: %+v, %v", empty, err)
	}
}

func TestHistoryMessageFitsOversizedPages(t *testing.T) {
	for _, n := range []int{10, 25, 100} {
		ws := historyWarnings(n)
		for i := range ws {
			ws[i].What = words(3000)
			ws[i].Speaker.Name = words(300)
			ws[i].Source.URL = "https://example.com/" + strings.Repeat("u", 2100)
		}
		m := HistoryMessage(briefing.HistoryPage{Warnings: ws, Next: "x"}, words(400))
		if err := Validate(m); err != nil {
			t.Fatalf("%d entries: %v", n, err)
		}
		shown := len(m.Embeds[0].Fields)
		if n <= MaxFields && shown != n {
			t.Errorf("%d entries: only %d shown though they fit when shortened", n, shown)
		}
		if n > MaxFields && !strings.Contains(m.Embeds[0].Footer, fmt.Sprintf("%d more on this page not shown", n-shown)) {
			t.Errorf("%d entries: the ones left out must be counted: %q", n, m.Embeds[0].Footer)
		}
	}
}

func TestProfileMessage(t *testing.T) {
	m := ProfileMessage(sampleProfile())
	if err := Validate(m); err != nil {
		t.Fatal(err)
	}
	e := m.Embeds[0]
	if e.Title != "Finland" || e.Description != "Warned others **3** times · warned by others **1** time" {
		t.Errorf("head = %q / %q", e.Title, e.Description)
	}
	if len(e.Fields) != 2 || e.Fields[0].Value != "warned Belarus 2 · warned by Belarus 1\nwarned Russia 1 · warned by Russia 0" {
		t.Errorf("counterparts = %+v", e.Fields)
	}
	if !strings.Contains(e.Fields[1].Value, "](https://news.example.org/a/?n=0)") {
		t.Errorf("latest warning not linked: %q", e.Fields[1].Value)
	}

	big := sampleProfile()
	for i := range 500 {
		big.Counterparts = append(big.Counterparts, briefing.Counterpart{Actor: briefing.Actor{Name: words(200)}, Warned: i})
	}
	big.Latest = historyWarnings(60)
	for i := range big.Latest {
		big.Latest[i].What = words(2000)
	}
	if err := Validate(ProfileMessage(big)); err != nil {
		t.Fatal(err)
	}
	empty := ProfileMessage(briefing.Profile{Actor: briefing.Actor{Name: "Atlantis"}})
	if err := Validate(empty); err != nil || !strings.Contains(empty.Embeds[0].Description, "No warnings by or to Atlantis") {
		t.Errorf("empty profile: %+v %v", empty, err)
	}
}

func TestDigestMessages(t *testing.T) {
	d := sampleDigest()
	d.TimeZone = "Europe/Helsinki"
	ms := DigestMessages(d)
	if err := ValidateAll(ms); err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || len(ms[0].Embeds) != 4 {
		t.Fatalf("want one message: the head, one embed per pair and the 'more' line; got %+v", ms)
	}
	head := ms[0].Embeds[0]
	wantHead := "**6 warnings**, 1 threat among those shown.\n" +
		"Period: 13 Mar 2026 11:30 – 14 Mar 2026 11:30 (Europe/Helsinki)\n" +
		fmt.Sprintf("Your time: <t:%d:f> – <t:%d:f>", published.Add(-24*time.Hour).Unix(), published.Unix())
	if head.Title != "Warning digest — 14 Mar 2026" || head.Description != wantHead || head.Color != ColorThreat {
		t.Errorf("head = %q / %q", head.Title, head.Description)
	}
	g := ms[0].Embeds[1]
	if g.Title != `Aino Virtanen (Finland) → Belarus` || g.Color != ColorWarning {
		t.Errorf("first pair's embed = %q, colour %x", g.Title, g.Color)
	}
	for _, want := range []string{
		"🟠 **warning** · Live-fire drills",
		"if Belarus moves the exercise closer to the frontier → Finland would close the remaining crossings",
		fmt.Sprintf("[Finland warns Minsk](https://news.example.org/1) — The Northern Ledger · <t:%d:f> · reported by 2 outlets: [Baltic Wire](https://wire.example.net/2)", published.Unix()),
	} {
		if !strings.Contains(g.Description, want) {
			t.Errorf("pair embed lacks %q:\n%s", want, g.Description)
		}
	}
	if strings.Contains(allText(ms), "pair(s)") || strings.Contains(allText(ms), "source(s)") {
		t.Error("the digest counts with (s)")
	}
	if threat := ms[0].Embeds[2]; !strings.HasPrefix(threat.Description, "🔴 **threat** · Closing the crossings") || threat.Color != ColorThreat ||
		!strings.Contains(threat.Description, "[minsk-daily.example](https://www.minsk-daily.example/3)") {
		t.Errorf("second pair = %q", threat.Description)
	}
	if more := ms[0].Embeds[3]; more.Description != "…and 4 more warnings — search them with `/history`." || more.Footer != "redline digest" {
		t.Errorf("omitted line = %+v", more)
	}
	empty := DigestMessages(&briefing.Digest{Since: published})
	if err := ValidateAll(empty); err != nil || !strings.HasPrefix(empty[0].Embeds[0].Description, "No new warnings") {
		t.Errorf("empty digest: %+v %v", empty, err)
	}
}

func TestDigestMessagesStayWithinLimits(t *testing.T) {
	t.Run("2,000 sources", func(t *testing.T) {
		d := sampleDigest()
		var srcs []briefing.Source
		for i := range 2000 {
			srcs = append(srcs, briefing.Source{Site: fmt.Sprintf("Outlet %d", i), URL: fmt.Sprintf("https://outlet%d.example/story", i), Published: published})
		}
		d.Groups[0].Items[0].Sources = srcs
		ms := DigestMessages(d)
		if err := ValidateAll(ms); err != nil {
			t.Fatal(err)
		}
		v := ms[0].Embeds[1].Description
		if !strings.Contains(v, "reported by 2000 outlets: [Outlet 1](https://outlet1.example/story), [Outlet 2]") {
			t.Errorf("sources line: %q", v)
		}
	})
	t.Run("many long groups", func(t *testing.T) {
		d := sampleDigest()
		d.Groups = nil
		for g := range 60 {
			group := briefing.DigestGroup{Speaker: briefing.Actor{Name: fmt.Sprintf("Speaker %d %s", g, words(300))}, Addressee: briefing.Actor{Name: words(300)}}
			for range 10 {
				group.Items = append(group.Items, briefing.DigestItem{
					Kind: briefing.KindThreat, What: words(2000), Condition: words(900), Consequence: words(900), Quote: words(10000) + " @everyone",
					Sources: []briefing.Source{{Site: words(200), Title: words(500) + " @here", URL: "https://example.com/" + strings.Repeat("q", 1500)}},
				})
			}
			d.Groups = append(d.Groups, group)
		}
		ms := DigestMessages(d)
		if err := ValidateAll(ms); err != nil {
			t.Fatal(err)
		}
		// A poster may add MaxFooterRef characters to each last footer.
		for _, m := range ms {
			e := &m.Embeds[len(m.Embeds)-1]
			e.Footer += strings.Repeat("r", MaxFooterRef)
		}
		if len(ms) < 5 {
			t.Fatalf("only %d messages: the test needs full ones", len(ms))
		}
		if err := ValidateAll(ms); err != nil {
			t.Fatalf("with a delivery reference in the footers: %v", err)
		}
		text := allText(ms)
		for g := range 60 {
			if !strings.Contains(text, fmt.Sprintf("Speaker %d ", g)) {
				t.Errorf("group %d is missing", g)
			}
		}
		if !strings.Contains(text, "and 4 more warnings") {
			t.Errorf("the omitted count is missing")
		}
		if last := ms[len(ms)-1].Embeds; !strings.Contains(last[len(last)-1].Footer, fmt.Sprintf("redline digest · page %d/%d", len(ms), len(ms))) {
			t.Errorf("last footer = %q", last[len(last)-1].Footer)
		}
	})
}

func TestNoticeMessage(t *testing.T) {
	m := NoticeMessage("Feed **Daily** paused @everyone\nRemove it with /feed remove")
	if err := Validate(m); err != nil {
		t.Fatal(err)
	}
	if want := "Feed \\*\\*Daily\\*\\* paused @\u200beveryone\nRemove it with /feed remove"; m.Content != want {
		t.Errorf("content = %q, want %q", m.Content, want)
	}
	long := NoticeMessage(words(5000))
	if err := Validate(long); err != nil || !strings.HasSuffix(long.Content, "…") {
		t.Errorf("a long notice must be cut: %v", err)
	}
	if err := Validate(NoticeMessage("")); err != nil {
		t.Errorf("an empty notice must still be sendable: %v", err)
	}
}

func TestPackSplitsByFieldsAndEmbeds(t *testing.T) {
	// 600 tiny fields: 25 per embed, 10 embeds per message, so at least 3 messages.
	var fields []Field
	for i := range 600 {
		fields = append(fields, Field{Name: "n", Value: fmt.Sprint(i % 10)})
	}
	ms := pack(Embed{Title: "t"}, fields, "redline")
	if err := ValidateAll(ms); err != nil {
		t.Fatal(err)
	}
	if fieldCount(ms) != 600 || len(ms) < 3 {
		t.Errorf("%d fields in %d messages", fieldCount(ms), len(ms))
	}
	if ms[1].Embeds[0].Title != "t (continued)" {
		t.Errorf("continuation title = %q", ms[1].Embeds[0].Title)
	}
}

func BenchmarkBriefingMessages100(b *testing.B) {
	br := sampleBriefing()
	base := br.Warnings
	br.Warnings = nil
	for i := range 100 {
		w := base[i%2]
		w.Quote = words(2000)
		br.Warnings = append(br.Warnings, w)
	}
	for b.Loop() {
		BriefingMessages(br)
	}
}

func BenchmarkText(b *testing.B) {
	br := sampleBriefing()
	for b.Loop() {
		Text(br)
	}
}

func TestMarkdown(t *testing.T) {
	want := "**[Helsinki warns Minsk over drills near the border](https://news.example.org/world/baltic-drills)**\n" +
		"**The Northern Ledger** · by Maria Lind · 14 Mar 2026\n" +
		"\n**Aino Virtanen (Finland) → Belarus — warning**\n" +
		"Live-fire drills within 20 km of the border would be \"a grave provocation\".\n" +
		"if Belarus moves the exercise closer to the frontier → Finland would close the remaining crossings\n" +
		"> “We will not stand by while artillery is tested on our doorstep”\n" +
		"\n**Pavel Hrybok (Belarus) → Finland — threat**\n" +
		"Closing the crossings would be met with \"a proportionate answer\".\n"
	if got := Markdown(sampleBriefing()); got != want {
		t.Errorf("Markdown =\n%s\nwant\n%s", got, want)
	}
}
