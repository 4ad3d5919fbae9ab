package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"redline/briefing"
	"redline/briefing/feeds"
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
		b.feedAdd(in, feedURL, sopts)
	case "remove":
		b.manage(in, func(ctx context.Context) (string, error) {
			u, err := b.resolveFeed(ctx, in.ChannelID, feedURL)
			if err != nil {
				return "", err
			}
			if err := b.feeds.Remove(ctx, in.ChannelID, u); err != nil {
				return "", err
			}
			return "This channel no longer follows <" + u + ">.", nil
		})
	case "list":
		b.manage(in, func(ctx context.Context) (string, error) { return b.feedList(ctx, in.ChannelID) })
	case "test":
		b.feedTest(in, feedURL)
	default:
		b.replyEphemeral(in, "Use /feed add, /feed remove, /feed list or /feed test.")
	}
}

// feedAdd follows a feed in the channel as asked, once redline is known to
// be able to post there; a feed for the digest of a channel without one
// gets a digest at the configured default time, and the reply says so.
func (b *Bot) feedAdd(in *discordgo.Interaction, feedURL string, sopts []*discordgo.ApplicationCommandInteractionDataOption) {
	req := feeds.AddRequest{
		GuildID: in.GuildID, ChannelID: in.ChannelID, URL: feedURL, Mode: briefing.DeliverDigest,
		Backfill: int(max(optInt(sopts, optBackfill), 0)),
		Filter: briefing.FeedFilter{
			Actors: splitList(optString(sopts, optActors)), ThreatsOnly: optBool(sopts, optThreats), Keywords: splitList(optString(sopts, optKeywords)),
		},
		MentionRole: optString(sopts, optRole),
		Thread:      optBool(sopts, optThread),
	}
	if optString(sopts, optMode) == string(briefing.DeliverInstant) {
		req.Mode = briefing.DeliverInstant
	}
	if in.GuildID == "" {
		b.replyEphemeral(in, "Feeds and digests belong to a server channel; use this command there.")
		return
	}
	if err := checkPermissions(in, "post briefings and digests", postingPermissions(req.Thread)); err != nil {
		b.replyEphemeral(in, briefing.ErrorMessage(err))
		return
	}
	if err := checkRole(in, req.MentionRole); err != nil {
		b.replyEphemeral(in, briefing.ErrorMessage(err))
		return
	}
	b.manage(in, func(ctx context.Context) (string, error) {
		r, err := b.feeds.AddWith(ctx, req)
		if err != nil {
			return "", err
		}
		b.recordOwner(ctx, in)
		text := fmt.Sprintf("This channel now follows %s: %s.", render.FeedMarkdown(r.Feed), render.ModeText(r.Subscription.Mode))
		if r.Latest.Title != "" || r.Latest.Link != "" {
			text += fmt.Sprintf(" Latest item: %s <%s>.", render.EscapeMarkdown(strings.TrimSpace(r.Latest.Title)), r.Latest.Link)
		}
		if r.Backfilled > 0 {
			text += fmt.Sprintf(" The newest %d %s will be briefed at the next poll.", r.Backfilled, pluralWord(r.Backfilled, "item", "items"))
		}
		if req.MentionRole != "" && req.Mode != briefing.DeliverInstant {
			text += " The role is mentioned on instant posts only; this feed goes into the digest."
		}
		if r.Subscription.Mode == briefing.DeliverDigest {
			text += b.ensureDigest(ctx, in)
		}
		return text, nil
	})
}

// ensureDigest makes sure a channel that gets a feed in its digest has a
// digest: when it has none, one is set at the configured default time. It
// returns what to tell the user.
func (b *Bot) ensureDigest(ctx context.Context, in *discordgo.Interaction) string {
	if b.digests == nil {
		return "\n**Daily digests are not switched on for this bot, so nothing from this feed will be posted. Add it with `mode: instant` instead.**"
	}
	if _, next, err := b.digests.Show(ctx, in.ChannelID); err == nil {
		return fmt.Sprintf(" Its warnings come in this channel's daily digest, the next <t:%d:f>.", next.Unix())
	} else if briefing.ErrorCode(err) != briefing.ENOTFOUND {
		b.logErr("reading the digest schedule", err, "channel", in.ChannelID)
		return "\n**Could not check this channel's daily digest: " + render.EscapeMarkdown(briefing.ErrorMessage(err)) + " Run `/digest show` to make sure it has one.**"
	}
	s, next, err := b.digests.Set(ctx, in.GuildID, in.ChannelID, b.digestTime, b.digestZone)
	if err != nil {
		b.logErr("setting the default digest", err, "channel", in.ChannelID)
		return "\n**This channel has no daily digest and setting one failed: " + render.EscapeMarkdown(briefing.ErrorMessage(err)) +
			" Nothing from this feed is posted until you run `/digest set`.**"
	}
	return fmt.Sprintf("\nThis channel had no daily digest, so redline set one: every day at %s (%s), the first <t:%d:f>. "+
		"Change it with `/digest set time: timezone:` or stop it with `/digest off`.",
		render.EscapeMarkdown(s.TimeOfDay), render.EscapeMarkdown(s.TimeZone), next.Unix())
}

// checkRole refuses a role redline must not or cannot mention: @everyone
// (whose id is the server's), or a role nobody may mention when redline
// may not mention every role.
func checkRole(in *discordgo.Interaction, roleID string) error {
	if roleID == "" {
		return nil
	}
	if roleID == in.GuildID || snowflake(roleID) == "" {
		return briefing.Errorf(briefing.EINVALID, "redline never mentions @everyone; choose a role for the people who want to hear about threats.")
	}
	data := in.ApplicationCommandData()
	var role *discordgo.Role
	if data.Resolved != nil {
		role = data.Resolved.Roles[roleID]
	}
	if role != nil && !role.Mentionable && in.AppPermissions&permMentionEveryone.bit == 0 {
		return briefing.Errorf(briefing.EBLOCKED,
			"redline cannot mention the role %s: it is not mentionable. Allow anyone to @mention it (Server Settings → Roles), or give redline the %s permission, then try again.",
			render.EscapeMarkdown(role.Name), permMentionEveryone.name)
	}
	return nil
}

// recordOwner notes who set the channel up, to be told by DM when redline
// cannot post there.
func (b *Bot) recordOwner(ctx context.Context, in *discordgo.Interaction) {
	if b.owners == nil {
		return
	}
	if err := b.owners.SetChannelOwner(ctx, in.ChannelID, userID(in), b.now()); err != nil {
		b.logErr("recording who set up a channel", err, "channel", in.ChannelID)
	}
}

// resolveFeed turns what /feed remove was given (an address, or the
// autocomplete's feed:<id> for a long one) into the feed's address.
func (b *Bot) resolveFeed(ctx context.Context, channelID, given string) (string, error) {
	if !strings.HasPrefix(given, feedRef) {
		return given, nil
	}
	subs, err := b.feeds.List(ctx, channelID)
	if err != nil {
		return "", err
	}
	for _, s := range subs {
		if feedRef+strconv.FormatInt(s.Feed.ID, 10) == given {
			return s.Feed.URL, nil
		}
	}
	return "", briefing.Errorf(briefing.ENOTFOUND, "this channel does not follow that feed — /feed list shows the feeds it follows")
}

// feedList lists the channel's feeds with their state; a feed in the
// digest shows the digest's last post and failure, and a channel whose
// digest feeds have no digest to go to is told so.
func (b *Bot) feedList(ctx context.Context, channelID string) (string, error) {
	subs, err := b.feeds.List(ctx, channelID)
	if err != nil {
		return "", err
	}
	digestFeeds := 0
	for _, s := range subs {
		if s.Mode == briefing.DeliverDigest {
			digestFeeds++
		}
	}
	note := ""
	if digestFeeds > 0 && b.digests != nil {
		sched, _, err := b.digests.Show(ctx, channelID)
		switch {
		case briefing.ErrorCode(err) == briefing.ENOTFOUND:
			note = "\n**This channel has no daily digest, so its digest feeds post nothing. Set one with `/digest set`.**"
		case err != nil:
			return "", err
		}
		failure, failed, err := b.digests.LastFailure(ctx, channelID)
		if err != nil {
			return "", err
		}
		for i := range subs {
			if subs[i].Mode != briefing.DeliverDigest {
				continue
			}
			subs[i].LastPosted = sched.LastSent
			if failed {
				subs[i].PostError = "the daily digest: " + failure.Message
			}
		}
	}
	return render.FeedListMarkdown(subs) + note, nil
}

// feedTest shows the user alone the newest item of a feed as this channel
// would get it (its filter applied when it follows the feed).
func (b *Bot) feedTest(in *discordgo.Interaction, feedURL string) {
	if !b.defer_(in, true) {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, briefTimeout)
	defer cancel()
	it, br, err := b.feeds.Preview(ctx, feedURL)
	if err != nil {
		b.logErr("feed preview failed", err, "url", feedURL)
		b.failPrivate(ctx, in, err)
		return
	}
	head := "Preview of the newest item, as this channel would get it (only you see this): " + render.EscapeMarkdown(render.Truncate(render.Plain(it.Title), 200))
	if in.GuildID != "" {
		if subs, err := b.feeds.List(ctx, in.ChannelID); err == nil {
			for _, s := range subs {
				if norm, err := feeds.NormalizeURL(feedURL); err == nil && s.Feed.URL == norm && !s.Filter.IsZero() {
					kept := s.Filter.Apply(br.Warnings)
					if len(kept) < len(br.Warnings) {
						head += fmt.Sprintf(" — this channel's filter keeps %d of its %d %s.", len(kept), len(br.Warnings), pluralWord(len(br.Warnings), "warning", "warnings"))
					}
					br = &briefing.Briefing{Article: br.Article, Warnings: kept}
				}
			}
		}
	}
	if len(br.Warnings) == 0 {
		head += " It has no warning to post, so nothing would be posted."
	}
	msgs := briefingMessages(br)
	first := msgs[0]
	first.Content = truncateRunes(head, maxContent)
	if !b.editWith(ctx, in, first, nil, nil) {
		return
	}
	for _, m := range msgs[1:min(len(msgs), maxFollowups)] {
		if !b.followup(ctx, in, outMessage{Embeds: m.Embeds}, discordgo.MessageFlagsEphemeral, "sending a preview follow-up") {
			return
		}
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
		if in.GuildID != "" {
			if err := checkPermissions(in, "post the digest", postingPermissions(false)); err != nil {
				b.replyEphemeral(in, briefing.ErrorMessage(err))
				return
			}
		}
		b.manage(in, func(ctx context.Context) (string, error) {
			s, next, err := b.digests.Set(ctx, in.GuildID, in.ChannelID, tod, tz)
			if err != nil {
				return "", err
			}
			b.recordOwner(ctx, in)
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
			text := scheduleText(s, next)
			if !s.LastSent.IsZero() {
				text += fmt.Sprintf(" The last one went out <t:%d:R>.", s.LastSent.Unix())
			}
			f, failed, err := b.digests.LastFailure(ctx, in.ChannelID)
			if err != nil {
				return "", err
			}
			if failed {
				text += "\n**The last digest could not be posted:** " + render.EscapeMarkdown(f.Message)
				if f.GaveUp() {
					text += " redline stopped trying; the next digest covers its warnings too."
				} else {
					text += fmt.Sprintf(" redline tries again <t:%d:R>, until <t:%d:t>.", f.NextAttempt.Unix(), f.Deadline.Unix())
				}
			}
			return text, nil
		})
	case "now":
		if in.GuildID != "" {
			if err := checkPermissions(in, "post the digest", postingPermissions(false)); err != nil {
				b.replyEphemeral(in, briefing.ErrorMessage(err))
				return
			}
		}
		b.manage(in, func(ctx context.Context) (string, error) {
			d, err := b.digests.Now(ctx, in.ChannelID)
			if err != nil {
				return "", err
			}
			items := 0
			if d != nil {
				for _, g := range d.Groups {
					items += len(g.Items)
				}
			}
			if items == 0 {
				return "Posted the digest: no new warnings since the last one.", nil
			}
			return fmt.Sprintf("Posted the digest: %d %s, between %d %s of who warned whom.", items+d.Omitted,
				pluralWord(items+d.Omitted, "warning", "warnings"), len(d.Groups), pluralWord(len(d.Groups), "pair", "pairs")), nil
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

// splitList reads a comma-separated option into its trimmed, non-empty items.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func optBool(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) bool {
	for _, o := range opts {
		if o.Name == name {
			v, _ := o.Value.(bool)
			return v
		}
	}
	return false
}
