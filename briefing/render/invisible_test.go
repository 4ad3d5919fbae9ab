package render

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"redline/briefing"
)

// listedInvisible are the characters that can make a headline read other
// than it is: direction controls, and invisible characters that are not
// needed between Latin letters.
var listedInvisible = []rune{
	'\u202a', '\u202b', '\u202c', '\u202d', '\u202e', // embeddings and overrides
	'\u2066', '\u2067', '\u2068', '\u2069', // isolates
	'\u061c', '\u200e', '\u200f', // marks
	'\u2060', '\u00ad', '\u180e', '\u200c', '\u200d', // invisible
}

// spiked puts r inside every text a page or a feed controls.
func spiked(r rune) (*briefing.Briefing, *briefing.Digest, briefing.Profile) {
	x := func(s string) string {
		mid := len(s) / 2
		return string(r) + s[:mid] + string(r) + s[mid:] + string(r)
	}
	src := briefing.Source{URL: "https://news.example/a", Title: x("Headline"), Site: x("Ledger"), Published: published}
	w := briefing.Warning{
		Speaker:     briefing.Actor{Name: x("Aino Virtanen"), Affiliation: x("Finland")},
		Addressee:   briefing.Actor{Name: x("Belarus"), Affiliation: x("Minsk")},
		Kind:        briefing.KindThreat,
		What:        x("drills near the border"),
		Condition:   x("the exercise moves"),
		Consequence: x("crossings close"),
		Quote:       x("We will not stand by while artillery is tested on our doorstep"),
		Evidence:    []string{x("Virtanen said so.")},
		Source:      src,
	}
	b := &briefing.Briefing{
		Article: briefing.Article{
			URL: "https://news.example/a", Title: x("Helsinki warns Minsk"), Byline: x("Maria Lind"),
			Site: x("Ledger"), Published: published, Language: x("en"), Text: x("First paragraph.") + "\n\n" + x("Second."),
		},
		Warnings: []briefing.Warning{w},
	}
	d := &briefing.Digest{
		ChannelID: "c", Since: published.Add(-24 * time.Hour), Until: published,
		Groups: []briefing.DigestGroup{{Speaker: w.Speaker, Addressee: w.Addressee, Items: []briefing.DigestItem{{
			Kind: w.Kind, What: w.What, Condition: w.Condition, Consequence: w.Consequence, Quote: w.Quote, Sources: []briefing.Source{src},
		}}}},
	}
	p := briefing.Profile{Actor: w.Speaker, WarningsBy: 1, Counterparts: []briefing.Counterpart{{Actor: w.Addressee, Warned: 1}}, Latest: []briefing.Warning{w}}
	return b, d, p
}

func TestInvisibleAndDirectionCharactersNeverReachOutput(t *testing.T) {
	for _, r := range listedInvisible {
		t.Run(fmt.Sprintf("U+%04X", r), func(t *testing.T) {
			b, d, p := spiked(r)
			page := briefing.HistoryPage{Warnings: b.Warnings}
			views := map[string]string{
				"briefing embeds":  allText(BriefingMessages(b)),
				"digest embeds":    allText(DigestMessages(d)),
				"history embed":    allText([]Message{HistoryMessage(page, "History")}),
				"profile embed":    allText([]Message{ProfileMessage(p)}),
				"notice":           allText([]Message{NoticeMessage(b.Article.Title + "\n" + b.Warnings[0].What)}),
				"-markdown":        Markdown(b),
				"terminal brief":   Text(b),
				"terminal read":    ArticleText(b.Article),
				"terminal history": HistoryText(page, "History"),
				"terminal who":     ProfileText(p),
				"terminal digest":  DigestText(d),
				"terminal line":    Plain(b.Article.Title),
			}
			for view, out := range views {
				if strings.ContainsRune(out, r) {
					t.Errorf("%s keeps U+%04X:\n%q", view, r, out)
				}
			}
			// The text itself survives, only the character is gone.
			if !strings.Contains(views["terminal brief"], "Helsinki warns Minsk") || !strings.Contains(views["briefing embeds"], "drills near the border") {
				t.Errorf("the text around U+%04X was lost:\n%s", r, views["terminal brief"])
			}
		})
	}
}

// A headline crafted to read backwards ("…txt.exe" shown as "…exe.txt")
// reads as it is written once the override is gone.
func TestRightToLeftOverrideCannotReverseAHeadline(t *testing.T) {
	b := &briefing.Briefing{Article: briefing.Article{URL: "https://news.example/a", Title: "Invoice \u202eexe.txt"}}
	if got := BriefingMessages(b)[0].Embeds[0].Title; got != "Invoice exe.txt" {
		t.Errorf("embed title = %q", got)
	}
	if got := Plain(b.Article.Title); got != "Invoice exe.txt" {
		t.Errorf("terminal = %q", got)
	}
}

// An address keeps its target but shows no direction control.
func TestLinksEncodeDirectionControls(t *testing.T) {
	got := linkURL("https://news.example/a\u202eb?q=\u202ex#\u2066f")
	if want := "https://news.example/a%E2%80%AEb?q=%E2%80%AEx#%E2%81%A6f"; got != want {
		t.Errorf("linkURL = %q, want %q", got, want)
	}
}

// Joiners stay where a script or an emoji needs them.
func TestNeededJoinersStay(t *testing.T) {
	for _, s := range []string{
		"👨\u200d👩\u200d👧 family", // an emoji sequence
		"🏳\ufe0f\u200d🌈 flag",    // after a variation selector
		"می\u200cخواهم",          // Persian: the non-joiner keeps two letters apart
		"क्\u200dष",              // Devanagari: the joiner asks for a half form
		"ᠮᠣᠩᠭᠣᠯ\u180eᠠ",          // Mongolian vowel separator between letters
		"🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", // Scotland's flag
	} {
		if got := Plain(s); got != s {
			t.Errorf("Plain(%q) = %q; the joiner is needed there", s, got)
		}
	}
	for in, want := range map[string]string{
		"Pu\u200dtin":                    "Putin",
		"\u200dRussia\u200c":             "Russia",
		"hidden\U000E0041\U000E0042 tag": "hidden tag",
		"soft\u00adhyphen":               "softhyphen",
	} {
		if got := Plain(in); got != want {
			t.Errorf("Plain(%q) = %q, want %q", in, got, want)
		}
	}
}
