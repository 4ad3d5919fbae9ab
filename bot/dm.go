package bot

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"redline/briefing"
	"redline/briefing/actors"
	"redline/briefing/render"
)

// onMessage is discordgo's handler for MESSAGE_CREATE: direct messages to
// the bot, and links posted in the configured brief channels.
func (b *Bot) onMessage(s *discordgo.Session, m *discordgo.MessageCreate) {
	if m == nil || m.Message == nil || m.Author == nil || m.Author.Bot {
		return
	}
	if s.State != nil && s.State.User != nil && m.Author.ID == s.State.User.ID {
		return
	}
	b.guard("message", func() {
		switch {
		case m.GuildID == "":
			b.directMessage(m.Message)
		case b.briefChannels[m.ChannelID]:
			b.channelLink(m.Message)
		}
	}, nil)
}

// directMessage answers a DM: a link gets a briefing, a name or question
// gets the history, anything else a short help.
func (b *Bot) directMessage(m *discordgo.Message) {
	ask := parseAsk(m.Content)
	ctx, cancel := context.WithTimeout(b.ctx, briefTimeout)
	defer cancel()
	switch ask.kind {
	case askLink:
		if ok, wait := b.limiter.allow(m.Author.ID); !ok {
			b.sendText(ctx, m.ChannelID, rateLimitText(wait))
			return
		}
		stopTyping := b.typing(ctx, m.ChannelID)
		br, err := b.briefer.BriefURL(ctx, ask.link)
		stopTyping()
		if err != nil {
			b.logErr("DM brief failed", err, "url", ask.link, "user", m.Author.ID)
			b.refundIfBusy(m.Author.ID, err)
			b.sendText(ctx, m.ChannelID, briefing.ErrorMessage(err))
			return
		}
		if err := b.poster.sendAll(ctx, m.ChannelID, briefingMessages(br), "dm-"+m.ID); err != nil {
			b.logErr("sending a DM briefing", err, "channel", m.ChannelID)
		}
	case askHistory:
		if ask.text != "" && b.sendProfile(ctx, m, ask.text) {
			return
		}
		q := briefing.HistoryQuery{
			Speaker:   canonical(ask.speaker),
			Addressee: canonical(ask.addressee),
			Text:      canonical(ask.text),
			Limit:     historyPerPage,
		}
		ss := briefing.SavedSearch{Kind: lookupHistory, UserID: m.Author.ID, Query: q, Title: render.HistoryTitle(q, 0), Cursors: []string{""}}
		id, err := b.searches.SaveSearch(ctx, ss)
		if err != nil {
			b.logErr("saving a DM history search", err)
			b.sendText(ctx, m.ChannelID, briefing.ErrorMessage(err))
			return
		}
		ss.ID = id
		msg, comps, err := b.historyPage(ctx, ss, 0, false)
		if err != nil {
			b.logErr("DM history failed", err)
			b.sendText(ctx, m.ChannelID, briefing.ErrorMessage(err))
			return
		}
		if _, err := b.poster.send(ctx, m.ChannelID, msg, comps, "dm-"+m.ID); err != nil {
			b.logErr("sending a DM", err, "channel", m.ChannelID)
		}
	default:
		b.sendText(ctx, m.ChannelID, dmHelpText)
	}
}

// typingEvery is how often the typing indicator is renewed: Discord shows
// it for about ten seconds.
const typingEvery = 8 * time.Second

// typing shows "redline is typing…" in the channel until stop is called:
// reading a page can take a while, and a DM should not look ignored.
func (b *Bot) typing(ctx context.Context, channelID string) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	show := func() {
		if err := b.session.ChannelTyping(channelID, discordgo.WithContext(ctx)); err != nil && ctx.Err() == nil {
			b.logErr("showing the typing indicator", err, "channel", channelID)
		}
	}
	show()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(typingEvery):
				show()
			}
		}
	}()
	return func() { cancel(); <-done }
}

// channelLink briefs a link posted in a brief channel into that channel.
func (b *Bot) channelLink(m *discordgo.Message) {
	link := firstLink(m.Content)
	if link == "" {
		return
	}
	if ok, _ := b.limiter.allow(m.Author.ID); !ok {
		return // a flood of links is skipped quietly, like anything else not briefed
	}
	ctx, cancel := context.WithTimeout(b.ctx, briefTimeout)
	defer cancel()
	br, err := b.briefer.BriefURL(ctx, link)
	if err != nil {
		// Quietly skip links that are not articles; people post all sorts.
		b.logErr("channel link brief failed", err, "url", link, "channel", m.ChannelID)
		return
	}
	b.recordInChannel(ctx, m.GuildID, m.ChannelID, br)
	if len(br.Warnings) == 0 {
		return
	}
	if err := b.poster.PostBriefing(ctx, m.ChannelID, br, "msg-"+m.ID); err != nil {
		b.logErr("posting a channel briefing", err, "channel", m.ChannelID)
	}
}

// sendProfile answers a bare name with that actor's record ("Russia":
// warnings by and against it); false when history does not know the name,
// so the caller searches it as text instead.
func (b *Bot) sendProfile(ctx context.Context, m *discordgo.Message, name string) bool {
	p, err := b.store.Profile(ctx, name, profileLatest)
	if briefing.ErrorCode(err) == briefing.ENOTFOUND {
		return false
	}
	if err != nil {
		b.logErr("DM profile failed", err, "name", name)
		b.sendText(ctx, m.ChannelID, briefing.ErrorMessage(err))
		return true
	}
	if _, err := b.poster.send(ctx, m.ChannelID, profileMessage(p), nil, "dm-"+m.ID); err != nil {
		b.logErr("sending a DM", err, "channel", m.ChannelID)
	}
	return true
}

// canonical resolves a name typed by a user to the name history uses, with
// the extractor's own normalisation ("Seoul", "the Kremlin" → "South Korea", "Russia").
func canonical(name string) string {
	if name == "" {
		return ""
	}
	return actors.Canonical(name)
}

type askKind int

const (
	askHelp askKind = iota
	askLink
	askHistory
)

// ask is what a direct message asks for.
type ask struct {
	kind               askKind
	link               string
	speaker, addressee string
	text               string
}

var (
	// Patterns of questions, tried in order; the named groups say who is who.
	askPatterns = []*regexp.Regexp{
		regexp.MustCompile(`^(?:who|which countries|which leaders)\s+(?:has\s+|have\s+|had\s+)?(?:warned|threatened|cautioned)\s+(?P<addressee>.+)$`),
		regexp.MustCompile(`^(?:warnings?|threats?)\s+(?:to|against|for|at)\s+(?P<addressee>.+)$`),
		regexp.MustCompile(`^who\s+(?:did|has|have)\s+(?P<speaker>.+?)\s+(?:warn|warned|threaten|threatened)$`),
		regexp.MustCompile(`^what\s+(?:did|has|have|does|do)\s+(?P<speaker>.+?)\s+(?:warn|warned|threaten|threatened|said)(?:\s+(?:about|of|against|on))?$`),
		regexp.MustCompile(`^(?:warnings?|threats?)\s+(?:by|from|of)\s+(?P<speaker>.+)$`),
		regexp.MustCompile(`^(?:did|has|have)\s+(?P<speaker>.+?)\s+(?:warn|warned|threaten|threatened)\s+(?P<addressee>.+)$`),
		regexp.MustCompile(`^(?P<speaker>.+?)\s+(?:warned|threatened|warns|threatens|→|->)\s+(?P<addressee>.+)$`),
		regexp.MustCompile(`^(?P<speaker>.+?)['’]s\s+(?:warnings?|threats?)$`),
	}
	// A bare name: a few words of letters, as in "Russia" or "Chang Ho-jin".
	bareName  = regexp.MustCompile(`^[\p{L}][\p{L}\p{M}.'’\- ]{0,60}$`)
	nameStrip = regexp.MustCompile(`^(?:the\s+)`)
)

// parseAsk reads a direct message.
func parseAsk(text string) ask {
	text = strings.TrimSpace(text)
	if link := firstLink(text); link != "" {
		return ask{kind: askLink, link: link}
	}
	q := strings.Join(strings.Fields(strings.TrimRight(text, "?!. ")), " ")
	lower := strings.ToLower(q)
	src := q // names are cut from the original text to keep their capitals
	if len(src) != len(lower) {
		src = lower // lower-casing changed byte offsets (rare letters); keep offsets right
	}
	for _, p := range askPatterns {
		m := p.FindStringSubmatchIndex(lower)
		if m == nil {
			continue
		}
		a := ask{kind: askHistory}
		for i, name := range p.SubexpNames() {
			if name == "" || m[2*i] < 0 {
				continue
			}
			v := cleanName(src[m[2*i]:m[2*i+1]])
			switch name {
			case "speaker":
				a.speaker = v
			case "addressee":
				a.addressee = v
			}
		}
		if a.speaker != "" || a.addressee != "" {
			return a
		}
	}
	if bareName.MatchString(q) && len(strings.Fields(q)) <= 5 && !isSmallTalk(lower) {
		return ask{kind: askHistory, text: cleanName(q)}
	}
	return ask{kind: askHelp}
}

// cleanName drops a leading "the" and stray punctuation from a name.
func cleanName(s string) string {
	s = strings.Trim(strings.TrimSpace(s), "\"'“”‘’")
	if loc := nameStrip.FindStringIndex(strings.ToLower(s)); loc != nil {
		s = s[loc[1]:]
	}
	return strings.TrimSpace(s)
}

// isSmallTalk tells greetings and requests for help from names.
func isSmallTalk(lower string) bool {
	switch lower {
	case "hi", "hello", "hey", "help", "thanks", "thank you", "ok", "yes", "no", "start", "what", "why", "how":
		return true
	}
	return false
}

const dmHelpText = "Send me a link to a news article and I will brief it, " +
	"or a name or a question about the warnings I have seen: " +
	"\"Russia\", \"who warned Seoul?\", \"what did Putin warn about?\"."
