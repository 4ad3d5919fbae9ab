package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"redline/briefing"
)

const comingSoon = "This command is coming soon: feeds and digests are not switched on for this bot yet."

// subcommand returns the chosen sub-command and its options.
func subcommand(opts []*discordgo.ApplicationCommandInteractionDataOption) (string, []*discordgo.ApplicationCommandInteractionDataOption) {
	for _, o := range opts {
		if o.Type == discordgo.ApplicationCommandOptionSubCommand {
			return o.Name, o.Options
		}
	}
	return "", nil
}

// manage runs a /feed or /digest action privately: it defers an ephemeral
// response and edits it with the outcome or the error in plain words.
func (b *Bot) manage(in *discordgo.Interaction, action func(ctx context.Context) (string, error)) {
	if in.GuildID == "" {
		b.replyEphemeral(in, "Feeds and digests belong to a server channel; use this command there.")
		return
	}
	if !b.defer_(in, true) {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, briefTimeout)
	defer cancel()
	text, err := action(ctx)
	if err != nil {
		b.logErr("management command failed", err, "channel", in.ChannelID)
		text = briefing.ErrorMessage(err)
	}
	b.editAndFollow(ctx, in, []outMessage{noticeMessage(text)}, nil)
}

func (b *Bot) feed(in *discordgo.Interaction, opts []*discordgo.ApplicationCommandInteractionDataOption) {
	if b.feeds == nil {
		b.replyEphemeral(in, comingSoon)
		return
	}
	sub, sopts := subcommand(opts)
	feedURL := strings.TrimSpace(optString(sopts, optURL))
	switch sub {
	case "add":
		mode := briefing.DeliverDigest
		if optString(sopts, optMode) == string(briefing.DeliverInstant) {
			mode = briefing.DeliverInstant
		}
		b.manage(in, func(ctx context.Context) (string, error) {
			r, err := b.feeds.Add(ctx, in.GuildID, in.ChannelID, feedURL, mode, 0)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("This channel now follows %s (%s).", feedName(r.Feed), modeText(r.Subscription.Mode)), nil
		})
	case "remove":
		b.manage(in, func(ctx context.Context) (string, error) {
			if err := b.feeds.Remove(ctx, in.ChannelID, feedURL); err != nil {
				return "", err
			}
			return "This channel no longer follows " + feedURL + ".", nil
		})
	case "list":
		b.manage(in, func(ctx context.Context) (string, error) {
			subs, err := b.feeds.List(ctx, in.ChannelID)
			if err != nil {
				return "", err
			}
			return feedListText(subs), nil
		})
	default:
		b.replyEphemeral(in, "Use /feed add, /feed remove or /feed list.")
	}
}

func (b *Bot) digest(in *discordgo.Interaction, opts []*discordgo.ApplicationCommandInteractionDataOption) {
	if b.digests == nil {
		b.replyEphemeral(in, comingSoon)
		return
	}
	sub, sopts := subcommand(opts)
	switch sub {
	case "set":
		tod, tz := strings.TrimSpace(optString(sopts, optTime)), strings.TrimSpace(optString(sopts, optTimeZone))
		if tz == "" {
			tz = "UTC"
		}
		b.manage(in, func(ctx context.Context) (string, error) {
			s, err := b.digests.Set(ctx, in.GuildID, in.ChannelID, tod, tz)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("This channel gets a digest every day at %s (%s).", s.TimeOfDay, s.TimeZone), nil
		})
	case "off":
		b.manage(in, func(ctx context.Context) (string, error) {
			if err := b.digests.Off(ctx, in.ChannelID); err != nil {
				return "", err
			}
			return "The daily digest is off for this channel.", nil
		})
	case "show":
		b.manage(in, func(ctx context.Context) (string, error) {
			s, ok, err := b.digests.Show(ctx, in.ChannelID)
			if err != nil {
				return "", err
			}
			if !ok {
				return "This channel has no daily digest. Set one with /digest set time: 08:00", nil
			}
			return fmt.Sprintf("This channel gets a digest every day at %s (%s).", s.TimeOfDay, s.TimeZone), nil
		})
	case "now":
		b.manage(in, func(ctx context.Context) (string, error) {
			if err := b.digests.Now(ctx, in.ChannelID); err != nil {
				return "", err
			}
			return "The digest has been posted.", nil
		})
	default:
		b.replyEphemeral(in, "Use /digest set, /digest off, /digest show or /digest now.")
	}
}

func feedName(f briefing.Feed) string {
	if f.Title != "" {
		return f.Title + " <" + f.URL + ">"
	}
	return "<" + f.URL + ">"
}

func modeText(m briefing.DeliveryMode) string {
	if m == briefing.DeliverInstant {
		return "each briefing posted at once"
	}
	return "in the daily digest"
}

func feedListText(subs []briefing.Subscription) string {
	if len(subs) == 0 {
		return "This channel follows no feeds. Add one with /feed add url:"
	}
	var sb strings.Builder
	sb.WriteString("This channel follows:\n")
	for _, s := range subs {
		line := "• " + feedName(s.Feed) + " — " + modeText(s.Mode)
		switch {
		case s.Feed.Paused:
			line += " — paused after failing: " + s.Feed.LastError
		case s.Feed.LastError != "":
			line += " — failing: " + s.Feed.LastError
		}
		sb.WriteString(line + "\n")
	}
	return sb.String()
}
