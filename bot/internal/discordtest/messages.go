package discordtest

import (
	"encoding/json"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// SendMessageCreate dispatches MESSAGE_CREATE for a message a user posted.
// m is a discordgo.Message (or pointer), a map or anything that marshals to
// a message object. Missing fields are filled: id, timestamp, type 0, the
// test user as author, the guild's text channel; a channel from
// DMChannelID makes it a direct message (no guild_id).
//
// Like Discord, the fake withholds the event when the session lacks the
// intent for it (GUILD_MESSAGES or DIRECT_MESSAGES), and blanks content,
// embeds, attachments and components of a guild message that does not
// mention the bot when the session lacks MESSAGE_CONTENT. delivered is
// false when the event was withheld.
func (s *Server) SendMessageCreate(m any) (msg *discordgo.Message, delivered bool) {
	s.t.Helper()
	obj, err := toObject(m)
	if err != nil {
		s.t.Fatalf("discordtest: SendMessageCreate: %v", err)
	}
	s.mu.Lock()
	if _, ok := obj["id"]; !ok {
		obj["id"] = s.newIDLocked()
	}
	if _, ok := obj["channel_id"]; !ok {
		obj["channel_id"] = s.ChannelID
	}
	if _, ok := obj["author"]; !ok {
		obj["author"] = s.humanUser(s.UserID)
	}
	ch := s.channels[obj["channel_id"].(string)]
	isDM := ch != nil && ch["type"] == 1
	if gid, ok := ch["guild_id"]; ok && !isDM {
		obj["guild_id"] = gid
	}
	if isDM {
		delete(obj, "guild_id")
		delete(obj, "member")
	}
	var intents discordgo.Intent
	gid, _ := obj["guild_id"].(string)
	if st := s.shards[s.shardOfLocked(gid)]; st != nil {
		intents = st.session.intents
	}
	s.mu.Unlock()
	if _, ok := obj["timestamp"]; !ok {
		obj["timestamp"] = s.cfg.now().UTC().Format("2006-01-02T15:04:05.000000+00:00")
	}
	if _, ok := obj["type"]; !ok {
		obj["type"] = 0
	}
	for _, k := range []string{"mentions", "mention_roles", "attachments", "embeds", "components"} {
		if _, ok := obj[k]; !ok {
			obj[k] = []any{}
		}
	}
	content, _ := obj["content"].(string)
	mentionsBot := strings.Contains(content, "<@"+s.AppID+">") || strings.Contains(content, "<@!"+s.AppID+">")
	if mentionsBot {
		obj["mentions"] = append(obj["mentions"].([]any), s.botUser())
	}
	needed := discordgo.IntentGuildMessages
	if isDM {
		needed = discordgo.IntentDirectMessages
	}
	if intents&needed == 0 {
		s.logf("MESSAGE_CREATE withheld: the session did not ask for intent %d", needed)
		return decodeMessage(s, obj), false
	}
	if !isDM && !mentionsBot && intents&discordgo.IntentMessageContent == 0 {
		obj["content"] = ""
		for _, k := range []string{"embeds", "attachments", "components"} {
			obj[k] = []any{}
		}
		delete(obj, "poll")
	}
	if err := s.Dispatch("MESSAGE_CREATE", obj); err != nil {
		s.t.Fatalf("discordtest: SendMessageCreate: %v", err)
	}
	return decodeMessage(s, obj), true
}

func decodeMessage(s *Server, obj map[string]any) *discordgo.Message {
	raw, _ := json.Marshal(obj)
	var msg discordgo.Message
	if err := json.Unmarshal(raw, &msg); err != nil {
		s.t.Fatalf("discordtest: the message does not decode as discordgo would: %v", err)
	}
	return &msg
}

// SendDM dispatches a direct message with content from the test user to the bot.
func (s *Server) SendDM(content string) (*discordgo.Message, bool) {
	s.t.Helper()
	return s.SendMessageCreate(map[string]any{"channel_id": s.DMChannelID(s.UserID), "content": content})
}
