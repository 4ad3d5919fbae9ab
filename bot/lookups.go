package bot

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"redline/briefing"
	"redline/briefing/digest"
	"redline/briefing/render"
	"redline/briefing/render/chart"
)

// history answers /history privately with the first page of results and
// Previous/Next/Share buttons; the search is saved so that its buttons work
// after a restart, for the user who ran it.
func (b *Bot) history(in *discordgo.Interaction, opts []*discordgo.ApplicationCommandInteractionDataOption) {
	q := briefing.HistoryQuery{
		Speaker:   strings.TrimSpace(optString(opts, optSpeaker)),
		Addressee: strings.TrimSpace(optString(opts, optAddressee)),
		Text:      strings.TrimSpace(optString(opts, optQuery)),
		Limit:     historyPerPage,
	}
	days := int(optInt(opts, optDays))
	if days > 0 {
		q.Since = b.now().AddDate(0, 0, -days)
	}
	if !b.defer_(in, true) {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, lookupTimeout)
	defer cancel()
	ss := briefing.SavedSearch{Kind: lookupHistory, UserID: userID(in), Query: q, Title: render.HistoryTitle(q, days), Cursors: []string{""}}
	id, err := b.searches.SaveSearch(ctx, ss)
	if err != nil {
		b.logErr("saving a history search", err)
		b.failPrivate(ctx, in, err)
		return
	}
	ss.ID = id
	msg, comps, err := b.historyPage(ctx, ss, 0, true)
	if err != nil {
		b.logErr("history failed", err)
		b.failPrivate(ctx, in, err)
		return
	}
	b.editWith(ctx, in, msg, comps, nil)
}

// historyPage fetches page n of a saved search (one warning reported by
// several outlets shown once) and renders it with its buttons: Previous
// and Next when there is more than a page, Share when share is set.
func (b *Bot) historyPage(ctx context.Context, ss briefing.SavedSearch, n int, share bool) (outMessage, []discordgo.MessageComponent, error) {
	if n >= len(ss.Cursors) {
		return outMessage{}, nil, briefing.Errorf(briefing.ENOTFOUND, "That page is no longer available; run /history again.")
	}
	q := ss.Query
	q.Cursor = ss.Cursors[n]
	page, err := b.store.History(ctx, q)
	if err != nil {
		return outMessage{}, nil, err
	}
	if page.Next != "" {
		if err := b.searches.SetSearchCursor(ctx, ss.ID, n+1, page.Next); err != nil {
			return outMessage{}, nil, err
		}
	}
	page.Warnings = digest.Collapse(page.Warnings)
	title := ss.Title
	if n > 0 {
		title = fmt.Sprintf("%s — page %d", title, n+1)
	}
	return historyMessage(page, title), lookupButtons(ss.ID, n, n > 0 || page.Next != "", page.Next != "", share), nil
}

// lookupButtons returns the row of a lookup's buttons, or nothing: Previous
// and Next when paged, Share to channel when share is set.
func lookupButtons(id int64, n int, paged, hasNext, share bool) []discordgo.MessageComponent {
	var row []discordgo.MessageComponent
	if paged {
		prev := discordgo.Button{Label: "Previous", Style: discordgo.SecondaryButton, CustomID: buttonID(buttonPage, id, max(n-1, 0)), Disabled: n == 0}
		if n == 0 {
			prev.CustomID += ":p" // must differ from every other button's; disabled anyway
		}
		row = append(row, prev, discordgo.Button{Label: "Next", Style: discordgo.PrimaryButton, CustomID: buttonID(buttonPage, id, n+1), Disabled: !hasNext})
	}
	if share {
		row = append(row, discordgo.Button{Label: "Share to channel", Style: discordgo.SecondaryButton, CustomID: buttonID(buttonShare, id, n)})
	}
	if len(row) == 0 {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
}

// who answers /who privately with an actor's record (or, with another
// actor, the warnings between the two), a chart of its weeks attached, and
// a Share button.
func (b *Bot) who(in *discordgo.Interaction, name, with string) {
	name, with = strings.TrimSpace(name), strings.TrimSpace(with)
	if name == "" {
		b.replyEphemeral(in, "Give a name: /who name: Russia")
		return
	}
	if !b.defer_(in, true) {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, lookupTimeout)
	defer cancel()
	ss := briefing.SavedSearch{Kind: lookupWho, UserID: userID(in), Query: briefing.HistoryQuery{Speaker: name, Addressee: with}}
	msg, files, err := b.whoMessage(ctx, name, with)
	if err != nil {
		b.logErr("who failed", err, "name", name, "with", with)
		b.failPrivate(ctx, in, err)
		return
	}
	id, err := b.searches.SaveSearch(ctx, ss)
	if err != nil {
		b.logErr("saving a who lookup", err)
		b.failPrivate(ctx, in, err)
		return
	}
	b.editWith(ctx, in, msg, lookupButtons(id, 0, false, false, true), files)
}

// whoMessage renders an actor's record, or the two actors' warnings both
// ways, with the chart of their weeks as an attached PNG when the bot can
// read activity.
func (b *Bot) whoMessage(ctx context.Context, name, with string) (outMessage, []*discordgo.File, error) {
	var act briefing.Activity
	if b.activity != nil {
		since, until := chart.Period(b.now(), chart.Weeks)
		var err error
		if act, err = b.activity.Activity(ctx, name, with, since, until); err != nil {
			return outMessage{}, nil, err
		}
	} else if with != "" {
		return outMessage{}, nil, briefing.Errorf(briefing.EUNAVAILABLE, "Comparing two actors is not switched on for this bot.")
	}
	var msg outMessage
	if with == "" {
		p, err := b.store.Profile(ctx, name, profileLatest*3)
		if err != nil {
			return outMessage{}, nil, err
		}
		p.Latest = digest.Collapse(p.Latest)
		p.Latest = p.Latest[:min(len(p.Latest), profileLatest)]
		msg = profileMessage(p)
	} else {
		ws, err := briefing.Between(ctx, b.store, act.Actor.Key, act.Other.Key, profileLatest*3)
		if err != nil {
			return outMessage{}, nil, err
		}
		ws = digest.Collapse(ws)
		msg = pairMessage(act, ws[:min(len(ws), profileLatest)])
	}
	if b.activity == nil || len(msg.Embeds) == 0 {
		return msg, nil, nil
	}
	png, err := chart.PNG(act)
	if err != nil {
		b.logErr("drawing a chart", err, "name", name)
		return msg, nil, nil // the record without its picture beats no record
	}
	msg.Embeds[0].Image = &discordgo.MessageEmbedImage{URL: "attachment://" + chart.Filename}
	msg.Embeds[0].Description = truncateRunes(msg.Embeds[0].Description+"\n"+chart.Summary(act), render.MaxDescription)
	return msg, []*discordgo.File{{Name: chart.Filename, ContentType: "image/png", Reader: bytes.NewReader(png)}}, nil
}

// onComponent answers the lookups' buttons. Only the user who ran a lookup
// may use its buttons; Previous and Next edit the message in place, Share
// posts the lookup in the channel for everyone.
func (b *Bot) onComponent(in *discordgo.Interaction) {
	kind, id, n, ok := parseButtonID(in.MessageComponentData().CustomID)
	if !ok {
		b.replyEphemeral(in, "That button no longer does anything.")
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, lookupTimeout)
	defer cancel()
	ss, err := b.searches.SavedSearch(ctx, id)
	if err != nil {
		b.logErr("reading a saved lookup", err)
		b.replyEphemeral(in, briefing.ErrorMessage(err))
		return
	}
	command := "/" + cmdHistory
	if ss.Kind == lookupWho {
		command = "/" + cmdWho
	}
	if ss.UserID != userID(in) {
		b.replyEphemeral(in, "These results belong to whoever asked for them; run "+command+" yourself to page or share your own.")
		return
	}
	switch kind {
	case buttonPage:
		if err := b.respond(in, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}); err != nil {
			b.logErr("deferring a page update", err)
			return
		}
		private := in.Message != nil && in.Message.Flags&discordgo.MessageFlagsEphemeral != 0
		msg, comps, err := b.historyPage(ctx, ss, n, private)
		if err != nil {
			b.logErr("history page failed", err)
			b.followupEphemeral(ctx, in, briefing.ErrorMessage(err))
			return
		}
		b.editWith(ctx, in, msg, comps, nil)
	case buttonShare:
		b.share(ctx, in, ss, n)
	}
}

// share posts a lookup in the channel, for everyone: a history page with
// its Previous/Next buttons (still only for its owner), or a record with
// its chart. It is a new, public answer to the button.
func (b *Bot) share(ctx context.Context, in *discordgo.Interaction, ss briefing.SavedSearch, n int) {
	if !b.defer_(in, false) {
		return
	}
	var (
		msg   outMessage
		comps []discordgo.MessageComponent
		files []*discordgo.File
		err   error
	)
	if ss.Kind == lookupWho {
		msg, files, err = b.whoMessage(ctx, ss.Query.Speaker, ss.Query.Addressee)
	} else {
		msg, comps, err = b.historyPage(ctx, ss, n, false)
	}
	if err != nil {
		b.logErr("sharing a lookup failed", err)
		b.failPublic(ctx, in, err)
		return
	}
	msg.Content = "Shared by " + render.EscapeMarkdown(userName(in)) + "."
	b.editWith(ctx, in, msg, comps, files)
}

// userName is how the user who caused the interaction is shown.
func userName(in *discordgo.Interaction) string {
	u := in.User
	if in.Member != nil && in.Member.User != nil {
		u = in.Member.User
	}
	if u == nil {
		return "someone"
	}
	if u.GlobalName != "" {
		return u.GlobalName
	}
	return u.Username
}

// webhookEdit is the body of PATCH /webhooks/{app}/{token}/messages/@original
// that carries files: discordgo v0.29.0's would send every attachment
// field, where Discord wants only the id (the files[n] part) and name.
type webhookEdit struct {
	Content         *string                           `json:"content"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds"`
	Components      []discordgo.MessageComponent      `json:"components"`
	Attachments     []attachmentRef                   `json:"attachments"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
}

// attachmentRef names an uploaded file part: id n is part files[n].
type attachmentRef struct {
	ID          string `json:"id"`
	Filename    string `json:"filename"`
	Description string `json:"description,omitempty"`
}

// editWith puts msg, with comps and files, in the interaction's deferred
// response; it reports whether Discord took it. Nothing may be mentioned.
func (b *Bot) editWith(ctx context.Context, in *discordgo.Interaction, msg outMessage, comps []discordgo.MessageComponent, files []*discordgo.File) bool {
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	embeds := msg.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	content := truncateRunes(msg.Content, maxContent)
	var err error
	if len(files) == 0 {
		_, err = b.session.InteractionResponseEdit(in, &discordgo.WebhookEdit{
			Content: &content, Embeds: &embeds, Components: &comps, AllowedMentions: noMentions(),
		}, discordgo.WithContext(ctx))
	} else {
		body := webhookEdit{Content: &content, Embeds: embeds, Components: comps, AllowedMentions: noMentions()}
		for i, f := range files {
			body.Attachments = append(body.Attachments, attachmentRef{ID: fmt.Sprint(i), Filename: f.Name, Description: "a chart of warnings per week"})
		}
		var ct string
		var raw []byte
		ct, raw, err = discordgo.MultipartBodyWithJSON(body, files)
		if err == nil {
			endpoint := discordgo.EndpointWebhookMessage(in.AppID, in.Token, "@original")
			_, err = b.session.RequestRaw("PATCH", endpoint, ct, raw, endpoint, 0, discordgo.WithContext(ctx))
		}
	}
	if err != nil {
		b.logErr("editing an interaction response", err, "interaction", in.ID)
		return false
	}
	return true
}
