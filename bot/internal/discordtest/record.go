package discordtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Request is one HTTP request the fake received, as recorded after it was
// answered.
type Request struct {
	Seq     int    // 1 for the first request the server received
	Method  string // "POST"
	Path    string // as sent, e.g. "/api/v9/channels/1/messages"
	APIPath string // Path without the /api/vN prefix, e.g. "/channels/1/messages"
	// Route is the matched route template without the prefix, e.g.
	// "/channels/{channel_id}/messages"; "" when the fake knows no such route.
	Route  string
	Params map[string]string // the route's parameters, e.g. {"channel_id": "1"}
	Query  url.Values
	Header http.Header
	// Body is the JSON body; for multipart/form-data it is the payload_json part.
	Body  json.RawMessage
	Files []string // file names of a multipart request's file parts
	// Uploads are the file parts of a multipart request, with their bytes.
	Uploads []Upload
	// Status is what the fake answered; ValidationErrors holds why it
	// rejected the request, empty when it was accepted.
	Status           int
	ValidationErrors []string
	Injected         bool // answered with a failure queued by FailNext
	Dropped          bool // served, but its answer lost (DropNextAnswer): the client saw the connection close
	At               time.Time
}

// Upload is one file part of a multipart request.
type Upload struct {
	Field       string // the form field, "files[0]" as Discord expects
	Filename    string
	ContentType string
	Data        []byte
}

// Is reports whether the request matched method and route template
// (e.g. "PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original").
func (r Request) Is(method, route string) bool {
	return r.Method == method && r.Route == route
}

// Decode unmarshals the request body into v.
func (r Request) Decode(v any) error {
	return json.Unmarshal(r.Body, v)
}

// Route templates of the routes the fake serves.
const (
	RouteGateway             = "/gateway"
	RouteGatewayBot          = "/gateway/bot"
	RouteUsersMe             = "/users/@me"
	RouteApplicationsMe      = "/applications/@me"
	RouteCreateDM            = "/users/@me/channels"
	RouteChannel             = "/channels/{channel_id}"
	RouteChannelMessages     = "/channels/{channel_id}/messages"
	RouteChannelTyping       = "/channels/{channel_id}/typing"
	RouteMessageThreads      = "/channels/{channel_id}/messages/{message_id}/threads"
	RouteGlobalCommands      = "/applications/{application_id}/commands"
	RouteGuildCommands       = "/applications/{application_id}/guilds/{guild_id}/commands"
	RouteInteractionCallback = "/interactions/{interaction_id}/{interaction_token}/callback"
	RouteWebhook             = "/webhooks/{webhook_id}/{webhook_token}"
	RouteOriginalMessage     = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
	RouteWebhookMessage      = "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"
)

// MessageBody is the message a request carried: an interaction callback's
// data, an edit, a followup or a channel message.
type MessageBody struct {
	Content         *string // nil when the field was absent
	Embeds          []*discordgo.MessageEmbed
	Components      []discordgo.MessageComponent
	AllowedMentions *discordgo.MessageAllowedMentions // nil when the field was absent
	Flags           discordgo.MessageFlags
	// Autocomplete results and modal fields (interaction callbacks only).
	Choices  []*discordgo.ApplicationCommandOptionChoice
	CustomID string
	Title    string
	// Fields holds every top-level field as sent, to check presence or
	// fields without a typed counterpart.
	Fields map[string]json.RawMessage
}

// ContentString returns the content, or "" when absent.
func (m MessageBody) ContentString() string {
	if m.Content == nil {
		return ""
	}
	return *m.Content
}

// Ephemeral reports whether the message asked to be shown to the invoking user only.
func (m MessageBody) Ephemeral() bool { return m.Flags&discordgo.MessageFlagsEphemeral != 0 }

// MentionsNothing reports whether allowed_mentions was sent and allows no
// mention at all.
func (m MessageBody) MentionsNothing() bool {
	am := m.AllowedMentions
	return am != nil && len(am.Parse) == 0 && len(am.Roles) == 0 && len(am.Users) == 0 && !am.RepliedUser
}

func decodeMessageBody(raw []byte) (MessageBody, error) {
	var m MessageBody
	if len(raw) == 0 || string(raw) == "null" {
		return m, nil
	}
	var wire struct {
		Content         *string                                     `json:"content"`
		Embeds          []*discordgo.MessageEmbed                   `json:"embeds"`
		Components      []json.RawMessage                           `json:"components"`
		AllowedMentions *discordgo.MessageAllowedMentions           `json:"allowed_mentions"`
		Flags           discordgo.MessageFlags                      `json:"flags"`
		Choices         []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
		CustomID        string                                      `json:"custom_id"`
		Title           string                                      `json:"title"`
	}
	if err := json.Unmarshal(raw, &wire); err != nil {
		return m, err
	}
	if err := json.Unmarshal(raw, &m.Fields); err != nil {
		return m, err
	}
	m.Content, m.Embeds, m.AllowedMentions, m.Flags = wire.Content, wire.Embeds, wire.AllowedMentions, wire.Flags
	m.Choices, m.CustomID, m.Title = wire.Choices, wire.CustomID, wire.Title
	for _, c := range wire.Components {
		comp, err := discordgo.MessageComponentFromJSON(c)
		if err != nil {
			return m, err
		}
		m.Components = append(m.Components, comp)
	}
	return m, nil
}

// Callback is an accepted POST /interactions/{id}/{token}/callback.
type Callback struct {
	Request
	InteractionID string
	Token         string
	Type          discordgo.InteractionResponseType
	Data          MessageBody // zero when the response had no data
}

// Edit is an accepted PATCH of an interaction's original response or followup.
type Edit struct {
	Request
	AppID     string
	Token     string
	MessageID string // "@original" or a followup's id
	Message   MessageBody
}

// Followup is an accepted POST /webhooks/{app}/{token} (interaction followup).
type Followup struct {
	Request
	AppID   string
	Token   string
	Message MessageBody
}

// ChannelMessage is an accepted POST /channels/{id}/messages.
type ChannelMessage struct {
	Request
	ChannelID string
	Message   MessageBody
}

// CommandOverwrite is an accepted bulk overwrite of application commands.
type CommandOverwrite struct {
	Request
	GuildID  string // "" for global commands
	Commands []*discordgo.ApplicationCommand
}

// accepted reports whether the fake answered the request with a 2xx.
func (r Request) accepted() bool { return r.Status >= 200 && r.Status < 300 }

// Requests returns every request received so far, in the order they were answered.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// WaitFor returns the first recorded request (already received or arriving
// within timeout) for which match is true.
func (s *Server) WaitFor(timeout time.Duration, match func(Request) bool) (Request, bool) {
	var found Request
	ok := s.waitUntil(timeout, func() bool {
		for _, r := range s.requests {
			if match(r) {
				found = r
				return true
			}
		}
		return false
	})
	return found, ok
}

// WaitCount waits until at least n recorded requests match and returns them.
func (s *Server) WaitCount(timeout time.Duration, n int, match func(Request) bool) ([]Request, bool) {
	var found []Request
	ok := s.waitUntil(timeout, func() bool {
		found = found[:0]
		for _, r := range s.requests {
			if match(r) {
				found = append(found, r)
			}
		}
		return len(found) >= n
	})
	return found, ok
}

// waitUntil evaluates cond under s.mu whenever the recorded state changes,
// until it holds or timeout passes.
func (s *Server) waitUntil(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if cond() {
			s.mu.Unlock()
			return true
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			s.mu.Lock()
			defer s.mu.Unlock()
			return cond()
		}
	}
}

// notifyLocked wakes every waiter; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Callbacks returns the accepted interaction callbacks, in order.
func (s *Server) Callbacks() []Callback {
	var out []Callback
	for _, r := range s.Requests() {
		if c, ok := asCallback(r); ok {
			out = append(out, c)
		}
	}
	return out
}

// WaitCallback waits for the accepted callback to the interaction with id.
func (s *Server) WaitCallback(interactionID string, timeout time.Duration) (Callback, bool) {
	r, ok := s.WaitFor(timeout, func(r Request) bool {
		c, ok := asCallback(r)
		return ok && c.InteractionID == interactionID
	})
	if !ok {
		return Callback{}, false
	}
	c, _ := asCallback(r)
	return c, true
}

func asCallback(r Request) (Callback, bool) {
	if !r.accepted() || !r.Is(http.MethodPost, RouteInteractionCallback) {
		return Callback{}, false
	}
	c := Callback{Request: r, InteractionID: r.Params["interaction_id"], Token: r.Params["interaction_token"]}
	var wire struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data json.RawMessage                   `json:"data"`
	}
	if json.Unmarshal(r.Body, &wire) != nil {
		return c, true
	}
	c.Type = wire.Type
	c.Data, _ = decodeMessageBody(wire.Data)
	return c, true
}

// Edits returns the accepted edits of interaction responses, in order.
func (s *Server) Edits() []Edit {
	var out []Edit
	for _, r := range s.Requests() {
		if e, ok := asEdit(r); ok {
			out = append(out, e)
		}
	}
	return out
}

// WaitEdit waits for the n-th (1-based) accepted edit of a response to the
// interaction whose token is given.
func (s *Server) WaitEdit(token string, n int, timeout time.Duration) (Edit, bool) {
	rs, ok := s.WaitCount(timeout, n, func(r Request) bool {
		e, ok := asEdit(r)
		return ok && e.Token == token
	})
	if !ok {
		return Edit{}, false
	}
	e, _ := asEdit(rs[n-1])
	return e, true
}

func asEdit(r Request) (Edit, bool) {
	if !r.accepted() || r.Method != http.MethodPatch || (r.Route != RouteOriginalMessage && r.Route != RouteWebhookMessage) {
		return Edit{}, false
	}
	e := Edit{Request: r, AppID: r.Params["webhook_id"], Token: r.Params["webhook_token"], MessageID: "@original"}
	if id := r.Params["message_id"]; id != "" {
		e.MessageID = id
	}
	e.Message, _ = decodeMessageBody(r.Body)
	return e, true
}

// Followups returns the accepted interaction followup messages, in order.
func (s *Server) Followups() []Followup {
	var out []Followup
	for _, r := range s.Requests() {
		if f, ok := asFollowup(r); ok {
			out = append(out, f)
		}
	}
	return out
}

func asFollowup(r Request) (Followup, bool) {
	if !r.accepted() || !r.Is(http.MethodPost, RouteWebhook) {
		return Followup{}, false
	}
	f := Followup{Request: r, AppID: r.Params["webhook_id"], Token: r.Params["webhook_token"]}
	f.Message, _ = decodeMessageBody(r.Body)
	return f, true
}

// ChannelMessages returns the accepted messages sent to channels (DMs
// included), in order.
func (s *Server) ChannelMessages() []ChannelMessage {
	var out []ChannelMessage
	for _, r := range s.Requests() {
		if m, ok := asChannelMessage(r); ok {
			out = append(out, m)
		}
	}
	return out
}

// WaitChannelMessage waits for the n-th (1-based) accepted message sent to channelID.
func (s *Server) WaitChannelMessage(channelID string, n int, timeout time.Duration) (ChannelMessage, bool) {
	rs, ok := s.WaitCount(timeout, n, func(r Request) bool {
		m, ok := asChannelMessage(r)
		return ok && m.ChannelID == channelID
	})
	if !ok {
		return ChannelMessage{}, false
	}
	m, _ := asChannelMessage(rs[n-1])
	return m, true
}

func asChannelMessage(r Request) (ChannelMessage, bool) {
	if !r.accepted() || !r.Is(http.MethodPost, RouteChannelMessages) {
		return ChannelMessage{}, false
	}
	m := ChannelMessage{Request: r, ChannelID: r.Params["channel_id"]}
	m.Message, _ = decodeMessageBody(r.Body)
	return m, true
}

// CommandOverwrites returns the accepted bulk overwrites of commands, in order.
func (s *Server) CommandOverwrites() []CommandOverwrite {
	var out []CommandOverwrite
	for _, r := range s.Requests() {
		if !r.accepted() || r.Method != http.MethodPut || (r.Route != RouteGlobalCommands && r.Route != RouteGuildCommands) {
			continue
		}
		o := CommandOverwrite{Request: r, GuildID: r.Params["guild_id"]}
		_ = json.Unmarshal(r.Body, &o.Commands)
		out = append(out, o)
	}
	return out
}

// WaitCommandOverwrite waits for the first accepted bulk overwrite of commands.
func (s *Server) WaitCommandOverwrite(timeout time.Duration) (CommandOverwrite, bool) {
	_, ok := s.WaitFor(timeout, func(r Request) bool {
		return r.accepted() && r.Method == http.MethodPut && strings.HasSuffix(r.Route, "/commands")
	})
	if !ok {
		return CommandOverwrite{}, false
	}
	return s.CommandOverwrites()[0], true
}
