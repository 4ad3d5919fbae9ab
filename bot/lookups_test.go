package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"redline/bot/internal/discordtest"
	"redline/briefing"
	"redline/briefing/digest"
	"redline/briefing/render/chart"
	"redline/storage"
)

// historyTopics make each stored warning say something else.
var historyTopics = []string{"pipeline", "airspace", "fishing quotas", "cable cuts", "embassy staff", "grain exports",
	"border drills", "oil tankers", "visa bans", "Arctic patrols", "cyber attacks", "satellite launches", "port access"}

// historyStore is a SQLite history holding n (at most 13) distinct
// warnings of Russia to Norway, one article each, an hour apart ending at end.
func historyStore(t *testing.T, path string, n int, end time.Time) *storage.Store {
	t.Helper()
	store, err := storage.Open(context.Background(), path, storage.WithNow(func() time.Time { return end }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	for i := 1; i <= n; i++ {
		at := end.Add(-time.Duration(n-i) * time.Hour)
		kind := briefing.KindWarning
		if i%3 == 0 {
			kind = briefing.KindThreat
		}
		b := &briefing.Briefing{
			Article: briefing.Article{URL: fmt.Sprintf("https://news.example/%d", i), Title: fmt.Sprintf("Story %d", i), Site: "Wire", Published: at, Fetched: at},
			Warnings: []briefing.Warning{{
				Speaker: briefing.Actor{Name: "Russia"}, Addressee: briefing.Actor{Name: "Norway"}, Kind: kind,
				What:     fmt.Sprintf("warning number %d: on %s", i, historyTopics[i-1]),
				Evidence: []string{fmt.Sprintf("Moscow said %s were at stake.", historyTopics[i-1])},
			}},
		}
		if err := store.SaveBriefing(context.Background(), b); err != nil {
			t.Fatal(err)
		}
	}
	return store
}

// click sends a button press on msg as user.
func click(srv *discordtest.Server, customID string, msg map[string]any, user string) *discordgo.Interaction {
	return srv.SendInteraction(map[string]any{
		"type":    3,
		"data":    map[string]any{"custom_id": customID, "component_type": 2},
		"message": msg,
		"member": map[string]any{"user": map[string]any{"id": user, "username": "user-" + user}, "roles": []any{},
			"joined_at": "2024-01-01T00:00:00Z", "permissions": "0", "deaf": false, "mute": false, "flags": 0},
		"guild_id": discordtest.DefaultGuildID,
	})
}

func TestHistoryButtonFromBeforeARestartPagesAndRefusesOthers(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "redline.db")
	end := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	store := historyStore(t, path, 12, end)
	wire := func(o *Options) { o.Store, o.Searches = store, store }

	before := start(t, wire)
	in := before.srv.SendInteraction(command("history", strOpt("speaker", "Russia")))
	if c := before.callback(t, in); !c.Data.Ephemeral() {
		t.Fatal("/history answered publicly")
	}
	first := before.edit(t, in, 1)
	if !strings.Contains(embedText(first.Message.Embeds), "warning number 12") {
		t.Fatalf("first page:\n%s", embedText(first.Message.Embeds))
	}
	next := button(t, first.Message.Components, "Next")
	if len(next.CustomID) > 100 {
		t.Fatalf("custom_id %q is over 100 characters", next.CustomID)
	}
	message := before.srv.OriginalMessage(in.ID)

	// A new process: another bot (and session) on the same database file.
	after := start(t, wire)
	c := click(after.srv, next.CustomID, message, discordtest.DefaultUserID)
	if cb := after.callback(t, c); cb.Type != discordgo.InteractionResponseDeferredMessageUpdate {
		t.Fatalf("the old button answered type %d", cb.Type)
	}
	second := after.edit(t, c, 1)
	text := embedText(second.Message.Embeds)
	if !strings.Contains(text, "warning number 7") || strings.Contains(text, "warning number 12") || !strings.Contains(text, "page 2") {
		t.Errorf("page 2 after the restart:\n%s", text)
	}
	button(t, second.Message.Components, "Share to channel") // still private: still shareable

	other := click(after.srv, next.CustomID, message, "1100000000000000555")
	cb := after.callback(t, other)
	if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || !cb.Data.Ephemeral() || !strings.Contains(cb.Data.ContentString(), "run /history yourself") {
		t.Errorf("another user's click = type %d %q", cb.Type, cb.Data.ContentString())
	}
	if n := len(after.srv.Edits()); n != 1 {
		t.Errorf("%d edits after the other user's click, want the owner's one", n)
	}
}

func TestHistoryIsPrivateWithAWorkingShareButton(t *testing.T) {
	t.Parallel()
	store := historyStore(t, filepath.Join(t.TempDir(), "redline.db"), 3, time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC))
	e := start(t, func(o *Options) { o.Store, o.Searches = store, store })
	in := e.srv.SendInteraction(command("history"))
	if c := e.callback(t, in); c.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || !c.Data.Ephemeral() {
		t.Fatalf("/history answer type %d ephemeral %v, want private", c.Type, c.Data.Ephemeral())
	}
	ed := e.edit(t, in, 1)
	share := button(t, ed.Message.Components, "Share to channel")
	for _, c := range ed.Message.Components {
		for _, b := range c.(*discordgo.ActionsRow).Components {
			if l := b.(*discordgo.Button).Label; l == "Next" || l == "Previous" {
				t.Errorf("a one-page result shows %q", l)
			}
		}
	}
	sh := click(e.srv, share.CustomID, e.srv.OriginalMessage(in.ID), discordtest.DefaultUserID)
	if c := e.callback(t, sh); c.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || c.Data.Ephemeral() {
		t.Fatalf("Share answered type %d ephemeral %v, want a public answer", c.Type, c.Data.Ephemeral())
	}
	pub := e.edit(t, sh, 1)
	if orig := e.srv.OriginalMessage(sh.ID); orig == nil || fmt.Sprint(orig["flags"]) != "0" {
		t.Errorf("the shared message is not public: %v", orig)
	}
	if !strings.Contains(pub.Message.ContentString(), "Shared by user-"+discordtest.DefaultUserID) || !strings.Contains(embedText(pub.Message.Embeds), "warning number 3") ||
		!pub.Message.MentionsNothing() {
		t.Errorf("shared = %q\n%s", pub.Message.ContentString(), embedText(pub.Message.Embeds))
	}
	if len(pub.Message.Components) != 0 {
		t.Errorf("the shared page offers buttons %+v", pub.Message.Components)
	}
	// Someone else cannot share another's lookup.
	if c := e.callback(t, click(e.srv, share.CustomID, e.srv.OriginalMessage(in.ID), "1100000000000000555")); !c.Data.Ephemeral() {
		t.Error("another user's Share was not refused privately")
	}
}

func TestHistoryShowsAWarningReportedTwiceOnce(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	putin := briefing.Actor{Name: "Vladimir Putin", Affiliation: "Russia", Key: "vladimir putin", AffiliationKey: "russia"}
	seoul := briefing.Actor{Name: "South Korea", Key: "south korea"}
	what := "Sending weapons to Ukraine would be a very big mistake"
	e.store.warnings = []briefing.Warning{
		{ID: 3, Speaker: putin, Addressee: seoul, Kind: briefing.KindWarning, What: what, Source: briefing.Source{ArticleID: 3, URL: "https://b.example/3", Site: "B"}},
		{ID: 2, Speaker: putin, Addressee: seoul, Kind: briefing.KindThreat, What: what, Source: briefing.Source{ArticleID: 2, URL: "https://a.example/2", Site: "A"}},
	}
	in := e.srv.SendInteraction(command("history"))
	ed := e.edit(t, in, 1)
	if es := ed.Message.Embeds; len(es) != 1 || len(es[0].Fields) != 1 {
		t.Fatalf("history shows %d entries for one warning:\n%s", len(es[0].Fields), embedText(es))
	}
	f := ed.Message.Embeds[0].Fields[0]
	if !strings.HasSuffix(f.Name, "— threat") || !strings.Contains(f.Value, "reported by 2 outlets") {
		t.Errorf("merged entry = %q / %q", f.Name, f.Value)
	}
}

func TestWhoAttachesAValidPNGChartAndShares(t *testing.T) {
	t.Parallel()
	end := time.Now().UTC().Truncate(time.Hour)
	store := historyStore(t, filepath.Join(t.TempDir(), "redline.db"), 9, end)
	e := start(t, func(o *Options) { o.Store, o.Searches, o.Activity = store, store, store })
	in := e.srv.SendInteraction(command("who", strOpt("name", "Russia")))
	if c := e.callback(t, in); !c.Data.Ephemeral() {
		t.Fatal("/who answered publicly")
	}
	ed := e.edit(t, in, 1)
	checkChart(t, ed.Request, ed.Message)
	if text := embedText(ed.Message.Embeds); !strings.Contains(text, "Warned others **9** times") || !strings.Contains(text, "by Russia 9, against Russia 0") {
		t.Errorf("/who embed:\n%s", text)
	}
	share := button(t, ed.Message.Components, "Share to channel")
	sh := click(e.srv, share.CustomID, e.srv.OriginalMessage(in.ID), discordtest.DefaultUserID)
	pub := e.edit(t, sh, 1)
	checkChart(t, pub.Request, pub.Message)
	if fmt.Sprint(e.srv.OriginalMessage(sh.ID)["flags"]) != "0" {
		t.Error("the shared record is not public")
	}

	pair := e.srv.SendInteraction(command("who", strOpt("name", "Norway"), strOpt("with", "Russia")))
	ped := e.edit(t, pair, 1)
	checkChart(t, ped.Request, ped.Message)
	if text := embedText(ped.Message.Embeds); !strings.Contains(text, "Norway ↔ Russia") || !strings.Contains(text, "Norway warned Russia **0** times · Russia warned Norway **9** times") {
		t.Errorf("/who with:\n%s", text)
	}
}

// checkChart checks that an edit uploaded the chart as Discord expects: a
// multipart files[0] part holding a valid PNG, named in attachments (id 0)
// and shown by the embed as attachment://.
func checkChart(t *testing.T, r discordtest.Request, m discordtest.MessageBody) {
	t.Helper()
	if len(r.Uploads) != 1 {
		t.Fatalf("%d files uploaded, want the chart", len(r.Uploads))
	}
	u := r.Uploads[0]
	if u.Field != "files[0]" || u.Filename != chart.Filename || u.ContentType != "image/png" {
		t.Errorf("upload = %s %s %s", u.Field, u.Filename, u.ContentType)
	}
	img, err := png.Decode(bytes.NewReader(u.Data))
	if err != nil || img.Bounds().Dx() < 400 || img.Bounds().Dy() < 200 {
		t.Fatalf("the chart is not a PNG picture: %v", err)
	}
	var body struct {
		Attachments []struct {
			ID          string `json:"id"`
			Filename    string `json:"filename"`
			Description string `json:"description"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil || len(body.Attachments) != 1 || body.Attachments[0].ID != "0" ||
		body.Attachments[0].Filename != chart.Filename || body.Attachments[0].Description == "" {
		t.Errorf("attachments payload = %s", r.Body)
	}
	if len(m.Embeds) == 0 || m.Embeds[0].Image == nil || m.Embeds[0].Image.URL != "attachment://"+chart.Filename {
		t.Errorf("the embed does not show the chart: %+v", m.Embeds)
	}
	if !m.MentionsNothing() {
		t.Error("the record allows mentions")
	}
}

func TestUserInstallRegistrationAndUse(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	ow, ok := e.srv.WaitCommandOverwrite(wait)
	if !ok {
		t.Fatal("no command registration")
	}
	var raw []map[string]any
	if err := json.Unmarshal(ow.Body, &raw); err != nil {
		t.Fatal(err)
	}
	for _, c := range raw {
		name := c["name"].(string)
		types, contexts := fmt.Sprint(c["integration_types"]), fmt.Sprint(c["contexts"])
		switch name {
		case "feed", "digest":
			if types != "[0]" || contexts != "[0]" {
				t.Errorf("/%s integration_types %s contexts %s, want a server install in servers only", name, types, contexts)
			}
		default:
			if types != "[0 1]" || contexts != "[0 1 2]" {
				t.Errorf("%q integration_types %s contexts %s, want guild and user installs in servers, the bot's DMs and private channels", name, types, contexts)
			}
		}
	}
	// Used where redline is only installed by the user: a server without
	// the bot, and a group DM.
	for _, where := range []map[string]any{
		{"guild_id": "1200000000000000042", "channel_id": "1200000000000000043", "context": 0},
		{"channel_id": "1200000000000000044", "context": 2, "user": map[string]any{"id": discordtest.DefaultUserID, "username": "tester"}},
	} {
		in := map[string]any{"type": 2, "authorizing_integration_owners": map[string]any{"1": discordtest.DefaultUserID},
			"data": map[string]any{"id": "1200000000000000001", "name": "history", "type": 1, "options": []any{}}}
		for k, v := range where {
			in[k] = v
		}
		if _, ok := where["user"]; !ok {
			in["member"] = map[string]any{"user": map[string]any{"id": discordtest.DefaultUserID, "username": "tester"}, "roles": []any{},
				"joined_at": "2024-01-01T00:00:00Z", "permissions": "0", "deaf": false, "mute": false, "flags": 0}
		}
		sent := e.srv.SendInteraction(in)
		if c := e.callback(t, sent); !c.Data.Ephemeral() {
			t.Errorf("%v: /history answered publicly", where)
		}
		if ed := e.edit(t, sent, 1); !strings.Contains(embedText(ed.Message.Embeds), "warning number 12") {
			t.Errorf("%v: /history from a user install:\n%s", where, embedText(ed.Message.Embeds))
		}
	}
}

func TestDigestOf200WarningsStaysWithinEveryLimit(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	var ws []briefing.Warning
	for i := range 200 {
		long := strings.Repeat(fmt.Sprintf("escalation%d ", i), 40) // each warning its own words
		w := briefing.Warning{
			Speaker:   briefing.Actor{Name: fmt.Sprintf("@everyone Minister of a long-named ministry %d", i%23), Affiliation: "Northland"},
			Addressee: briefing.Actor{Name: fmt.Sprintf("Southland **%d**", i%7)},
			Kind:      []briefing.Kind{briefing.KindWarning, briefing.KindThreat}[i%2],
			What:      fmt.Sprintf("topic%d %s <@&123456789012345678>", i, long), Condition: long, Consequence: long,
			Source: briefing.Source{ArticleID: int64(i), URL: fmt.Sprintf("https://outlet%d.example/%s/%d", i%9, strings.Repeat("x", 120), i),
				Title: "Headline " + long + " @here", Site: fmt.Sprintf("Outlet %d", i%9), Published: time.Date(2026, 3, 9, 12, 0, 0, 0, time.UTC)},
		}
		ws = append(ws, w, w) // each reported twice: merged
		ws[len(ws)-1].Source.ArticleID += 1000
		ws[len(ws)-1].Source.URL += "/again"
	}
	since := time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC)
	d := digest.Assemble(discordtest.DefaultChannelID, since, since.Add(24*time.Hour), ws, 200)
	d.TimeZone = "Asia/Tokyo"
	if err := e.poster.PostDigest(context.Background(), discordtest.DefaultChannelID, d, "digest:200"); err != nil {
		t.Fatalf("PostDigest: %v", err) // the fake refuses any message Discord would
	}
	msgs := e.srv.ChannelMessages()
	items, embeds := 0, 0
	for i, m := range msgs {
		if p := discordLimitProblems(m.Message.ContentString(), m.Message.Embeds); len(p) > 0 {
			t.Errorf("message %d breaks limits: %v", i, p)
		}
		if len(m.Message.Embeds) > 10 || !m.Message.MentionsNothing() {
			t.Errorf("message %d: %d embeds, allowed_mentions %s", i, len(m.Message.Embeds), m.Message.Fields["allowed_mentions"])
		}
		for _, em := range m.Message.Embeds {
			embeds++
			items += strings.Count(em.Description, "🔴 **threat**") + strings.Count(em.Description, "🟠 **warning**")
			if strings.Contains(em.Description, "@everyone") || strings.Contains(em.Description, "<@&") {
				t.Errorf("an unescaped mention reached Discord: %q", em.Description)
			}
		}
	}
	if items != 200 {
		t.Errorf("%d items in %d embeds over %d messages, want all 200", items, embeds, len(msgs))
	}
	if !strings.Contains(embedText(msgs[0].Message.Embeds), "Period: 9 Mar 2026 17:00 – 10 Mar 2026 17:00 (Asia/Tokyo)") ||
		!strings.Contains(embedText(msgs[0].Message.Embeds), "reported by 2 outlets") {
		t.Errorf("first message:\n%s", embedText(msgs[0].Message.Embeds))
	}
}

func TestDirectMessageLinkShowsTyping(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	e.srv.SendDM("brief " + e.articles.URL + "/red-line")
	dm := e.srv.DMChannelID(e.srv.UserID)
	brief, ok := e.srv.WaitChannelMessage(dm, 1, wait)
	if !ok {
		t.Fatal("no briefing in the DM")
	}
	typing, ok := e.srv.WaitFor(wait, func(r discordtest.Request) bool {
		return r.Is(http.MethodPost, discordtest.RouteChannelTyping) && r.Params["channel_id"] == dm && r.Status == http.StatusNoContent
	})
	if !ok || typing.Seq > brief.Seq {
		t.Errorf("typing indicator #%d, briefing #%d: want typing shown while reading", typing.Seq, brief.Seq)
	}
}

func TestPostBriefingWithThreadPutsTheRestInTheThread(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	long := strings.Repeat("Officials said the line would be crossed within days. ", 60)
	ws := warningsFixture(40)
	for i := range ws {
		ws[i].What, ws[i].Quote = long, long
		ws[i].Kind = briefing.KindWarning
	}
	br := &briefing.Briefing{Article: briefing.Article{URL: "https://news.example/t", Title: "A long story"}, Warnings: ws}
	err := e.poster.PostBriefingWith(context.Background(), discordtest.DefaultChannelID, br, "k", briefing.PostOptions{MentionRole: "1200000000000000777", Thread: true})
	if err != nil {
		t.Fatal(err)
	}
	msgs := e.srv.ChannelMessages()
	if len(msgs) < 2 || msgs[0].ChannelID != discordtest.DefaultChannelID {
		t.Fatalf("%d messages", len(msgs))
	}
	thread := e.srv.Channel(msgs[0].Request.Params["channel_id"])
	if r, ok := e.srv.WaitFor(wait, func(r discordtest.Request) bool { return r.Is(http.MethodPost, discordtest.RouteMessageThreads) }); !ok ||
		!strings.Contains(string(r.Body), `"name":"A long story"`) || thread == nil {
		t.Fatalf("no thread was opened: %+v", r)
	}
	for _, m := range msgs[1:] {
		if ch := e.srv.Channel(m.ChannelID); ch == nil || ch["type"] != 11 {
			t.Errorf("a continuation went to channel %s, not the thread", m.ChannelID)
		}
	}
	// Warnings only: the role is not mentioned.
	if !msgs[0].Message.MentionsNothing() || strings.Contains(msgs[0].Message.ContentString(), "<@&") {
		t.Errorf("a briefing without a threat mentioned the role: %q %s", msgs[0].Message.ContentString(), msgs[0].Message.Fields["allowed_mentions"])
	}
}

func TestAutocompleteOffersNoCompoundOrGenericActors(t *testing.T) {
	t.Parallel()
	e := start(t, func(o *Options) {})
	e.store.mu.Lock()
	e.store.actors = append(e.store.actors, briefing.Actor{Name: "Volodymyr and Olena"}, briefing.Actor{Name: "a Vatican spokeswoman"})
	e.store.mu.Unlock()
	for _, typed := range []string{"vo", "a v"} {
		in := e.srv.SendInteraction(map[string]any{"type": 4, "data": map[string]any{"id": "1200000000000000003", "name": "who", "type": 1,
			"options": []any{map[string]any{"name": "with", "type": 3, "value": typed, "focused": true}}}})
		for _, c := range e.callback(t, in).Data.Choices {
			if strings.Contains(c.Name, " and ") || strings.Contains(c.Name, "spokeswoman") {
				t.Errorf("%q offers %q", typed, c.Name)
			}
		}
	}
}
