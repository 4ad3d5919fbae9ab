package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"redline/briefing"
	"redline/briefing/render"
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
// response and edits it with the outcome, or the error in plain words.
// action returns Discord text whose outside parts are already escaped.
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
		text = render.EscapeMarkdown(briefing.ErrorMessage(err))
	}
	b.editAndFollow(ctx, in, []outMessage{{Content: truncateRunes(text, maxContent)}}, nil)
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
		backfill := int(max(optInt(sopts, optBackfill), 0))
		b.manage(in, func(ctx context.Context) (string, error) {
			r, err := b.feeds.Add(ctx, in.GuildID, in.ChannelID, feedURL, mode, backfill)
			if err != nil {
				return "", err
			}
			text := fmt.Sprintf("This channel now follows %s: %s.", render.FeedMarkdown(r.Feed), render.ModeText(r.Subscription.Mode))
			if r.Latest.Title != "" || r.Latest.Link != "" {
				text += fmt.Sprintf(" Latest item: %s <%s>.", render.EscapeMarkdown(strings.TrimSpace(r.Latest.Title)), r.Latest.Link)
			}
			if r.Backfilled > 0 {
				text += fmt.Sprintf(" The newest %d item(s) will be briefed at the next poll.", r.Backfilled)
			}
			return text, nil
		})
	case "remove":
		b.manage(in, func(ctx context.Context) (string, error) {
			if err := b.feeds.Remove(ctx, in.ChannelID, feedURL); err != nil {
				return "", err
			}
			return "This channel no longer follows <" + feedURL + ">.", nil
		})
	case "list":
		b.manage(in, func(ctx context.Context) (string, error) {
			subs, err := b.feeds.List(ctx, in.ChannelID)
			if err != nil {
				return "", err
			}
			return render.FeedListMarkdown(subs), nil
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
		if tod == "" {
			tod = b.digestTime
		}
		if tz == "" {
			tz = b.digestZone
		}
		b.manage(in, func(ctx context.Context) (string, error) {
			s, next, err := b.digests.Set(ctx, in.GuildID, in.ChannelID, tod, tz)
			if err != nil {
				return "", err
			}
			return scheduleText(s, next), nil
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
			s, next, err := b.digests.Show(ctx, in.ChannelID)
			if briefing.ErrorCode(err) == briefing.ENOTFOUND {
				return "This channel has no daily digest. Set one with `/digest set time: 08:00`.", nil
			}
			if err != nil {
				return "", err
			}
			return scheduleText(s, next), nil
		})
	case "now":
		b.manage(in, func(ctx context.Context) (string, error) {
			d, err := b.digests.Now(ctx, in.ChannelID)
			if err != nil {
				return "", err
			}
			if d == nil || len(d.Groups) == 0 {
				return "Posted the digest: no new warnings since the last one.", nil
			}
			return fmt.Sprintf("Posted the digest: %d pair(s) of who warned whom.", len(d.Groups)), nil
		})
	default:
		b.replyEphemeral(in, "Use /digest set, /digest off, /digest show or /digest now.")
	}
}

// scheduleText says when a channel's digest comes; Discord shows <t:…> in
// each reader's own time zone.
func scheduleText(s briefing.DigestSchedule, next time.Time) string {
	text := fmt.Sprintf("This channel gets a digest every day at %s (%s).", render.EscapeMarkdown(s.TimeOfDay), render.EscapeMarkdown(s.TimeZone))
	if !next.IsZero() {
		text += fmt.Sprintf(" The next one: <t:%d:f>.", next.Unix())
	}
	return text
}
