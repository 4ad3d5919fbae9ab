package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// multipartCall sends payload as payload_json with one file part named field.
func multipartCall(t *testing.T, srv *Server, method, path string, payload any, field, filename string, data []byte) int {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="payload_json"`)
	h.Set("Content-Type", "application/json")
	p, _ := w.CreatePart(h)
	raw, _ := json.Marshal(payload)
	p.Write(raw)
	h = textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, field, filename))
	h.Set("Content-Type", "image/png")
	p, _ = w.CreatePart(h)
	p.Write(data)
	w.Close()
	req, err := http.NewRequest(method, "https://discord.com/api/v9"+path, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bot "+Token)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

func TestUploadsFollowDiscordsAttachmentRules(t *testing.T) {
	t.Parallel()
	rec := &recordingTB{TB: t}
	srv := New(rec)
	rep := &reports{rec: rec}
	path := "/channels/" + srv.ChannelID + "/messages"
	png := []byte("\x89PNG\r\n\x1a\nnot really")
	good := map[string]any{"embeds": []any{map[string]any{"title": "chart", "image": map[string]any{"url": "attachment://c.png"}}},
		"attachments": []any{map[string]any{"id": "0", "filename": "c.png"}}}
	if st := multipartCall(t, srv, http.MethodPost, path, good, "files[0]", "c.png", png); st != 200 {
		t.Fatalf("a well-formed upload answered %d", st)
	}
	rep.expectNone(t)
	msgs := srv.ChannelMessages()
	if len(msgs) != 1 || len(msgs[0].Uploads) != 1 || msgs[0].Uploads[0].Field != "files[0]" || !bytes.Equal(msgs[0].Uploads[0].Data, png) ||
		msgs[0].Uploads[0].ContentType != "image/png" {
		t.Fatalf("recorded uploads = %+v", msgs[0].Uploads)
	}

	for _, tc := range []struct {
		name, field, filename string
		payload               map[string]any
		want                  string
	}{
		{"part not named files[n]", "file", "c.png", good, "not named files[n]"},
		{"attachment naming no part", "files[1]", "c.png", good, "names no uploaded file part"},
		{"attachment with another name", "files[0]", "d.png", good, `is called "c.png"`},
		{"embed image of no upload", "files[0]", "c.png", map[string]any{"embeds": []any{map[string]any{"image": map[string]any{"url": "attachment://x.png"}}}}, "attachment://x.png"},
	} {
		if st := multipartCall(t, srv, http.MethodPost, path, tc.payload, tc.field, tc.filename, png); st != 400 {
			t.Errorf("%s: answered %d, want 400", tc.name, st)
		}
		rep.expect(t, tc.want)
	}
}

func TestTypingAndThreads(t *testing.T) {
	t.Parallel()
	rec := &recordingTB{TB: t}
	srv := New(rec)
	rep := &reports{rec: rec}
	ds := srv.NewSession()
	if err := ds.ChannelTyping(srv.ChannelID); err != nil {
		t.Fatalf("typing: %v", err)
	}
	if _, ok := srv.WaitFor(wait, func(r Request) bool { return r.Is(http.MethodPost, RouteChannelTyping) && r.Status == 204 }); !ok {
		t.Error("typing was not recorded as answered 204")
	}
	msg, err := ds.ChannelMessageSend(srv.ChannelID, "start here")
	if err != nil {
		t.Fatal(err)
	}
	th, err := ds.MessageThreadStart(srv.ChannelID, msg.ID, "A thread", 1440)
	if err != nil {
		t.Fatalf("thread: %v", err)
	}
	if th.ID != msg.ID || th.ParentID != srv.ChannelID || th.Type != discordgo.ChannelTypeGuildPublicThread {
		t.Errorf("thread = %+v", th)
	}
	if _, err := ds.ChannelMessageSend(th.ID, "in the thread"); err != nil {
		t.Errorf("posting in the thread: %v", err)
	}
	rep.expectNone(t)
	if _, err := ds.MessageThreadStart(srv.ChannelID, msg.ID, "Again", 1440); err == nil {
		t.Error("a second thread on one message was accepted")
	}
	rep.expect(t, "already been created")
}

// A followup sent while a deferred response still loads resolves it, and
// is shown as the deferral was: a bot cannot make it public that way.
func TestFollowupWhileLoadingResolvesTheDeferredResponse(t *testing.T) {
	t.Parallel()
	srv := New(t)
	srv.OpenSession(t)
	in := srv.SendInteraction(slashBrief())
	base := "/webhooks/" + srv.AppID + "/" + in.Token
	if st, _ := call(t, srv, http.MethodPost, "/interactions/"+in.ID+"/"+in.Token+"/callback", map[string]any{"type": 5, "data": map[string]any{"flags": 64}}); st != 204 {
		t.Fatal(st)
	}
	if st, _ := call(t, srv, http.MethodPost, base, map[string]any{"content": "meant for all", "flags": 0}); st != 204 {
		t.Fatal(st)
	}
	orig := srv.OriginalMessage(in.ID)
	if orig["content"] != "meant for all" || orig["flags"] != float64(discordgo.MessageFlagsEphemeral) || len(srv.FollowupMessages(in.ID)) != 0 {
		t.Errorf("original = %v, followups %v; want the followup to have resolved the ephemeral deferral", orig, srv.FollowupMessages(in.ID))
	}
	// Once resolved, a followup is a message of its own, public unless asked.
	if st, _ := call(t, srv, http.MethodPost, base, map[string]any{"content": "now for all"}); st != 204 {
		t.Fatal(st)
	}
	if f := srv.FollowupMessages(in.ID); len(f) != 1 || f[0]["content"] != "now for all" || strings.Contains(fmt.Sprint(f[0]["flags"]), "64") {
		t.Errorf("followups = %v", f)
	}
}
