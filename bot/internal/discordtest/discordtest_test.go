package discordtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// wait is generous: the suite must pass under -race on two busy cores.
const wait = 20 * time.Second

// recordingTB stands in for the test given to New where a test expects the
// fake to report a failure: it keeps Errorf calls instead of failing.
type recordingTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recordingTB) Error(args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprint(args...))
}

func (r *recordingTB) reported() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}

func requireSpec(t *testing.T) {
	t.Helper()
	if LocateSpec() == "" {
		t.Skip("Discord's OpenAPI description (../shared/discord-api-spec) is absent: validation cannot be tested")
	}
}

func TestConnectReceivesReadyAndHeartbeatAck(t *testing.T) {
	t.Parallel()
	srv := New(t)
	ds := srv.NewSession()
	readyCh := make(chan *discordgo.Ready, 1)
	ds.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { readyCh <- r })
	guildCh := make(chan *discordgo.GuildCreate, 1)
	ds.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildCreate) { guildCh <- g })
	if err := ds.Open(); err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { srv.CloseSession(ds) })

	var ready *discordgo.Ready
	select {
	case ready = <-readyCh:
	case <-time.After(wait):
		t.Fatal("no READY reached the session")
	}
	if ready.SessionID == "" || ready.User == nil || ready.User.ID != srv.AppID || !ready.User.Bot {
		t.Errorf("READY = session %q user %+v, want a session id and the bot user %s", ready.SessionID, ready.User, srv.AppID)
	}
	if ready.Application == nil || ready.Application.ID != srv.AppID {
		t.Errorf("READY application = %+v, want id %s", ready.Application, srv.AppID)
	}
	if _, ok := srv.WaitFor(wait, func(r Request) bool { return r.Is(http.MethodGet, RouteGateway) && r.Status == 200 }); !ok {
		t.Error("the session did not discover the gateway through GET /gateway")
	}
	id, ok := srv.Identify()
	if !ok || id.Token != "Bot "+Token || id.Intents != discordgo.IntentsAllWithoutPrivileged {
		t.Errorf("IDENTIFY = %+v (found %v), want the session's token and default intents", id, ok)
	}
	if _, ok := srv.WaitFrame(wait, func(f GatewayFrame) bool { return f.FromClient && f.Op == OpHeartbeat }); !ok {
		t.Fatal("the session sent no heartbeat")
	}
	if _, ok := srv.WaitFrame(wait, func(f GatewayFrame) bool { return !f.FromClient && f.Op == OpHeartbeatACK }); !ok {
		t.Error("the fake acknowledged no heartbeat")
	}
	// Sequence numbers of dispatches rise by one from 1.
	var seqs []int64
	for _, f := range srv.Frames() {
		if !f.FromClient && f.Op == OpDispatch {
			seqs = append(seqs, f.Seq)
		}
	}
	if len(seqs) < 2 || seqs[0] != 1 || seqs[1] != 2 {
		t.Errorf("dispatch sequence numbers = %v, want 1, 2, …", seqs)
	}
	// GUILD_CREATE after READY fills discordgo's state with the test guild
	// (handlers run after the state is updated).
	select {
	case g := <-guildCh:
		if g.ID != srv.GuildID {
			t.Errorf("GUILD_CREATE for %s, want %s", g.ID, srv.GuildID)
		}
		if st, err := ds.State.Guild(srv.GuildID); err != nil || st.Name == "" || len(st.Channels) != 1 {
			t.Errorf("state guild = %+v, %v", st, err)
		}
	case <-time.After(wait):
		t.Error("no GUILD_CREATE reached the session")
	}
}

func managementCommands() []*discordgo.ApplicationCommand {
	manageServer := int64(discordgo.PermissionManageServer)
	return []*discordgo.ApplicationCommand{
		{
			Name: "brief", Description: "Brief a news article",
			Contexts: &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM},
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: "url", Description: "Link to the article", Required: true,
			}},
		},
		{
			Name: "feed", Description: "Manage feeds", DefaultMemberPermissions: &manageServer,
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "List the feeds",
			}},
		},
		{Name: "Brief this", Type: discordgo.MessageApplicationCommand},
	}
}

func TestCommandBulkOverwriteIsRecordedAndKeepsIDs(t *testing.T) {
	t.Parallel()
	srv := New(t)
	ds := srv.NewSession()
	created, err := ds.ApplicationCommandBulkOverwrite(srv.AppID, "", managementCommands())
	if err != nil {
		t.Fatalf("bulk overwrite: %v", err)
	}
	if len(created) != 3 || created[0].ID == "" || created[0].ApplicationID != srv.AppID {
		t.Fatalf("created = %+v, want 3 commands with ids", created)
	}
	ow, ok := srv.WaitCommandOverwrite(wait)
	if !ok {
		t.Fatal("no overwrite recorded")
	}
	if ow.GuildID != "" || len(ow.Commands) != 3 || ow.Commands[1].DefaultMemberPermissions == nil ||
		*ow.Commands[1].DefaultMemberPermissions != discordgo.PermissionManageServer {
		t.Errorf("recorded overwrite = guild %q %+v", ow.GuildID, ow.Commands)
	}
	if len(ow.ValidationErrors) != 0 {
		t.Errorf("valid commands were rejected: %v", ow.ValidationErrors)
	}
	// A second overwrite keeps the ids of commands with the same name and type.
	again, err := ds.ApplicationCommandBulkOverwrite(srv.AppID, "", managementCommands()[:2])
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 2 || again[0].ID != created[0].ID || again[1].ID != created[1].ID {
		t.Errorf("ids after a second overwrite = %v %v, want %s %s", again[0].ID, again[1].ID, created[0].ID, created[1].ID)
	}
	if got := srv.Commands(""); len(got) != 2 {
		t.Errorf("stored global commands = %d, want 2", len(got))
	}
	// Guild commands are a separate set.
	if _, err := ds.ApplicationCommandBulkOverwrite(srv.AppID, srv.GuildID, managementCommands()[:1]); err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands(srv.GuildID); len(got) != 1 || got[0]["guild_id"] != srv.GuildID {
		t.Errorf("stored guild commands = %v", got)
	}
}

// respondingBot opens a session whose handler defers every slash command
// and then edits the response with an embed titled title.
func respondingBot(t *testing.T, srv *Server, title string) (*discordgo.Session, chan error) {
	ds := srv.NewSession()
	errs := make(chan error, 4)
	ds.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		if ic.Type != discordgo.InteractionApplicationCommand {
			return
		}
		err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
		if err == nil {
			_, err = s.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{
				Embeds:          &[]*discordgo.MessageEmbed{{Title: title, Description: "who warned whom"}},
				AllowedMentions: &discordgo.MessageAllowedMentions{},
			})
		}
		errs <- err
	})
	if err := ds.Open(); err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { srv.CloseSession(ds) })
	return ds, errs
}

func slashBrief() *discordgo.Interaction {
	return &discordgo.Interaction{
		Type: discordgo.InteractionApplicationCommand,
		Data: discordgo.ApplicationCommandInteractionData{
			ID: "1100000000000000500", Name: "brief", CommandType: discordgo.ChatApplicationCommand,
			Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "url", Type: discordgo.ApplicationCommandOptionString, Value: "https://example.org/a"}},
		},
	}
}

func TestInteractionDispatchedAndCallbackRecorded(t *testing.T) {
	t.Parallel()
	srv := New(t)
	_, errs := respondingBot(t, srv, "Seoul warned Pyongyang")
	sent := srv.SendInteraction(slashBrief())
	if sent.ID == "" || sent.Token == "" || sent.GuildID != srv.GuildID || sent.Member == nil {
		t.Fatalf("dispatched interaction lacks defaults: %+v", sent)
	}
	cb, ok := srv.WaitCallback(sent.ID, wait)
	if !ok {
		t.Fatal("no callback recorded")
	}
	if cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || cb.Token != sent.Token {
		t.Errorf("callback = type %d token %q, want a deferred response to %q", cb.Type, cb.Token, sent.Token)
	}
	edit, ok := srv.WaitEdit(sent.Token, 1, wait)
	if !ok {
		t.Fatal("no edit of the original response recorded")
	}
	if len(edit.Message.Embeds) != 1 || edit.Message.Embeds[0].Title != "Seoul warned Pyongyang" || !edit.Message.MentionsNothing() {
		t.Errorf("edit = %+v", edit.Message)
	}
	if edit.Seq <= cb.Seq {
		t.Errorf("edit recorded as #%d before the callback #%d", edit.Seq, cb.Seq)
	}
	select {
	case err := <-errs:
		if err != nil {
			t.Errorf("the bot's calls failed: %v", err)
		}
	case <-time.After(wait):
		t.Fatal("handler did not finish")
	}
	if d, ok := srv.AckDelay(sent.ID); !ok || d <= 0 || d > wait {
		t.Errorf("AckDelay = %v, %v; want the positive time the bot took", d, ok)
	}
	orig := srv.OriginalMessage(sent.ID)
	if orig == nil || orig["flags"] != float64(0) {
		t.Errorf("original after the edit = %v, want the loading flag cleared", orig)
	}
}

func TestDMInteractionUsesTheDMChannel(t *testing.T) {
	t.Parallel()
	srv := New(t)
	_, errs := respondingBot(t, srv, "ok")
	i := slashBrief()
	i.User = &discordgo.User{ID: srv.UserID, Username: srv.UserName}
	sent := srv.SendInteraction(i)
	if sent.GuildID != "" || sent.Member != nil || sent.ChannelID != srv.DMChannelID(srv.UserID) || sent.Context != discordgo.InteractionContextBotDM {
		t.Errorf("DM interaction = guild %q member %v channel %q context %d", sent.GuildID, sent.Member, sent.ChannelID, sent.Context)
	}
	if err := <-errs; err != nil {
		t.Errorf("responding in a DM failed: %v", err)
	}
}

func TestLongEmbedTitleIsRejectedLikeDiscord(t *testing.T) {
	t.Parallel()
	requireSpec(t)
	rec := &recordingTB{TB: t}
	srv := New(rec)
	_, errs := respondingBot(t, srv, strings.Repeat("a", 300))
	sent := srv.SendInteraction(slashBrief())
	var err error
	select {
	case err = <-errs:
	case <-time.After(wait):
		t.Fatal("handler did not finish")
	}
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Response.StatusCode != http.StatusBadRequest || rest.Message == nil || rest.Message.Code != 50035 {
		t.Fatalf("edit with a 300-character title: err = %v, want HTTP 400 code 50035", err)
	}
	if !bytes.Contains(rest.ResponseBody, []byte(`"title":{"_errors"`)) {
		t.Errorf("error body %s does not point at embeds.0.title", rest.ResponseBody)
	}
	reported := strings.Join(rec.reported(), "\n")
	if !strings.Contains(reported, "embeds[0].title") || !strings.Contains(reported, "maxLength") {
		t.Errorf("the test was not failed with the validator's message; reported: %q", reported)
	}
	if edits := srv.Edits(); len(edits) != 0 {
		t.Errorf("a rejected edit was listed as accepted: %+v", edits)
	}
	if _, ok := srv.WaitCallback(sent.ID, wait); !ok {
		t.Error("the valid deferred callback was not accepted")
	}
}

func TestValidationRejectsBadEnumAndUnknownRoute(t *testing.T) {
	t.Parallel()
	requireSpec(t)
	rec := &recordingTB{TB: t}
	srv := New(rec)
	client := srv.Client()
	post := func(url, body string) *http.Response {
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bot "+Token)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post("https://discord.com/api/v9/interactions/1/tok/callback", `{"type":99}`); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("callback type 99 answered %d, want 400", resp.StatusCode)
	}
	if resp := post("https://discord.com/api/v9/no/such/route", `{}`); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown route answered %d, want 404", resp.StatusCode)
	}
	if n := len(rec.reported()); n != 2 {
		t.Errorf("reported %d failures, want 2: %q", n, rec.reported())
	}
	for _, r := range srv.Requests() {
		if len(r.ValidationErrors) == 0 {
			t.Errorf("request %s %s recorded without its validation errors", r.Method, r.Path)
		}
	}
}

func TestMultipartPayloadJSONIsValidated(t *testing.T) {
	t.Parallel()
	requireSpec(t)
	rec := &recordingTB{TB: t}
	srv := New(rec)
	ds := srv.NewSession()
	file := &discordgo.File{Name: "briefing.txt", ContentType: "text/plain", Reader: strings.NewReader("text")}
	_, err := ds.ChannelMessageSendComplex(srv.ChannelID, &discordgo.MessageSend{
		Content: "with a file", Files: []*discordgo.File{file}, AllowedMentions: &discordgo.MessageAllowedMentions{},
	})
	if err != nil {
		t.Fatalf("valid multipart message: %v", err)
	}
	msgs := srv.ChannelMessages()
	if len(msgs) != 1 || msgs[0].Message.ContentString() != "with a file" || len(msgs[0].Files) != 1 || msgs[0].Files[0] != "briefing.txt" {
		t.Errorf("recorded multipart message = %+v", msgs)
	}
	file.Reader = strings.NewReader("text")
	_, err = ds.ChannelMessageSendComplex(srv.ChannelID, &discordgo.MessageSend{
		Embeds: []*discordgo.MessageEmbed{{Title: strings.Repeat("t", 257)}}, Files: []*discordgo.File{file},
	})
	if err == nil {
		t.Fatal("a multipart message with a 257-character embed title was accepted")
	}
	if !strings.Contains(strings.Join(rec.reported(), "\n"), "maxLength") {
		t.Errorf("reported %q, want the validator's maxLength message", rec.reported())
	}
}

func TestRateLimitIsRetried(t *testing.T) {
	t.Parallel()
	srv := New(t)
	ds := srv.NewSession()
	limited := make(chan *discordgo.RateLimit, 1)
	ds.AddHandler(func(_ *discordgo.Session, rl *discordgo.RateLimit) { limited <- rl })
	srv.FailNext(http.MethodPost, RouteChannelMessages, http.StatusTooManyRequests, 50*time.Millisecond)
	msg, err := ds.ChannelMessageSend(srv.ChannelID, "after the limit")
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	if msg.ID == "" || msg.ChannelID != srv.ChannelID || msg.Content != "after the limit" {
		t.Errorf("returned message = %+v", msg)
	}
	posts, _ := srv.WaitCount(wait, 2, func(r Request) bool { return r.Is(http.MethodPost, RouteChannelMessages) })
	if len(posts) != 2 || posts[0].Status != http.StatusTooManyRequests || !posts[0].Injected || posts[1].Status != http.StatusOK {
		t.Fatalf("posts = %+v, want a 429 then a 200", posts)
	}
	select {
	case rl := <-limited:
		if rl.RetryAfter != 50*time.Millisecond {
			t.Errorf("discordgo read retry_after %v, want 50ms", rl.RetryAfter)
		}
	case <-time.After(wait):
		t.Error("discordgo saw no rate limit")
	}
	if n := len(srv.ChannelMessages()); n != 1 {
		t.Errorf("accepted channel messages = %d, want 1", n)
	}
}

func TestDroppedConnectionResumesAndReplaysMissedEvents(t *testing.T) {
	t.Parallel()
	srv := New(t)
	ds := srv.NewSession()
	got := make(chan string, 4)
	ds.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) { got <- ic.ID })
	if err := ds.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.CloseSession(ds) })
	readyFrame, _ := srv.WaitFrame(wait, func(f GatewayFrame) bool { return f.Type == "READY" })

	if !srv.DropConnection() {
		t.Fatal("no connection to drop")
	}
	// Sent while the bot is disconnected: Discord replays it after RESUME.
	missed := srv.SendInteraction(slashBrief())
	resume, ok := srv.WaitFrame(wait, func(f GatewayFrame) bool { return f.FromClient && f.Op == OpResume })
	if !ok {
		t.Fatal("the session did not send RESUME after the drop")
	}
	if !bytes.Contains(resume.Data, []byte(`"session_id":"`)) || resume.Conn != 2 {
		t.Errorf("RESUME = conn %d %s", resume.Conn, resume.Data)
	}
	var readySession struct {
		SessionID string `json:"session_id"`
	}
	if err := json.Unmarshal(readyFrame.Data, &readySession); err != nil || !bytes.Contains(resume.Data, []byte(readySession.SessionID)) {
		t.Errorf("RESUME %s does not carry READY's session id %q", resume.Data, readySession.SessionID)
	}
	if _, ok := srv.WaitFrame(wait, func(f GatewayFrame) bool { return f.Type == "RESUMED" && f.Conn == 2 }); !ok {
		t.Error("no RESUMED sent")
	}
	select {
	case id := <-got:
		if id != missed.ID {
			t.Errorf("first interaction after the resume = %s, want the missed %s", id, missed.ID)
		}
	case <-time.After(wait):
		t.Fatal("the interaction sent during the outage never arrived")
	}
	for _, f := range srv.Frames() {
		if f.FromClient && f.Op == OpIdentify && f.Conn != 1 {
			t.Errorf("the session identified anew on connection %d instead of resuming", f.Conn)
		}
	}
	// Dispatches still reach the resumed session.
	after := srv.SendInteraction(slashBrief())
	select {
	case id := <-got:
		if id != after.ID {
			t.Errorf("got interaction %s, want %s", id, after.ID)
		}
	case <-time.After(wait):
		t.Fatal("no interaction after the resume")
	}
}

func TestReconnectRequestResumes(t *testing.T) {
	t.Parallel()
	srv := New(t)
	srv.OpenSession(t)
	if err := srv.RequestReconnect(); err != nil {
		t.Fatal(err)
	}
	if _, ok := srv.WaitFrame(wait, func(f GatewayFrame) bool { return f.FromClient && f.Op == OpResume && f.Conn == 2 }); !ok {
		t.Fatal("no RESUME on a new connection after op 7")
	}
	if !srv.WaitConnected(wait) {
		t.Fatal("the resumed session is not reachable")
	}
	if _, ok := srv.WaitFrame(wait, func(f GatewayFrame) bool { return f.Type == "RESUMED" && f.Conn == 2 }); !ok {
		t.Error("no RESUMED sent")
	}
}
