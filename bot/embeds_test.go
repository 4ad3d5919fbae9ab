package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"redline/briefing"
)

// discordLimitProblems lists every Discord message limit that m breaks.
func discordLimitProblems(content string, embeds []*discordgo.MessageEmbed) []string {
	n := utf8.RuneCountInString
	var p []string
	if n(content) > 2000 {
		p = append(p, fmt.Sprintf("content %d > 2000", n(content)))
	}
	if len(embeds) > 10 {
		p = append(p, fmt.Sprintf("%d embeds > 10", len(embeds)))
	}
	total := 0
	for i, e := range embeds {
		if e == nil {
			continue
		}
		check := func(what string, s string, max int) {
			total += n(s)
			if n(s) > max {
				p = append(p, fmt.Sprintf("embed %d %s %d > %d", i, what, n(s), max))
			}
		}
		check("title", e.Title, 256)
		check("description", e.Description, 4096)
		if e.Footer != nil {
			check("footer", e.Footer.Text, 2048)
		}
		if e.Author != nil {
			check("author", e.Author.Name, 256)
		}
		if len(e.Fields) > 25 {
			p = append(p, fmt.Sprintf("embed %d has %d fields > 25", i, len(e.Fields)))
		}
		for j, f := range e.Fields {
			check(fmt.Sprintf("field %d name", j), f.Name, 256)
			check(fmt.Sprintf("field %d value", j), f.Value, 1024)
			if strings.TrimSpace(f.Name) == "" || strings.TrimSpace(f.Value) == "" {
				p = append(p, fmt.Sprintf("embed %d field %d is empty", i, j))
			}
		}
	}
	if total > 6000 {
		p = append(p, fmt.Sprintf("embeds total %d > 6000", total))
	}
	return p
}

func TestOversizedBriefingFitsDiscord(t *testing.T) {
	long := strings.Repeat("The minister said the line would be crossed soon. ", 200) // 10,000 characters
	b := &briefing.Briefing{Article: briefing.Article{
		URL: "https://news.example/long", Title: strings.Repeat("Headline ", 60), Site: "Example News",
		Published: time.Date(2024, 6, 20, 9, 0, 0, 0, time.UTC),
	}}
	for i := 0; i < 100; i++ {
		b.Warnings = append(b.Warnings, briefing.Warning{
			Speaker:   briefing.Actor{Name: fmt.Sprintf("Speaker %d %s", i, strings.Repeat("X", 300))},
			Addressee: briefing.Actor{Name: "Addressee @everyone <@&123>"},
			Kind:      briefing.KindThreat, What: long, Condition: long, Consequence: long, Quote: long,
		})
	}
	msgs := briefingMessages(b)
	if len(msgs) < 2 {
		t.Fatalf("100 long warnings fit in %d message(s); expected them split over pages", len(msgs))
	}
	fields := 0
	for i, m := range msgs {
		if p := discordLimitProblems(m.Content, m.Embeds); len(p) > 0 {
			t.Errorf("message %d breaks Discord limits: %v", i, p)
		}
		for _, e := range m.Embeds {
			fields += len(e.Fields)
			if e.Type != discordgo.EmbedTypeRich {
				t.Errorf("embed type %q, want rich", e.Type)
			}
		}
	}
	if fields != 100 {
		t.Errorf("%d warning fields over all pages, want 100", fields)
	}
	if ts := msgs[0].Embeds[0].Timestamp; ts != "2024-06-20T09:00:00Z" {
		t.Errorf("timestamp %q, want RFC 3339", ts)
	}
}

func TestOversizedHistoryAndProfileFitDiscord(t *testing.T) {
	ws := warningsFixture(100)
	for i := range ws {
		ws[i].What = strings.Repeat("w", 10000)
	}
	page := historyMessage(briefing.HistoryPage{Warnings: ws, Next: "x"}, strings.Repeat("T", 500))
	if p := discordLimitProblems(page.Content, page.Embeds); len(p) > 0 {
		t.Errorf("history page breaks Discord limits: %v", p)
	}
	prof := profileMessage(briefing.Profile{Actor: briefing.Actor{Name: strings.Repeat("N", 1000)}, WarningsBy: 100, Latest: ws})
	if p := discordLimitProblems(prof.Content, prof.Embeds); len(p) > 0 {
		t.Errorf("profile breaks Discord limits: %v", p)
	}
	note := noticeMessage(strings.Repeat("n", 5000))
	if p := discordLimitProblems(note.Content, note.Embeds); len(p) > 0 {
		t.Errorf("notice breaks Discord limits: %v", p)
	}
}

func TestTruncateRunes(t *testing.T) {
	if got := truncateRunes("héllo wörld", 5); got != "héll…" || utf8.RuneCountInString(got) != 5 {
		t.Errorf("truncateRunes = %q", got)
	}
	if got := truncateRunes("short", 5); got != "short" {
		t.Errorf("truncateRunes cut a string within the limit: %q", got)
	}
}
