package cli

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"

	"redline/bot"
	"redline/briefing"
	"redline/briefing/article"
	"redline/briefing/digest"
	"redline/briefing/feeds"
	"redline/briefing/fetch"
	"redline/briefing/llm"
	"redline/briefing/warnings"
	"redline/config"
	"redline/storage"
)

// app is the one place where redline's parts are built, each from the
// configuration and the parts before it, in one direction, once, and
// only when a command asks for it (so that -help works with a broken
// configuration file, and read never opens the database):
//
//	config → logger
//	config → history (SQLite)
//	config → fetch client → reader ─┐
//	config → extractor ─────────────┴→ pipeline (recording in history)
//	         (llm: history as its cache and budget, built-in as its fallback)
//	poster (Discord, or the terminal) → feed service, digest scheduler
//	poster, pipeline, history, feed service, digest scheduler → bot
//
// Nothing is wired after it is built. Main closes the app after the command.
type app struct {
	stdout, stderr io.Writer
	configPath     string
	version        string

	cfg     *config.Config
	logger  *slog.Logger
	history *storage.Store
	client  *fetch.Client
	ex      briefing.Extractor

	// extractorName overrides the configured extractor (eval -extractor).
	extractorName string
}

// close releases what the command opened.
func (a *app) close() {
	if a.history != nil {
		if err := a.history.Close(); err != nil {
			a.logger.Warn("closing the history database", "err", err)
		}
	}
}

// config loads the configuration once; logging follows it.
func (a *app) config() (*config.Config, error) {
	if a.cfg != nil {
		return a.cfg, nil
	}
	cfg, err := config.Load(a.configPath)
	if err != nil {
		return nil, err
	}
	a.cfg = cfg
	opts := &slog.HandlerOptions{Level: cfg.Log.SlogLevel()}
	var handler slog.Handler = slog.NewTextHandler(a.stderr, opts)
	if cfg.Log.Format == "json" {
		handler = slog.NewJSONHandler(a.stderr, opts)
	}
	a.logger = slog.New(handler)
	slog.SetDefault(a.logger)
	for _, w := range cfg.Warnings {
		a.logger.Warn("configuration: " + w.String())
	}
	return cfg, nil
}

// store opens the history database named by the configuration, once.
func (a *app) store(ctx context.Context) (*storage.Store, error) {
	if a.history != nil {
		return a.history, nil
	}
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	a.history, err = storage.Open(ctx, cfg.Database.Path)
	return a.history, err
}

// readStore opens the history for a command that only reads (history,
// who, digest): read-only, so that a database on read-only media, or one
// the user may read but not write, answers. A database that does not
// exist yet, or that an older redline made, is opened as store opens it
// (created, or upgraded) when it can be written.
func (a *app) readStore(ctx context.Context) (*storage.Store, error) {
	if a.history != nil {
		return a.history, nil
	}
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	s, err := storage.OpenReadOnly(ctx, cfg.Database.Path)
	switch {
	case err == nil:
		a.history = s
		return s, nil
	case briefing.ErrorCode(err) == briefing.ENOTFOUND:
		return a.store(ctx)
	case errors.Is(err, storage.ErrNeedsUpgrade):
		if s, uerr := a.store(ctx); uerr == nil {
			return s, nil
		}
	}
	return nil, err
}

// fetchClient is the safe HTTP client for article links and feeds.
func (a *app) fetchClient() (*fetch.Client, error) {
	if a.client != nil {
		return a.client, nil
	}
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	a.client, err = fetch.New(fetch.Options{
		Timeout:   cfg.Fetch.Timeout,
		MaxBody:   int64(cfg.Fetch.MaxBody),
		UserAgent: cfg.Fetch.UserAgent,
		Allow:     cfg.Fetch.AllowHosts,
	})
	return a.client, err
}

// extractor returns the configured warning extractor, once. The LLM
// extractor keeps its cache and its count of calls in the history
// database, and falls back on the built-in extractor.
func (a *app) extractor(ctx context.Context) (briefing.Extractor, error) {
	if a.ex != nil {
		return a.ex, nil
	}
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	name := cfg.Extractor
	if a.extractorName != "" {
		name = a.extractorName
	}
	builtin := namedExtractor{Extractor: warnings.New(), name: "builtin"}
	switch name {
	case "", "builtin":
		a.ex = builtin
		return a.ex, nil
	case "llm":
		if strings.TrimSpace(cfg.LLM.Model) == "" {
			return nil, briefing.Errorf(briefing.EINVALID,
				"extractor llm needs llm.model: the model's name as the server knows it (e.g. qwen2.5:7b-instruct for Ollama); see config.example.yaml")
		}
		store, err := a.store(ctx)
		if err != nil {
			return nil, err
		}
		a.ex, err = llm.New(llm.Options{
			BaseURL:         cfg.LLM.BaseURL,
			Model:           cfg.LLM.Model,
			APIKey:          cfg.LLM.APIKey.Reveal(),
			Timeout:         cfg.LLM.Timeout,
			MaxArticleChars: cfg.LLM.MaxArticleChars,
			Concurrency:     cfg.LLM.Concurrency,
			DailyCalls:      cfg.LLM.DailyCalls,
			Fallback:        builtin,
			Cache:           store,
			Ledger:          store,
			Logger:          a.logger,
		})
		return a.ex, err
	}
	return nil, briefing.Errorf(briefing.EINVALID, "extractor %q is not known (use %s)", name, strings.Join(config.KnownExtractors, " or "))
}

// namedExtractor tells briefings which extractor answered.
type namedExtractor struct {
	briefing.Extractor
	name string
}

func (n namedExtractor) ExtractReport(ctx context.Context, a briefing.Article) (briefing.Extraction, error) {
	ws, err := n.Extract(ctx, a)
	return briefing.Extraction{Warnings: ws, Extractor: n.name}, err
}

// inputReader reads what the command line is given: links through the
// safe fetcher, anything else as a local file (.html, .htm, .txt,
// optionally .gz). The bot and the feeds read links only.
func (a *app) inputReader() (briefing.Reader, error) {
	client, err := a.fetchClient()
	if err != nil {
		return nil, err
	}
	return inputReader{article.NewReader(client)}, nil
}

// inputReader is the command line's briefing.Reader. Only the command line
// may read files: a stranger's text must never name one of redline's own.
type inputReader struct{ *article.Reader }

func (r inputReader) Read(ctx context.Context, input string) (briefing.Article, error) {
	return r.ReadURLOrFile(ctx, input)
}

// pipeline briefs through reader and, when record is set, keeps the
// briefings in history.
func (a *app) pipeline(ctx context.Context, reader briefing.Reader, record bool) (*briefing.Pipeline, error) {
	ex, err := a.extractor(ctx)
	if err != nil {
		return nil, err
	}
	p := &briefing.Pipeline{Reader: reader, Extractor: ex}
	if record {
		if p.Recorder, err = a.store(ctx); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// engine is what the bot and the feeds command share: history, the
// pipeline that reads links into it, and the feed and digest engines
// that deliver through one poster.
type engine struct {
	store    *storage.Store
	pipeline *briefing.Pipeline
	feeds    *feeds.Service
	digests  *digest.Scheduler
}

// engine builds the feed service and the digest scheduler, which deliver
// through poster.
func (a *app) engine(ctx context.Context, poster briefing.Poster) (*engine, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	client, err := a.fetchClient()
	if err != nil {
		return nil, err
	}
	store, err := a.store(ctx)
	if err != nil {
		return nil, err
	}
	pipeline, err := a.pipeline(ctx, article.NewReader(client), true)
	if err != nil {
		return nil, err
	}
	e := &engine{store: store, pipeline: pipeline}
	e.feeds = feeds.NewService(e.store, &feeds.HTTPFetcher{Client: client}, pipeline, poster, feeds.Config{
		PollInterval:           cfg.Feeds.PollInterval,
		PerHost:                cfg.Feeds.PerHost,
		PauseAfterClientErrors: cfg.Feeds.PauseAfter4xx,
		PauseAfterServerErrors: cfg.Feeds.PauseAfter5xx,
		PostRetry:              cfg.Feeds.PostRetry,
		Logger:                 a.logger,
	})
	grace := cfg.Digest.Grace
	if grace == 0 {
		grace = digest.NoCatchUp // digest.grace: 0s
	}
	e.digests = digest.NewScheduler(e.store, poster, digest.Config{
		Grace:    grace,
		MaxItems: cfg.Digest.MaxItems,
		Logger:   a.logger,
	})
	return e, nil
}

// discord builds the Discord side: the poster first, then the engines
// that post through it, then the bot that answers people, with them.
func (a *app) discord(ctx context.Context) (*bot.Bot, *engine, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, nil, err
	}
	if err := cfg.ValidateForBot(); err != nil {
		return nil, nil, err
	}
	poster, err := bot.NewPoster(bot.PosterOptions{Token: cfg.Discord.Token.Reveal()})
	if err != nil {
		return nil, nil, err
	}
	e, err := a.engine(ctx, poster)
	if err != nil {
		return nil, nil, err
	}
	b, err := bot.New(bot.Options{
		Poster:         poster,
		AppID:          cfg.Discord.ApplicationID,
		DevGuildID:     cfg.Discord.DevGuildID,
		Briefer:        e.pipeline,
		Store:          e.store,
		Channels:       e.store,
		Feeds:          e.feeds,
		Digests:        e.digests,
		Searches:       e.store,
		Owners:         e.store,
		Activity:       e.store,
		DigestTime:     cfg.Digest.Time,
		DigestTimeZone: cfg.Digest.TimeZone,
		BriefChannels:  cfg.Discord.BriefChannels,
		RateLimit:      bot.RateLimit{Count: cfg.Discord.BriefRateLimit.Count, Per: cfg.Discord.BriefRateLimit.Per},
		Logger:         a.logger,
	})
	return b, e, err
}
