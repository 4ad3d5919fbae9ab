package discordtest

import (
	"net/http"
	"slices"
	"strconv"
)

// The messages of a channel, as GET /channels/{id}/messages lists them:
// every message the bot posted there, and those a test adds with AddMessage.

// keepMessage records a message posted in a channel.
func (s *Server) keepMessage(channelID string, msg map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.messages == nil {
		s.messages = map[string][]map[string]any{}
	}
	s.messages[channelID] = append(s.messages[channelID], msg)
}

// AddMessage puts a message by userID (a person, or the bot when userID
// is the AppID) in the channel's history without a request, as if it had
// been sent earlier; footer, when set, is the footer text of one embed.
// It returns the message's id.
func (s *Server) AddMessage(channelID, userID, content, footer string) string {
	author := s.humanUser(userID)
	if userID == s.AppID {
		author = s.botUser()
	}
	msg := s.newMessage(channelID, 0, map[string]any{"content": content})
	msg["author"] = author
	if footer != "" {
		msg["embeds"] = []any{map[string]any{"type": "rich", "description": "-", "footer": map[string]any{"text": footer}}}
	}
	s.keepMessage(channelID, msg)
	return msg["id"].(string)
}

// listChannelMessages answers GET /channels/{id}/messages: the newest
// messages first, at most limit (default 50, 1 to 100), before or after a
// message id.
func (s *Server) listChannelMessages(rc *restCall) reply {
	channelID := rc.params["channel_id"]
	q := rc.req.URL.Query()
	limit := 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return invalidFormBody(map[string]any{"limit": map[string]any{"_errors": []any{map[string]any{"code": "NUMBER_TYPE_MAX", "message": "int value should be between 1 and 100."}}}})
		}
		limit = n
	}
	before, _ := strconv.ParseUint(q.Get("before"), 10, 64)
	after, _ := strconv.ParseUint(q.Get("after"), 10, 64)
	s.mu.Lock()
	_, known := s.channels[channelID]
	all := slices.Clone(s.messages[channelID])
	s.mu.Unlock()
	if !known {
		return discordError(http.StatusNotFound, 10003, "Unknown Channel")
	}
	out := []map[string]any{}
	for i := len(all) - 1; i >= 0 && len(out) < limit; i-- {
		id, _ := strconv.ParseUint(all[i]["id"].(string), 10, 64)
		if (before != 0 && id >= before) || (after != 0 && id <= after) {
			continue
		}
		out = append(out, all[i])
	}
	return jsonReply(http.StatusOK, out)
}

// DropNextAnswer makes the next request matching method and pathPattern
// (as for FailNext) be served in full, a message posted say, but its
// answer lost: the connection closes before a response, as when a client
// times out after Discord accepted the request.
func (s *Server) DropNextAnswer(method, pathPattern string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drops = append(s.drops, failure{method: method, pattern: pathPattern})
}

func (s *Server) takeDrop(method, apiPath string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.drops {
		if f.matches(method, apiPath) {
			s.drops = append(s.drops[:i], s.drops[i+1:]...)
			return true
		}
	}
	return false
}

// dropAnswer records a served request and closes its connection unanswered.
func (s *Server) dropAnswer(w http.ResponseWriter, rec Request, rep reply) {
	rec.Status, rec.Dropped = rep.status, true
	s.mu.Lock()
	rec.Seq = len(s.requests) + 1
	s.requests = append(s.requests, rec)
	s.notifyLocked()
	s.mu.Unlock()
	hj, ok := w.(http.Hijacker)
	if !ok {
		s.errorf("cannot drop the answer to %s %s: the connection cannot be taken over", rec.Method, rec.Path)
		s.writeReply(w, rep)
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		s.errorf("cannot drop the answer to %s %s: %v", rec.Method, rec.Path, err)
		return
	}
	conn.Close()
}
