package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"redline/briefing"
)

var _ briefing.Poster = (*Bot)(nil)

// PostBriefing posts a briefing to a channel, over several messages when it
// is long. key makes a retried post idempotent (Discord's enforced nonce).
func (b *Bot) PostBriefing(ctx context.Context, channelID string, br *briefing.Briefing, key string) error {
	return b.sendAll(ctx, channelID, briefingMessages(br), key)
}

// PostDigest posts a digest to a channel; key as for PostBriefing.
func (b *Bot) PostDigest(ctx context.Context, channelID string, d *briefing.Digest, key string) error {
	return b.sendAll(ctx, channelID, digestMessages(d), key)
}

// PostNotice posts a short notice (a feed paused, say) to a channel.
func (b *Bot) PostNotice(ctx context.Context, channelID string, text string) error {
	_, err := b.send(ctx, channelID, noticeMessage(text), nil, "")
	return err
}

// sendAll posts messages in order; message i gets a nonce derived from key and i.
func (b *Bot) sendAll(ctx context.Context, channelID string, msgs []outMessage, key string) error {
	for i, m := range msgs {
		k := ""
		if key != "" {
			k = key + "#" + strconv.Itoa(i)
		}
		if _, err := b.send(ctx, channelID, m, nil, k); err != nil {
			return err
		}
	}
	return nil
}

// sendText posts plain text, logging failure (used for replies in DMs).
func (b *Bot) sendText(ctx context.Context, channelID, text string) {
	if _, err := b.send(ctx, channelID, outMessage{Content: truncateRunes(text, maxContent)}, nil, ""); err != nil {
		b.logErr("sending a message", err, "channel", channelID)
	}
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
func (b *Bot) send(ctx context.Context, channelID string, m outMessage, comps []discordgo.MessageComponent, key string) (*discordgo.Message, error) {
	body := createMessage{
		Content:         m.Content,
		Embeds:          m.Embeds,
		Components:      comps,
		AllowedMentions: noMentions(),
	}
	if key != "" {
		body.Nonce, body.EnforceNonce = nonce(key), true
	}
	endpoint := discordgo.EndpointChannelMessages(channelID)
	raw, err := b.session.RequestWithBucketID("POST", endpoint, body, endpoint, discordgo.WithContext(ctx))
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
