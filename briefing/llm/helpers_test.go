package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"redline/briefing"
	"redline/briefing/article"
	"redline/briefing/warnings"
	"redline/internal/testclock"
)

// testKey is the API key of the tests; no log line or error may show it.
const testKey = "sk-test-9f8e7d6c5b4a39281706f5e4d3c2b1a0"

// fakeModel is an httptest server speaking the Chat Completions API. Its
// answer to the n-th request (from 0) is what reply returns.
type fakeModel struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	reqs   []seenRequest
	answer func(n int, req chatRequest, w http.ResponseWriter)
}

// seenRequest is one request the fake model received.
type seenRequest struct {
	body   chatRequest
	raw    []byte
	auth   string
	path   string
	method string
}

func newFakeModel(t *testing.T, answer func(n int, req chatRequest, w http.ResponseWriter)) *fakeModel {
	t.Helper()
	f := &fakeModel{t: t, answer: answer}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var req chatRequest
		if err := json.Unmarshal(raw, &req); err != nil {
			t.Errorf("the request is not JSON: %v", err)
		}
		f.mu.Lock()
		n := len(f.reqs)
		f.reqs = append(f.reqs, seenRequest{body: req, raw: raw, auth: r.Header.Get("Authorization"), path: r.URL.Path, method: r.Method})
		f.mu.Unlock()
		f.answer(n, req, w)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeModel) requests() []seenRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seenRequest(nil), f.reqs...)
}

// chatReply writes a 200 Chat Completions answer whose message content is content.
func chatReply(w http.ResponseWriter, content string) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"id":      "chatcmpl-test",
		"object":  "chat.completion",
		"model":   "test-model",
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop", "message": map[string]any{"role": "assistant", "content": content}}},
		"usage":   map[string]any{"prompt_tokens": 1000, "completion_tokens": 100, "total_tokens": 1100},
	})
}

// errorReply writes an OpenAI-style error answer.
func errorReply(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": message, "type": "test_error"}})
}

// itemsJSON renders items as the model's answer.
func itemsJSON(t *testing.T, items ...map[string]any) string {
	t.Helper()
	if items == nil {
		items = []map[string]any{}
	}
	b, err := json.Marshal(map[string]any{"warnings": items})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sleeps records the waits between retries instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(_ context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return nil
}

func (s *sleeps) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// harness is an Extractor on a fake model, with its log captured.
type harness struct {
	x      *Extractor
	model  *fakeModel
	logs   *syncBuffer
	sleeps *sleeps
	clock  *testclock.Clock
}

// syncBuffer is a bytes.Buffer safe for concurrent writers (log handlers).
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newHarness builds an Extractor on a fake model answering with answer;
// edit adjusts the options first.
func newHarness(t *testing.T, answer func(n int, req chatRequest, w http.ResponseWriter), edit func(*Options)) *harness {
	t.Helper()
	h := &harness{model: newFakeModel(t, answer), logs: &syncBuffer{}, sleeps: &sleeps{}, clock: testclock.New(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))}
	o := Options{
		BaseURL:         h.model.srv.URL + "/v1",
		Model:           "test-model",
		APIKey:          testKey,
		Timeout:         5 * time.Second,
		MaxArticleChars: 12000,
		Concurrency:     2,
		DailyCalls:      100,
		Fallback:        warnings.New(),
		Logger:          slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:             h.clock.Now,
		Sleep:           h.sleeps.sleep,
	}
	if edit != nil {
		edit(&o)
	}
	x, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	h.x = x
	return h
}

// arctic is the example article of the repository.
func arctic(t testing.TB) briefing.Article {
	t.Helper()
	b, err := os.ReadFile("../../examples/arctic-cable-warning.txt")
	if err != nil {
		t.Fatal(err)
	}
	return article.FromText(string(b), "https://news.example/arctic")
}

// builtinOf is what the built-in extractor makes of a.
func builtinOf(t *testing.T, a briefing.Article) []briefing.Warning {
	t.Helper()
	ws, err := warnings.New().Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}
