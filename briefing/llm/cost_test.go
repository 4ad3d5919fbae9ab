package llm

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"redline/briefing/article"
)

// estimateTokens guesses the tokens of English text for a BPE tokenizer of
// today's models: the larger of a token per 4 characters and 4 tokens per
// 3 words. It is an estimate, for planning; servers report the real count.
func estimateTokens(s string) int {
	byChars := (utf8.RuneCountInString(s) + 3) / 4
	byWords := (len(strings.Fields(s))*4 + 2) / 3
	return max(byChars, byWords)
}

// TestPromptCostOnDevWeb counts, from the prompt builder, the calls and
// prompt tokens that each article of the shared dev-web set costs with the
// default llm.max_article_chars (run with -v for the table). It also keeps
// every article within maxParts and the instructions within a budget that
// a 4,096-token context can hold with an article part.
func TestPromptCostOnDevWeb(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "eval", "dev-web")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		t.Skip("the shared evaluation set (../shared/eval/dev-web) is absent")
	}
	system := estimateTokens(instructions)
	if system > 1200 {
		t.Errorf("the instructions are about %d tokens; keep them under 1,200", system)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, answerSchema); err != nil {
		t.Fatal(err)
	}
	schema := estimateTokens(compact.String())
	t.Logf("instructions (system message): about %d tokens, sent with every call; the answer's JSON schema about %d more where the server counts it", system, schema)
	t.Logf("%-36s %6s %5s %6s %8s", "article", "chars", "calls", "sents", "prompt~")
	calls, tokens, most := 0, 0, 0
	for _, f := range files {
		a, err := article.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := newDocument(a)
		parts := d.parts(12000)
		if len(parts) > maxParts {
			t.Errorf("%s needs %d calls", f, len(parts))
		}
		prompt := 0
		for _, p := range parts {
			prompt += system + estimateTokens(userMessage(d, p)) + 8 // + the chat template's few tokens per message
		}
		calls += len(parts)
		tokens += prompt
		most = max(most, prompt/len(parts))
		t.Logf("%-36s %6d %5d %6d %8d", strings.TrimSuffix(filepath.Base(f), ".txt"), utf8.RuneCountInString(a.Title+a.Text), len(parts), len(d.sents), prompt)
	}
	t.Logf("dev-web: %d articles, %d calls, about %d prompt tokens in all (%d a call on average, %d at most)",
		len(files), calls, tokens, tokens/calls, most)
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
}
