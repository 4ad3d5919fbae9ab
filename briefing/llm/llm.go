// Package llm is redline's optional warning extractor that asks a language
// model: any server that speaks the OpenAI Chat Completions API (Ollama,
// llama.cpp's server, vLLM, LM Studio, or a hosted API), over plain
// net/http.
//
// The model never writes a briefing on its own word:
//   - the article goes to it as numbered sentences, between marker lines
//     that the article cannot forge, after fixed instructions (prompt.go);
//     the article is data, never part of the instructions;
//   - it answers in JSON (a JSON schema where the server takes one, JSON
//     mode where it does not), citing sentences by number, so that the
//     evidence is always the article's own text;
//   - every item is checked against the article before it is kept
//     (check.go): the cited sentences exist, the speaker and addressee are
//     named in the article, kinds and lengths are valid; duplicates are
//     merged; names go through the same gazetteer as the built-in
//     extractor's. Items that fail are dropped and counted.
//
// Whenever the model cannot answer usably (a timeout, a refusal, an answer
// that is not the JSON asked for, a server error after retries, the daily
// budget spent), the built-in extractor given as Fallback answers instead,
// the reason is logged, and the briefing says so. Answers are cached by
// (article hash, model, PromptVersion), so an article costs one call
// however often it is briefed.
package llm

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"redline/briefing"
)

// Cache keeps the model's answers, by the article's text hash, the model
// and the prompt version. storage.Store is one. The answer is opaque JSON.
type Cache interface {
	LLMAnswer(ctx context.Context, textHash, model, promptVersion string) (answer []byte, ok bool, err error)
	SaveLLMAnswer(ctx context.Context, textHash, model, promptVersion string, answer []byte) error
}

// Ledger counts the calls made to the model per day, for the daily
// budget; storage.Store is one, shared by every redline process on the
// database.
type Ledger interface {
	// TakeLLMCalls records n calls on day ("2026-03-01", UTC) and returns
	// true, unless that would make the day's calls exceed limit (limit 0:
	// no limit), in which case it records nothing and returns false.
	TakeLLMCalls(ctx context.Context, day string, n, limit int) (bool, error)
}

// Options configure an Extractor. BaseURL, Model and Fallback are required.
type Options struct {
	BaseURL         string        // the API's base ("http://localhost:11434/v1"); requests go to BaseURL/chat/completions
	Model           string        // the model's name on that server
	APIKey          string        // sent as a bearer token when set; never logged
	Timeout         time.Duration // longest wait for one answer (default 90s)
	MaxArticleChars int           // most sentence text in one call (default 12000); longer articles go in parts
	Concurrency     int           // calls in flight at once (default 2)
	DailyCalls      int           // calls per UTC day; 0: no limit

	Fallback briefing.Extractor // answers when the model cannot: the built-in extractor
	Cache    Cache              // optional: no cache when nil
	Ledger   Ledger             // optional: a count kept in memory when nil

	Logger     *slog.Logger                                     // optional
	HTTPClient *http.Client                                     // optional; its redirects are not followed
	Now        func() time.Time                                 // optional: the clock (the budget's day, Retry-After dates)
	Sleep      func(ctx context.Context, d time.Duration) error // optional: waits between retries
}

// maxParts caps the calls one article may cost: a longer article is left to
// the built-in extractor.
const maxParts = 8

// Extractor is the language-model briefing.Extractor. It is safe for
// concurrent use.
type Extractor struct {
	endpoint  string
	model     string
	apiKey    func() string // a closure, so that printing an Extractor never shows the key
	timeout   time.Duration
	maxChars  int
	daily     int
	fallback  briefing.Extractor
	cache     Cache
	ledger    Ledger
	log       *slog.Logger
	client    *http.Client
	now       func() time.Time
	sleep     func(context.Context, time.Duration) error
	slots     chan struct{}
	keyRedact func(string) string

	mode          atomic.Int32 // modeSchema until the server rejects schemas
	noTemperature atomic.Bool  // the server rejects a temperature
	stats         counters
}

var _ briefing.ReportingExtractor = (*Extractor)(nil)

// New returns an Extractor; it checks only what it needs (the config
// package has already explained every key to the user).
func New(o Options) (*Extractor, error) {
	if o.Fallback == nil {
		return nil, briefing.Errorf(briefing.EINTERNAL, "the LLM extractor needs the built-in extractor to fall back on")
	}
	if strings.TrimSpace(o.Model) == "" {
		return nil, briefing.Errorf(briefing.EINVALID, "llm.model is missing: name the model the server runs (e.g. qwen2.5:7b-instruct)")
	}
	base := strings.TrimRight(strings.TrimSpace(o.BaseURL), "/")
	if !strings.HasPrefix(base, "http://") && !strings.HasPrefix(base, "https://") {
		return nil, briefing.Errorf(briefing.EINVALID, "llm.base_url must be an http:// or https:// address such as http://localhost:11434/v1")
	}
	key := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(o.APIKey), "Bearer "))
	x := &Extractor{
		endpoint: base + "/chat/completions",
		model:    strings.TrimSpace(o.Model),
		apiKey:   func() string { return key },
		timeout:  o.Timeout,
		maxChars: o.MaxArticleChars,
		daily:    max(o.DailyCalls, 0),
		fallback: o.Fallback,
		cache:    o.Cache,
		ledger:   o.Ledger,
		log:      o.Logger,
		now:      o.Now,
		sleep:    o.Sleep,
	}
	x.keyRedact = func(s string) string {
		if key == "" {
			return s
		}
		return strings.ReplaceAll(s, key, "[redacted]")
	}
	if x.timeout <= 0 {
		x.timeout = 90 * time.Second
	}
	if x.maxChars <= 0 {
		x.maxChars = 12000
	}
	x.maxChars = max(x.maxChars, 500)
	x.slots = make(chan struct{}, max(o.Concurrency, 1))
	if o.Concurrency <= 0 {
		x.slots = make(chan struct{}, 2)
	}
	if x.ledger == nil {
		x.ledger = &memoryLedger{}
	}
	if x.log == nil {
		x.log = slog.New(slog.DiscardHandler)
	}
	if x.now == nil {
		x.now = time.Now
	}
	if x.sleep == nil {
		x.sleep = sleepContext
	}
	client := http.Client{}
	if o.HTTPClient != nil {
		client = *o.HTTPClient
	}
	// A redirect would carry the key to wherever the server points; a
	// Chat Completions endpoint has no reason to redirect a POST.
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	x.client = &client
	return x, nil
}

// Name is how briefings name this extractor: "llm MODEL".
func (x *Extractor) Name() string { return "llm " + x.model }

// Extract finds the warnings of a; see ExtractReport.
func (x *Extractor) Extract(ctx context.Context, a briefing.Article) ([]briefing.Warning, error) {
	ex, err := x.ExtractReport(ctx, a)
	return ex.Warnings, err
}

// ExtractReport asks the model for the warnings of a (or takes its cached
// answer), checks every item against the article, and says which
// extractor answered: the built-in one whenever the model could not.
func (x *Extractor) ExtractReport(ctx context.Context, a briefing.Article) (briefing.Extraction, error) {
	if err := ctx.Err(); err != nil {
		return briefing.Extraction{}, briefing.WrapError(briefing.ETIMEOUT, err, "extracting warnings was cancelled")
	}
	x.stats.articles.Add(1)
	d := newDocument(a)
	if len(d.sents) == 0 {
		return briefing.Extraction{Extractor: x.Name()}, nil
	}
	items, cached, err := x.answer(ctx, d)
	if err != nil {
		if ctx.Err() != nil {
			return briefing.Extraction{}, briefing.WrapError(briefing.ETIMEOUT, ctx.Err(), "extracting warnings was cancelled")
		}
		var f *failure
		if !errors.As(err, &f) {
			f = &failure{kind: failInternal, detail: x.redact(err.Error())}
		}
		return x.useFallback(ctx, a, f)
	}
	ws, dropped := check(d, items)
	x.stats.dropped.Add(int64(len(dropped)))
	for _, why := range dropped {
		x.log.Info("dropped an item of the model's answer", "article", a.Key(), "model", x.model, "why", x.redact(why))
	}
	name := x.Name()
	if cached {
		name += " (cached)"
	}
	return briefing.Extraction{Warnings: ws, Extractor: name}, nil
}

// answer returns the model's items for d: the cached answer, else one call
// per part, which it then caches.
func (x *Extractor) answer(ctx context.Context, d *document) ([]rawItem, bool, error) {
	if x.cache != nil {
		raw, ok, err := x.cache.LLMAnswer(ctx, d.hash, x.model, PromptVersion)
		switch {
		case err != nil:
			x.log.Warn("reading the model's cached answer failed; asking the model", "err", err)
		case ok:
			items, _, perr := parseAnswer(string(raw))
			if perr == nil {
				x.stats.cacheHits.Add(1)
				return items, true, nil
			}
			x.log.Warn("a cached answer of the model does not read; asking the model again", "err", perr)
		}
	}
	parts := d.parts(x.maxChars)
	if len(parts) > maxParts {
		return nil, false, &failure{kind: failTooLong, detail: "the article would take more than 8 calls (llm.max_article_chars)"}
	}
	if err := x.take(ctx, len(parts)); err != nil {
		return nil, false, err
	}
	var items []rawItem
	for _, p := range parts {
		text, err := x.complete(ctx, userMessage(d, p))
		if err != nil {
			return nil, false, err
		}
		got, bad, err := parseAnswer(text)
		if err != nil {
			return nil, false, &failure{kind: failMalformed, detail: err.Error()}
		}
		x.stats.dropped.Add(int64(bad))
		items = append(items, got...)
	}
	if x.cache != nil {
		if raw, err := marshalAnswer(items); err == nil {
			if err := x.cache.SaveLLMAnswer(ctx, d.hash, x.model, PromptVersion, raw); err != nil {
				x.log.Warn("caching the model's answer failed", "err", err)
			}
		}
	}
	return items, false, nil
}

// useFallback answers with the built-in extractor and says why.
func (x *Extractor) useFallback(ctx context.Context, a briefing.Article, f *failure) (briefing.Extraction, error) {
	x.stats.fallbacks.Add(1)
	x.log.Warn("the built-in extractor answered instead of the language model",
		"article", a.Key(), "model", x.model, "reason", f.kind.String(), "detail", x.redact(f.detail))
	ws, err := x.fallback.Extract(ctx, a)
	if err != nil {
		return briefing.Extraction{}, err
	}
	return briefing.Extraction{Warnings: ws, Extractor: "builtin", Note: f.note()}, nil
}

// take counts n calls against the daily budget.
func (x *Extractor) take(ctx context.Context, n int) error {
	day := x.now().UTC().Format(time.DateOnly)
	ok, err := x.ledger.TakeLLMCalls(ctx, day, n, x.daily)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &failure{kind: failBudget, detail: "the count of the day's calls cannot be read: " + x.redact(err.Error())}
	}
	if !ok {
		return &failure{kind: failBudget, detail: "the day's budget of model calls (llm.daily_calls) is spent"}
	}
	return nil
}

func (x *Extractor) acquire(ctx context.Context) error {
	select {
	case x.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (x *Extractor) release() { <-x.slots }

// redact removes the API key from text bound for a log or an error.
func (x *Extractor) redact(s string) string { return x.keyRedact(s) }

// memoryLedger is the budget's count when no Ledger is given: per process.
type memoryLedger struct {
	mu    sync.Mutex
	day   string
	calls int
}

func (m *memoryLedger) TakeLLMCalls(_ context.Context, day string, n, limit int) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.day != day {
		m.day, m.calls = day, 0
	}
	if limit > 0 && m.calls+n > limit {
		return false, nil
	}
	m.calls += n
	return true, nil
}

// failKind is why the model gave no usable answer.
type failKind uint8

const (
	failInternal failKind = iota
	failTimeout
	failRateLimited
	failServer
	failRejected
	failUnreachable
	failRefused
	failMalformed
	failBudget
	failTooLong
)

func (k failKind) String() string {
	return [...]string{"internal", "timeout", "rate_limited", "server_error", "rejected", "unreachable", "refused", "malformed", "budget", "too_long"}[k]
}

// failure is an answer the model could not give; detail is for the log.
type failure struct {
	kind   failKind
	detail string
}

func (f *failure) Error() string { return "language model: " + f.kind.String() + ": " + f.detail }

// note is the briefing's one sentence on why the built-in extractor answered.
func (f *failure) note() string {
	what := map[failKind]string{
		failTimeout:     "the language model took too long",
		failRateLimited: "the language model's server is busy (rate-limited)",
		failServer:      "the language model's server failed",
		failRejected:    "the language model's server refused the request",
		failUnreachable: "the language model's server could not be reached",
		failRefused:     "the language model declined to answer",
		failMalformed:   "the language model's answer was not in the form asked for",
		failBudget:      "today's budget of language-model calls is spent",
		failTooLong:     "the article is too long for the language model",
	}[f.kind]
	if what == "" {
		what = "the language model could not be used"
	}
	return what + "; the built-in extractor answered"
}

// Stats counts what an Extractor did since it was made.
type Stats struct {
	Articles         int // articles asked about
	Calls            int // requests sent to the model (retries included)
	CacheHits        int // articles answered from the cache
	Fallbacks        int // articles the built-in extractor answered
	Dropped          int // items of the model's answers that failed the checks
	PromptTokens     int // as the server reported them
	CompletionTokens int
}

type counters struct {
	articles, calls, cacheHits, fallbacks, dropped, promptTokens, completionTokens atomic.Int64
}

// Stats returns the counts so far.
func (x *Extractor) Stats() Stats {
	return Stats{
		Articles:         int(x.stats.articles.Load()),
		Calls:            int(x.stats.calls.Load()),
		CacheHits:        int(x.stats.cacheHits.Load()),
		Fallbacks:        int(x.stats.fallbacks.Load()),
		Dropped:          int(x.stats.dropped.Load()),
		PromptTokens:     int(x.stats.promptTokens.Load()),
		CompletionTokens: int(x.stats.completionTokens.Load()),
	}
}
