package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// interactionState is what the fake remembers of one dispatched interaction.
type interactionState struct {
	id, token, channelID, guildID string
	kind                          discordgo.InteractionType
	sentAt, ackedAt               time.Time
	acked                         bool
	ackType                       discordgo.InteractionResponseType
	original                      map[string]any // the original response message, nil until there is one
	clicked                       map[string]any // the message a component interaction came from
	followups                     map[string]map[string]any
	followupOrder                 []string
}

// allowedResponses lists the callback types Discord accepts for each interaction type.
var allowedResponses = map[discordgo.InteractionType][]discordgo.InteractionResponseType{
	discordgo.InteractionApplicationCommand: {discordgo.InteractionResponseChannelMessageWithSource,
		discordgo.InteractionResponseDeferredChannelMessageWithSource, discordgo.InteractionResponseModal},
	discordgo.InteractionMessageComponent: {discordgo.InteractionResponseChannelMessageWithSource,
		discordgo.InteractionResponseDeferredChannelMessageWithSource, discordgo.InteractionResponseDeferredMessageUpdate,
		discordgo.InteractionResponseUpdateMessage, discordgo.InteractionResponseModal},
	discordgo.InteractionApplicationCommandAutocomplete: {discordgo.InteractionApplicationCommandAutocompleteResult},
	discordgo.InteractionModalSubmit: {discordgo.InteractionResponseChannelMessageWithSource,
		discordgo.InteractionResponseDeferredChannelMessageWithSource, discordgo.InteractionResponseDeferredMessageUpdate,
		discordgo.InteractionResponseUpdateMessage},
}

// SendInteraction dispatches INTERACTION_CREATE to the connected session
// and returns the interaction as dispatched. i is a discordgo.Interaction (or
// pointer), a map or anything that marshals to an interaction object. Missing
// fields are filled: id, token, application_id, version; and, when neither
// member nor user is set, the test guild, its channel and the test user as
// member. With a user and no guild_id the interaction comes from the bot's DM
// with that user. The REST side then accepts its callback and edits.
func (s *Server) SendInteraction(i any) *discordgo.Interaction {
	s.t.Helper()
	obj, err := toObject(i)
	if err != nil {
		s.t.Fatalf("discordtest: SendInteraction: %v", err)
	}
	state := s.prepareInteraction(obj)
	raw, _ := json.Marshal(obj)
	var out discordgo.Interaction
	if err := json.Unmarshal(raw, &out); err != nil {
		s.t.Fatalf("discordtest: SendInteraction: the interaction does not decode as discordgo would: %v", err)
	}
	s.mu.Lock()
	state.sentAt = s.cfg.now()
	s.interactions[state.id] = state
	s.mu.Unlock()
	if err := s.Dispatch("INTERACTION_CREATE", json.RawMessage(raw)); err != nil {
		s.t.Fatalf("discordtest: SendInteraction: %v", err)
	}
	return &out
}

// toObject turns a value into a JSON object map.
func toObject(v any) (map[string]any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var obj map[string]any
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return nil, fmt.Errorf("%T does not marshal to a JSON object", v)
	}
	// discordgo marshals empty strings and nil pointers; treat them as unset.
	for k, v := range obj {
		if v == nil || v == "" {
			delete(obj, k)
		}
	}
	return obj, nil
}

func (s *Server) prepareInteraction(obj map[string]any) *interactionState {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := obj["id"]; !ok {
		obj["id"] = s.newIDLocked()
	}
	if _, ok := obj["token"]; !ok {
		obj["token"] = "itoken-" + obj["id"].(string)
	}
	obj["application_id"] = s.AppID
	obj["version"] = 1
	if t, ok := obj["type"].(float64); !ok || t == 0 {
		obj["type"] = float64(discordgo.InteractionApplicationCommand)
	}
	_, hasMember := obj["member"]
	user, hasUser := obj["user"]
	switch {
	case !hasMember && !hasUser:
		if _, ok := obj["guild_id"]; !ok {
			obj["guild_id"] = s.GuildID
		}
		obj["member"] = map[string]any{"user": s.humanUser(s.UserID), "roles": []any{}, "joined_at": "2024-01-01T00:00:00Z",
			"permissions": "2248473465835073", "deaf": false, "mute": false, "flags": 0}
	case hasUser && obj["guild_id"] == nil:
		uid := s.UserID
		if um, ok := user.(map[string]any); ok {
			if id, ok := um["id"].(string); ok && id != "" {
				uid = id
			}
		}
		if _, ok := obj["channel_id"]; !ok {
			obj["channel_id"] = s.dmChannelLocked(uid)
		}
		// 0 is the guild context, never right for a DM.
		if c, _ := obj["context"].(float64); c == float64(discordgo.InteractionContextGuild) {
			obj["context"] = float64(discordgo.InteractionContextBotDM)
		}
	}
	if _, ok := obj["channel_id"]; !ok {
		obj["channel_id"] = s.ChannelID
	}
	if _, ok := obj["context"]; !ok {
		obj["context"] = float64(discordgo.InteractionContextGuild)
	}
	if _, ok := obj["locale"]; !ok {
		obj["locale"] = "en-US"
	}
	if _, ok := obj["app_permissions"]; !ok {
		obj["app_permissions"] = "2248473465835073"
	}
	if _, ok := obj["entitlements"]; !ok {
		obj["entitlements"] = []any{}
	}
	if obj["authorizing_integration_owners"] == nil {
		obj["authorizing_integration_owners"] = map[string]any{"0": s.GuildID}
	}
	st := &interactionState{
		id: obj["id"].(string), token: obj["token"].(string),
		kind:      discordgo.InteractionType(obj["type"].(float64)),
		followups: map[string]map[string]any{},
	}
	st.channelID, _ = obj["channel_id"].(string)
	st.guildID, _ = obj["guild_id"].(string)
	if m, ok := obj["message"].(map[string]any); ok {
		st.clicked = m
	}
	return st
}

// interactionByToken finds the interaction a webhook token belongs to; s.mu must be held.
func (s *Server) interactionByTokenLocked(appID, token string) *interactionState {
	if appID != s.AppID {
		return nil
	}
	for _, st := range s.interactions {
		if st.token == token {
			return st
		}
	}
	return nil
}

func (s *Server) interactionCallback(rc *restCall) reply {
	var body struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data json.RawMessage                   `json:"data"`
	}
	if err := rc.decode(&body); err != nil {
		return invalidFormBody(map[string]any{"type": map[string]any{"_errors": []any{map[string]any{"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}}}})
	}
	var data map[string]any
	if len(body.Data) > 0 && string(body.Data) != "null" {
		if err := json.Unmarshal(body.Data, &data); err != nil {
			return invalidFormBody(map[string]any{"data": map[string]any{"_errors": []any{map[string]any{"code": "MODEL_TYPE_CONVERT", "message": "Only dictionaries may be used in a ModelType"}}}})
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.interactions[rc.params["interaction_id"]]
	if !ok || st.token != rc.params["interaction_token"] {
		return discordError(http.StatusNotFound, 10062, "Unknown interaction")
	}
	if st.acked {
		return discordError(http.StatusBadRequest, 40060, "Interaction has already been acknowledged.")
	}
	if d := s.cfg.ackDeadline; d > 0 {
		if late := rc.at.Sub(st.sentAt); late > d {
			rep := discordError(http.StatusNotFound, 10062, "Unknown interaction")
			rep.rejected = fmt.Sprintf("Unknown interaction: acknowledged %v after INTERACTION_CREATE, Discord allows %v", late.Round(time.Millisecond), d)
			return rep
		}
	}
	if !responseAllowed(st.kind, body.Type) {
		rep := invalidFormBody(map[string]any{"type": map[string]any{"_errors": []any{map[string]any{
			"code": "INTERACTION_RESPONSE_TYPE_INVALID", "message": "Interaction response type is not valid for this interaction"}}}})
		rep.rejected = fmt.Sprintf("response type %d is not allowed for interaction type %d", body.Type, st.kind)
		return rep
	}
	if body.Type == discordgo.InteractionResponseChannelMessageWithSource || body.Type == discordgo.InteractionResponseUpdateMessage {
		if rep, bad := checkMessageRules(orEmpty(data), 0, body.Type == discordgo.InteractionResponseChannelMessageWithSource); bad {
			return rep
		}
	}
	st.acked, st.ackType, st.ackedAt = true, body.Type, rc.at
	switch body.Type {
	case discordgo.InteractionResponseChannelMessageWithSource:
		st.original = s.interactionMessageLocked(st, data)
	case discordgo.InteractionResponseDeferredChannelMessageWithSource:
		st.original = s.interactionMessageLocked(st, nil)
		flags := discordgo.MessageFlagsLoading
		if f, ok := data["flags"].(float64); ok {
			flags |= discordgo.MessageFlags(f) & discordgo.MessageFlagsEphemeral
		}
		st.original["flags"] = int(flags)
	case discordgo.InteractionResponseDeferredMessageUpdate, discordgo.InteractionResponseUpdateMessage:
		msg := st.clicked
		if msg == nil {
			msg = s.interactionMessageLocked(st, nil)
		}
		applyMessageFields(msg, orEmpty(data))
		st.original = msg
	}
	s.notifyLocked()
	return reply{status: http.StatusNoContent}
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func responseAllowed(kind discordgo.InteractionType, t discordgo.InteractionResponseType) bool {
	for _, a := range allowedResponses[kind] {
		if a == t {
			return true
		}
	}
	return false
}

// interactionMessageLocked builds the message an interaction response creates.
func (s *Server) interactionMessageLocked(st *interactionState, fields map[string]any) map[string]any {
	msg := map[string]any{
		"id": s.newIDLocked(), "channel_id": st.channelID, "type": 20, "application_id": s.AppID,
		"author": s.botUser(), "content": "", "timestamp": s.cfg.now().UTC().Format(time.RFC3339Nano),
		"edited_timestamp": nil, "tts": false, "mention_everyone": false, "mentions": []any{}, "mention_roles": []any{},
		"attachments": []any{}, "embeds": []any{}, "components": []any{}, "pinned": false, "flags": 0,
		"webhook_id": s.AppID,
	}
	if st.guildID != "" {
		msg["guild_id"] = st.guildID
	}
	applyMessageFields(msg, fields)
	return msg
}

// webhookMessageLocked finds the message a /webhooks/{app}/{token}/messages/{id}
// route names, or a Discord error.
func (s *Server) webhookMessageLocked(rc *restCall) (*interactionState, map[string]any, reply, bool) {
	st := s.interactionByTokenLocked(rc.params["webhook_id"], rc.params["webhook_token"])
	if st == nil || !st.acked {
		// An interaction token only becomes a webhook once the interaction is acknowledged.
		return nil, nil, discordError(http.StatusNotFound, 10015, "Unknown Webhook"), false
	}
	id := rc.params["message_id"]
	if id == "" || id == "@original" {
		if st.original == nil {
			return st, nil, discordError(http.StatusNotFound, 10008, "Unknown Message"), false
		}
		return st, st.original, reply{}, true
	}
	msg, ok := st.followups[id]
	if !ok {
		return st, nil, discordError(http.StatusNotFound, 10008, "Unknown Message"), false
	}
	return st, msg, reply{}, true
}

func (s *Server) getWebhookMessage(rc *restCall) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, msg, rep, ok := s.webhookMessageLocked(rc)
	if !ok {
		return rep
	}
	return jsonReply(http.StatusOK, msg)
}

func (s *Server) editWebhookMessage(rc *restCall) reply {
	fields, rep, ok := s.messageFields(rc, false)
	if !ok {
		return rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, msg, rep, ok := s.webhookMessageLocked(rc)
	if !ok {
		return rep
	}
	edited := map[string]any{}
	for k, v := range msg {
		edited[k] = v
	}
	applyMessageFields(edited, fields)
	if rep, bad := checkMessageRules(edited, len(rc.files), true); bad {
		return rep
	}
	applyMessageFields(msg, fields)
	if f, ok := msg["flags"].(int); ok {
		msg["flags"] = f &^ int(discordgo.MessageFlagsLoading)
	} else if f, ok := msg["flags"].(float64); ok {
		msg["flags"] = int(f) &^ int(discordgo.MessageFlagsLoading)
	}
	msg["edited_timestamp"] = s.cfg.now().UTC().Format(time.RFC3339Nano)
	s.notifyLocked()
	return jsonReply(http.StatusOK, msg)
}

func (s *Server) deleteWebhookMessage(rc *restCall) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, _, rep, ok := s.webhookMessageLocked(rc)
	if !ok {
		return rep
	}
	if id := rc.params["message_id"]; id != "" && id != "@original" {
		delete(st.followups, id)
	} else {
		st.original = nil
	}
	return reply{status: http.StatusNoContent}
}

func (s *Server) createFollowup(rc *restCall) reply {
	fields, rep, ok := s.messageFields(rc, true)
	if !ok {
		return rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.interactionByTokenLocked(rc.params["webhook_id"], rc.params["webhook_token"])
	if st == nil || !st.acked {
		return discordError(http.StatusNotFound, 10015, "Unknown Webhook")
	}
	if st.original != nil && messageFlags(st.original)&discordgo.MessageFlagsLoading != 0 {
		// Discord's rule: a followup sent while the deferred response is
		// still loading resolves it, and is shown as the deferred response
		// was — ephemeral or not — whatever flags it asks for.
		keep := messageFlags(st.original) & discordgo.MessageFlagsEphemeral
		applyMessageFields(st.original, fields)
		st.original["flags"] = int(keep)
		st.original["edited_timestamp"] = s.cfg.now().UTC().Format(time.RFC3339Nano)
		s.notifyLocked()
		if strings.EqualFold(rc.req.URL.Query().Get("wait"), "true") {
			return jsonReply(http.StatusOK, st.original)
		}
		return reply{status: http.StatusNoContent}
	}
	msg := s.interactionMessageLocked(st, fields)
	st.followups[msg["id"].(string)] = msg
	st.followupOrder = append(st.followupOrder, msg["id"].(string))
	s.notifyLocked()
	if strings.EqualFold(rc.req.URL.Query().Get("wait"), "true") {
		return jsonReply(http.StatusOK, msg)
	}
	return reply{status: http.StatusNoContent}
}

// OriginalMessage returns the current original response of the interaction
// with id, as Discord would show it (nil when there is none).
func (s *Server) OriginalMessage(interactionID string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.interactions[interactionID]
	if !ok || st.original == nil {
		return nil
	}
	raw, _ := json.Marshal(st.original)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return out
}

// messageFlags reads a stored message's flags, whichever number type holds them.
func messageFlags(msg map[string]any) discordgo.MessageFlags {
	switch f := msg["flags"].(type) {
	case int:
		return discordgo.MessageFlags(f)
	case float64:
		return discordgo.MessageFlags(f)
	}
	return 0
}

// Followup messages of the interaction with id as Discord shows them
// (deleted ones left out), in the order they were created.
func (s *Server) FollowupMessages(interactionID string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.interactions[interactionID]
	if !ok {
		return nil
	}
	var out []map[string]any
	for _, id := range st.followupOrder {
		if m, ok := st.followups[id]; ok {
			raw, _ := json.Marshal(m)
			var c map[string]any
			_ = json.Unmarshal(raw, &c)
			out = append(out, c)
		}
	}
	return out
}

// AckDelay returns how long after its INTERACTION_CREATE was dispatched the
// interaction with id was acknowledged (measured on the fake's clock when
// the callback arrived); false while it is not acknowledged.
func (s *Server) AckDelay(interactionID string) (time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.interactions[interactionID]
	if !ok || !st.acked {
		return 0, false
	}
	return st.ackedAt.Sub(st.sentAt), true
}
