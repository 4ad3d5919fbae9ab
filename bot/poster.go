package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"redline/briefing"
	"redline/briefing/delivery"
	"redline/briefing/render"
)

// Poster sends to Discord channels: briefings, digests and notices, with
// no mention allowed. It implements briefing.Poster, and is built first:
// the feed engine and the digest scheduler post through it, and the Bot
// that answers people is built on it, with them.
//
// It is also a delivery.Confirmer: a briefing or digest posted with a key
// carries a short reference to it in its footer ("ref 0123abcd"), and
// Delivered looks for that reference among the channel's recent messages,
// so that a post interrupted by a crash or a lost answer is neither lost
// nor sent twice.
type Poster struct {
	session *discordgo.Session
	now     func() time.Time

	selfMu sync.Mutex
	self   string // the bot's user id, once known
}

var (
	_ briefing.Poster       = (*Poster)(nil)
	_ delivery.Confirmer    = (*Poster)(nil)
	_ delivery.DirectPoster = (*Poster)(nil)
)

// PosterOptions configures a Poster.
type PosterOptions struct {
	Token      string           // bot token ("Bot " prefix optional); required
	HTTPClient *http.Client     // nil: discordgo's default; tests point it at a fake Discord
	Now        func() time.Time // the clock, for how far back Delivered looks; nil: time.Now
}

// NewPoster checks the token and prepares a Discord session; it does not
// connect. Posting needs no gateway connection: Bot.Run opens that.
func NewPoster(o PosterOptions) (*Poster, error) {
	if o.Token == "" {
		return nil, briefing.Errorf(briefing.EINVALID, "the Discord bot token is empty; set it in the config file or the environment")
	}
	s, err := discordgo.New("Bot " + strings.TrimPrefix(strings.TrimSpace(o.Token), "Bot "))
	if err != nil {
		return nil, briefing.WrapError(briefing.EINVALID, err, "could not prepare the Discord session")
	}
	if o.HTTPClient != nil {
		s.Client = o.HTTPClient
	}
	s.ShouldReconnectOnError = true
	s.ShouldRetryOnRateLimit = true
	s.StateEnabled = true
	p := &Poster{session: s, now: o.Now}
	if p.now == nil {
		p.now = time.Now
	}
	return p, nil
}

// PostBriefing posts a briefing to a channel, over several messages when it
// is long. key makes a retried post idempotent (Discord's enforced nonce).
// A key also puts its reference in the footer, for Delivered.
func (p *Poster) PostBriefing(ctx context.Context, channelID string, br *briefing.Briefing, key string) error {
	return p.sendAll(ctx, channelID, withRef(briefingMessages(br), key), key)
}

// PostDigest posts a digest to a channel; key as for PostBriefing.
func (p *Poster) PostDigest(ctx context.Context, channelID string, d *briefing.Digest, key string) error {
	return p.sendAll(ctx, channelID, withRef(digestMessages(d), key), key)
}

// ref is the short reference of an idempotency key shown in a footer.
func ref(key string) string {
	sum := sha256.Sum256([]byte("ref:" + key))
	return "ref " + hex.EncodeToString(sum[:4])
}

// withRef adds key's reference to the footer of each message's last embed
// (render keeps room for it: render.MaxFooterRef).
func withRef(msgs []outMessage, key string) []outMessage {
	if key == "" {
		return msgs
	}
	r := ref(key)
	for _, m := range msgs {
		if len(m.Embeds) == 0 {
			continue
		}
		e := m.Embeds[len(m.Embeds)-1]
		switch {
		case e.Footer == nil || e.Footer.Text == "":
			e.Footer = &discordgo.MessageEmbedFooter{Text: r}
		default:
			e.Footer.Text += " · " + r
		}
	}
	return msgs
}

// Confirmation looks this far back among a channel's messages: as many as
// confirmPages requests of 100 return, and none older than confirmAge (a
// digest is confirmed within a day of its time).
const (
	confirmPages = 5
	confirmAge   = 48 * time.Hour
)

// Delivered reports whether the post with key is among the channel's
// recent messages: a message by the bot whose embed footer carries key's
// reference. It implements delivery.Confirmer. It fails (and so nothing
// is resent) when the messages cannot be read (redline needs the Read
// Message History permission) or when too many recent messages leave it
// unsure.
func (p *Poster) Delivered(ctx context.Context, channelID, key string) (bool, error) {
	self, err := p.selfID(ctx)
	if err != nil {
		return false, err
	}
	r := ref(key)
	before := ""
	var oldest time.Time
	for range confirmPages {
		msgs, err := p.session.ChannelMessages(channelID, 100, before, "", "", discordgo.WithContext(ctx))
		if err != nil {
			return false, readError(channelID, err)
		}
		for _, m := range msgs {
			if m.Author != nil && m.Author.ID == self && carriesRef(m, r) {
				return true, nil
			}
			if oldest.IsZero() || m.Timestamp.Before(oldest) {
				oldest = m.Timestamp
			}
		}
		if len(msgs) < 100 || (!oldest.IsZero() && p.now().Sub(oldest) > confirmAge) {
			return false, nil // every message of the period was seen
		}
		before = msgs[len(msgs)-1].ID
	}
	return false, briefing.Errorf(briefing.EUNAVAILABLE,
		"could not tell whether a post reached channel %s: too many messages came after it", channelID)
}

func carriesRef(m *discordgo.Message, r string) bool {
	for _, e := range m.Embeds {
		if e != nil && e.Footer != nil && strings.Contains(e.Footer.Text, r) {
			return true
		}
	}
	return false
}

// selfID returns the bot's user id: from the gateway session once it is
// connected, else asked of Discord once.
func (p *Poster) selfID(ctx context.Context) (string, error) {
	p.selfMu.Lock()
	defer p.selfMu.Unlock()
	if p.self != "" {
		return p.self, nil
	}
	if st := p.session.State; st != nil && st.User != nil && st.User.ID != "" {
		p.self = st.User.ID
		return p.self, nil
	}
	u, err := p.session.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		return "", briefing.WrapError(briefing.EUNAVAILABLE, err, "could not ask Discord who redline is; check the token and the network")
	}
	p.self = u.ID
	return p.self, nil
}

// readError says why a channel's messages could not be read.
func readError(channelID string, err error) error {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Response != nil {
		switch rest.Response.StatusCode {
		case http.StatusForbidden:
			return briefing.WrapError(briefing.EBLOCKED, err,
				"redline may not read the messages of channel %s, so it cannot check whether an interrupted post arrived; give it the Read Message History permission there", channelID)
		case http.StatusNotFound:
			return briefing.WrapError(briefing.ENOTFOUND, err, "channel %s no longer exists or redline is no longer in its server", channelID)
		}
	}
	return briefing.WrapError(briefing.EUNAVAILABLE, err, "could not read the messages of channel %s; it will try again later", channelID)
}

// PostNotice posts a short notice (a feed paused, say) to a channel.
func (p *Poster) PostNotice(ctx context.Context, channelID string, text string) error {
	_, err := p.send(ctx, channelID, noticeMessage(text), nil, "")
	return err
}

// PostBriefingWith posts a briefing as PostBriefing does, and as a
// subscription asks: when it holds a threat, the first message mentions
// o.MentionRole — that role alone may be pinged, never everyone, never a
// user; with o.Thread the first message opens a thread named after the
// headline, and the briefing's further messages go into it.
func (p *Poster) PostBriefingWith(ctx context.Context, channelID string, br *briefing.Briefing, key string, o briefing.PostOptions) error {
	msgs := withRef(briefingMessages(br), key)
	if role := snowflake(o.MentionRole); role != "" && hasThreat(br) && len(msgs) > 0 {
		msgs[0].Content = truncateRunes("<@&"+role+"> a threat was reported. "+msgs[0].Content, maxContent)
		msgs[0].Mentions = &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Roles: []string{role}}
	}
	if !o.Thread || len(msgs) == 0 {
		return p.sendAll(ctx, channelID, msgs, key)
	}
	first, err := p.send(ctx, channelID, msgs[0], nil, keyOf(key, 0))
	if err != nil {
		return err
	}
	target := channelID
	name := truncateRunes(render.Plain(strings.TrimSpace(br.Article.Title)), 100)
	if name == "" {
		name = "Briefing"
	}
	endpoint := discordgo.EndpointChannelMessageThread(channelID, first.ID)
	if _, err := p.session.RequestWithBucketID("POST", endpoint, threadStart{Name: name, AutoArchiveDuration: 1440}, endpoint, discordgo.WithContext(ctx)); err != nil {
		// The briefing is out; the rest goes to the channel rather than nowhere.
		slog.Warn("could not open a thread on a briefing; posting the rest in the channel", "channel", channelID, "err", err)
	} else {
		target = first.ID // a thread opened on a message has the message's id
	}
	for i, m := range msgs[1:] {
		if _, err := p.send(ctx, target, m, nil, keyOf(key, i+1)); err != nil {
			return err
		}
	}
	return nil
}

// threadStart is the body of POST /channels/{id}/messages/{id}/threads.
type threadStart struct {
	Name                string `json:"name"`
	AutoArchiveDuration int    `json:"auto_archive_duration"`
}

func hasThreat(b *briefing.Briefing) bool {
	for _, w := range b.Warnings {
		if w.Kind == briefing.KindThreat {
			return true
		}
	}
	return false
}

// snowflake returns id when it is a Discord id (digits only), else "".
func snowflake(id string) string {
	if id == "" || len(id) > 20 || strings.Trim(id, "0123456789") != "" {
		return ""
	}
	return id
}

// PostDirect writes text to a person in their direct messages with the
// bot (delivery.DirectPoster): the person who set up a channel that
// redline can no longer post to.
func (p *Poster) PostDirect(ctx context.Context, userID, text string) error {
	if snowflake(userID) == "" {
		return briefing.Errorf(briefing.EINVALID, "%q is not a Discord user id", userID)
	}
	endpoint := discordgo.EndpointUserChannels("@me")
	raw, err := p.session.RequestWithBucketID("POST", endpoint, map[string]string{"recipient_id": userID}, endpoint, discordgo.WithContext(ctx))
	if err != nil {
		return briefing.WrapError(briefing.EUNAVAILABLE, err, "could not open a direct message with user %s", userID)
	}
	var ch discordgo.Channel
	if err := json.Unmarshal(raw, &ch); err != nil || ch.ID == "" {
		return briefing.WrapError(briefing.EUNAVAILABLE, err, "Discord answered a request for a direct message channel with something unexpected")
	}
	_, err = p.send(ctx, ch.ID, noticeMessage(text), nil, "")
	return err
}

// keyOf is the nonce key of message i of a post with key ("" for none).
func keyOf(key string, i int) string {
	if key == "" {
		return ""
	}
	return key + "#" + strconv.Itoa(i)
}

// sendAll posts messages in order; message i gets a nonce derived from key and i.
func (p *Poster) sendAll(ctx context.Context, channelID string, msgs []outMessage, key string) error {
	for i, m := range msgs {
		if _, err := p.send(ctx, channelID, m, nil, keyOf(key, i)); err != nil {
			return err
		}
	}
	return nil
}

// createMessage is the body of POST /channels/{id}/messages. discordgo
// v0.29.0's MessageSend has no nonce, so the bot sends its own body.
type createMessage struct {
	Content         string                            `json:"content,omitempty"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds,omitempty"`
	Components      []discordgo.MessageComponent      `json:"components,omitempty"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	Nonce           string                            `json:"nonce,omitempty"`
	EnforceNonce    bool                              `json:"enforce_nonce,omitempty"`
}

// send posts one message with no mention allowed; a non-empty key becomes
// an enforced nonce so that Discord drops a duplicate of a retried post.
func (p *Poster) send(ctx context.Context, channelID string, m outMessage, comps []discordgo.MessageComponent, key string) (*discordgo.Message, error) {
	body := createMessage{
		Content:         m.Content,
		Embeds:          m.Embeds,
		Components:      comps,
		AllowedMentions: noMentions(),
	}
	if m.Mentions != nil {
		body.AllowedMentions = m.Mentions
	}
	if key != "" {
		body.Nonce, body.EnforceNonce = nonce(key), true
	}
	endpoint := discordgo.EndpointChannelMessages(channelID)
	raw, err := p.session.RequestWithBucketID("POST", endpoint, body, endpoint, discordgo.WithContext(ctx))
	if err != nil {
		return nil, postError(channelID, err)
	}
	var msg discordgo.Message
	if err := json.Unmarshal(raw, &msg); err != nil {
		return nil, briefing.WrapError(briefing.EUNAVAILABLE, err, "Discord answered a message post with something unexpected")
	}
	return &msg, nil
}

// nonce turns an idempotency key into Discord's nonce (at most 25 characters).
func nonce(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])[:25]
}

// postError says why a message could not be posted, with a code the
// callers act on (a feed engine may drop a subscription to a lost channel).
func postError(channelID string, err error) error {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Response != nil {
		switch rest.Response.StatusCode {
		case http.StatusForbidden:
			return briefing.WrapError(briefing.EBLOCKED, err, "redline may not post in channel %s; give it the View Channel, Send Messages and Embed Links permissions there", channelID)
		case http.StatusNotFound:
			return briefing.WrapError(briefing.ENOTFOUND, err, "channel %s no longer exists or redline is no longer in its server", channelID)
		case http.StatusTooManyRequests:
			return briefing.WrapError(briefing.ERATELIMIT, err, "Discord is limiting redline's messages to channel %s; it will try again later", channelID)
		case http.StatusBadRequest:
			return briefing.WrapError(briefing.EINTERNAL, err, "Discord refused a message for channel %s as malformed", channelID)
		}
	}
	return briefing.WrapError(briefing.EUNAVAILABLE, err, "could not reach Discord to post in channel %s; it will try again later", channelID)
}
