package bot

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"redline/briefing"
	"redline/briefing/render"
)

const (
	briefTimeout   = 90 * time.Second // a slow site must not hold a handler forever
	lookupTimeout  = 15 * time.Second
	historyPerPage = 5
	profileLatest  = 5
	autocompleteN  = 25 // Discord's maximum number of choices
)

// onInteraction is discordgo's handler for INTERACTION_CREATE. discordgo
// runs each handler call in its own goroutine.
func (b *Bot) onInteraction(s *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil {
		return
	}
	in := ic.Interaction
	b.received.Store(in.ID, time.Now())
	defer b.received.Delete(in.ID)
	defer b.acked.Delete(in.ID)
	b.guard("interaction", func() {
		switch in.Type {
		case discordgo.InteractionApplicationCommand:
			b.onCommand(in)
		case discordgo.InteractionApplicationCommandAutocomplete:
			b.onAutocomplete(in)
		case discordgo.InteractionMessageComponent:
			b.onComponent(in)
		}
	}, func() {
		if in.Type == discordgo.InteractionApplicationCommandAutocomplete {
			return
		}
		if _, acked := b.acked.Load(in.ID); acked {
			b.followupEphemeral(b.ctx, in, briefing.ErrorMessage(errPanic))
		} else {
			b.replyEphemeral(in, briefing.ErrorMessage(errPanic))
		}
	})
}

// errPanic is what a user is told when a handler failed unexpectedly.
var errPanic = briefing.Errorf(briefing.EINTERNAL, "Something went wrong on redline's side; it has been logged. Please try again later.")

// respond sends the first answer to an interaction and remembers that it
// was answered.
func (b *Bot) respond(in *discordgo.Interaction, r *discordgo.InteractionResponse) error {
	if err := b.session.InteractionRespond(in, r); err != nil {
		return err
	}
	b.acked.Store(in.ID, true)
	if at, ok := b.received.Load(in.ID); ok && b.observer != nil {
		b.observer.InteractionAcked(interactionKind(in.Type), time.Since(at.(time.Time)))
	}
	return nil
}

// interactionKind names an interaction type for metrics.
func interactionKind(t discordgo.InteractionType) string {
	switch t {
	case discordgo.InteractionApplicationCommand:
		return "command"
	case discordgo.InteractionMessageComponent:
		return "component"
	case discordgo.InteractionApplicationCommandAutocomplete:
		return "autocomplete"
	case discordgo.InteractionModalSubmit:
		return "modal"
	}
	return "other"
}

func (b *Bot) onCommand(in *discordgo.Interaction) {
	data := in.ApplicationCommandData()
	switch data.Name {
	case cmdBrief:
		b.brief(in, optString(data.Options, optURL))
	case cmdBriefThis:
		b.briefThis(in, data)
	case cmdHistory:
		b.history(in, data.Options)
	case cmdWho:
		b.who(in, optString(data.Options, optName), optString(data.Options, optWith))
	case cmdFeed:
		b.feed(in, data.Options)
	case cmdDigest:
		b.digest(in, data.Options)
	case cmdHelp:
		b.replyEphemeral(in, helpText)
	default:
		b.replyEphemeral(in, "I don't know that command; try /help.")
	}
}

// brief answers /brief and "Brief this": it validates and rate-limits at
// once, defers privately (Discord wants an answer within 3 s; a link that
// turns out unreadable is then told to the user alone, and the channel
// never sees a "thinking…" vanish), briefs the article, and posts the
// briefing for the channel below a private line saying so.
func (b *Bot) brief(in *discordgo.Interaction, rawURL string) {
	rawURL = strings.TrimSpace(rawURL)
	if err := checkLink(rawURL); err != nil {
		b.replyEphemeral(in, briefing.ErrorMessage(err))
		return
	}
	if ok, wait := b.limiter.allow(userID(in)); !ok {
		b.replyEphemeral(in, rateLimitText(wait))
		return
	}
	if !b.defer_(in, true) {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, briefTimeout)
	defer cancel()
	br, err := b.briefer.BriefURL(ctx, rawURL)
	if err != nil {
		b.logErr("brief failed", err, "url", rawURL, "user", userID(in))
		b.refundIfBusy(userID(in), err)
		b.failPrivate(ctx, in, err)
		return
	}
	b.recordInChannel(ctx, in.GuildID, in.ChannelID, br)
	// The private "thinking…" is resolved first: a followup sent while it
	// loads would take its place, and be private too.
	note := "Briefed " + render.EscapeMarkdown(render.Truncate(render.Plain(br.Article.Title), 150)) + " — posted below for everyone here."
	if !b.editWith(ctx, in, outMessage{Content: note}, nil, nil) {
		return
	}
	for i, m := range briefingMessages(br) {
		if i == maxFollowups {
			break // Discord allows a user-installed app five followups where it is not installed
		}
		if !b.followup(ctx, in, m, 0, "posting a briefing as a follow-up") {
			return
		}
	}
}

// maxFollowups is how many followup messages a user-installed app may
// send to an interaction in a server it is not installed in.
const maxFollowups = 5

// refundIfBusy gives the user back the brief that failed because redline
// was reading too many pages at once (article's "busy, try again" error):
// they are asked to try again, which must not count against them.
func (b *Bot) refundIfBusy(user string, err error) {
	if briefing.ErrorCode(err) == briefing.ERATELIMIT {
		b.limiter.refund(user)
	}
}

// recordInChannel notes a briefing made in a server channel for that
// channel's digest; DMs have no digest.
func (b *Bot) recordInChannel(ctx context.Context, guildID, channelID string, br *briefing.Briefing) {
	if b.channels == nil || guildID == "" || br.Article.ID == 0 {
		return
	}
	if err := b.channels.RecordChannelArticle(ctx, channelID, br.Article.ID, b.now()); err != nil {
		b.logErr("recording a channel briefing for the digest", err, "channel", channelID)
	}
}

// briefThis briefs the first link of the message the command was used on;
// the interaction carries that message, so no Message Content intent is needed.
func (b *Bot) briefThis(in *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	var m *discordgo.Message
	if data.Resolved != nil {
		m = data.Resolved.Messages[data.TargetID]
	}
	link := ""
	if m != nil {
		link = firstLink(m.Content)
		for i := 0; link == "" && i < len(m.Embeds); i++ {
			if m.Embeds[i] != nil && checkLink(m.Embeds[i].URL) == nil {
				link = m.Embeds[i].URL
			}
		}
	}
	if link == "" {
		b.replyEphemeral(in, "That message has no link to brief. Use /brief url: with the article's address.")
		return
	}
	b.brief(in, link)
}

// --- responding ------------------------------------------------------------

// noMentions allows no mention at all; sent with every message and edit so
// that "@everyone" or a role mention inside an article never pings anyone.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// defer_ acknowledges an interaction with "thinking…" (type 5); the answer
// comes later as an edit. It reports whether Discord accepted it.
func (b *Bot) defer_(in *discordgo.Interaction, ephemeral bool) bool {
	r := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if ephemeral {
		r.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	if err := b.respond(in, r); err != nil {
		b.logErr("deferring an interaction", err, "interaction", in.ID)
		return false
	}
	return true
}

// replyEphemeral answers an interaction at once with text only the user sees.
func (b *Bot) replyEphemeral(in *discordgo.Interaction, text string) {
	err := b.respond(in, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content:         truncateRunes(text, maxContent),
			Flags:           discordgo.MessageFlagsEphemeral,
			AllowedMentions: noMentions(),
		},
	})
	if err != nil {
		b.logErr("replying to an interaction", err, "interaction", in.ID)
	}
}

// editAndFollow puts the first message into the deferred response (with
// components) and sends the rest as follow-up messages.
func (b *Bot) editAndFollow(ctx context.Context, in *discordgo.Interaction, msgs []outMessage, comps []discordgo.MessageComponent) {
	if len(msgs) == 0 {
		msgs = []outMessage{noticeMessage("Nothing to show.")}
	}
	first := msgs[0]
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	embeds := first.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	content := first.Content
	_, err := b.session.InteractionResponseEdit(in, &discordgo.WebhookEdit{
		Content:         &content,
		Embeds:          &embeds,
		Components:      &comps,
		AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		b.logErr("editing an interaction response", err, "interaction", in.ID)
		return
	}
	for _, m := range msgs[1:] {
		if !b.followup(ctx, in, m, 0, "sending a follow-up message") {
			return
		}
	}
}

// failPrivate answers a privately deferred interaction with a short
// message in plain words; only the user sees it.
func (b *Bot) failPrivate(ctx context.Context, in *discordgo.Interaction, err error) {
	// The work may have failed because ctx ran out; the apology still goes out.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lookupTimeout)
	defer cancel()
	b.editWith(ctx, in, outMessage{Content: render.EscapeMarkdown(briefing.ErrorMessage(err))}, nil, nil)
}

// failPublic replaces a publicly deferred "thinking…" response with a
// short message that only the user sees.
func (b *Bot) failPublic(ctx context.Context, in *discordgo.Interaction, err error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lookupTimeout)
	defer cancel()
	if derr := b.session.InteractionResponseDelete(in, discordgo.WithContext(ctx)); derr != nil {
		b.logErr("deleting a deferred response", derr, "interaction", in.ID)
	}
	b.followupEphemeral(ctx, in, briefing.ErrorMessage(err))
}

// followup sends m after the interaction's response, with flags (0 or
// ephemeral), and says whether it went; a failure is logged as what.
func (b *Bot) followup(ctx context.Context, in *discordgo.Interaction, m outMessage, flags discordgo.MessageFlags, what string) bool {
	_, err := b.session.FollowupMessageCreate(in, true, &discordgo.WebhookParams{
		Content:         m.Content,
		Embeds:          m.Embeds,
		Flags:           flags,
		Components:      []discordgo.MessageComponent{},
		AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		b.logErr(what, err, "interaction", in.ID)
		return false
	}
	return true
}

// followupEphemeral sends text that only the user sees; it goes out even
// when ctx has run out, since it usually reports just that.
func (b *Bot) followupEphemeral(ctx context.Context, in *discordgo.Interaction, text string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lookupTimeout)
	defer cancel()
	_, err := b.session.FollowupMessageCreate(in, true, &discordgo.WebhookParams{
		Content:         truncateRunes(text, maxContent),
		Components:      []discordgo.MessageComponent{},
		Flags:           discordgo.MessageFlagsEphemeral,
		AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		b.logErr("sending an ephemeral follow-up", err, "interaction", in.ID)
	}
}

// --- options and small helpers -------------------------------------------

func optString(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	for _, o := range opts {
		if o.Name == name {
			if s, ok := o.Value.(string); ok {
				return s
			}
		}
	}
	return ""
}

func optInt(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) int64 {
	for _, o := range opts {
		if o.Name == name {
			if f, ok := o.Value.(float64); ok { // JSON numbers decode as float64
				return int64(f)
			}
		}
	}
	return 0
}

// focusedOption finds the option being typed, looking into sub-commands.
func focusedOption(opts []*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range opts {
		if o.Focused {
			return o
		}
		if f := focusedOption(o.Options); f != nil {
			return f
		}
	}
	return nil
}

// userID is the ID of the user who caused the interaction, in a guild or a DM.
func userID(in *discordgo.Interaction) string {
	if in.Member != nil && in.Member.User != nil {
		return in.Member.User.ID
	}
	if in.User != nil {
		return in.User.ID
	}
	return ""
}

var linkPattern = regexp.MustCompile(`https?://[^\s<>"'\x60|]+`)

// firstLink returns the first http(s) link in text, without trailing
// punctuation or Discord's <…> embed suppression.
func firstLink(text string) string {
	for _, m := range linkPattern.FindAllString(text, -1) {
		m = strings.TrimRight(m, ".,;:!?)]}*_~")
		if checkLink(m) == nil {
			return m
		}
	}
	return ""
}

// checkLink tells a usable article address from anything else.
func checkLink(raw string) error {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return briefing.Errorf(briefing.EINVALID, "That is not a link to an article. Give the full address, starting with https://")
	}
	return nil
}

func rateLimitText(wait time.Duration) string {
	secs := int(wait.Round(time.Second) / time.Second)
	if secs < 1 {
		secs = 1
	}
	return fmt.Sprintf("You have asked for several briefings in a short time. Please try again in %d s.", secs)
}

const helpText = "**redline** reads news articles and tells who warned whom about what.\n" +
	"• `/brief url:` — brief an article for the channel (or use **Apps → Brief this** on a message with a link)\n" +
	"• `/history` — search the warnings seen so far (speaker, addressee, words, days); only you see it until you press **Share to channel**\n" +
	"• `/who name: [with:]` — an actor's record with a chart of its weeks, or two actors' warnings both ways\n" +
	"• `/feed` and `/digest` — a channel's feeds (filters, a role for threats, threads, `/feed test` to preview) and its daily digest (server managers)\n" +
	"In a direct message, send a link, a name (\"Russia\") or a question (\"who warned Seoul?\")."
