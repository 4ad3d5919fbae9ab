package discordtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"redline/internal/testclock"
)

// call sends a request through the fake's client and returns the status
// and Discord's error code (0 when the answer has none).
func call(t *testing.T, srv *Server, method, path string, body any) (int, int) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = strings.NewReader(string(raw))
	}
	req, err := http.NewRequest(method, "https://discord.com/api/v9"+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bot "+Token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e struct {
		Code int `json:"code"`
	}
	raw, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(raw, &e)
	return resp.StatusCode, e.Code
}

// expectReported checks that the fake failed the test n more times since
// the last check, mentioning want.
type reports struct {
	rec  *recordingTB
	seen int
}

func (r *reports) expect(t *testing.T, want string) {
	t.Helper()
	all := r.rec.reported()
	got := all[r.seen:]
	r.seen = len(all)
	if len(got) != 1 || !strings.Contains(got[0], want) {
		t.Errorf("reported %q, want one failure mentioning %q", got, want)
	}
}

func (r *reports) expectNone(t *testing.T) {
	t.Helper()
	all := r.rec.reported()
	if got := all[r.seen:]; len(got) != 0 {
		t.Errorf("unexpected failures reported: %q", got)
	}
	r.seen = len(all)
}

func TestInteractionRulesOfDiscord(t *testing.T) {
	t.Parallel()
	rec := &recordingTB{TB: t}
	srv := New(rec)
	rep := &reports{rec: rec}
	srv.OpenSession(t)

	in := srv.SendInteraction(slashBrief())
	callback := "/interactions/" + in.ID + "/" + in.Token + "/callback"
	original := "/webhooks/" + srv.AppID + "/" + in.Token + "/messages/@original"
	followup := "/webhooks/" + srv.AppID + "/" + in.Token

	if st, code := call(t, srv, http.MethodPost, followup, map[string]any{"content": "early"}); st != 404 || code != 10015 {
		t.Errorf("followup before the ack = %d/%d, want 404/10015", st, code)
	}
	rep.expect(t, "Unknown Webhook")
	if st, code := call(t, srv, http.MethodPatch, original, map[string]any{"content": "early"}); st != 404 || code != 10015 {
		t.Errorf("edit before the ack = %d/%d, want 404/10015", st, code)
	}
	rep.expect(t, "Unknown Webhook")
	if st, code := call(t, srv, http.MethodPost, callback, map[string]any{"type": 4, "data": map[string]any{"content": ""}}); st != 400 || code != 50006 {
		t.Errorf("empty message = %d/%d, want 400/50006", st, code)
	}
	rep.expect(t, "Cannot send an empty message")
	if st, _ := call(t, srv, http.MethodPost, callback, map[string]any{"type": 5, "data": map[string]any{"flags": 64}}); st != 204 {
		t.Errorf("deferred ack = %d, want 204", st)
	}
	rep.expectNone(t)
	if orig := srv.OriginalMessage(in.ID); orig == nil || orig["flags"] != float64(discordgo.MessageFlagsLoading|discordgo.MessageFlagsEphemeral) {
		t.Errorf("original after an ephemeral defer = %v, want loading+ephemeral flags", orig)
	}
	if st, code := call(t, srv, http.MethodPost, callback, map[string]any{"type": 5}); st != 400 || code != 40060 {
		t.Errorf("second ack = %d/%d, want 400/40060", st, code)
	}
	rep.expect(t, "already been acknowledged")

	if st, code := call(t, srv, http.MethodPatch, original, map[string]any{"content": ""}); st != 400 || code != 50006 {
		t.Errorf("edit leaving the message empty = %d/%d, want 400/50006", st, code)
	}
	rep.expect(t, "Cannot send an empty message")

	// Two embeds each within its own limits, 8192 characters together.
	big := []map[string]any{{"description": strings.Repeat("x", 4096)}, {"description": strings.Repeat("y", 4096)}}
	if st, code := call(t, srv, http.MethodPatch, original, map[string]any{"embeds": big}); st != 400 || code != 50035 {
		t.Errorf("8192 embed characters = %d/%d, want 400/50035", st, code)
	}
	rep.expect(t, "6000")
	if st, _ := call(t, srv, http.MethodPatch, original, map[string]any{"content": "done", "allowed_mentions": map[string]any{"parse": []string{}}}); st != 200 {
		t.Errorf("edit = %d", st)
	}
	if st, _ := call(t, srv, http.MethodPost, followup+"?wait=true", map[string]any{"content": "more"}); st != 200 {
		t.Errorf("followup = %d", st)
	}
	if st, _ := call(t, srv, http.MethodGet, original, nil); st != 200 {
		t.Errorf("get original = %d", st)
	}
	if st, _ := call(t, srv, http.MethodDelete, original, nil); st != 204 {
		t.Errorf("delete original = %d", st)
	}
	if st, code := call(t, srv, http.MethodGet, original, nil); st != 404 || code != 10008 {
		t.Errorf("get deleted original = %d/%d, want 404/10008", st, code)
	}
	rep.expect(t, "Unknown Message")
	if st, code := call(t, srv, http.MethodPost, "/interactions/1100000000000009999/nope/callback", map[string]any{"type": 5}); st != 404 || code != 10062 {
		t.Errorf("unknown interaction = %d/%d, want 404/10062", st, code)
	}
	rep.expect(t, "Unknown interaction")
	if n := len(srv.Edits()); n != 1 {
		t.Errorf("accepted edits = %d, want 1", n)
	}
	if f := srv.Followups(); len(f) != 1 || f[0].Message.ContentString() != "more" {
		t.Errorf("followups = %+v", f)
	}

	ac := srv.SendInteraction(map[string]any{"type": 4, "data": map[string]any{"id": "1100000000000000500", "name": "who", "type": 1,
		"options": []any{map[string]any{"name": "name", "type": 3, "value": "Pu", "focused": true}}}})
	acPath := "/interactions/" + ac.ID + "/" + ac.Token + "/callback"
	if st, _ := call(t, srv, http.MethodPost, acPath, map[string]any{"type": 4, "data": map[string]any{"content": "no"}}); st != 400 {
		t.Errorf("message answer to autocomplete = %d, want 400", st)
	}
	rep.expect(t, "not allowed for interaction type 4")
	choices := map[string]any{"type": 8, "data": map[string]any{"choices": []any{map[string]any{"name": "Vladimir Putin", "value": "Vladimir Putin"}}}}
	if st, _ := call(t, srv, http.MethodPost, acPath, choices); st != 204 {
		t.Errorf("autocomplete result = %d, want 204", st)
	}
	rep.expectNone(t)
	if cbs := srv.Callbacks(); len(cbs) != 2 || cbs[1].Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(cbs[1].Data.Choices) != 1 {
		t.Errorf("callbacks = %+v", cbs)
	}
}

func TestLateAckIsUnknownInteraction(t *testing.T) {
	t.Parallel()
	clock := testclock.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	rec := &recordingTB{TB: t}
	srv := New(rec, WithClock(clock.Now))
	srv.OpenSession(t)
	in := srv.SendInteraction(slashBrief())
	clock.Advance(3100 * time.Millisecond)
	if st, code := call(t, srv, http.MethodPost, "/interactions/"+in.ID+"/"+in.Token+"/callback", map[string]any{"type": 5}); st != 404 || code != 10062 {
		t.Errorf("ack after 3.1 s = %d/%d, want 404/10062", st, code)
	}
	(&reports{rec: rec}).expect(t, "Discord allows 3s")
}

func TestMessageCreateHonoursIntents(t *testing.T) {
	t.Parallel()
	srv := New(t)
	ds := srv.NewSession()
	got := make(chan *discordgo.MessageCreate, 4)
	ds.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { got <- m })
	if err := ds.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.CloseSession(ds) })
	receive := func() *discordgo.MessageCreate {
		t.Helper()
		select {
		case m := <-got:
			return m
		case <-time.After(wait):
			t.Fatal("no MESSAGE_CREATE reached the session")
			return nil
		}
	}

	if _, ok := srv.SendMessageCreate(map[string]any{"content": "see https://example.org/a"}); !ok {
		t.Fatal("guild message withheld from a session with GUILD_MESSAGES")
	}
	if m := receive(); m.Content != "" || m.GuildID != srv.GuildID {
		t.Errorf("without MESSAGE_CONTENT a guild message arrived as %q in guild %q, want blank content", m.Content, m.GuildID)
	}
	srv.SendMessageCreate(map[string]any{"content": "<@" + srv.AppID + "> brief https://example.org/a"})
	if m := receive(); !strings.Contains(m.Content, "brief") || len(m.Mentions) != 1 {
		t.Errorf("a message mentioning the bot arrived as %q with mentions %v", m.Content, m.Mentions)
	}
	sent, _ := srv.SendDM("who warned Russia?")
	m := receive()
	if m.Content != "who warned Russia?" || m.GuildID != "" || m.ChannelID != srv.DMChannelID(srv.UserID) || m.Author.ID != srv.UserID || m.ID != sent.ID {
		t.Errorf("DM arrived as %+v", m.Message)
	}
	// The DM channel is the one the bot gets when it opens a DM with the user.
	ch, err := ds.UserChannelCreate(srv.UserID)
	if err != nil || ch.ID != m.ChannelID || ch.Type != discordgo.ChannelTypeDM {
		t.Errorf("UserChannelCreate = %+v, %v; want DM channel %s", ch, err, m.ChannelID)
	}
	if fetched, err := ds.Channel(m.ChannelID); err != nil || fetched.Type != discordgo.ChannelTypeDM {
		t.Errorf("GET channel = %+v, %v", fetched, err)
	}
	// What the bot sends comes back as MESSAGE_CREATE authored by the bot, as on Discord.
	reply, err := ds.ChannelMessageSend(m.ChannelID, "Russia was warned by …")
	if err != nil {
		t.Fatal(err)
	}
	if echo := receive(); echo.ID != reply.ID || echo.Author == nil || echo.Author.ID != srv.AppID || !echo.Author.Bot {
		t.Errorf("echo of the bot's reply = %+v", echo.Message)
	}
}

func TestMessageWithheldWithoutIntent(t *testing.T) {
	t.Parallel()
	srv := New(t)
	ds := srv.NewSession()
	ds.Identify.Intents = discordgo.IntentGuilds | discordgo.IntentDirectMessages
	if err := ds.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.CloseSession(ds) })
	if _, ok := srv.SendMessageCreate(map[string]any{"content": "hello"}); ok {
		t.Error("a guild message reached a session without GUILD_MESSAGES")
	}
	if _, ok := srv.SendDM("hello"); !ok {
		t.Error("a DM was withheld from a session with DIRECT_MESSAGES")
	}
}

func TestUnauthorizedRequest(t *testing.T) {
	t.Parallel()
	rec := &recordingTB{TB: t}
	srv := New(rec)
	resp, err := srv.Client().Get("https://discord.com/api/v9/users/@me")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no token = %d, want 401", resp.StatusCode)
	}
	(&reports{rec: rec}).expect(t, "401")
}

// rawGateway dials the fake's gateway and reads HELLO.
func rawGateway(t *testing.T, srv *Server) *websocket.Conn {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(srv.GatewayURL()+"/?v=9&encoding=json", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	_ = ws.SetReadDeadline(time.Now().Add(wait))
	var hello struct {
		Op int `json:"op"`
		D  struct {
			HeartbeatInterval int `json:"heartbeat_interval"`
		} `json:"d"`
	}
	if err := ws.ReadJSON(&hello); err != nil || hello.Op != OpHello || hello.D.HeartbeatInterval != 41250 {
		t.Fatalf("HELLO = %+v, %v", hello, err)
	}
	return ws
}

func TestGatewayRejectsBadResumeAndUnknownOpcode(t *testing.T) {
	t.Parallel()
	srv := New(t)
	ws := rawGateway(t, srv)
	if err := ws.WriteJSON(map[string]any{"op": OpResume, "d": map[string]any{"token": "Bot x", "session_id": "nope", "seq": 3}}); err != nil {
		t.Fatal(err)
	}
	var p struct {
		Op int  `json:"op"`
		D  bool `json:"d"`
	}
	if err := ws.ReadJSON(&p); err != nil || p.Op != OpInvalidSession || p.D {
		t.Errorf("answer to a bad RESUME = %+v, %v; want op 9 (not resumable)", p, err)
	}
	if err := ws.WriteJSON(map[string]any{"op": 42, "d": nil}); err != nil {
		t.Fatal(err)
	}
	_, _, err := ws.ReadMessage()
	var ce *websocket.CloseError
	if !asCloseError(err, &ce) || ce.Code != 4001 {
		t.Errorf("unknown opcode closed with %v, want 4001", err)
	}
}

func asCloseError(err error, target **websocket.CloseError) bool {
	ce, ok := err.(*websocket.CloseError)
	if ok {
		*target = ce
	}
	return ok
}

func TestFailurePatternMatching(t *testing.T) {
	t.Parallel()
	cases := []struct {
		f       failure
		method  string
		path    string
		matches bool
	}{
		{failure{method: "POST", pattern: "/channels/*/messages"}, "POST", "/channels/12/messages", true},
		{failure{method: "POST", pattern: RouteChannelMessages}, "POST", "/channels/12/messages", true},
		{failure{method: "POST", pattern: "/channels/*/messages"}, "GET", "/channels/12/messages", false},
		{failure{method: "", pattern: "/channels/12/messages"}, "GET", "/channels/12/messages", true},
		{failure{method: "POST", pattern: "/channels/*/messages"}, "POST", "/channels/12/messages/3", false},
		{failure{method: "PATCH", pattern: RouteOriginalMessage}, "PATCH", "/webhooks/1/tok/messages/@original", true},
		{failure{method: "PATCH", pattern: RouteOriginalMessage}, "PATCH", "/webhooks/1/tok/messages/55", false},
	}
	for _, c := range cases {
		if got := c.f.matches(c.method, c.path); got != c.matches {
			t.Errorf("%s %s against %s %s = %v", c.f.method, c.f.pattern, c.method, c.path, got)
		}
	}
}

func TestRouteMatchingPrefersLiteralSegments(t *testing.T) {
	t.Parallel()
	rt, params, ok := matchRoute("PATCH", "/webhooks/1/tok/messages/@original")
	if !ok || rt.template != RouteOriginalMessage || params["webhook_token"] != "tok" {
		t.Errorf("@original matched %q %v", rt.template, params)
	}
	rt, params, ok = matchRoute("PATCH", "/webhooks/1/tok/messages/77")
	if !ok || rt.template != RouteWebhookMessage || params["message_id"] != "77" {
		t.Errorf("a followup id matched %q %v", rt.template, params)
	}
	rt, _, ok = matchRoute("POST", "/users/@me/channels")
	if !ok || rt.template != RouteCreateDM {
		t.Errorf("create DM matched %q", rt.template)
	}
	if _, _, ok := matchRoute("DELETE", "/gateway"); ok {
		t.Error("DELETE /gateway matched a route")
	}
}

func TestDiscordErrorTree(t *testing.T) {
	t.Parallel()
	tree := discordErrorTree([]fieldError{
		{Path: "$.embeds[0].title", Reason: "maxLength: got 300, want 256"},
		{Path: "$.type", Reason: "value must be one of 4, 5"},
	})
	raw, _ := json.Marshal(tree)
	want := `{"embeds":{"0":{"title":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"maxLength: got 300, want 256"}]}}},"type":{"_errors":[{"code":"BASE_TYPE_CHOICES","message":"value must be one of 4, 5"}]}}`
	if string(raw) != want {
		t.Errorf("tree = %s\nwant   %s", raw, want)
	}
}

func TestEmbedCharactersCountsWhatDiscordCounts(t *testing.T) {
	t.Parallel()
	embeds := []any{
		map[string]any{"title": "ab", "description": "ééé", "url": "https://not-counted.example",
			"footer": map[string]any{"text": "f"}, "author": map[string]any{"name": "au"},
			"fields": []any{map[string]any{"name": "n", "value": "vv"}}},
		map[string]any{"title": "x"},
	}
	if got := embedCharacters(embeds); got != 2+3+1+2+1+2+1 {
		t.Errorf("embedCharacters = %d, want 12", got)
	}
}

func TestWithoutSpecTheFakeStillServes(t *testing.T) {
	t.Parallel()
	srv := New(t, WithSpec(""))
	if srv.Validating() {
		t.Fatal("validating without a description")
	}
	ds := srv.NewSession()
	// Not validated: the fake's own rules still apply, the schema's do not.
	if _, err := ds.ChannelMessageSendEmbed(srv.ChannelID, &discordgo.MessageEmbed{Title: strings.Repeat("a", 300)}); err != nil {
		t.Errorf("without validation a long title should pass: %v", err)
	}
}

func TestMissingSpecIsReported(t *testing.T) {
	t.Parallel()
	rec := &recordingTB{TB: t}
	srv := New(rec, WithSpec(t.TempDir()+"/openapi.json"))
	if srv.Validating() {
		t.Error("validating against a description that could not be read")
	}
	(&reports{rec: rec}).expect(t, "read Discord OpenAPI description")
}

// Not parallel: it changes the environment New reads.
func TestLocateSpecHonoursTheEnvironment(t *testing.T) {
	t.Setenv(SpecEnv, "off")
	if got := LocateSpec(); got != "" {
		t.Errorf("%s=off located %q", SpecEnv, got)
	}
	t.Setenv(SpecEnv, "/elsewhere/openapi.json")
	if got := LocateSpec(); got != "/elsewhere/openapi.json" {
		t.Errorf("override located %q", got)
	}
}
