package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// maxBody bounds what the fake reads of one request (Discord's own upload cap is 25 MiB).
const maxBody = 25 << 20

var apiPrefix = regexp.MustCompile(`^/api/v[0-9]+`)

// route is one REST route the fake serves.
type route struct {
	method   string
	template string
	auth     bool // needs "Authorization: Bot …"
	handle   func(s *Server, rc *restCall) reply
}

// restCall is a request being served.
type restCall struct {
	req     *http.Request
	at      time.Time // arrival, before validation
	params  map[string]string
	body    []byte // JSON body, nil when none
	files   []string
	uploads []Upload
}

func (rc *restCall) decode(v any) error {
	if rc.body == nil {
		return fmt.Errorf("empty body")
	}
	return json.Unmarshal(rc.body, v)
}

var routes = []route{
	{http.MethodGet, RouteGateway, false, (*Server).getGateway},
	{http.MethodGet, RouteGatewayBot, true, (*Server).getGatewayBot},
	{http.MethodGet, RouteUsersMe, true, (*Server).getUsersMe},
	{http.MethodGet, RouteApplicationsMe, true, (*Server).getApplicationsMe},
	{http.MethodPost, RouteCreateDM, true, (*Server).createDM},
	{http.MethodGet, RouteChannel, true, (*Server).getChannel},
	{http.MethodPost, RouteChannelMessages, true, (*Server).createChannelMessage},
	{http.MethodGet, RouteChannelMessages, true, (*Server).listChannelMessages},
	{http.MethodPost, RouteChannelTyping, true, (*Server).triggerTyping},
	{http.MethodPost, RouteMessageThreads, true, (*Server).startThread},
	{http.MethodGet, RouteGlobalCommands, true, (*Server).getCommands},
	{http.MethodPut, RouteGlobalCommands, true, (*Server).overwriteCommands},
	{http.MethodGet, RouteGuildCommands, true, (*Server).getCommands},
	{http.MethodPut, RouteGuildCommands, true, (*Server).overwriteCommands},
	{http.MethodPost, RouteInteractionCallback, false, (*Server).interactionCallback},
	{http.MethodPost, RouteWebhook, false, (*Server).createFollowup},
	{http.MethodGet, RouteOriginalMessage, false, (*Server).getWebhookMessage},
	{http.MethodPatch, RouteOriginalMessage, false, (*Server).editWebhookMessage},
	{http.MethodDelete, RouteOriginalMessage, false, (*Server).deleteWebhookMessage},
	{http.MethodGet, RouteWebhookMessage, false, (*Server).getWebhookMessage},
	{http.MethodPatch, RouteWebhookMessage, false, (*Server).editWebhookMessage},
	{http.MethodDelete, RouteWebhookMessage, false, (*Server).deleteWebhookMessage},
}

// matchRoute finds the route for method and apiPath. A literal template
// segment beats a parameter, so "@original" and "@me" win over "{…}".
func matchRoute(method, apiPath string) (route, map[string]string, bool) {
	return matchIn(routes, method, apiPath)
}

func matchIn(routes []route, method, apiPath string) (route, map[string]string, bool) {
	segs := strings.Split(strings.Trim(apiPath, "/"), "/")
	var best route
	var bestParams map[string]string
	bestScore := -1
	for _, rt := range routes {
		if rt.method != method {
			continue
		}
		tsegs := strings.Split(strings.Trim(rt.template, "/"), "/")
		if len(tsegs) != len(segs) {
			continue
		}
		params := map[string]string{}
		score := 0
		ok := true
		for i, ts := range tsegs {
			if strings.HasPrefix(ts, "{") {
				if segs[i] == "" {
					ok = false
					break
				}
				params[strings.Trim(ts, "{}")] = segs[i]
				continue
			}
			if ts != segs[i] {
				ok = false
				break
			}
			score++
		}
		if ok && score > bestScore {
			best, bestParams, bestScore = rt, params, score
		}
	}
	return best, bestParams, bestScore >= 0
}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	apiPath := apiPrefix.ReplaceAllString(r.URL.Path, "")
	rec := Request{
		Method: r.Method, Path: r.URL.Path, APIPath: apiPath,
		Query: r.URL.Query(), Header: r.Header.Clone(), At: s.cfg.now(),
	}
	rc := &restCall{req: r, at: rec.At}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		s.finish(w, rec, discordError(http.StatusBadRequest, 0, "could not read the request body: "+err.Error()))
		return
	}
	rc.body, rc.uploads, err = jsonPayload(r.Header.Get("Content-Type"), raw)
	for _, u := range rc.uploads {
		rc.files = append(rc.files, u.Filename)
	}
	rec.Body, rec.Files, rec.Uploads = rc.body, rc.files, rc.uploads
	if err == nil {
		err = checkUploads(rc.body, rc.uploads)
	}
	if err != nil {
		rep := invalidFormBody(map[string]any{"_errors": []any{map[string]any{"code": "BASE_TYPE_INVALID", "message": err.Error()}}})
		rep.rejected = err.Error()
		s.finish(w, rec, rep)
		return
	}
	rt, params, found := matchRoute(r.Method, apiPath)
	if found {
		rec.Route, rec.Params = rt.template, params
		rc.params = params
	}
	if !apiPrefix.MatchString(r.URL.Path) {
		s.finish(w, rec, discordError(http.StatusNotFound, 0, "404: Not Found"))
		return
	}
	if f, ok := s.takeFailure(r.Method, apiPath); ok {
		rec.Injected = true
		var rep reply
		if f.status == http.StatusTooManyRequests {
			rep = rateLimitReply(f.retryAfter, s.cfg.now())
		} else {
			rep = jsonReply(f.status, map[string]any{"message": http.StatusText(f.status), "code": 0})
		}
		s.finish(w, rec, rep)
		return
	}
	if !found {
		rep := discordError(http.StatusNotFound, 0, "404: Not Found")
		rep.rejected = "route not served by discordtest (add it to the fake if the bot needs it)"
		if s.spec != nil {
			if inAPI, err := s.spec.inAPI(r.Method, apiPath); err == nil && !inAPI {
				rep.rejected = "Discord's API has no " + r.Method + " " + apiPath
			}
		}
		s.finish(w, rec, rep)
		return
	}
	if s.spec != nil {
		verdict, err := s.spec.check(r.Method, apiPath, r.URL.RawQuery, rc.body, r.Header)
		switch {
		case err != nil:
			s.errorf("cannot validate %s %s: %v", r.Method, r.URL.Path, err)
		case verdict.RouteMissing:
			rec.ValidationErrors = verdict.Messages
			rep := discordError(http.StatusNotFound, 0, "404: Not Found")
			rep.rejected = strings.Join(verdict.Messages, "; ")
			s.finish(w, rec, rep)
			return
		case !verdict.ok():
			rec.ValidationErrors = verdict.Messages
			rep := invalidFormBody(discordErrorTree(verdict.Fields))
			rep.rejected = strings.Join(verdict.Messages, "\n")
			s.finish(w, rec, rep)
			return
		}
	}
	if rt.auth && !strings.HasPrefix(r.Header.Get("Authorization"), "Bot ") {
		s.finish(w, rec, discordError(http.StatusUnauthorized, 0, "401: Unauthorized"))
		return
	}
	rep := rt.handle(s, rc)
	if s.takeDrop(r.Method, apiPath) {
		s.dropAnswer(w, rec, rep)
		return
	}
	s.finish(w, rec, rep)
}

// finish records the request with its answer, reports a rejection to the
// test and writes the answer.
func (s *Server) finish(w http.ResponseWriter, rec Request, rep reply) {
	rec.Status = rep.status
	if rep.rejected != "" && len(rec.ValidationErrors) == 0 {
		rec.ValidationErrors = []string{rep.rejected}
	}
	s.mu.Lock()
	rec.Seq = len(s.requests) + 1
	s.requests = append(s.requests, rec)
	s.notifyLocked()
	s.mu.Unlock()
	if rep.rejected != "" {
		s.errorf("Discord would reject %s %s with %d: %s\nbody: %s", rec.Method, rec.Path, rep.status, rep.rejected, truncate(string(rec.Body), 2000))
	}
	s.writeReply(w, rep)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func invalidFormBody(tree map[string]any) reply {
	return reply{status: http.StatusBadRequest, body: map[string]any{
		"message": "Invalid Form Body", "code": 50035, "errors": tree,
	}, rejected: "Invalid Form Body"}
}

// jsonPayload extracts the JSON body of a request: the body itself for
// JSON, the payload_json part (and the file parts) for multipart.
func jsonPayload(contentType string, raw []byte) (body []byte, uploads []Upload, err error) {
	if len(raw) == 0 {
		return nil, nil, nil
	}
	mediaType, params, _ := mime.ParseMediaType(contentType)
	if mediaType != "multipart/form-data" {
		if !json.Valid(raw) {
			return raw, nil, fmt.Errorf("the body is not valid JSON")
		}
		return raw, nil, nil
	}
	mr := multipart.NewReader(bytes.NewReader(raw), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, uploads, fmt.Errorf("malformed multipart body: %w", err)
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, uploads, fmt.Errorf("malformed multipart body: %w", err)
		}
		if part.FormName() == "payload_json" {
			if !json.Valid(data) {
				return data, uploads, fmt.Errorf("payload_json is not valid JSON")
			}
			body = data
			continue
		}
		if part.FileName() != "" {
			uploads = append(uploads, Upload{Field: part.FormName(), Filename: part.FileName(), ContentType: part.Header.Get("Content-Type"), Data: data})
		}
	}
	return body, uploads, nil
}

// filesField is how Discord names the file parts of a multipart request.
var filesField = regexp.MustCompile(`^files\[([0-9]+)\]$`)

// checkUploads applies Discord's rules for uploads that the OpenAPI
// description cannot express: file parts are named files[n]; each new
// attachment in the body's attachments names an uploaded part by its n
// (id) and file name; an embed's attachment://name is an uploaded file.
func checkUploads(body []byte, uploads []Upload) error {
	byIndex := map[string]Upload{}
	names := map[string]bool{}
	for _, u := range uploads {
		m := filesField.FindStringSubmatch(u.Field)
		if m == nil {
			return fmt.Errorf("file part %q is not named files[n]", u.Field)
		}
		byIndex[m[1]] = u
		names[u.Filename] = true
	}
	if body == nil {
		return nil
	}
	var msg struct {
		Attachments []struct {
			ID       json.RawMessage `json:"id"`
			Filename string          `json:"filename"`
		} `json:"attachments"`
		Embeds []struct {
			Image     *struct{ URL string } `json:"image"`
			Thumbnail *struct{ URL string } `json:"thumbnail"`
		} `json:"embeds"`
		Data *json.RawMessage `json:"data"` // an interaction callback's message
	}
	if err := json.Unmarshal(body, &msg); err != nil {
		return nil // not an object with these fields: the schema check reports it
	}
	if msg.Data != nil {
		if err := json.Unmarshal(*msg.Data, &msg); err != nil {
			return nil
		}
	}
	for _, a := range msg.Attachments {
		id := strings.Trim(string(a.ID), `"`)
		u, uploaded := byIndex[id]
		if !uploaded && len(uploads) > 0 {
			return fmt.Errorf("attachment %s names no uploaded file part files[%s]", id, id)
		}
		if uploaded && a.Filename != "" && a.Filename != u.Filename {
			return fmt.Errorf("attachment %s is called %q but files[%s] is %q", id, a.Filename, id, u.Filename)
		}
	}
	for _, e := range msg.Embeds {
		for _, img := range []*struct{ URL string }{e.Image, e.Thumbnail} {
			if img == nil || !strings.HasPrefix(img.URL, "attachment://") {
				continue
			}
			if name := strings.TrimPrefix(img.URL, "attachment://"); !names[name] {
				return fmt.Errorf("embed image %s names no uploaded file", img.URL)
			}
		}
	}
	return nil
}

// ---- gateway discovery and identities ----

func (s *Server) getGateway(*restCall) reply {
	return jsonReply(http.StatusOK, map[string]any{"url": s.GatewayURL()})
}

func (s *Server) getGatewayBot(*restCall) reply {
	return jsonReply(http.StatusOK, map[string]any{
		"url": s.GatewayURL(), "shards": 1,
		"session_start_limit": map[string]any{"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1},
	})
}

func (s *Server) botUser() map[string]any {
	return map[string]any{"id": s.AppID, "username": s.BotName, "discriminator": "0", "global_name": nil, "avatar": nil, "bot": true, "flags": 0}
}

func (s *Server) humanUser(id string) map[string]any {
	name := s.UserName
	if id != s.UserID {
		name = "user-" + id
	}
	return map[string]any{"id": id, "username": name, "discriminator": "0", "global_name": name, "avatar": nil}
}

func (s *Server) application() map[string]any {
	return map[string]any{"id": s.AppID, "name": s.BotName, "description": "", "bot_public": true, "bot_require_code_grant": false, "flags": 0, "bot": s.botUser()}
}

func (s *Server) getUsersMe(*restCall) reply { return jsonReply(http.StatusOK, s.botUser()) }

func (s *Server) getApplicationsMe(*restCall) reply { return jsonReply(http.StatusOK, s.application()) }

// ---- channels and messages ----

// DMChannelID returns the id of the DM channel between the bot and userID,
// creating it if needed (the same id POST /users/@me/channels returns).
func (s *Server) DMChannelID(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dmChannelLocked(userID)
}

func (s *Server) dmChannelLocked(userID string) string {
	if id, ok := s.dmChannels[userID]; ok {
		return id
	}
	id := s.newIDLocked()
	s.dmChannels[userID] = id
	s.channels[id] = map[string]any{"id": id, "type": 1, "last_message_id": nil, "recipients": []any{s.humanUser(userID)}}
	return id
}

func (s *Server) createDM(rc *restCall) reply {
	var body struct {
		RecipientID string `json:"recipient_id"`
	}
	if err := rc.decode(&body); err != nil || body.RecipientID == "" {
		return invalidFormBody(map[string]any{"recipient_id": map[string]any{"_errors": []any{map[string]any{"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}}}})
	}
	s.mu.Lock()
	id := s.dmChannelLocked(body.RecipientID)
	ch := s.channels[id]
	s.mu.Unlock()
	return jsonReply(http.StatusOK, ch)
}

func (s *Server) getChannel(rc *restCall) reply {
	s.mu.Lock()
	ch, ok := s.channels[rc.params["channel_id"]]
	s.mu.Unlock()
	if !ok {
		return discordError(http.StatusNotFound, 10003, "Unknown Channel")
	}
	return jsonReply(http.StatusOK, ch)
}

// triggerTyping answers POST /channels/{id}/typing as Discord does: 204.
func (s *Server) triggerTyping(rc *restCall) reply {
	s.mu.Lock()
	_, ok := s.channels[rc.params["channel_id"]]
	s.mu.Unlock()
	if !ok {
		return discordError(http.StatusNotFound, 10003, "Unknown Channel")
	}
	return reply{status: http.StatusNoContent}
}

// startThread opens a public thread on a message of a channel; the thread
// is a channel messages can then be posted to.
func (s *Server) startThread(rc *restCall) reply {
	var body struct {
		Name string `json:"name"`
	}
	if err := rc.decode(&body); err != nil || body.Name == "" {
		return invalidFormBody(map[string]any{"name": map[string]any{"_errors": []any{map[string]any{"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}}}})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	parent, ok := s.channels[rc.params["channel_id"]]
	if !ok {
		return discordError(http.StatusNotFound, 10003, "Unknown Channel")
	}
	id := rc.params["message_id"] // a thread started on a message has the message's id
	if _, exists := s.channels[id]; exists {
		return discordError(http.StatusBadRequest, 160004, "A thread has already been created for this message")
	}
	th := map[string]any{"id": id, "type": 11, "guild_id": parent["guild_id"], "parent_id": parent["id"], "name": body.Name,
		"owner_id": s.AppID, "thread_metadata": map[string]any{"archived": false, "auto_archive_duration": 1440, "locked": false}}
	s.channels[id] = th
	s.notifyLocked()
	return jsonReply(http.StatusCreated, th)
}

// AddChannel adds a text channel with id to the test guild.
func (s *Server) AddChannel(id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[id] = map[string]any{"id": id, "type": 0, "guild_id": s.GuildID, "name": name, "position": len(s.channels)}
}

// Channel returns the channel (or thread) with id as the fake knows it, nil when none.
func (s *Server) Channel(id string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.channels[id]
}

func (s *Server) createChannelMessage(rc *restCall) reply {
	channelID := rc.params["channel_id"]
	s.mu.Lock()
	ch, ok := s.channels[channelID]
	s.mu.Unlock()
	if !ok {
		return discordError(http.StatusNotFound, 10003, "Unknown Channel")
	}
	fields, rep, ok := s.messageFields(rc, true)
	if !ok {
		return rep
	}
	msg := s.newMessage(channelID, 0, fields)
	if gid, ok := ch["guild_id"]; ok {
		msg["guild_id"] = gid
	}
	s.keepMessage(channelID, msg)
	s.echo(msg, ch["type"] == 1)
	return jsonReply(http.StatusOK, msg)
}

// echo dispatches MESSAGE_CREATE for a message the bot sent, as Discord
// does, so a bot that answers its own messages loops in tests as it would live.
func (s *Server) echo(msg map[string]any, isDM bool) {
	intents, ok := s.SessionIntents()
	needed := discordgo.IntentGuildMessages
	if isDM {
		needed = discordgo.IntentDirectMessages
	}
	if !ok || intents&needed == 0 {
		return
	}
	_ = s.Dispatch("MESSAGE_CREATE", msg)
}

// messageFields decodes a message body and applies the rules the OpenAPI
// description cannot express; it returns a rejection reply when Discord
// would refuse it.
func (s *Server) messageFields(rc *restCall, requireContent bool) (map[string]any, reply, bool) {
	fields := map[string]any{}
	if rc.body != nil {
		if err := json.Unmarshal(rc.body, &fields); err != nil || fields == nil {
			return nil, invalidFormBody(map[string]any{"_errors": []any{map[string]any{"code": "MODEL_TYPE_CONVERT", "message": "Only dictionaries may be used in a ModelType"}}}), false
		}
	}
	if rep, bad := checkMessageRules(fields, len(rc.files), requireContent); bad {
		return nil, rep, false
	}
	return fields, reply{}, true
}

// checkMessageRules enforces Discord's limits that span fields: a message
// needs something to show, and all its embeds together hold ≤ 6000 characters.
func checkMessageRules(fields map[string]any, files int, requireContent bool) (reply, bool) {
	if requireContent {
		empty := files == 0
		for _, k := range []string{"embeds", "components", "sticker_ids", "poll", "attachments"} {
			if v, ok := fields[k].([]any); ok && len(v) > 0 {
				empty = false
			} else if k == "poll" && fields[k] != nil {
				empty = false
			}
		}
		if c, ok := fields["content"].(string); ok && c != "" {
			empty = false
		}
		if empty {
			return discordError(http.StatusBadRequest, 50006, "Cannot send an empty message"), true
		}
	}
	if embeds, ok := fields["embeds"].([]any); ok {
		if n := embedCharacters(embeds); n > 6000 {
			rep := invalidFormBody(map[string]any{"embeds": map[string]any{"_errors": []any{map[string]any{
				"code": "MAX_EMBED_SIZE_EXCEEDED", "message": "Embed size exceeds maximum size of 6000"}}}})
			rep.rejected = fmt.Sprintf("embeds hold %d characters in all, Discord allows 6000", n)
			return rep, true
		}
	}
	return reply{}, false
}

// embedCharacters counts what Discord counts toward the 6000 limit: titles,
// descriptions, field names and values, footer texts and author names.
func embedCharacters(embeds []any) int {
	n := 0
	str := func(v any) int {
		s, _ := v.(string)
		return len([]rune(s))
	}
	for _, e := range embeds {
		m, ok := e.(map[string]any)
		if !ok {
			continue
		}
		n += str(m["title"]) + str(m["description"])
		if f, ok := m["footer"].(map[string]any); ok {
			n += str(f["text"])
		}
		if a, ok := m["author"].(map[string]any); ok {
			n += str(a["name"])
		}
		if fs, ok := m["fields"].([]any); ok {
			for _, f := range fs {
				if fm, ok := f.(map[string]any); ok {
					n += str(fm["name"]) + str(fm["value"])
				}
			}
		}
	}
	return n
}

// messageKeys are the request fields that become part of the stored message.
var messageKeys = []string{"content", "embeds", "components", "flags", "attachments", "poll", "tts"}

func (s *Server) newMessage(channelID string, msgType int, fields map[string]any) map[string]any {
	msg := map[string]any{
		"id": s.newID(), "channel_id": channelID, "type": msgType,
		"author": s.botUser(), "content": "", "timestamp": s.cfg.now().UTC().Format(time.RFC3339Nano),
		"edited_timestamp": nil, "tts": false, "mention_everyone": false,
		"mentions": []any{}, "mention_roles": []any{}, "attachments": []any{}, "embeds": []any{},
		"components": []any{}, "pinned": false, "flags": 0,
	}
	applyMessageFields(msg, fields)
	return msg
}

func applyMessageFields(msg, fields map[string]any) {
	for _, k := range messageKeys {
		if v, ok := fields[k]; ok && v != nil {
			msg[k] = v
		}
	}
}

// ---- application commands ----

func (s *Server) getCommands(rc *restCall) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	cmds := s.commands[rc.params["guild_id"]]
	if cmds == nil {
		cmds = []map[string]any{}
	}
	return jsonReply(http.StatusOK, cmds)
}

// Commands returns the commands currently registered for guildID ("" for global).
func (s *Server) Commands(guildID string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.commands[guildID]...)
}

func (s *Server) overwriteCommands(rc *restCall) reply {
	if rc.params["application_id"] != s.AppID {
		return discordError(http.StatusForbidden, 50001, "Missing Access")
	}
	var in []map[string]any
	if err := rc.decode(&in); err != nil {
		return invalidFormBody(map[string]any{"_errors": []any{map[string]any{"code": "BASE_TYPE_BAD_TYPE", "message": "Must be an array"}}})
	}
	guildID := rc.params["guild_id"]
	s.mu.Lock()
	defer s.mu.Unlock()
	old := map[string]string{} // "type/name" → id, ids survive an overwrite as on Discord
	for _, c := range s.commands[guildID] {
		old[commandKey(c)] = c["id"].(string)
	}
	seen := map[string]bool{}
	out := make([]map[string]any, 0, len(in))
	for i, c := range in {
		if c["type"] == nil {
			c["type"] = 1
		}
		key := commandKey(c)
		if seen[key] {
			return invalidFormBody(map[string]any{fmt.Sprint(i): map[string]any{"name": map[string]any{"_errors": []any{map[string]any{
				"code": "APPLICATION_COMMANDS_DUPLICATE_NAME", "message": "Application command names must be unique"}}}}})
		}
		seen[key] = true
		id, ok := old[key]
		if !ok {
			id = s.newIDLocked()
		}
		c["id"] = id
		c["application_id"] = s.AppID
		c["version"] = s.newIDLocked()
		if guildID != "" {
			c["guild_id"] = guildID
		}
		out = append(out, c)
	}
	s.commands[guildID] = out
	return jsonReply(http.StatusOK, out)
}

func commandKey(c map[string]any) string {
	return fmt.Sprintf("%v/%v", c["type"], c["name"])
}
