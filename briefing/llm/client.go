package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The Chat Completions request, with the fields redline sends.
type chatRequest struct {
	Model          string          `json:"model"`
	Messages       []chatMessage   `json:"messages"`
	Temperature    *float64        `json:"temperature,omitempty"`
	ResponseFormat *responseFormat `json:"response_format,omitempty"`
	Stream         bool            `json:"stream"`
}

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type responseFormat struct {
	Type       string      `json:"type"` // "json_schema" or "json_object"
	JSONSchema *jsonSchema `json:"json_schema,omitempty"`
}

type jsonSchema struct {
	Name   string          `json:"name"`
	Strict bool            `json:"strict"`
	Schema json.RawMessage `json:"schema"`
}

// The Chat Completions response, with the fields redline reads.
type chatResponse struct {
	Choices []struct {
		Message struct {
			Content *string `json:"content"`
			Refusal *string `json:"refusal"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage *struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
	} `json:"usage"`
}

// apiError is the error body OpenAI-compatible servers send.
type apiError struct {
	Error json.RawMessage `json:"error"` // an object with "message", or a plain string (Ollama, llama.cpp)
}

// Request shapes a server may refuse, tried in order: structured output
// with the answer's JSON schema, then JSON mode. A server that rejects a
// schema is asked in JSON mode from then on.
const (
	modeSchema int32 = iota
	modeJSON
)

// Retry policy: up to maxRetries more attempts after a 429, a 5xx or a
// network failure, waiting as the server's Retry-After says, else
// backoffBase, doubling; a server that asks for a wait longer than
// maxRetryWait is not waited for.
const (
	maxRetries   = 2
	backoffBase  = time.Second
	maxBackoff   = 16 * time.Second
	maxRetryWait = 30 * time.Second
	maxBody      = 4 << 20 // the largest response read
	maxAdapts    = 2       // request shapes changed after a 400 (schema, temperature)
)

// usage counts the tokens of one answer, as the server reports them.
type usage struct{ prompt, completion int }

// complete sends one part's messages and returns the model's text. The
// first attempt's call is already counted against the budget; retries and
// reshaped requests take one call each.
func (x *Extractor) complete(ctx context.Context, user string) (string, error) {
	temperature := 0.0
	req := chatRequest{
		Model: x.model,
		Messages: []chatMessage{
			{Role: "system", Content: instructions},
			{Role: "user", Content: user},
		},
		Temperature: &temperature,
	}
	retries, adapts := 0, 0
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			if err := x.take(ctx, 1); err != nil {
				return "", err
			}
		}
		mode := x.mode.Load()
		req.ResponseFormat = &responseFormat{Type: "json_object"}
		if mode == modeSchema {
			req.ResponseFormat = &responseFormat{Type: "json_schema", JSONSchema: &jsonSchema{Name: "warnings", Strict: true, Schema: answerSchema}}
		}
		if x.noTemperature.Load() {
			req.Temperature = nil
		}
		status, header, body, err := x.post(ctx, req)
		var wait time.Duration
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return "", ctx.Err()
			}
			if isTimeout(err) {
				return "", &failure{kind: failTimeout, detail: fmt.Sprintf("no answer within llm.timeout (%s)", x.timeout)}
			}
			if retries >= maxRetries {
				return "", &failure{kind: failUnreachable, detail: fmt.Sprintf("cannot reach %s: %s", x.endpoint, x.redact(err.Error()))}
			}
			wait = backoff(retries)
		case status == http.StatusOK:
			return x.content(body)
		case (status == http.StatusBadRequest || status == http.StatusUnprocessableEntity) && adapts < maxAdapts:
			msg := strings.ToLower(errorMessage(body))
			switch {
			case mode == modeSchema && (strings.Contains(msg, "response_format") || strings.Contains(msg, "schema")):
				x.mode.Store(modeJSON)
				x.log.Info("the model's server rejects JSON schemas; asking in JSON mode from now on", "model", x.model, "server", x.endpoint)
			case strings.Contains(msg, "temperature") && !x.noTemperature.Load():
				x.noTemperature.Store(true)
				x.log.Info("the model's server rejects a temperature; leaving it out from now on", "model", x.model, "server", x.endpoint)
			default:
				return "", x.httpFailure(status, body)
			}
			adapts++
			continue
		case status == http.StatusTooManyRequests || status >= 500:
			f := x.httpFailure(status, body)
			if retries >= maxRetries {
				return "", f
			}
			var ok bool
			wait, ok = retryAfter(header, x.now())
			if !ok {
				wait = backoff(retries)
			}
			if wait > maxRetryWait {
				f.detail += fmt.Sprintf("; the server asks to wait %s, longer than redline waits for one article", wait.Round(time.Second))
				return "", f
			}
		default:
			return "", x.httpFailure(status, body)
		}
		retries++
		x.log.Debug("retrying the model", "model", x.model, "status", status, "wait", wait, "retry", retries)
		if err := x.sleep(ctx, wait); err != nil {
			return "", err
		}
	}
}

// post sends req to the Chat Completions endpoint within llm.timeout and
// reads the answer.
func (x *Extractor) post(ctx context.Context, req chatRequest) (int, http.Header, []byte, error) {
	payload, err := json.Marshal(req)
	if err != nil {
		return 0, nil, nil, err
	}
	if err := x.acquire(ctx); err != nil {
		return 0, nil, nil, err
	}
	defer x.release()
	ctx, cancel := context.WithTimeout(ctx, x.timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, x.endpoint, bytes.NewReader(payload))
	if err != nil {
		return 0, nil, nil, err
	}
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Accept", "application/json")
	hr.Header.Set("User-Agent", "redline (warning extractor)")
	if key := x.apiKey(); key != "" {
		hr.Header.Set("Authorization", "Bearer "+key)
	}
	x.stats.calls.Add(1)
	resp, err := x.client.Do(hr)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return 0, nil, nil, err
	}
	return resp.StatusCode, resp.Header, body, nil
}

// content returns the model's text from a 200 answer.
func (x *Extractor) content(body []byte) (string, error) {
	var r chatResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return "", &failure{kind: failMalformed, detail: "the server's response is not Chat Completions JSON"}
	}
	if r.Usage != nil {
		x.stats.promptTokens.Add(int64(r.Usage.PromptTokens))
		x.stats.completionTokens.Add(int64(r.Usage.CompletionTokens))
	}
	if len(r.Choices) == 0 {
		return "", &failure{kind: failMalformed, detail: "the server's response has no choices"}
	}
	c := r.Choices[0]
	if c.Message.Refusal != nil && strings.TrimSpace(*c.Message.Refusal) != "" {
		return "", &failure{kind: failRefused, detail: "the model refused: " + clip(x.redact(*c.Message.Refusal), 200)}
	}
	if c.FinishReason == "content_filter" {
		return "", &failure{kind: failRefused, detail: "the server's content filter stopped the answer"}
	}
	if c.Message.Content == nil || strings.TrimSpace(*c.Message.Content) == "" {
		return "", &failure{kind: failMalformed, detail: "the model's answer is empty (finish reason " + strconv.Quote(c.FinishReason) + ")"}
	}
	if c.FinishReason == "length" {
		return "", &failure{kind: failMalformed, detail: "the model's answer was cut off at its length limit"}
	}
	return *c.Message.Content, nil
}

// httpFailure describes an HTTP error answer, with the server's own
// message (cut short, the API key removed) for the log.
func (x *Extractor) httpFailure(status int, body []byte) *failure {
	kind := failRejected
	switch {
	case status == http.StatusTooManyRequests:
		kind = failRateLimited
	case status >= 500:
		kind = failServer
	}
	detail := fmt.Sprintf("HTTP %d from %s", status, x.endpoint)
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden:
		detail += " (check llm.api_key, or REDLINE_LLM_API_KEY)"
	case http.StatusNotFound:
		detail += " (check llm.base_url and llm.model)"
	}
	if msg := errorMessage(body); msg != "" {
		detail += ": " + clip(x.redact(msg), 300)
	}
	return &failure{kind: kind, detail: detail}
}

// errorMessage is the message of an error body: {"error": {"message": …}},
// {"error": "…"}, or the first bytes of anything else.
func errorMessage(body []byte) string {
	var e apiError
	if json.Unmarshal(body, &e) == nil && len(e.Error) > 0 {
		var obj struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(e.Error, &obj) == nil && obj.Message != "" {
			return obj.Message
		}
		var s string
		if json.Unmarshal(e.Error, &s) == nil {
			return s
		}
	}
	return strings.Join(strings.Fields(string(body[:min(len(body), 300)])), " ")
}

// retryAfter reads Retry-After (seconds or an HTTP date) or OpenAI's
// retry-after-ms.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if ms, err := strconv.ParseFloat(h.Get("Retry-After-Ms"), 64); err == nil && ms >= 0 {
		return time.Duration(ms * float64(time.Millisecond)), true
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 && s < 1e6 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// backoff is the wait before retry n (from 0) when the server names none.
func backoff(n int) time.Duration {
	return min(backoffBase<<n, maxBackoff)
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// sleepContext waits d, or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// clip cuts s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
