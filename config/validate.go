package config

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Bounds that keep redline polite to the sites it reads and its digests readable.
const (
	MinPollInterval = time.Minute
	MaxPerHost      = 16
	MaxDigestItems  = 100

	MinLLMArticleChars = 1000
	MaxLLMArticleChars = 200000
	MaxLLMConcurrency  = 16
)

var (
	snowflakePattern = regexp.MustCompile(`^[0-9]{1,20}$`)
	timeOfDayPattern = regexp.MustCompile(`^([01]?[0-9]|2[0-3]):([0-5][0-9])$`)
	hostnamePattern  = regexp.MustCompile(`^(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$`)
)

// at returns where the value of path came from.
func (d *decoder) at(path string) origin { return d.origins[path] }

// shown is the value of path as the user wrote it ("5MB", "24h"), else
// as the program writes it: messages quote the user's own units.
func (d *decoder) shown(path string, v fmt.Stringer) string {
	if raw := d.origins[path].raw; raw != "" {
		return raw
	}
	return v.String()
}

// durationText writes a duration for shown.
type durationText time.Duration

func (t durationText) String() string { return FormatDuration(time.Duration(t)) }

// validate checks the values' meaning once every source has been applied,
// normalising a few on the way ("8:00" → "08:00", "INFO" → "info").
func (d *decoder) validate(c *Config) {
	dc := &c.Discord
	for _, id := range []struct {
		key   string
		value string
	}{{"discord.application_id", dc.ApplicationID}, {"discord.dev_guild_id", dc.DevGuildID}} {
		if id.value != "" && !snowflakePattern.MatchString(id.value) {
			d.add(id.key, d.at(id.key), "%q is not a Discord id (digits only; copy it with Developer Mode on)", id.value)
		}
	}
	for i, ch := range dc.BriefChannels {
		key := fmt.Sprintf("discord.brief_channels[%d]", i)
		if !snowflakePattern.MatchString(ch) {
			d.add("discord.brief_channels", d.itemAt(key, "discord.brief_channels"), "item %d: %q is not a channel id (digits only)", i+1, ch)
		}
	}

	if strings.TrimSpace(c.Database.Path) == "" {
		d.add("database.path", d.at("database.path"), "must name the SQLite file, e.g. redline.db")
	}

	c.Log.Level = strings.ToLower(c.Log.Level)
	if c.Log.Level == "warning" {
		c.Log.Level = "warn"
	}
	if !slices.Contains([]string{"debug", "info", "warn", "error"}, c.Log.Level) {
		d.add("log.level", d.at("log.level"), "%q is not a log level (debug, info, warn or error)", c.Log.Level)
	}
	c.Log.Format = strings.ToLower(c.Log.Format)
	if !slices.Contains([]string{"text", "json"}, c.Log.Format) {
		d.add("log.format", d.at("log.format"), "%q is not a log format (text or json)", c.Log.Format)
	}

	d.positive("fetch.timeout", c.Fetch.Timeout)
	if c.Fetch.MaxBody < 1024 {
		d.add("fetch.max_body", d.at("fetch.max_body"), "%s is too small to hold an article; use at least 1KiB (default 5MB)", d.shown("fetch.max_body", c.Fetch.MaxBody))
	}
	if strings.TrimSpace(c.Fetch.UserAgent) == "" {
		d.add("fetch.user_agent", d.at("fetch.user_agent"), "must not be empty: sites block requests without one")
	}
	for i, h := range c.Fetch.AllowHosts {
		if err := checkAllowHost(h); err != nil {
			d.add("fetch.allow_hosts", d.itemAt(fmt.Sprintf("fetch.allow_hosts[%d]", i), "fetch.allow_hosts"), "item %d: %v", i+1, err)
		}
	}

	if c.Feeds.PollInterval < MinPollInterval {
		d.add("feeds.poll_interval", d.at("feeds.poll_interval"), "%s is too often; use at least %s (default 15m) to stay polite to feed hosts",
			d.shown("feeds.poll_interval", durationText(c.Feeds.PollInterval)), FormatDuration(MinPollInterval))
	}
	if c.Feeds.PerHost < 1 || c.Feeds.PerHost > MaxPerHost {
		d.add("feeds.per_host", d.at("feeds.per_host"), "%d is out of range; use 1 to %d concurrent requests per host", c.Feeds.PerHost, MaxPerHost)
	}
	d.positive("feeds.pause_after_4xx", c.Feeds.PauseAfter4xx)
	d.positive("feeds.pause_after_5xx", c.Feeds.PauseAfter5xx)
	if c.Feeds.PostRetry < time.Minute || c.Feeds.PostRetry > 7*24*time.Hour {
		d.add("feeds.post_retry", d.at("feeds.post_retry"), "%s is out of range; use from 1m to 7d (default 6h)", FormatDuration(c.Feeds.PostRetry))
	}

	if m := timeOfDayPattern.FindStringSubmatch(strings.TrimSpace(c.Digest.Time)); m != nil {
		h, _ := strconv.Atoi(m[1])
		c.Digest.Time = fmt.Sprintf("%02d:%s", h, m[2])
	} else {
		d.add("digest.time", d.at("digest.time"), "%q is not a time of day; use HH:MM on a 24-hour clock, e.g. \"08:00\" or \"18:30\"", c.Digest.Time)
	}
	if err := checkTimeZone(c.Digest.TimeZone); err != nil {
		d.add("digest.timezone", d.at("digest.timezone"), "%v", err)
	}
	if c.Digest.Grace < 0 || c.Digest.Grace >= 24*time.Hour {
		d.add("digest.grace", d.at("digest.grace"), "%s is out of range; use from 0s (no catch-up) to under 24h (default 6h)", d.shown("digest.grace", durationText(c.Digest.Grace)))
	}
	if c.Digest.MaxItems < 1 || c.Digest.MaxItems > MaxDigestItems {
		d.add("digest.max_items", d.at("digest.max_items"), "%d is out of range; use 1 to %d", c.Digest.MaxItems, MaxDigestItems)
	}

	c.Extractor = strings.ToLower(c.Extractor)
	if !slices.Contains(KnownExtractors, c.Extractor) {
		d.add("extractor", d.at("extractor"), "%q is not a known extractor (%s)", c.Extractor, strings.Join(KnownExtractors, ", "))
	}
	d.validateLLM(c)
}

// validateLLM checks the llm section. Its keys are checked whichever
// extractor is chosen (a mistake should not wait for the day llm is
// switched on); the model is required only with extractor: llm.
func (d *decoder) validateLLM(c *Config) {
	l := &c.LLM
	l.BaseURL = strings.TrimSpace(l.BaseURL)
	if err := checkBaseURL(l.BaseURL); err != nil {
		d.add("llm.base_url", d.at("llm.base_url"), "%v", err)
	}
	l.BaseURL = strings.TrimRight(l.BaseURL, "/")
	if c.Extractor == "llm" && strings.TrimSpace(l.Model) == "" {
		d.add("llm.model", d.at("llm.model"),
			"is missing: extractor llm needs the model's name as the server knows it (e.g. qwen2.5:7b-instruct for Ollama, gpt-4o-mini for OpenAI)")
	}
	d.positive("llm.timeout", l.Timeout)
	if l.MaxArticleChars < MinLLMArticleChars || l.MaxArticleChars > MaxLLMArticleChars {
		d.add("llm.max_article_chars", d.at("llm.max_article_chars"), "%d is out of range; use %d to %d characters (default 12000)",
			l.MaxArticleChars, MinLLMArticleChars, MaxLLMArticleChars)
	}
	if l.Concurrency < 1 || l.Concurrency > MaxLLMConcurrency {
		d.add("llm.concurrency", d.at("llm.concurrency"), "%d is out of range; use 1 to %d calls at once", l.Concurrency, MaxLLMConcurrency)
	}
	if l.DailyCalls < 0 {
		d.add("llm.daily_calls", d.at("llm.daily_calls"), "%d is negative; use a number of calls per day, or 0 for no limit", l.DailyCalls)
	}
}

// checkBaseURL accepts an http or https address with a host and no
// credentials, query or fragment. Its messages never quote the value: a key
// pasted under the wrong name must not be echoed.
func checkBaseURL(raw string) error {
	const hint = "use the API's base address, such as http://localhost:11434/v1 (Ollama) or https://api.openai.com/v1"
	u, err := url.Parse(raw)
	switch {
	case err != nil || raw == "":
		return fmt.Errorf("is not an address; %s", hint)
	case u.User != nil:
		return fmt.Errorf("holds a user name or password; put the key in llm.api_key (or REDLINE_LLM_API_KEY) instead")
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("must start with http:// or https://; %s", hint)
	case u.Host == "":
		return fmt.Errorf("has no host; %s", hint)
	case u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("must not have a query or fragment; %s", hint)
	case strings.HasSuffix(strings.TrimRight(u.Path, "/"), "/chat/completions"):
		return fmt.Errorf("names the endpoint itself; give the base, without /chat/completions")
	}
	return nil
}

// itemAt is the origin of a list item, else of the list.
func (d *decoder) itemAt(item, list string) origin {
	if o, ok := d.origins[item]; ok {
		return o
	}
	return d.origins[list]
}

func (d *decoder) positive(key string, v time.Duration) {
	if v <= 0 {
		d.add(key, d.at(key), "must be longer than zero")
	}
}

func checkTimeZone(name string) error {
	const hint = "use an IANA name such as \"UTC\", \"Europe/Berlin\" or \"America/New_York\""
	if name == "" || strings.EqualFold(name, "local") {
		return fmt.Errorf("%q is not a time zone; %s", name, hint)
	}
	if _, err := time.LoadLocation(name); err != nil {
		return fmt.Errorf("%q is not a known time zone; %s", name, hint)
	}
	return nil
}

// checkAllowHost accepts "host", "host:port", "[v6]:port", an IP, or a CIDR.
func checkAllowHost(h string) error {
	bad := fmt.Errorf("%q is neither host[:port] nor a CIDR such as 10.0.0.0/8", h)
	if strings.Contains(h, "/") {
		if _, err := netip.ParsePrefix(h); err != nil {
			return bad
		}
		return nil
	}
	if _, err := netip.ParseAddr(h); err == nil {
		return nil
	}
	host := h
	if strings.Contains(h, ":") {
		hp, port, err := net.SplitHostPort(h)
		if err != nil {
			return bad
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%q has a bad port; use 1-65535", h)
		}
		host = hp
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return nil
	}
	if !hostnamePattern.MatchString(host) {
		return bad
	}
	return nil
}
