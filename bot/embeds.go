package bot

import (
	"time"

	"github.com/bwmarrin/discordgo"

	"redline/briefing"
	"redline/briefing/render"
)

// maxContent is Discord's limit on a message's text.
const maxContent = 2000

// outMessage is one Discord message ready to send: text and embeds, and
// the mentions it may make (nil: none at all).
type outMessage struct {
	Content  string
	Embeds   []*discordgo.MessageEmbed
	Mentions *discordgo.MessageAllowedMentions
}

// toDiscord converts render's neutral message to discordgo's types. It is
// the one place where the rendering meets Discord; render has already
// enforced Discord's limits and escaped the article's text.
func toDiscord(m render.Message) outMessage {
	out := outMessage{Content: truncateRunes(m.Content, maxContent), Embeds: []*discordgo.MessageEmbed{}}
	for _, e := range m.Embeds {
		de := &discordgo.MessageEmbed{
			Type:        discordgo.EmbedTypeRich,
			Title:       e.Title,
			URL:         e.URL,
			Description: e.Description,
			Color:       e.Color,
		}
		if e.Footer != "" {
			de.Footer = &discordgo.MessageEmbedFooter{Text: e.Footer}
		}
		if !e.Timestamp.IsZero() {
			de.Timestamp = e.Timestamp.UTC().Format(time.RFC3339)
		}
		for _, f := range e.Fields {
			de.Fields = append(de.Fields, &discordgo.MessageEmbedField{Name: f.Name, Value: f.Value, Inline: f.Inline})
		}
		out.Embeds = append(out.Embeds, de)
	}
	return out
}

func toDiscordAll(ms []render.Message) []outMessage {
	out := make([]outMessage, 0, len(ms))
	for _, m := range ms {
		out = append(out, toDiscord(m))
	}
	return out
}

func briefingMessages(b *briefing.Briefing) []outMessage {
	return toDiscordAll(render.BriefingMessages(b))
}

func digestMessages(d *briefing.Digest) []outMessage {
	return toDiscordAll(render.DigestMessages(d))
}

func historyMessage(page briefing.HistoryPage, title string) outMessage {
	return toDiscord(render.HistoryMessage(page, title))
}

func pairMessage(a briefing.Activity, latest []briefing.Warning) outMessage {
	return toDiscord(render.PairMessage(a, latest))
}

func profileMessage(p briefing.Profile) outMessage {
	return toDiscord(render.ProfileMessage(p))
}

func noticeMessage(text string) outMessage {
	return toDiscord(render.NoticeMessage(text))
}

// truncateRunes cuts s to at most n characters (runes), ending with "…"
// when it had to cut; it is render.Truncate, which cuts at a word or
// between graphemes and never leaves a lone escaping backslash.
func truncateRunes(s string, n int) string { return render.Truncate(s, n) }
