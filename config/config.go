// Package config reads redline's YAML configuration file, applies the
// environment overrides (DISCORD_TOKEN and REDLINE_<SECTION>_<KEY>) and
// validates the result, reporting every problem at once with its key and
// the line of the file it is on.
//
// The Discord token and the LLM API key are Secrets: they print as
// "[redacted]" everywhere.
package config

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"time"

	// Embedded zone data so that IANA time zones load on machines without
	// /usr/share/zoneinfo (minimal containers, Windows).
	_ "time/tzdata"

	"redline/briefing"
)

// DefaultPath is the file Load reads when it is given no path; it is optional.
const DefaultPath = "redline.yaml"

// Config is redline's whole configuration. Field tags name the YAML keys;
// the environment variable of a key is REDLINE_ followed by its path in
// upper case with dots as underscores (fetch.max_body → REDLINE_FETCH_MAX_BODY).
type Config struct {
	Discord   Discord  `yaml:"discord"`
	Database  Database `yaml:"database"`
	Log       Log      `yaml:"log"`
	Fetch     Fetch    `yaml:"fetch"`
	Feeds     Feeds    `yaml:"feeds"`
	Digest    Digest   `yaml:"digest"`
	Extractor string   `yaml:"extractor"` // warning extractor: "builtin" or "llm"
	LLM       LLM      `yaml:"llm"`       // the language model of extractor "llm"

	// File is the configuration file that was read; empty when none was.
	File string `yaml:"-"`
	// Warnings are mistakes that do not stop redline: REDLINE_ variables
	// that name no key (a misspelling, most likely) and so are ignored.
	// Load and LoadEnviron fill them; the caller shows them.
	Warnings []Problem `yaml:"-"`
}

// Discord configures the bot's connection and commands.
type Discord struct {
	Token          Secret    `yaml:"token"`            // bot token; DISCORD_TOKEN wins over the file
	ApplicationID  string    `yaml:"application_id"`   // snowflake; empty: taken from the session
	DevGuildID     string    `yaml:"dev_guild_id"`     // register commands in this guild only (instant)
	BriefChannels  []string  `yaml:"brief_channels"`   // channels whose posted links are briefed (needs Message Content intent)
	BriefRateLimit RateLimit `yaml:"brief_rate_limit"` // per-user /brief limit
}

// Database configures the SQLite history.
type Database struct {
	Path string `yaml:"path"`
}

// Log configures log/slog output.
type Log struct {
	Level  string `yaml:"level"`  // debug, info, warn or error
	Format string `yaml:"format"` // text or json
}

// Fetch limits what reading a link may cost.
type Fetch struct {
	Timeout    time.Duration `yaml:"timeout"`
	MaxBody    ByteSize      `yaml:"max_body"`
	UserAgent  string        `yaml:"user_agent"`
	AllowHosts []string      `yaml:"allow_hosts"` // host[:port] or CIDR allowed although private or loopback
}

// Feeds configures polling of RSS/Atom feeds.
type Feeds struct {
	PollInterval  time.Duration `yaml:"poll_interval"`
	PerHost       int           `yaml:"per_host"`        // concurrent requests per host
	PauseAfter4xx time.Duration `yaml:"pause_after_4xx"` // pause a feed failing with 4xx this long
	PauseAfter5xx time.Duration `yaml:"pause_after_5xx"` // pause a feed failing with 5xx or network errors this long
	PostRetry     time.Duration `yaml:"post_retry"`      // retry an instant briefing Discord refused this long
}

// Digest holds the defaults of a channel's daily digest.
type Digest struct {
	Time     string        `yaml:"time"`     // "HH:MM", 24-hour clock
	TimeZone string        `yaml:"timezone"` // IANA name
	Grace    time.Duration `yaml:"grace"`    // a digest missed (bot down) is still sent this late
	MaxItems int           `yaml:"max_items"`
}

// LLM configures the optional language-model extractor (extractor: llm):
// any server that speaks the OpenAI Chat Completions API.
type LLM struct {
	BaseURL         string        `yaml:"base_url"`          // the API's base, ending before /chat/completions
	Model           string        `yaml:"model"`             // the model name the server knows
	APIKey          Secret        `yaml:"api_key"`           // sent as a bearer token; REDLINE_LLM_API_KEY
	Timeout         time.Duration `yaml:"timeout"`           // longest wait for one answer
	MaxArticleChars int           `yaml:"max_article_chars"` // most article text in one call; longer articles go in parts
	Concurrency     int           `yaml:"concurrency"`       // calls in flight at once
	DailyCalls      int           `yaml:"daily_calls"`       // calls per UTC day; past it the built-in extractor answers; 0: no limit
}

// Location returns the digest time zone; UTC if it does not load (Load
// has already reported that as a problem).
func (d Digest) Location() *time.Location {
	loc, err := time.LoadLocation(d.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// SlogLevel returns the configured level for log/slog.
func (l Log) SlogLevel() slog.Level {
	switch l.Level {
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}

// KnownExtractors lists the accepted values of the extractor key.
var KnownExtractors = []string{"builtin", "llm"}

// Default returns the configuration used for every key the file and the
// environment leave unset. config.example.yaml documents the same values.
func Default() *Config {
	return &Config{
		Discord: Discord{
			BriefRateLimit: RateLimit{Count: 5, Per: 10 * time.Minute},
		},
		Database: Database{Path: "redline.db"},
		Log:      Log{Level: "info", Format: "text"},
		Fetch: Fetch{
			Timeout:   20 * time.Second,
			MaxBody:   5 * 1000 * 1000,
			UserAgent: "redline/1.0 (news briefing bot)",
		},
		Feeds: Feeds{
			PollInterval:  15 * time.Minute,
			PerHost:       2,
			PauseAfter4xx: 72 * time.Hour,
			PauseAfter5xx: 168 * time.Hour,
			PostRetry:     6 * time.Hour,
		},
		Digest: Digest{
			Time:     "08:00",
			TimeZone: "UTC",
			Grace:    6 * time.Hour,
			MaxItems: 15,
		},
		Extractor: "builtin",
		LLM: LLM{
			BaseURL:         "http://localhost:11434/v1",
			Timeout:         90 * time.Second,
			MaxArticleChars: 12000,
			Concurrency:     2,
			DailyCalls:      500,
		},
	}
}

// LookupFunc reads an environment variable, like os.LookupEnv.
type LookupFunc func(name string) (string, bool)

// Load reads the configuration file at path, then the environment, and
// validates the result. A missing file at an explicit path is an error;
// path "" means DefaultPath if it exists, else defaults and environment only
// (so a -config flag can default to ""). REDLINE_ variables that name no
// key are listed in the Config's Warnings.
func Load(path string) (*Config, error) { return LoadEnviron(path, os.Environ()) }

// LoadEnviron is Load with the environment given as "NAME=value" entries,
// as os.Environ returns them.
func LoadEnviron(path string, environ []string) (*Config, error) {
	vars := make(map[string]string, len(environ))
	for _, kv := range environ {
		if name, value, ok := strings.Cut(kv, "="); ok {
			vars[name] = value
		}
	}
	cfg, err := LoadEnv(path, func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	})
	if err != nil {
		return nil, err
	}
	cfg.Warnings = UnknownEnv(environ)
	return cfg, nil
}

// LoadDefault is Load("").
func LoadDefault() (*Config, error) { return Load("") }

// LoadEnv is Load with the environment read through lookup (for tests).
func LoadEnv(path string, lookup LookupFunc) (*Config, error) {
	name := path
	if path == "" {
		name = DefaultPath
	}
	data, err := os.ReadFile(name)
	switch {
	case err == nil:
	case path == "" && errors.Is(err, fs.ErrNotExist):
		return Parse("", nil, lookup)
	case errors.Is(err, fs.ErrNotExist):
		return nil, briefing.WrapError(briefing.EINVALID, err,
			"config file %s does not exist: check the path, or start from config.example.yaml", name)
	default:
		return nil, briefing.WrapError(briefing.EINVALID, err, "cannot read config file %s", name)
	}
	return Parse(name, data, lookup)
}

// Parse reads configuration data (from the file named name, which is only
// used in messages; "" when there is no file), applies the environment
// through lookup (nil: none) and validates. On failure the error is an
// *Error listing every problem, and the returned Config is nil.
func Parse(name string, data []byte, lookup LookupFunc) (*Config, error) {
	cfg := Default()
	cfg.File = name
	d := &decoder{file: name, origins: map[string]origin{}}
	d.decodeFile(cfg, data)
	if lookup != nil {
		d.applyEnv(cfg, lookup)
	}
	d.validate(cfg)
	if err := d.err(); err != nil {
		// A token pasted under the wrong key would be quoted by its message.
		for i := range d.problems {
			d.problems[i].Message = cfg.Redact(d.problems[i].Message)
		}
		return nil, err
	}
	return cfg, nil
}

// ValidateForBot reports what running the Discord bot needs on top of a
// valid configuration: a token.
func (c *Config) ValidateForBot() error {
	var problems []Problem
	if c.Discord.Token.IsZero() {
		problems = append(problems, Problem{Key: "discord.token",
			Message: "is missing: set DISCORD_TOKEN (or discord.token in the config file) to the bot token from the Discord developer portal"})
	}
	if len(problems) == 0 {
		return nil
	}
	return &Error{File: c.File, Problems: problems}
}

// tokenShape matches Discord bot tokens (three base64url parts joined by
// dots), so that one written under the wrong key is not echoed either.
var tokenShape = regexp.MustCompile(`[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}`)

// Redact replaces the configured secrets (the Discord token, the LLM API
// key), and anything shaped like a Discord token, in s; use it on text that
// might echo configuration values.
func (c *Config) Redact(s string) string {
	for _, secret := range []Secret{c.Discord.Token, c.LLM.APIKey} {
		if t := secret.Reveal(); len(t) >= 4 {
			s = strings.ReplaceAll(s, t, redacted)
		}
	}
	return tokenShape.ReplaceAllString(s, redacted)
}
