package render

import (
	"fmt"
	"strings"
	"time"

	"redline/briefing"
)

// Limits of a feed list's pieces, in characters.
const (
	feedMaxTitle = 100
	feedMaxError = 300
)

// feedView is how one target shows feeds: its escaping, how it shows a
// link, a stress and a time, what an empty list says, and the budget of a
// whole list (0: none).
type feedView struct {
	text   func(s string, limit int) string
	link   func(u string) string
	strong func(s string) string
	when   func(t time.Time) string
	role   func(id string) string
	empty  string
	head   string
	budget int
}

var (
	textFeeds = feedView{
		text:   plain,
		link:   func(u string) string { return "<" + clean(u) + ">" },
		strong: func(s string) string { return s },
		when:   func(t time.Time) string { return t.Local().Format("2006-01-02 15:04") },
		role:   func(id string) string { return "role " + clean(id) },
	}
	markdownFeeds = feedView{
		text:   md,
		link:   func(u string) string { return "<" + clean(u) + ">" }, // no preview in Discord
		strong: func(s string) string { return "**" + s + "**" },
		when:   func(t time.Time) string { return fmt.Sprintf("<t:%d:R>", t.Unix()) }, // in each reader's own time
		role:   func(id string) string { return "<@&" + roleID(id) + ">" },            // shown, never pinged: the list allows no mention
		empty:  "This channel follows no feeds. Add one with `/feed add url:`.",
		head:   "This channel follows:",
		budget: MaxContent - 40,
	}
)

// FeedText names a feed for a terminal: its title and address.
func FeedText(f briefing.Feed) string { return feedName(f, textFeeds) }

// FeedMarkdown names a feed for Discord: its title, escaped and stressed,
// and its address.
func FeedMarkdown(f briefing.Feed) string { return feedName(f, markdownFeeds) }

func feedName(f briefing.Feed, v feedView) string {
	if t := v.text(f.Title, feedMaxTitle); t != "" && strings.TrimSpace(f.Title) != f.URL {
		return v.strong(t) + " " + v.link(f.URL)
	}
	return v.link(f.URL)
}

// ModeText says how a channel gets a feed's briefings.
func ModeText(m briefing.DeliveryMode) string {
	if m == briefing.DeliverInstant {
		return "each briefing is posted as it arrives"
	}
	return "its warnings go into the daily digest"
}

// FeedListText lists the feeds channel follows, for a terminal.
func FeedListText(subs []briefing.Subscription, channel string) string {
	v := textFeeds
	v.empty = fmt.Sprintf("Channel %s follows no feeds. Add one with: redline feeds add URL", clean(channel))
	v.head = fmt.Sprintf("Channel %s follows:", clean(channel))
	return feedList(subs, v) + "\n"
}

// FeedListMarkdown lists a channel's feeds for Discord, within a message's limit.
func FeedListMarkdown(subs []briefing.Subscription) string {
	return feedList(subs, markdownFeeds)
}

// feedList is the one feed list: a line per feed with its name, how the
// channel gets it (and its filter, role and thread), whether it is failing
// or paused and why, when it was last checked, when the channel last got a
// post from it and why the last post failed, if it did; "…and N more"
// where the budget ends.
func feedList(subs []briefing.Subscription, v feedView) string {
	if len(subs) == 0 {
		return v.empty
	}
	var sb strings.Builder
	sb.WriteString(v.head)
	for i, s := range subs {
		f := s.Feed
		line := "\n• " + feedName(f, v) + " — " + ModeText(s.Mode)
		if o := optionsText(s, v); o != "" {
			line += " (" + o + ")"
		}
		switch {
		case f.Paused:
			line += " — " + v.strong("paused") + ": " + v.text(f.LastError, feedMaxError)
		case f.LastError != "":
			line += " — failing: " + v.text(f.LastError, feedMaxError)
		}
		if f.LastPolled.IsZero() {
			line += " — not checked yet"
		} else {
			line += " — last checked " + v.when(f.LastPolled)
		}
		if !s.LastPosted.IsZero() {
			line += " — last post " + v.when(s.LastPosted)
		} else {
			line += " — no post yet"
		}
		if s.PostError != "" {
			line += " — " + v.strong("last post failed") + ": " + v.text(s.PostError, feedMaxError)
		}
		if v.budget > 0 && sb.Len()+len(line) > v.budget {
			fmt.Fprintf(&sb, "\n…and %d more.", len(subs)-i)
			break
		}
		sb.WriteString(line)
	}
	return sb.String()
}

// optionsText says what a subscription narrows or adds: "threats only,
// involving Russia, Norway, mentioning “cable”, mentions a role, a thread
// per briefing".
func optionsText(s briefing.Subscription, v feedView) string {
	var parts []string
	if s.Filter.ThreatsOnly {
		parts = append(parts, "threats only")
	}
	if len(s.Filter.Actors) > 0 {
		parts = append(parts, "involving "+v.text(strings.Join(s.Filter.Actors, ", "), feedMaxTitle))
	}
	if len(s.Filter.Keywords) > 0 {
		parts = append(parts, "mentioning “"+v.text(strings.Join(s.Filter.Keywords, "” or “"), feedMaxTitle)+"”")
	}
	if s.MentionRole != "" {
		parts = append(parts, "mentions "+v.role(s.MentionRole)+" on threats")
	}
	if s.Thread {
		parts = append(parts, "a thread per briefing")
	}
	return strings.Join(parts, ", ")
}

// roleID keeps the digits of a role id, so that nothing else can ride in it.
func roleID(id string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, id)
}
