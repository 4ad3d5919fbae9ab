// Command redline reads news articles and briefs who warned whom about
// what. It runs as a Discord bot (redline run) and on the command line,
// with no Discord at all (brief, read, extract, history, who, feeds, digest).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"redline/bot"
	"redline/briefing"
	"redline/briefing/article"
	"redline/briefing/digest"
	"redline/briefing/feeds"
	"redline/briefing/fetch"
	"redline/briefing/render"
	"redline/briefing/warnings"
	"redline/config"
	"redline/storage"
)

// version is set at build time with -ldflags "-X main.version=…"; the
// module's build information fills it in otherwise.
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand of redline.
type command struct {
	name    string
	args    string // what follows the flags in the usage line
	summary string
	// run executes the command; flags are already registered on fs by setup.
	setup func(fs *flag.FlagSet) func(ctx context.Context, env *environment, args []string) error
}

// environment is what every command gets: its output streams and the
// configuration, loaded lazily so that --help works with a broken file.
type environment struct {
	stdout, stderr io.Writer
	configPath     string
	cfg            *config.Config
	logger         *slog.Logger
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func commands() []command {
	return []command{
		{"brief", "URL|FILE…", "print a briefing of each article: who warned whom about what", briefCommand},
		{"read", "URL|FILE…", "print what redline read from each page: headline, byline, date, site, text", readCommand},
		{"extract", "URL|FILE…", "print the warnings of each article as JSON lines", extractCommand},
		{"history", "[QUERY]", "search the warnings kept in history", historyCommand},
		{"who", "NAME", "show an actor's record: warnings by and against it, counterparts, latest", whoCommand},
		{"feeds", "add|list|remove|poll …", "manage the feeds a channel follows and poll them, without Discord", feedsCommand},
		{"digest", "", "print a digest of the warnings of a period (all history, or one channel's), without Discord", digestCommand},
		{"run", "", "run the Discord bot", runCommand},
		{"version", "", "print redline's version", versionCommand},
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	env := &environment{stdout: stdout, stderr: stderr}
	global := flag.NewFlagSet("redline", flag.ContinueOnError)
	global.SetOutput(stderr)
	global.StringVar(&env.configPath, "config", "", "configuration file (default "+config.DefaultPath+" if present)")
	global.Usage = func() { mainUsage(stderr) }
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	rest := global.Args()
	if len(rest) == 0 {
		mainUsage(stderr)
		return 2
	}
	name, rest := rest[0], rest[1:]
	if name == "help" {
		if len(rest) == 0 {
			mainUsage(stdout)
			return 0
		}
		name, rest = rest[0], []string{"-help"}
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		fs := flag.NewFlagSet("redline "+c.name, flag.ContinueOnError)
		fs.SetOutput(stderr)
		fs.StringVar(&env.configPath, "config", env.configPath, "configuration file (default "+config.DefaultPath+" if present)")
		exec := c.setup(fs)
		fs.Usage = func() {
			fmt.Fprintf(fs.Output(), "Usage: redline %s [flags] %s\n\n%s.\n\nFlags:\n", c.name, c.args, capitalise(c.summary))
			fs.PrintDefaults()
		}
		if err := fs.Parse(interleave(fs, rest)); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		return report(stderr, exec(ctx, env, fs.Args()), fs)
	}
	fmt.Fprintf(stderr, "redline: unknown command %q\n", name)
	mainUsage(stderr)
	return 2
}

// interleave moves flags that follow positional arguments in front of
// them, so that "redline history Russia --since 7d" works as users expect.
func interleave(fs *flag.FlagSet, args []string) []string {
	var flags, positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil && !isBoolFlag(f) && i+1 < len(args) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	return append(flags, append([]string{"--"}, positional...)...)
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// report turns a command's error into the exit status and one clear line
// on stderr: 2 for usage mistakes, 1 for everything else.
func report(stderr io.Writer, err error, fs *flag.FlagSet) int {
	if err == nil {
		return 0
	}
	var usage usageError
	if errors.As(err, &usage) {
		fmt.Fprintf(stderr, "redline: %s\nRun '%s -help' for usage.\n", usage.msg, fs.Name())
		return 2
	}
	var cfgErr *config.Error
	if errors.As(err, &cfgErr) {
		fmt.Fprintf(stderr, "redline: %s\n", cfgErr.Error())
		return 1
	}
	fmt.Fprintf(stderr, "redline: %s\n", oneLine(briefing.ErrorMessage(err)))
	return 1
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func mainUsage(w io.Writer) {
	fmt.Fprintln(w, "redline reads news articles and briefs who warned whom about what.")
	fmt.Fprintln(w, "\nUsage: redline [-config PATH] COMMAND [flags] [arguments]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'redline COMMAND -help' for a command's flags.")
}

// config loads the configuration once. Logging follows it.
func (env *environment) config() (*config.Config, error) {
	if env.cfg != nil {
		return env.cfg, nil
	}
	cfg, err := config.Load(env.configPath)
	if err != nil {
		return nil, err
	}
	env.cfg = cfg
	var handler slog.Handler
	opts := &slog.HandlerOptions{Level: cfg.Log.SlogLevel()}
	if cfg.Log.Format == "json" {
		handler = slog.NewJSONHandler(env.stderr, opts)
	} else {
		handler = slog.NewTextHandler(env.stderr, opts)
	}
	env.logger = slog.New(handler)
	slog.SetDefault(env.logger)
	return cfg, nil
}

// openStore opens the history database named by the configuration.
func (env *environment) openStore(ctx context.Context) (*storage.Store, error) {
	cfg, err := env.config()
	if err != nil {
		return nil, err
	}
	return storage.Open(ctx, cfg.Database.Path)
}

// fetchClient is the safe HTTP client for article links and feeds.
func (env *environment) fetchClient() (*fetch.Client, error) {
	cfg, err := env.config()
	if err != nil {
		return nil, err
	}
	return fetch.New(fetch.Options{
		Timeout:   cfg.Fetch.Timeout,
		MaxBody:   int64(cfg.Fetch.MaxBody),
		UserAgent: cfg.Fetch.UserAgent,
		Allow:     cfg.Fetch.AllowHosts,
	})
}

// extractor returns the configured warning extractor.
func (env *environment) extractor() (briefing.Extractor, error) {
	cfg, err := env.config()
	if err != nil {
		return nil, err
	}
	switch cfg.Extractor {
	case "", "builtin":
		return warnings.New(), nil
	}
	return nil, briefing.Errorf(briefing.EINVALID, "extractor %q is not known (use builtin)", cfg.Extractor)
}

// articleReader reads command-line inputs: a link through the safe
// fetcher, anything else as a local file (.html, .htm, .txt, optionally .gz).
func (env *environment) articleReader() (*article.Reader, error) {
	client, err := env.fetchClient()
	if err != nil {
		return nil, err
	}
	return article.NewReader(client), nil
}

// inputID names an input in JSON output: a file's name without its
// extensions, or the link itself.
func inputID(input string) string {
	if article.IsURL(input) {
		return input
	}
	return article.FileID(input)
}

// eachInput runs fn on every input, reports each failure on stderr and
// goes on with the next, and fails at the end if any input failed.
func eachInput(env *environment, inputs []string, fn func(input string) error) error {
	failed := 0
	for _, in := range inputs {
		if err := fn(in); err != nil {
			if len(inputs) == 1 {
				return err
			}
			failed++
			fmt.Fprintf(env.stderr, "redline: %s: %s\n", in, oneLine(briefing.ErrorMessage(err)))
		}
	}
	if failed > 0 {
		return briefing.Errorf(briefing.EINVALID, "%d of %d inputs failed", failed, len(inputs))
	}
	return nil
}

func briefCommand(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
	noStore := fs.Bool("no-store", false, "do not record the briefings in the history database")
	markdown := fs.Bool("markdown", false, "print Discord-flavoured Markdown instead of terminal text")
	return func(ctx context.Context, env *environment, args []string) error {
		if len(args) == 0 {
			return usagef("brief needs at least one URL or FILE")
		}
		ex, err := env.extractor()
		if err != nil {
			return err
		}
		p := &briefing.Pipeline{Extractor: ex}
		if !*noStore {
			store, err := env.openStore(ctx)
			if err != nil {
				return err
			}
			defer store.Close()
			p.Recorder = store
		}
		in, err := env.articleReader()
		if err != nil {
			return err
		}
		first := true
		return eachInput(env, args, func(input string) error {
			a, err := in.ReadURLOrFile(ctx, input)
			if err != nil {
				return err
			}
			b, err := p.BriefArticle(ctx, a)
			if err != nil {
				return err
			}
			if !first {
				fmt.Fprintln(env.stdout)
			}
			first = false
			if *markdown {
				fmt.Fprintln(env.stdout, render.Markdown(b))
			} else {
				fmt.Fprint(env.stdout, render.Text(b))
			}
			return nil
		})
	}
}

// readRecord is one line of "redline read --format jsonl".
type readRecord struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Byline    string `json:"byline"`
	Site      string `json:"site"`
	Published string `json:"published"`
	Language  string `json:"language"`
	Text      string `json:"text"`
}

func readCommand(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
	format := fs.String("format", "text", "output format: text or jsonl")
	return func(ctx context.Context, env *environment, args []string) error {
		if len(args) == 0 {
			return usagef("read needs at least one URL or FILE")
		}
		if *format != "text" && *format != "jsonl" {
			return usagef("unknown format %q (use text or jsonl)", *format)
		}
		in, err := env.articleReader()
		if err != nil {
			return err
		}
		enc := json.NewEncoder(env.stdout)
		enc.SetEscapeHTML(false)
		first := true
		return eachInput(env, args, func(input string) error {
			a, err := in.ReadURLOrFile(ctx, input)
			if err != nil {
				return err
			}
			if *format == "jsonl" {
				rec := readRecord{ID: inputID(input), URL: a.Key(), Title: a.Title, Byline: a.Byline,
					Site: a.Site, Language: a.Language, Text: a.Text}
				if !a.Published.IsZero() {
					rec.Published = a.Published.Format(time.RFC3339)
				}
				return enc.Encode(rec)
			}
			if !first {
				fmt.Fprintln(env.stdout, "\n"+strings.Repeat("─", 60))
			}
			first = false
			fmt.Fprint(env.stdout, render.ArticleText(a))
			return nil
		})
	}
}

func extractCommand(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
	format := fs.String("format", "jsonl", "output format: jsonl (one object per input: {\"id\", \"warnings\": […]})")
	return func(ctx context.Context, env *environment, args []string) error {
		if len(args) == 0 {
			return usagef("extract needs at least one URL or FILE")
		}
		if *format != "jsonl" {
			return usagef("unknown format %q (use jsonl)", *format)
		}
		ex, err := env.extractor()
		if err != nil {
			return err
		}
		in, err := env.articleReader()
		if err != nil {
			return err
		}
		return eachInput(env, args, func(input string) error {
			a, err := in.ReadURLOrFile(ctx, input)
			if err != nil {
				return err
			}
			ws, err := ex.Extract(ctx, a)
			if err != nil {
				return err
			}
			line, err := warnings.PredictionJSON(inputID(input), ws)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(env.stdout, "%s\n", line)
			return err
		})
	}
}

func historyCommand(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
	speaker := fs.String("speaker", "", "only warnings given by this actor (a name, country, capital…)")
	addressee := fs.String("addressee", "", "only warnings given to this actor")
	since := fs.String("since", "", "only articles from this recent period (24h, 7d, 30d)")
	limit := fs.Int("limit", 20, "how many warnings to show")
	after := fs.String("after", "", "show the page after this one: the value printed at the end of the previous page")
	return func(ctx context.Context, env *environment, args []string) error {
		q := briefing.HistoryQuery{Speaker: *speaker, Addressee: *addressee, Text: strings.Join(args, " "), Limit: *limit, Cursor: *after}
		if *limit < 1 {
			return usagef("-limit must be at least 1")
		}
		if *since != "" {
			d, err := config.ParseDuration(*since)
			if err != nil {
				return usagef("-since: %v", err)
			}
			q.Since = time.Now().Add(-d)
		}
		store, err := env.openStore(ctx)
		if err != nil {
			return err
		}
		defer store.Close()
		page, err := store.History(ctx, q)
		if err != nil {
			return err
		}
		fmt.Fprint(env.stdout, render.HistoryText(page, render.HistoryTitle(q, 0)))
		if page.Next != "" {
			fmt.Fprintf(env.stdout, "To see them: redline history -after %s (with the same filters)\n", page.Next)
		}
		return nil
	}
}

func whoCommand(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
	latest := fs.Int("latest", 5, "how many of the newest warnings to show")
	return func(ctx context.Context, env *environment, args []string) error {
		if len(args) == 0 {
			return usagef("who needs a NAME")
		}
		store, err := env.openStore(ctx)
		if err != nil {
			return err
		}
		defer store.Close()
		p, err := store.Profile(ctx, strings.Join(args, " "), *latest)
		if err != nil {
			return err
		}
		fmt.Fprint(env.stdout, render.ProfileText(p))
		return nil
	}
}

// cliChannel is the channel the command line acts for when none is given.
const cliChannel = "cli"

func feedsCommand(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
	channel := fs.String("channel", cliChannel, "the channel whose feeds to manage")
	guild := fs.String("guild", "", "the guild (server) of the channel")
	mode := fs.String("mode", string(briefing.DeliverDigest), "add: how the channel gets briefings: digest or instant")
	backfill := fs.Int("backfill", 0, "add: brief this many of the newest current items (0: none, no flood)")
	return func(ctx context.Context, env *environment, args []string) error {
		if len(args) == 0 {
			return usagef("feeds needs an action: add URL, list, remove URL or poll")
		}
		action, rest := args[0], args[1:]
		needURL := func() (string, error) {
			if len(rest) != 1 {
				return "", usagef("feeds %s needs exactly one feed URL", action)
			}
			return rest[0], nil
		}
		switch action {
		case "add", "remove", "list", "poll":
		default:
			return usagef("unknown feeds action %q (use add, list, remove or poll)", action)
		}
		deliveryMode := briefing.DeliveryMode(*mode)
		if deliveryMode != briefing.DeliverDigest && deliveryMode != briefing.DeliverInstant {
			return usagef("-mode must be digest or instant, not %q", *mode)
		}
		if *backfill < 0 {
			return usagef("-backfill must not be negative")
		}
		var feedURL string
		if action == "add" || action == "remove" {
			u, err := needURL()
			if err != nil {
				return err
			}
			feedURL = u
		}
		cfg, err := env.config()
		if err != nil {
			return err
		}
		w, err := env.wire(ctx)
		if err != nil {
			return err
		}
		defer w.close()
		w.deliverTo(cfg, env.logger, &printPoster{w: env.stdout})
		switch action {
		case "add":
			res, err := w.feeds.Add(ctx, *guild, *channel, feedURL, deliveryMode, *backfill)
			if err != nil {
				return err
			}
			fmt.Fprint(env.stdout, describeAdded(res))
		case "remove":
			if err := w.feeds.Remove(ctx, *channel, feedURL); err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "Removed %s from channel %s.\n", feedURL, *channel)
		case "list":
			subs, err := w.feeds.List(ctx, *channel)
			if err != nil {
				return err
			}
			fmt.Fprint(env.stdout, render.FeedListText(subs, *channel))
		case "poll":
			rep, err := w.feeds.PollOnce(ctx)
			if err != nil {
				return err
			}
			printPollReport(env.stdout, rep)
		}
		return nil
	}
}

func describeAdded(res feeds.AddResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Following %s.\n", render.FeedText(res.Feed))
	if res.Latest.Title != "" || res.Latest.Link != "" {
		fmt.Fprintf(&b, "Latest item: %s %s\n", render.Plain(res.Latest.Title), render.Plain(res.Latest.Link))
	}
	if res.Backfilled > 0 {
		fmt.Fprintf(&b, "The newest %d items will be briefed at the next poll; older ones are skipped.\n", res.Backfilled)
	} else {
		b.WriteString("Items already in the feed are skipped; new ones are briefed from the next poll.\n")
	}
	return b.String()
}

func printPollReport(w io.Writer, rep feeds.PollReport) {
	briefed := 0
	for _, item := range rep.New {
		if item.Briefing == nil {
			continue
		}
		if briefed > 0 {
			fmt.Fprintln(w)
		}
		briefed++
		fmt.Fprint(w, render.Text(item.Briefing))
	}
	for _, item := range rep.New {
		if item.Err != nil {
			fmt.Fprintf(w, "could not brief %s: %s\n", item.Item.Link, oneLine(briefing.ErrorMessage(item.Err)))
		}
	}
	for _, fe := range rep.Errors {
		fmt.Fprintf(w, "feed %s: %s\n", fe.Feed.URL, oneLine(briefing.ErrorMessage(fe.Err)))
	}
	fmt.Fprintf(w, "Polled %d feeds (%d unchanged, %d failed): %d new items, %d briefed.\n",
		rep.Polled, rep.NotModified, rep.Failed, len(rep.New), briefed)
}

// printPoster delivers to the terminal: the command line's briefing.Poster.
type printPoster struct{ w io.Writer }

// PostBriefing only notes the delivery: the poll report prints every briefing once.
func (p *printPoster) PostBriefing(_ context.Context, channelID string, b *briefing.Briefing, _ string) error {
	fmt.Fprintf(p.w, "[posted to channel %s: %s]\n", channelID, render.Plain(b.Article.Title))
	return nil
}

func (p *printPoster) PostDigest(_ context.Context, channelID string, d *briefing.Digest, _ string) error {
	fmt.Fprintf(p.w, "[to channel %s]\n%s\n", channelID, render.DigestText(d))
	return nil
}

func (p *printPoster) PostNotice(_ context.Context, channelID, text string) error {
	fmt.Fprintf(p.w, "[to channel %s] %s\n", channelID, text)
	return nil
}

func digestCommand(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
	channel := fs.String("channel", "", "the channel whose digest to print (its feeds and briefings); empty: all of history")
	since := fs.String("since", "24h", "the period the digest covers, back from now (24h, 7d)")
	return func(ctx context.Context, env *environment, args []string) error {
		if len(args) > 0 {
			return usagef("digest takes no arguments, only flags (got %q)", strings.Join(args, " "))
		}
		d, err := config.ParseDuration(*since)
		if err != nil {
			return usagef("-since: %v", err)
		}
		cfg, err := env.config()
		if err != nil {
			return err
		}
		store, err := env.openStore(ctx)
		if err != nil {
			return err
		}
		defer store.Close()
		now := time.Now()
		var dg *briefing.Digest
		if *channel != "" {
			dg, err = digest.Build(ctx, store, *channel, now.Add(-d), now, cfg.Digest.MaxItems)
		} else {
			dg, err = digest.BuildFromHistory(ctx, store, now.Add(-d), now, cfg.Digest.MaxItems)
		}
		if err != nil {
			return err
		}
		fmt.Fprint(env.stdout, render.DigestText(dg))
		return nil
	}
}

// wiring is the engine shared by the bot and the feed commands.
type wiring struct {
	store    *storage.Store
	client   *fetch.Client
	pipeline *briefing.Pipeline
	feeds    *feeds.Service
	digests  *digest.Scheduler
}

func (w *wiring) close() {
	if w.store != nil {
		w.store.Close()
	}
}

// wire opens the history database and builds the briefing pipeline around it.
func (env *environment) wire(ctx context.Context) (*wiring, error) {
	client, err := env.fetchClient()
	if err != nil {
		return nil, err
	}
	ex, err := env.extractor()
	if err != nil {
		return nil, err
	}
	store, err := env.openStore(ctx)
	if err != nil {
		return nil, err
	}
	w := &wiring{store: store, client: client}
	w.pipeline = &briefing.Pipeline{Reader: article.NewReader(client), Extractor: ex, Recorder: store}
	return w, nil
}

// deliverTo builds the feed service and the digest scheduler, which
// deliver through poster.
func (w *wiring) deliverTo(cfg *config.Config, logger *slog.Logger, poster briefing.Poster) {
	w.feeds = feeds.NewService(w.store, &feeds.HTTPFetcher{Client: w.client}, w.pipeline, poster, feeds.Config{
		PollInterval:           cfg.Feeds.PollInterval,
		PerHost:                cfg.Feeds.PerHost,
		PauseAfterClientErrors: cfg.Feeds.PauseAfter4xx,
		PauseAfterServerErrors: cfg.Feeds.PauseAfter5xx,
		Logger:                 logger,
	})
	w.digests = digest.NewScheduler(w.store, poster, digest.Config{
		Grace:    cfg.Digest.Grace,
		MaxItems: cfg.Digest.MaxItems,
		Logger:   logger,
	})
}

func runCommand(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
	return func(ctx context.Context, env *environment, args []string) error {
		if len(args) > 0 {
			return usagef("run takes no arguments (got %q)", strings.Join(args, " "))
		}
		cfg, err := env.config()
		if err != nil {
			return err
		}
		if err := cfg.ValidateForBot(); err != nil {
			return err
		}
		w, err := env.wire(ctx)
		if err != nil {
			return err
		}
		defer w.close()
		poster, err := bot.NewPoster(bot.PosterOptions{Token: cfg.Discord.Token.Reveal()})
		if err != nil {
			return err
		}
		w.deliverTo(cfg, env.logger, poster)
		b, err := bot.New(bot.Options{
			Poster:         poster,
			AppID:          cfg.Discord.ApplicationID,
			DevGuildID:     cfg.Discord.DevGuildID,
			Briefer:        w.pipeline,
			Store:          w.store,
			Channels:       w.store,
			Feeds:          w.feeds,
			Digests:        w.digests,
			DigestTime:     cfg.Digest.Time,
			DigestTimeZone: cfg.Digest.TimeZone,
			BriefChannels:  cfg.Discord.BriefChannels,
			RateLimit:      bot.RateLimit{Count: cfg.Discord.BriefRateLimit.Count, Per: cfg.Discord.BriefRateLimit.Per},
			Logger:         env.logger,
		})
		if err != nil {
			return err
		}

		// Feeds and digests start once the bot is connected, and stop
		// before the database closes, also when the bot fails to start.
		ctx, stopBackground := context.WithCancel(ctx)
		defer stopBackground()
		var background sync.WaitGroup
		background.Add(1)
		go func() {
			defer background.Done()
			select {
			case <-ctx.Done():
				return
			case <-b.Ready():
			}
			if err := w.digests.Start(ctx); err != nil {
				env.logger.Error("digest schedule did not start", "err", err)
			} else {
				defer w.digests.Stop()
			}
			if err := w.feeds.Run(ctx); err != nil && ctx.Err() == nil {
				env.logger.Error("feed polling stopped", "err", err)
			}
		}()
		env.logger.Info("redline is starting", "version", versionString(), "database", cfg.Database.Path)
		err = b.Run(ctx)
		stopBackground()
		background.Wait()
		env.logger.Info("redline stopped")
		return err
	}
}

func versionCommand(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
	return func(_ context.Context, env *environment, args []string) error {
		if len(args) > 0 {
			return usagef("version takes no arguments")
		}
		fmt.Fprintf(env.stdout, "redline %s\n", versionString())
		return nil
	}
}

func versionString() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		v := info.Main.Version
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return v + " (" + s.Value[:12] + ")"
			}
		}
		if v != "" {
			return v
		}
	}
	return "(devel)"
}
