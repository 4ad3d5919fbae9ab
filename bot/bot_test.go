package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"redline/bot/internal/discordtest"
	"redline/briefing"
	"redline/briefing/article"
	"redline/briefing/fetch"
	"redline/briefing/warnings"
)

// wait is generous: the suite must pass under -race on two busy cores.
const wait = 20 * time.Second

// newsSite serves the articles in testdata/ ("/red-line" is
// testdata/red-line.html) on loopback; anything else is a 404.
func newsSite() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, err := os.ReadFile(filepath.Join("testdata", filepath.Base(r.URL.Path)+".html"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
}

// realPipeline is redline's own fetch → article → warnings pipeline,
// allowed to read the loopback site.
func realPipeline(t testing.TB, site *httptest.Server, rec briefing.Recorder) *briefing.Pipeline {
	t.Helper()
	fc, err := fetch.New(fetch.Options{Allow: []string{site.Listener.Addr().String()}})
	if err != nil {
		t.Fatal(err)
	}
	return &briefing.Pipeline{Reader: article.NewReader(fc), Extractor: warnings.New(), Recorder: rec}
}

// logWriter sends slog output to the test log until the test ends.
type logWriter struct {
	t    testing.TB
	done atomic.Bool
}

func (w *logWriter) Write(p []byte) (int, error) {
	if !w.done.Load() {
		w.t.Log(strings.TrimSpace(string(p)))
	}
	return len(p), nil
}

// env is one bot running against a fake Discord.
type env struct {
	srv      *discordtest.Server
	poster   *Poster
	bot      *Bot
	store    *fakeStore
	articles *httptest.Server
}

// start runs a bot against a fresh fake Discord; tune adjusts its options,
// where o.Poster is already the poster on the fake (for engines that post
// through it). The bot is stopped (and its session closed) before the fake is.
func start(t testing.TB, tune func(*Options)) *env {
	t.Helper()
	srv := discordtest.New(t)
	poster, err := NewPoster(PosterOptions{Token: discordtest.Token, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatalf("NewPoster: %v", err)
	}
	articles := newsSite()
	store := &fakeStore{warnings: warningsFixture(12), actors: []briefing.Actor{
		{Name: "Vladimir Putin", Affiliation: "Russia", Key: "vladimir putin"},
		{Name: "Volodymyr Zelensky", Affiliation: "Ukraine", Key: "volodymyr zelensky"},
		{Name: "South Korea", Key: "south korea"},
	}}
	lw := &logWriter{t: t}
	o := Options{
		Poster:    poster,
		AppID:     srv.AppID,
		Briefer:   realPipeline(t, articles, store),
		Store:     store,
		RateLimit: RateLimit{Count: 1000, Per: time.Minute},
		Logger:    slog.New(slog.NewTextHandler(lw, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
	if tune != nil {
		tune(&o)
	}
	b, err := New(o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	t.Cleanup(func() { // runs before the fake's own cleanup
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run returned %v after shutdown", err)
			}
		case <-time.After(wait):
			t.Error("Run did not return after its context was cancelled")
		}
		articles.Close()
		lw.done.Store(true)
	})
	select {
	case <-b.Ready():
	case err := <-done:
		t.Fatalf("Run stopped before it was ready: %v", err)
	case <-time.After(wait):
		t.Fatal("the bot did not get ready")
	}
	if !srv.WaitConnected(wait) {
		t.Fatal("the bot's gateway session did not connect")
	}
	return &env{srv: srv, poster: poster, bot: b, store: store, articles: articles}
}

// command builds a slash command interaction with string/number options.
func command(name string, opts ...map[string]any) map[string]any {
	if opts == nil {
		opts = []map[string]any{}
	}
	return map[string]any{"type": 2, "data": map[string]any{"id": "1200000000000000001", "name": name, "type": 1, "options": opts}}
}

func strOpt(name, value string) map[string]any {
	return map[string]any{"name": name, "type": 3, "value": value}
}

func (e *env) callback(t *testing.T, in *discordgo.Interaction) discordtest.Callback {
	t.Helper()
	c, ok := e.srv.WaitCallback(in.ID, wait)
	if !ok {
		t.Fatalf("no answer to interaction %s", in.ID)
	}
	return c
}

func (e *env) edit(t *testing.T, in *discordgo.Interaction, n int) discordtest.Edit {
	t.Helper()
	ed, ok := e.srv.WaitEdit(in.Token, n, wait)
	if !ok {
		t.Fatalf("no edit %d of the response to interaction %s", n, in.ID)
	}
	return ed
}

// posted waits for the briefing /brief posts for everyone: the private
// deferral resolved first, then public followups; it returns the first.
func (e *env) posted(t *testing.T, in *discordgo.Interaction) discordtest.Followup {
	t.Helper()
	ack := e.callback(t, in)
	if ack.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || !ack.Data.Ephemeral() {
		t.Fatalf("/brief answered type %d (ephemeral %v), want a private deferral", ack.Type, ack.Data.Ephemeral())
	}
	r, ok := e.srv.WaitFor(wait, func(r discordtest.Request) bool {
		return r.Is(http.MethodPost, discordtest.RouteWebhook) && r.Params["webhook_token"] == in.Token && r.Status < 300
	})
	if !ok {
		t.Fatal("no briefing was posted after /brief")
	}
	var f discordtest.Followup
	for _, fu := range e.srv.Followups() {
		if fu.Seq == r.Seq {
			f = fu
		}
	}
	shown := e.srv.FollowupMessages(in.ID)
	if len(shown) == 0 || fmt.Sprint(shown[0]["flags"]) != "0" {
		t.Fatalf("the briefing is not a public message of its own: followups %v, original %v", shown, e.srv.OriginalMessage(in.ID))
	}
	return f
}

func embedText(es []*discordgo.MessageEmbed) string {
	var sb strings.Builder
	for _, e := range es {
		sb.WriteString(e.Title + "\n" + e.Description + "\n")
		for _, f := range e.Fields {
			sb.WriteString(f.Name + "\n" + f.Value + "\n")
		}
	}
	return sb.String()
}

func TestCommandsRegisteredWithOneOverwrite(t *testing.T) {
	t.Parallel()
	e := start(t, func(o *Options) { o.DevGuildID = discordtest.DefaultGuildID })
	ow, ok := e.srv.WaitCommandOverwrite(wait)
	if !ok {
		t.Fatal("no bulk overwrite of commands")
	}
	if n := len(e.srv.CommandOverwrites()); n != 1 {
		t.Errorf("%d bulk overwrites, want exactly one", n)
	}
	if ow.GuildID != discordtest.DefaultGuildID {
		t.Errorf("commands registered in guild %q, want the dev guild", ow.GuildID)
	}
	byName := map[string]*discordgo.ApplicationCommand{}
	for _, c := range ow.Commands {
		byName[c.Name] = c
	}
	for _, name := range []string{"brief", "history", "who", "feed", "digest", "help", "Brief this"} {
		if byName[name] == nil {
			t.Errorf("command %q not registered", name)
		}
	}
	var histOpts []string
	for _, o := range byName["history"].Options {
		histOpts = append(histOpts, o.Name)
	}
	if got := strings.Join(histOpts, ","); got != "speaker,addressee,query,days" {
		t.Errorf("/history options = %s", got)
	}
	if u := byName["brief"].Options; len(u) != 1 || u[0].Name != "url" || !u[0].Required {
		t.Errorf("/brief options = %+v, want one required url", u)
	}
	for _, name := range []string{"feed", "digest"} {
		if p := byName[name].DefaultMemberPermissions; p == nil || *p != discordgo.PermissionManageGuild {
			t.Errorf("/%s default_member_permissions = %v, want Manage Server (32)", name, p)
		}
	}
	for _, name := range []string{"brief", "history", "who", "help"} {
		c := byName[name]
		if c.Contexts == nil || len(*c.Contexts) != 3 || (*c.Contexts)[1] != discordgo.InteractionContextBotDM {
			t.Errorf("/%s contexts = %v, want guild, bot DM and private channel", name, c.Contexts)
		}
	}
	if byName["Brief this"].Type != discordgo.MessageApplicationCommand {
		t.Error("Brief this is not a message command")
	}
	intents, _ := e.srv.SessionIntents()
	if want := discordgo.IntentsGuilds | discordgo.IntentsDirectMessages; intents != want {
		t.Errorf("intents = %d, want guilds + direct messages (%d) and no privileged intent", intents, want)
	}
}

func TestMessageContentIntentOnlyForBriefChannels(t *testing.T) {
	t.Parallel()
	e := start(t, func(o *Options) { o.BriefChannels = []string{discordtest.DefaultChannelID} })
	if ow, ok := e.srv.WaitCommandOverwrite(wait); !ok || ow.GuildID != "" {
		t.Errorf("without a dev guild, commands went to guild %q, want global", ow.GuildID)
	}
	intents, _ := e.srv.SessionIntents()
	if intents&discordgo.IntentMessageContent == 0 || intents&discordgo.IntentGuildMessages == 0 {
		t.Fatalf("intents = %d, want message content and guild messages for brief channels", intents)
	}
	link := e.articles.URL + "/red-line"
	if _, ok := e.srv.SendMessageCreate(map[string]any{"content": "worth a read " + link}); !ok {
		t.Fatal("the fake withheld the channel message")
	}
	m, ok := e.srv.WaitChannelMessage(discordtest.DefaultChannelID, 1, wait)
	if !ok {
		t.Fatal("a link posted in a brief channel was not briefed")
	}
	if !strings.Contains(embedText(m.Message.Embeds), "Chang Ho-jin (South Korea) → Russia") || !m.Message.MentionsNothing() {
		t.Errorf("channel briefing = %q, mentions %+v", embedText(m.Message.Embeds), m.Message.AllowedMentions)
	}
}

func TestBriefDefersPrivatelyThenPostsTheBriefingForAll(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	in := e.srv.SendInteraction(command("brief", strOpt("url", e.articles.URL+"/red-line")))
	f := e.posted(t, in)
	ed := e.edit(t, in, 1)
	if ed.Seq > f.Seq || !strings.Contains(ed.Message.ContentString(), "posted below") {
		t.Errorf("the private note (#%d %q) must resolve the deferral before the briefing (#%d)", ed.Seq, ed.Message.ContentString(), f.Seq)
	}
	if orig := e.srv.OriginalMessage(in.ID); fmt.Sprint(orig["flags"]) != "64" {
		t.Errorf("the note is not private: flags %v", orig["flags"])
	}
	text := embedText(f.Message.Embeds)
	for _, want := range []string{"Seoul weighs sending arms to Ukraine", "Chang Ho-jin (South Korea) → Russia", "Vladimir Putin (Russia) → South Korea"} {
		if !strings.Contains(text, want) {
			t.Errorf("briefing embeds lack %q:\n%s", want, text)
		}
	}
	if p := discordLimitProblems(f.Message.ContentString(), f.Message.Embeds); len(p) > 0 {
		t.Errorf("briefing breaks Discord limits: %v", p)
	}
	if !f.Message.MentionsNothing() || !ed.Message.MentionsNothing() {
		t.Errorf("allowed_mentions = %s / %s, want nothing allowed", f.Message.Fields["allowed_mentions"], ed.Message.Fields["allowed_mentions"])
	}
	if len(e.store.saved) != 1 {
		t.Errorf("%d briefings recorded, want 1", len(e.store.saved))
	}
}

func TestBriefInAChannelGoesIntoItsDigest(t *testing.T) {
	t.Parallel()
	channels := &channelLog{}
	e := start(t, func(o *Options) { o.Channels = channels })
	in := e.srv.SendInteraction(command("brief", strOpt("url", e.articles.URL+"/red-line")))
	e.edit(t, in, 1)
	want := discordtest.DefaultChannelID + " 1"
	if got := channels.recorded(); len(got) != 1 || got[0] != want {
		t.Errorf("channel records = %q, want [%q]", got, want)
	}
}

func TestBriefNeverPingsFromArticleText(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	in := e.srv.SendInteraction(command("brief", strOpt("url", e.articles.URL+"/everyone")))
	ed := e.posted(t, in)
	if !ed.Message.MentionsNothing() {
		t.Fatalf("allowed_mentions = %s, want {\"parse\":[]}", ed.Message.Fields["allowed_mentions"])
	}
	var am map[string]any
	if err := json.Unmarshal(ed.Message.Fields["allowed_mentions"], &am); err != nil || am["parse"] == nil {
		t.Fatalf("allowed_mentions %s has no parse list", ed.Message.Fields["allowed_mentions"])
	}
	text := embedText(ed.Message.Embeds)
	if !strings.Contains(text, "very big") {
		t.Fatalf("the quote is missing from the briefing:\n%s", text)
	}
	for _, raw := range []string{"**very big**", "@everyone", "<@&123456789012345678>"} {
		if strings.Contains(text, raw) {
			t.Errorf("%q from the article reached Discord as is:\n%s", raw, text)
		}
	}
}

func TestBriefErrorsAreShortAndPrivate(t *testing.T) {
	t.Parallel()
	e := start(t, nil)

	bad := e.srv.SendInteraction(command("brief", strOpt("url", "not a link")))
	c := e.callback(t, bad)
	if c.Type != discordgo.InteractionResponseChannelMessageWithSource || !c.Data.Ephemeral() || !strings.Contains(c.Data.ContentString(), "https://") {
		t.Errorf("bad URL answer = type %d ephemeral %v %q, want an immediate private hint", c.Type, c.Data.Ephemeral(), c.Data.ContentString())
	}

	missing := e.srv.SendInteraction(command("brief", strOpt("url", e.articles.URL+"/gone")))
	if c := e.callback(t, missing); c.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || !c.Data.Ephemeral() {
		t.Fatalf("answer type %d ephemeral %v, want a private deferral: the channel never sees a thinking… vanish", c.Type, c.Data.Ephemeral())
	}
	ed := e.edit(t, missing, 1)
	msg := ed.Message.ContentString()
	if !strings.Contains(msg, "HTTP 404") || len(msg) > 300 || len(ed.Message.Embeds) != 0 {
		t.Errorf("private answer = %q, want a short message saying what failed", msg)
	}
	if orig := e.srv.OriginalMessage(missing.ID); orig == nil || fmt.Sprint(orig["flags"]) != "64" {
		t.Errorf("the failure is not private: %v", orig)
	}
	if f := e.srv.FollowupMessages(missing.ID); len(f) != 0 {
		t.Errorf("a failed brief posted %v", f)
	}
}

func TestBriefRateLimitedPerUser(t *testing.T) {
	t.Parallel()
	e := start(t, func(o *Options) { o.RateLimit = RateLimit{Count: 1, Per: time.Hour} })
	first := e.srv.SendInteraction(command("brief", strOpt("url", e.articles.URL+"/red-line")))
	e.posted(t, first)
	second := e.srv.SendInteraction(command("brief", strOpt("url", e.articles.URL+"/red-line")))
	c := e.callback(t, second)
	if !c.Data.Ephemeral() || !strings.Contains(c.Data.ContentString(), "try again") {
		t.Errorf("second brief answer = %q (ephemeral %v), want a friendly private limit message", c.Data.ContentString(), c.Data.Ephemeral())
	}
}

func TestBriefThisUsesTheResolvedMessage(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	const target = "1200000000000000099"
	in := e.srv.SendInteraction(map[string]any{"type": 2, "data": map[string]any{
		"id": "1200000000000000002", "name": "Brief this", "type": 3, "target_id": target,
		"resolved": map[string]any{"messages": map[string]any{target: map[string]any{
			"id": target, "channel_id": discordtest.DefaultChannelID, "content": "have you seen (" + e.articles.URL + "/red-line)?",
			"author": map[string]any{"id": discordtest.DefaultUserID, "username": "tester"},
		}}},
	}})
	ed := e.posted(t, in)
	if !strings.Contains(embedText(ed.Message.Embeds), "Chang Ho-jin (South Korea) → Russia") {
		t.Errorf("Brief this did not brief the message's link:\n%s", embedText(ed.Message.Embeds))
	}
}

func TestDirectMessageLinkGetsBriefing(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	if _, ok := e.srv.SendDM("please brief " + e.articles.URL + "/red-line"); !ok {
		t.Fatal("the fake withheld the DM: direct messages intent missing")
	}
	m, ok := e.srv.WaitChannelMessage(e.srv.DMChannelID(e.srv.UserID), 1, wait)
	if !ok {
		t.Fatal("no reply in the DM channel")
	}
	if text := embedText(m.Message.Embeds); !strings.Contains(text, "Vladimir Putin (Russia) → South Korea") {
		t.Errorf("DM briefing lacks the warning:\n%s", text)
	}
	if !m.Message.MentionsNothing() {
		t.Error("DM reply allows mentions")
	}
	var extra struct {
		Nonce        string `json:"nonce"`
		EnforceNonce bool   `json:"enforce_nonce"`
	}
	_ = m.Decode(&extra)
	if extra.Nonce == "" || len(extra.Nonce) > 25 || !extra.EnforceNonce {
		t.Errorf("nonce %q enforce %v, want an enforced nonce of at most 25 characters", extra.Nonce, extra.EnforceNonce)
	}
}

func TestDirectMessageQuestionGetsHistory(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	e.srv.SendDM("who warned Russia?")
	m, ok := e.srv.WaitChannelMessage(e.srv.DMChannelID(e.srv.UserID), 1, wait)
	if !ok {
		t.Fatal("no reply to the question")
	}
	calls := e.store.historyCalls()
	if len(calls) != 1 || calls[0].Addressee != "Russia" || calls[0].Speaker != "" {
		t.Fatalf("history queries = %+v, want one by addressee Russia", calls)
	}
	text := embedText(m.Message.Embeds)
	if !strings.Contains(text, "→ Russia") || strings.Contains(text, "→ South Korea") {
		t.Errorf("history reply shows the wrong warnings:\n%s", text)
	}
}

func TestDirectMessageBareNameGetsProfileElseSearch(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	dm := e.srv.DMChannelID(e.srv.UserID)
	e.srv.SendDM("Vladimir Putin")
	m, ok := e.srv.WaitChannelMessage(dm, 1, wait)
	if !ok {
		t.Fatal("no reply to a bare name")
	}
	if text := embedText(m.Message.Embeds); !strings.Contains(text, "Vladimir Putin") || !strings.Contains(text, "Warned others") {
		t.Errorf("a known name should get its profile:\n%s", text)
	}
	if calls := e.store.historyCalls(); len(calls) != 0 {
		t.Errorf("a known name ran history searches %+v", calls)
	}

	e.srv.SendDM("Zorblax Quint")
	if _, ok := e.srv.WaitChannelMessage(dm, 2, wait); !ok {
		t.Fatal("no reply to an unknown name")
	}
	if calls := e.store.historyCalls(); len(calls) != 1 || calls[0].Text != "Zorblax Quint" {
		t.Errorf("an unknown name should be searched as text, history queries = %+v", calls)
	}
}

func TestDirectMessageSmallTalkGetsHelp(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	e.srv.SendDM("hello")
	m, ok := e.srv.WaitChannelMessage(e.srv.DMChannelID(e.srv.UserID), 1, wait)
	if !ok || !strings.Contains(m.Message.ContentString(), "who warned Seoul?") {
		t.Fatalf("reply to small talk = %q, want the short help", m.Message.ContentString())
	}
	if n := len(e.store.historyCalls()); n != 0 {
		t.Errorf("small talk ran %d history searches", n)
	}
}

func TestHistoryPagesWithButtonsAndCursors(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	in := e.srv.SendInteraction(command("history"))
	first := e.edit(t, in, 1)
	if len(first.Message.Embeds) == 0 || len(first.Message.Embeds[0].Fields) != historyPerPage {
		t.Fatalf("first page = %q, want %d entries", embedText(first.Message.Embeds), historyPerPage)
	}
	if !strings.Contains(embedText(first.Message.Embeds), "warning number 12") {
		t.Errorf("first page is not the newest:\n%s", embedText(first.Message.Embeds))
	}
	next := button(t, first.Message.Components, "Next")

	click := func(customID string) *discordgo.Interaction {
		return e.srv.SendInteraction(map[string]any{
			"type":    3,
			"data":    map[string]any{"custom_id": customID, "component_type": 2},
			"message": e.srv.OriginalMessage(in.ID),
		})
	}
	c1 := click(next.CustomID)
	if cb := e.callback(t, c1); cb.Type != discordgo.InteractionResponseDeferredMessageUpdate {
		t.Errorf("button answer type %d, want a deferred update (6)", cb.Type)
	}
	second := e.edit(t, c1, 1)
	text := embedText(second.Message.Embeds)
	if !strings.Contains(text, "warning number 7") || strings.Contains(text, "warning number 12") {
		t.Errorf("second page wrong:\n%s", text)
	}
	calls := e.store.historyCalls()
	if len(calls) != 2 || calls[1].Cursor != "5" {
		t.Fatalf("history queries = %+v, want the second to continue from the store's cursor", calls)
	}

	prev := button(t, second.Message.Components, "Previous")
	c2 := click(prev.CustomID)
	back := e.edit(t, c2, 1)
	if !strings.Contains(embedText(back.Message.Embeds), "warning number 12") {
		t.Errorf("Previous did not go back to the first page:\n%s", embedText(back.Message.Embeds))
	}
	if calls := e.store.historyCalls(); calls[2].Cursor != "" {
		t.Errorf("Previous used cursor %q, want the first page's", calls[2].Cursor)
	}
}

// button finds a button by label in an action row.
func button(t *testing.T, comps []discordgo.MessageComponent, label string) discordgo.Button {
	t.Helper()
	for _, c := range comps {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, rc := range row.Components {
			if b, ok := rc.(*discordgo.Button); ok && b.Label == label {
				if b.Disabled {
					t.Fatalf("button %q is disabled", label)
				}
				return *b
			}
		}
	}
	t.Fatalf("no %q button in %+v", label, comps)
	return discordgo.Button{}
}

func TestAutocompleteSuggestsActors(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	in := e.srv.SendInteraction(map[string]any{"type": 4, "data": map[string]any{
		"id": "1200000000000000003", "name": "history", "type": 1,
		"options": []map[string]any{{"name": "speaker", "type": 3, "value": "v", "focused": true}},
	}})
	c := e.callback(t, in)
	if c.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		t.Fatalf("answer type %d, want autocomplete result (8)", c.Type)
	}
	var names []string
	for _, ch := range c.Data.Choices {
		names = append(names, ch.Name+"="+fmt.Sprint(ch.Value))
	}
	if got := strings.Join(names, ";"); got != "Vladimir Putin (Russia)=Vladimir Putin;Volodymyr Zelensky (Ukraine)=Volodymyr Zelensky" {
		t.Errorf("choices = %s", got)
	}
}

func TestWhoShowsProfile(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	in := e.srv.SendInteraction(command("who", strOpt("name", "Vladimir Putin")))
	ed := e.edit(t, in, 1)
	if text := embedText(ed.Message.Embeds); !strings.Contains(text, "Vladimir Putin") || !strings.Contains(text, "**6**") {
		t.Errorf("profile = %s", text)
	}
}

func TestManagementCommandsComingSoonWithoutEngines(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	for _, name := range []string{"feed", "digest"} {
		in := e.srv.SendInteraction(command(name, map[string]any{"name": "list", "type": 1}))
		c := e.callback(t, in)
		if !c.Data.Ephemeral() || !strings.Contains(c.Data.ContentString(), "coming soon") {
			t.Errorf("/%s answer = %q, want a private coming-soon reply", name, c.Data.ContentString())
		}
	}
}

func TestRateLimited429IsRetried(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	e.srv.FailNext(http.MethodPost, discordtest.RouteInteractionCallback, http.StatusTooManyRequests, 200*time.Millisecond)
	in := e.srv.SendInteraction(command("help"))
	c := e.callback(t, in)
	if !strings.Contains(c.Data.ContentString(), "/brief") {
		t.Errorf("help after a 429 = %q", c.Data.ContentString())
	}
	var limited int
	for _, r := range e.srv.Requests() {
		if r.Injected && r.Status == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited != 1 {
		t.Errorf("%d injected 429s seen, want 1 (then the retry)", limited)
	}
}

func TestDroppedGatewayResumes(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	if !e.srv.DropConnection() {
		t.Fatal("no connection to drop")
	}
	if _, ok := e.srv.WaitFrame(wait, func(f discordtest.GatewayFrame) bool {
		return f.FromClient && f.Op == discordtest.OpResume
	}); !ok {
		t.Fatal("the bot did not RESUME after the connection dropped")
	}
	if !e.srv.WaitConnected(wait) {
		t.Fatal("the resumed session did not come back")
	}
	in := e.srv.SendInteraction(command("help"))
	if c := e.callback(t, in); c.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Errorf("after resume, /help answer type %d", c.Type)
	}
}

// panickyStore fails the way a bug would.
type panickyStore struct{ *fakeStore }

func (panickyStore) Profile(context.Context, string, int) (briefing.Profile, error) {
	panic("boom")
}

func TestHandlerPanicDoesNotStopTheBot(t *testing.T) {
	t.Parallel()
	e := start(t, func(o *Options) { o.Store = panickyStore{&fakeStore{}} })
	who := e.srv.SendInteraction(command("who", strOpt("name", "Russia")))
	r, ok := e.srv.WaitFor(wait, func(r discordtest.Request) bool {
		return r.Is(http.MethodPost, discordtest.RouteWebhook) && r.Params["webhook_token"] == who.Token
	})
	if !ok {
		t.Fatal("the user was not told that /who failed")
	}
	if !strings.Contains(string(r.Body), "Something went wrong") || strings.Contains(string(r.Body), "boom") {
		t.Errorf("apology = %s, want a plain message without the panic", r.Body)
	}
	in := e.srv.SendInteraction(command("help"))
	if c := e.callback(t, in); !strings.Contains(c.Data.ContentString(), "/history") {
		t.Errorf("after a panic, /help answered %q", c.Data.ContentString())
	}
}

func TestPostBriefingCarriesNonceAndNoMentions(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	br := &briefing.Briefing{
		Article:  briefing.Article{URL: "https://news.example/1", Title: "A story"},
		Warnings: warningsFixture(2),
	}
	key := "feed:42:item:https://news.example/1"
	if err := e.poster.PostBriefing(context.Background(), discordtest.DefaultChannelID, br, key); err != nil {
		t.Fatal(err)
	}
	if err := e.poster.PostNotice(context.Background(), discordtest.DefaultChannelID, "Feed paused @everyone"); err != nil {
		t.Fatal(err)
	}
	msgs, _ := e.srv.WaitCount(wait, 2, func(r discordtest.Request) bool { return r.Is(http.MethodPost, discordtest.RouteChannelMessages) })
	var body struct {
		Nonce           string          `json:"nonce"`
		EnforceNonce    bool            `json:"enforce_nonce"`
		AllowedMentions json.RawMessage `json:"allowed_mentions"`
	}
	_ = msgs[0].Decode(&body)
	if body.Nonce != nonce(key+"#0") || !body.EnforceNonce {
		t.Errorf("briefing nonce %q enforce %v", body.Nonce, body.EnforceNonce)
	}
	for _, m := range msgs {
		var b struct {
			AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
		}
		_ = m.Decode(&b)
		if b.AllowedMentions == nil || len(b.AllowedMentions.Parse) != 0 {
			t.Errorf("message %s allows mentions", m.Body)
		}
	}
}

// --- benchmark -------------------------------------------------------------

// instantReader answers at once, so the benchmark measures the path from
// INTERACTION_CREATE to the deferred ack only.
type instantReader struct{}

func (instantReader) Read(context.Context, string) (briefing.Article, error) {
	return briefing.Article{URL: "https://news.example/b", Title: "Bench"}, nil
}

func BenchmarkInteractionToDeferredAck(b *testing.B) {
	e := start(b, func(o *Options) {
		o.Briefer = &briefing.Pipeline{Reader: instantReader{}, Extractor: warnings.New()}
		o.RateLimit = RateLimit{Count: 1 << 30, Per: time.Second}
	})
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		in := e.srv.SendInteraction(command("brief", strOpt("url", "https://news.example/b")))
		if _, ok := e.srv.WaitCallback(in.ID, wait); !ok {
			b.Fatal("no ack")
		}
		total += time.Since(start)
		b.StopTimer()
		e.srv.WaitEdit(in.Token, 1, wait) // let the edit finish outside the measurement
		b.StartTimer()
	}
	b.ReportMetric(float64(total.Microseconds())/float64(b.N)/1000, "ms/ack")
}

func TestNewRejectsIncompleteOptions(t *testing.T) {
	if _, err := NewPoster(PosterOptions{}); briefing.ErrorCode(err) != briefing.EINVALID {
		t.Errorf("a poster without a token: error %v, want EINVALID", err)
	}
	poster, err := NewPoster(PosterOptions{Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	ok := Options{Poster: poster, Briefer: &briefing.Pipeline{}, Store: &fakeStore{}}
	for name, o := range map[string]Options{
		"no poster":   {Briefer: ok.Briefer, Store: ok.Store},
		"no pipeline": {Poster: ok.Poster, Store: ok.Store},
		"no store":    {Poster: ok.Poster, Briefer: ok.Briefer},
	} {
		if _, err := New(o); briefing.ErrorCode(err) != briefing.EINVALID {
			t.Errorf("%s: New error %v, want EINVALID", name, err)
		}
	}
	if _, err := New(ok); err != nil {
		t.Errorf("complete options refused: %v", err)
	}
}

func TestLongBriefingPostsOverSeveralValidMessages(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	long := strings.Repeat("Officials said the line would be crossed within days. ", 180) // about 10,000 characters
	ws := warningsFixture(100)
	for i := range ws {
		ws[i].What, ws[i].Quote, ws[i].Condition, ws[i].Consequence = long, long, long, long
	}
	br := &briefing.Briefing{Article: briefing.Article{URL: "https://news.example/long", Title: strings.Repeat("Long headline ", 40)}, Warnings: ws}
	if err := e.poster.PostBriefing(context.Background(), discordtest.DefaultChannelID, br, "long"); err != nil {
		t.Fatalf("PostBriefing: %v", err) // the fake refuses any message that breaks Discord's rules
	}
	msgs := e.srv.ChannelMessages()
	if len(msgs) < 2 {
		t.Fatalf("%d message(s) for 100 long warnings, want several", len(msgs))
	}
	fields := 0
	for i, m := range msgs {
		if p := discordLimitProblems(m.Message.ContentString(), m.Message.Embeds); len(p) > 0 {
			t.Errorf("message %d breaks limits: %v", i, p)
		}
		for _, em := range m.Message.Embeds {
			fields += len(em.Fields)
		}
	}
	if fields != 100 {
		t.Errorf("%d warnings posted, want 100", fields)
	}
}

func TestPostToAForbiddenChannelSaysWhatToDo(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	e.srv.FailNext(http.MethodPost, discordtest.RouteChannelMessages, http.StatusForbidden, 0)
	err := e.poster.PostNotice(context.Background(), discordtest.DefaultChannelID, "hello")
	if briefing.ErrorCode(err) != briefing.EBLOCKED || !strings.Contains(briefing.ErrorMessage(err), "Send Messages") {
		t.Errorf("error = %v (code %s), want EBLOCKED naming the permission", err, briefing.ErrorCode(err))
	}
}
