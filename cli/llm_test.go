package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const cliTestKey = "sk-cli-test-0123456789abcdefghijklmnop"

// chatServer is a Chat Completions server for the command line's tests:
// it finds Solheim's threat and Peskov's warning in the example article,
// and nothing elsewhere, or answers with status when that is set.
type chatServer struct {
	*httptest.Server
	mu     sync.Mutex
	calls  int
	auth   []string
	status int
}

func newChatServer(t *testing.T) *chatServer {
	t.Helper()
	s := &chatServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.calls++
		s.auth = append(s.auth, r.Header.Get("Authorization"))
		status := s.status
		s.mu.Unlock()
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		if status != 0 {
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"error": {"message": "no such model; your key ` + cliTestKey + `"}}`))
			return
		}
		var req struct {
			Messages []struct{ Content string } `json:"messages"`
		}
		if err := json.Unmarshal(body, &req); err != nil || len(req.Messages) != 2 {
			t.Errorf("bad request %s", body)
		}
		items := []map[string]any{}
		if strings.Contains(req.Messages[1].Content, "[8] Kremlin spokesman Dmitry Peskov") {
			items = append(items,
				map[string]any{"speaker": "Ingrid Solheim", "speaker_affiliation": "Norway", "addressee": "Moscow", "kind": "threat",
					"what": "Norway will close its ports to Russian fishing vessels if another cable is cut", "condition": "another cable is cut",
					"consequence": "Norway closes its ports to Russian fishing vessels", "quote": nil, "sentences": []int{2, 3}},
				map[string]any{"speaker": "Dmitry Peskov", "speaker_affiliation": "Russia", "addressee": "Norway", "kind": "warning",
					"what": "closing the ports would be a serious mistake", "condition": nil, "consequence": nil, "quote": nil, "sentences": []int{8}},
				map[string]any{"speaker": "Angela Merkel", "addressee": "Norway", "kind": "warning", "what": "made up", "sentences": []int{9}})
		}
		answer, _ := json.Marshal(map[string]any{"warnings": items})
		_ = json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": string(answer)}}}})
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *chatServer) callCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// writeLLMConfig writes redline.yaml in dir choosing the LLM extractor on srv.
func writeLLMConfig(t *testing.T, dir string, srv *chatServer, extra string) {
	t.Helper()
	cfg := "extractor: llm\nllm:\n  base_url: " + srv.URL + "/v1\n  model: test-model\n" + extra
	if err := os.WriteFile(filepath.Join(dir, "redline.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestBriefWithTheLLMExtractorEndToEnd(t *testing.T) {
	example := exampleArticle(t)
	dir := t.TempDir()
	srv := newChatServer(t)
	writeLLMConfig(t, dir, srv, "  daily_calls: 1\n")
	env := map[string]string{"REDLINE_LLM_API_KEY": cliTestKey}
	var printed strings.Builder

	code, out, errOut := runCLI(t, dir, env, "brief", example)
	printed.WriteString(out + errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Warnings found by llm test-model.", "Ingrid Solheim (Norway) → Russia — threat", "Dmitry Peskov (Russia) → Norway — warning"} {
		if !strings.Contains(out, want) {
			t.Errorf("the briefing lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Merkel") {
		t.Errorf("an item whose speaker is not in the article was kept:\n%s", out)
	}
	if srv.callCount() != 1 || srv.auth[0] != "Bearer "+cliTestKey {
		t.Errorf("%d calls, Authorization %q", srv.callCount(), srv.auth)
	}

	// the same article again: from the cache, no call (and no budget spent)
	code, out, errOut = runCLI(t, dir, env, "brief", example)
	printed.WriteString(out + errOut)
	if code != 0 || !strings.Contains(out, "Warnings found by llm test-model (cached).") || srv.callCount() != 1 {
		t.Errorf("second brief: exit %d, %d calls:\n%s%s", code, srv.callCount(), out, errOut)
	}
	code, out, errOut = runCLI(t, dir, env, "extract", example)
	printed.WriteString(out + errOut)
	if code != 0 || !strings.Contains(out, `"extractor":"llm test-model (cached)"`) || !strings.Contains(out, `"speaker":"Ingrid Solheim"`) {
		t.Errorf("extract: exit %d:\n%s%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, dir, env, "history", "-speaker", "Ingrid Solheim")
	if code != 0 || !strings.Contains(out, "Solheim") {
		t.Errorf("the model's warning is not in history (exit %d):\n%s", code, out)
	}

	// another article, past the day's budget of one call: the built-in
	// extractor answers, and the briefing and the log say why
	other := filepath.Join(dir, "other.txt")
	body, _ := os.ReadFile(example)
	if err := os.WriteFile(other, append(body, []byte("\nA correction was appended.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCLI(t, dir, env, "brief", other)
	printed.WriteString(out + errOut)
	if code != 0 || srv.callCount() != 1 {
		t.Fatalf("exit %d, %d calls: %s", code, srv.callCount(), errOut)
	}
	if !strings.Contains(out, "Today's budget of language-model calls is spent; the built-in extractor\nanswered.") || !strings.Contains(out, "→") {
		t.Errorf("the briefing does not say the built-in extractor stood in:\n%s", out)
	}
	if !strings.Contains(errOut, "the built-in extractor answered instead of the language model") || !strings.Contains(errOut, "reason=budget") {
		t.Errorf("the log does not give the reason:\n%s", errOut)
	}
	if strings.Contains(printed.String(), cliTestKey) || strings.Contains(printed.String(), cliTestKey[7:25]) {
		t.Errorf("the API key was printed:\n%s", printed.String())
	}
}

func TestBriefWithAnUnknownModelFallsBackAndHidesTheKey(t *testing.T) {
	example := exampleArticle(t)
	dir := t.TempDir()
	srv := newChatServer(t)
	srv.status = http.StatusNotFound // the server quotes the key back in its error
	writeLLMConfig(t, dir, srv, "")
	code, out, errOut := runCLI(t, dir, map[string]string{"REDLINE_LLM_API_KEY": cliTestKey, "REDLINE_LOG_LEVEL": "debug"}, "brief", "-no-store", example)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "The language model's server refused the request; the built-in extractor") || !strings.Contains(out, "Ingrid Solheim") {
		t.Errorf("output:\n%s", out)
	}
	if !strings.Contains(errOut, "check llm.base_url and llm.model") {
		t.Errorf("the log does not say what to check:\n%s", errOut)
	}
	if strings.Contains(out+errOut, cliTestKey) {
		t.Errorf("the API key was printed:\n%s%s", out, errOut)
	}
}

func TestExtractNamesTheExtractor(t *testing.T) {
	code, out, errOut := runCLI(t, t.TempDir(), nil, "extract", exampleArticle(t))
	if code != 0 || !strings.Contains(out, `{"id":"arctic-cable-warning","extractor":"builtin","warnings":[`) {
		t.Errorf("exit %d: %s%s", code, out, errOut)
	}
}

func TestEvalScoresTheLLMExtractor(t *testing.T) {
	dir := t.TempDir()
	srv := newChatServer(t)
	// the configured extractor is the built-in one; -extractor llm overrides it
	if err := os.WriteFile(filepath.Join(dir, "redline.yaml"), []byte("llm:\n  base_url: "+srv.URL+"/v1\n  model: test-model\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	gold := t.TempDir()
	body, err := os.ReadFile(exampleArticle(t))
	if err != nil {
		t.Fatal(err)
	}
	writeGold(t, gold, "arctic", string(body), `{"warnings": [{"speaker": "Dmitry Peskov", "addressee": "Norway", "addressee_aliases": [],
		"evidence": ["Kremlin spokesman Dmitry Peskov warned Norway against “hasty and unfriendly steps”, saying that closing the ports would be a serious mistake that Russia would answer in kind."]}]}`)
	writeGold(t, gold, "quiet", "Markets calm\n\n"+strings.Repeat("Shares were flat on Tuesday as traders waited for the figures. ", 6)+"\n", `{"warnings": []}`)
	code, out, errOut := runCLI(t, dir, nil, "eval", "-gold", gold, "-extractor", "llm")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "true positives 1  false positives 1  false negatives 0") {
		t.Errorf("the model's answer was not scored:\n%s", out)
	}
	if !strings.Contains(errOut, "llm test-model: 2 articles, 2 calls, 0 answered from the cache, 0 by the built-in extractor instead, 1 items dropped") {
		t.Errorf("eval does not report the cost in calls:\n%s", errOut)
	}
	// run again: every answer is in the cache
	if _, _, errOut = runCLI(t, dir, nil, "eval", "-gold", gold, "-extractor", "llm"); !strings.Contains(errOut, "2 articles, 0 calls, 2 answered from the cache") || srv.callCount() != 2 {
		t.Errorf("a second run called the model again (%d calls):\n%s", srv.callCount(), errOut)
	}
	if code, _, errOut := runCLI(t, dir, nil, "eval", "-gold", gold, "-extractor", "gpt"); code != 2 || !strings.Contains(errOut, "builtin or llm") {
		t.Errorf("an unknown -extractor: exit %d %q", code, errOut)
	}
}
