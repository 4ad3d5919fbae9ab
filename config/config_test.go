package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"redline/briefing"
)

// env returns a LookupFunc over a fixed map.
func env(vars map[string]string) LookupFunc {
	return func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
}

func problemsOf(t *testing.T, err error) []Problem {
	t.Helper()
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("want *config.Error, got %T: %v", err, err)
	}
	return ce.Problems
}

func TestThreeMistakesAreAllReportedWithTheirLines(t *testing.T) {
	data := `discord:
  application_id: "1234"
fetch:
  timout: 20s
  max_body: 5MB
digest:
  time: "08:00"
  timezone: Europe/Berln
feeds:
  poll_interval: 15 minutes
`
	cfg, err := Parse("redline.yaml", []byte(data), nil)
	if cfg != nil {
		t.Fatalf("a config with mistakes must not be returned: %+v", cfg)
	}
	ps := problemsOf(t, err)
	want := []struct {
		key, fragment string
		line          int
	}{
		{"fetch.timout", `did you mean "fetch.timeout"`, 4},
		{"digest.timezone", `"Europe/Berln" is not a known time zone`, 8},
		{"feeds.poll_interval", `"15 minutes" is not a duration`, 10},
	}
	if len(ps) != len(want) {
		t.Fatalf("want %d problems, got %d: %v", len(want), len(ps), err)
	}
	for i, w := range want {
		p := ps[i]
		if p.Key != w.key || p.Line != w.line || !strings.Contains(p.Message, w.fragment) {
			t.Errorf("problem %d = %+v; want key %s line %d containing %q", i, p, w.key, w.line, w.fragment)
		}
		if loc := fmt.Sprintf("redline.yaml:%d: %s", w.line, w.key); !strings.Contains(err.Error(), loc) {
			t.Errorf("error text lacks %q:\n%v", loc, err)
		}
	}
	if !strings.HasPrefix(err.Error(), "configuration has 3 problems:") {
		t.Errorf("error text should announce the count first:\n%v", err)
	}
	if briefing.ErrorCode(err) != briefing.EINVALID || briefing.ErrorMessage(err) != err.Error() {
		t.Errorf("adapters must see EINVALID and the full list; got code %q message %q", briefing.ErrorCode(err), briefing.ErrorMessage(err))
	}
}

func TestEveryKindOfMistake(t *testing.T) {
	tests := []struct {
		name     string
		yaml     string
		env      map[string]string
		key      string
		line     int
		fragment string
	}{
		{"unknown top-level key guessed across sections", "timeout: 5s\n", nil, "timeout", 1, `did you mean "fetch.timeout"`},
		{"separator typo", "discord:\n  dev-guild-id: \"1\"\n", nil, "discord.dev-guild-id", 2, `did you mean "discord.dev_guild_id"`},
		{"unrelated key lists the choices", "fetch:\n  colour: red\n", nil, "fetch.colour", 2, "timeout, max_body, user_agent, allow_hosts"},
		{"bad size", "fetch:\n  max_body: 5 parsecs\n", nil, "fetch.max_body", 2, `"5 parsecs" is not a size`},
		{"bad time of day", "digest:\n  time: \"25:00\"\n", nil, "digest.time", 2, "HH:MM"},
		{"bad log level", "log:\n  level: loud\n", nil, "log.level", 2, "debug, info, warn or error"},
		{"bad log format", "log:\n  format: xml\n", nil, "log.format", 2, "text or json"},
		{"bad rate limit", "discord:\n  brief_rate_limit: lots\n", nil, "discord.brief_rate_limit", 2, "COUNT/WINDOW"},
		{"bad snowflake", "discord:\n  application_id: abc\n", nil, "discord.application_id", 2, "not a Discord id"},
		{"bad channel id points at the item", "discord:\n  brief_channels:\n    - \"123\"\n    - general\n", nil, "discord.brief_channels", 4, `item 2: "general"`},
		{"bad allow host", "fetch:\n  allow_hosts: [\"10.0.0.0/33\"]\n", nil, "fetch.allow_hosts", 2, "CIDR"},
		{"list written as a scalar", "fetch:\n  allow_hosts: localhost\n", nil, "fetch.allow_hosts", 2, "must be a list"},
		{"section written as a scalar", "fetch: 20s\n", nil, "fetch", 1, "must be a section"},
		{"scalar written as a section", "database:\n  path:\n    file: x\n", nil, "database.path", 3, "single value"},
		{"duplicate key", "log:\n  level: info\n  level: debug\n", nil, "log.level", 3, "set twice (first on line 2)"},
		{"poll too often", "feeds:\n  poll_interval: 10s\n", nil, "feeds.poll_interval", 2, "at least 1m"},
		{"per_host not a number", "feeds:\n  per_host: two\n", nil, "feeds.per_host", 2, "not a whole number"},
		{"max_items out of range", "digest:\n  max_items: 0\n", nil, "digest.max_items", 2, "1 to 100"},
		{"post_retry out of range", "feeds:\n  post_retry: 30d\n", nil, "feeds.post_retry", 2, "from 1m to 7d"},
		{"unknown extractor", "extractor: gpt\n", nil, "extractor", 1, "builtin"},
		{"zero timeout", "fetch:\n  timeout: 0s\n", nil, "fetch.timeout", 2, "longer than zero"},
		{"invalid YAML keeps its line", "fetch:\n  timeout: 20s\n   bad: [\n", nil, "", 3, "not valid YAML"},
		{"env value that does not parse names the variable", "", map[string]string{"REDLINE_FETCH_TIMEOUT": "soon"}, "fetch.timeout", 0, `"soon" is not a duration`},
		{"env time zone", "", map[string]string{"REDLINE_DIGEST_TIMEZONE": "Mars/Olympus"}, "digest.timezone", 0, "not a known time zone"},
		{"llm without a model", "extractor: llm\n", nil, "llm.model", 0, "qwen2.5:7b-instruct"},
		{"llm base URL without scheme", "llm:\n  base_url: localhost:11434/v1\n", nil, "llm.base_url", 2, "http:// or https://"},
		{"llm base URL is the endpoint", "llm:\n  base_url: http://localhost:11434/v1/chat/completions\n", nil, "llm.base_url", 2, "without /chat/completions"},
		{"llm base URL with credentials", "llm:\n  base_url: https://user:pw@api.example.com/v1\n", nil, "llm.base_url", 2, "put the key in llm.api_key"},
		{"llm timeout", "llm:\n  timeout: 0s\n", nil, "llm.timeout", 2, "longer than zero"},
		{"llm article size", "llm:\n  max_article_chars: 50\n", nil, "llm.max_article_chars", 2, "1000 to 200000"},
		{"llm concurrency", "llm:\n  concurrency: 0\n", nil, "llm.concurrency", 2, "1 to 16"},
		{"llm budget", "llm:\n  daily_calls: -1\n", nil, "llm.daily_calls", 2, "0 for no limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tt.yaml), env(tt.env))
			ps := problemsOf(t, err)
			if len(ps) != 1 {
				t.Fatalf("want 1 problem, got %d: %v", len(ps), err)
			}
			p := ps[0]
			if p.Key != tt.key || !strings.Contains(p.Message, tt.fragment) {
				t.Errorf("got %+v; want key %q with %q", p, tt.key, tt.fragment)
			}
			if tt.line > 0 && p.Line != tt.line {
				t.Errorf("line = %d, want %d", p.Line, tt.line)
			}
			for name := range tt.env {
				if p.Env != name || !strings.Contains(err.Error(), name) {
					t.Errorf("the problem must name %s: %+v / %v", name, p, err)
				}
			}
		})
	}
}

func TestDefaultsAndNormalisation(t *testing.T) {
	cfg, err := Parse("", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg, Default()) {
		t.Errorf("an empty configuration must equal Default():\n%+v\n%+v", cfg, Default())
	}
	cfg, err = Parse("f.yaml", []byte("log:\n  level: WARNING\ndigest:\n  time: \"8:05\"\n  timezone: Asia/Seoul\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Log.Level != "warn" || cfg.Log.SlogLevel() != slog.LevelWarn {
		t.Errorf("level = %q", cfg.Log.Level)
	}
	if cfg.Digest.Time != "08:05" {
		t.Errorf("time = %q, want 08:05", cfg.Digest.Time)
	}
	if cfg.Digest.Location().String() != "Asia/Seoul" {
		t.Errorf("location = %v", cfg.Digest.Location())
	}
	if cfg.Fetch.Timeout != 20*time.Second || cfg.Extractor != "builtin" {
		t.Errorf("keys not in the file must keep their defaults: %+v", cfg)
	}
	// Unquoted values keep their text: a time of day is not read as a
	// base-60 number, a 19-digit id does not lose digits to a float.
	cfg, err = Parse("f.yaml", []byte("digest:\n  time: 18:30\ndiscord:\n  application_id: 1234567890123456789\n  brief_channels: [1234567890123456789]\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Digest.Time != "18:30" || cfg.Discord.ApplicationID != "1234567890123456789" || cfg.Discord.BriefChannels[0] != "1234567890123456789" {
		t.Errorf("unquoted values changed: %+v", cfg)
	}
}

func TestEnvironmentOverridesFile(t *testing.T) {
	data := `discord:
  token: file-token-value
  brief_channels: ["1"]
database:
  path: from-file.db
fetch:
  timeout: 5s
`
	cfg, err := Parse("f.yaml", []byte(data), env(map[string]string{
		"REDLINE_DISCORD_TOKEN":          "redline-env-token",
		"DISCORD_TOKEN":                  "  discord-env-token ",
		"REDLINE_DATABASE_PATH":          "/var/lib/redline/history.db",
		"REDLINE_FETCH_TIMEOUT":          "45s",
		"REDLINE_DIGEST_TIMEZONE":        "Europe/Berlin",
		"REDLINE_FETCH_ALLOW_HOSTS":      "127.0.0.1:8080, 10.0.0.0/8,,intranet.local",
		"REDLINE_DISCORD_BRIEF_CHANNELS": "",
		"REDLINE_FETCH_MAX_BODY":         "512KiB",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Discord.Token.Reveal(); got != "discord-env-token" {
		t.Errorf("DISCORD_TOKEN must win over the file and REDLINE_DISCORD_TOKEN; got %q", got)
	}
	if cfg.Database.Path != "/var/lib/redline/history.db" || cfg.Fetch.Timeout != 45*time.Second || cfg.Digest.TimeZone != "Europe/Berlin" {
		t.Errorf("env overrides not applied: %+v", cfg)
	}
	if want := []string{"127.0.0.1:8080", "10.0.0.0/8", "intranet.local"}; !reflect.DeepEqual(cfg.Fetch.AllowHosts, want) {
		t.Errorf("allow_hosts = %q, want %q", cfg.Fetch.AllowHosts, want)
	}
	if !reflect.DeepEqual(cfg.Discord.BriefChannels, []string{"1"}) {
		t.Errorf("an empty variable must not override: %q", cfg.Discord.BriefChannels)
	}
	if cfg.Fetch.MaxBody != 512*1024 {
		t.Errorf("max_body = %d", cfg.Fetch.MaxBody)
	}
}

func TestTokenNeverAppearsInOutput(t *testing.T) {
	const token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123"
	cfg, err := Parse("f.yaml", []byte("discord:\n  token: \""+token+"\"\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Discord.Token.Reveal() != token {
		t.Fatalf("Reveal must return the token")
	}
	var outputs []string
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%10s"} {
		outputs = append(outputs, fmt.Sprintf(format, cfg), fmt.Sprintf(format, *cfg), fmt.Sprintf(format, cfg.Discord.Token), fmt.Sprintf(format, cfg.Discord))
	}
	outputs = append(outputs, fmt.Sprint(cfg.Discord.Token), fmt.Sprintln(cfg.Discord))
	j, _ := json.Marshal(cfg)
	y, _ := yaml.Marshal(cfg)
	outputs = append(outputs, string(j), string(y))
	var logs bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&logs, nil), slog.NewJSONHandler(&logs, nil)} {
		l := slog.New(h)
		l.Info("loaded", "config", cfg, "token", cfg.Discord.Token, "discord", cfg.Discord)
		l.Info("loaded", slog.Any("config", *cfg))
	}
	outputs = append(outputs, logs.String())
	// Mistakes around the token must not quote it either: the token pasted
	// under a misspelt key, and pasted as another key's value.
	for _, bad := range []string{
		"discord:\n  tokn: \"" + token + "\"\n",
		"discord:\n  application_id: \"" + token + "\"\n",
		"log:\n  level: \"" + token + "\"\n",
	} {
		_, err := Parse("f.yaml", []byte(bad), nil)
		if err == nil {
			t.Fatalf("%q should not load", bad)
		}
		outputs = append(outputs, err.Error(), fmt.Sprintf("%+v", err), briefing.ErrorMessage(err))
	}
	_, err = Parse("f.yaml", []byte("discord:\n  token: \""+token+"\"\nfetch:\n  timeout: x\n"), env(map[string]string{"DISCORD_TOKEN": token}))
	outputs = append(outputs, err.Error())
	for i, out := range outputs {
		if strings.Contains(out, token) || strings.Contains(out, token[:24]) {
			t.Errorf("output %d shows the token: %s", i, out)
		}
	}
	if !strings.Contains(fmt.Sprintf("%+v", cfg), redacted) || !strings.Contains(string(j), redacted) {
		t.Errorf("the token should show as %s", redacted)
	}
}

func TestLLMSettings(t *testing.T) {
	const key = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
	cfg, err := Parse("f.yaml", []byte("llm:\n  model: qwen2.5:7b-instruct\n  base_url: http://gpu-box:8000/v1/\n  daily_calls: 0\n"),
		env(map[string]string{"REDLINE_EXTRACTOR": "LLM", "REDLINE_LLM_API_KEY": key, "REDLINE_LLM_TIMEOUT": "2m"}))
	if err != nil {
		t.Fatal(err)
	}
	l := cfg.LLM
	if cfg.Extractor != "llm" || l.Model != "qwen2.5:7b-instruct" || l.BaseURL != "http://gpu-box:8000/v1" || l.APIKey.Reveal() != key ||
		l.Timeout != 2*time.Minute || l.DailyCalls != 0 || l.Concurrency != 2 || l.MaxArticleChars != 12000 {
		t.Errorf("llm = %+v", l)
	}
	// the key is a Secret like the token: never printed, logged or echoed
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("loaded", "config", cfg, "llm", cfg.LLM)
	j, _ := json.Marshal(cfg)
	outputs := []string{fmt.Sprintf("%v %+v %#v", cfg, *cfg, cfg.LLM), logs.String(), string(j), cfg.Redact("the key " + key + " leaked")}
	for _, bad := range []string{
		"llm:\n  api_kee: \"" + key + "\"\n",
		"llm:\n  api_key: \"" + key + "\"\n  model: \"" + key + "\"\n  concurrency: x\n",
		"llm:\n  base_url: \"" + key + "\"\n",
		"llm:\n  base_url: \"https://u:" + key + "@h/v1\"\n",
	} {
		_, err := Parse("f.yaml", []byte(bad), env(map[string]string{"REDLINE_LLM_API_KEY": key}))
		if err == nil {
			t.Fatalf("%q should not load", bad)
		}
		outputs = append(outputs, err.Error())
	}
	for i, out := range outputs {
		if strings.Contains(out, key) || strings.Contains(out, key[8:30]) {
			t.Errorf("output %d shows the API key: %s", i, out)
		}
	}
}

func TestValidateForBot(t *testing.T) {
	cfg, err := Parse("", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = cfg.ValidateForBot()
	if err == nil || !strings.Contains(err.Error(), "discord.token is missing") || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Fatalf("want a missing-token problem naming DISCORD_TOKEN, got %v", err)
	}
	cfg, err = Parse("", nil, env(map[string]string{"DISCORD_TOKEN": "Bot abc.def.ghi"}))
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.ValidateForBot(); err != nil {
		t.Fatal(err)
	}
	if cfg.Discord.Token.Reveal() != "abc.def.ghi" {
		t.Errorf("a pasted \"Bot \" prefix must be dropped, got %q", cfg.Discord.Token.Reveal())
	}
}

func TestLoadFiles(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	// No redline.yaml here: the default file is optional.
	cfg, err := LoadEnv("", env(nil))
	if err != nil || cfg.File != "" || cfg.Database.Path != "redline.db" {
		t.Fatalf("LoadEnv(\"\") without %s = %+v, %v", DefaultPath, cfg, err)
	}
	// An explicit path that is missing is an error.
	_, err = LoadEnv(filepath.Join(dir, "missing.yaml"), env(nil))
	if briefing.ErrorCode(err) != briefing.EINVALID || !strings.Contains(briefing.ErrorMessage(err), "missing.yaml does not exist") {
		t.Fatalf("missing explicit file: %v", err)
	}
	// redline.yaml is picked up when present.
	if err := os.WriteFile(DefaultPath, []byte("database:\n  path: here.db\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err = LoadEnv("", env(nil))
	if err != nil || cfg.File != DefaultPath || cfg.Database.Path != "here.db" {
		t.Fatalf("default file not read: %+v, %v", cfg, err)
	}
}

func TestExampleLoadsCleanlyAndDocumentsEveryKey(t *testing.T) {
	const path = "../config.example.yaml"
	cfg, err := LoadEnv(path, env(nil))
	if err != nil {
		t.Fatalf("config.example.yaml must load cleanly: %v", err)
	}
	want := Default()
	want.File = path
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("config.example.yaml must show the defaults:\nexample %+v\ndefault %+v", cfg, want)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range Keys() {
		kn := findKey(doc.Content[0], strings.Split(key, "."))
		if kn == nil {
			t.Errorf("config.example.yaml does not show %s", key)
			continue
		}
		if strings.TrimSpace(kn.HeadComment+kn.LineComment) == "" {
			t.Errorf("config.example.yaml does not explain %s with a comment", key)
		}
	}
}

// findKey returns the key node at path in a mapping node.
func findKey(m *yaml.Node, path []string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != path[0] {
			continue
		}
		if len(path) == 1 {
			return m.Content[i]
		}
		return findKey(m.Content[i+1], path[1:])
	}
	return nil
}

func TestKeysCoverEveryField(t *testing.T) {
	// Keys is what the example test and the environment rely on: make sure
	// it reaches every configurable field of every section.
	n := 0
	rt := reflect.TypeFor[Config]()
	for i := range rt.NumField() {
		f := rt.Field(i)
		if yamlName(f) == "" {
			continue
		}
		if isSection(f.Type) {
			n += f.Type.NumField()
		} else {
			n++
		}
	}
	if got := len(Keys()); got != n || got < 20 {
		t.Errorf("Keys() has %d keys, the struct %d", got, n)
	}
	if EnvName("fetch.max_body") != "REDLINE_FETCH_MAX_BODY" {
		t.Errorf("EnvName = %s", EnvName("fetch.max_body"))
	}
}

// FuzzParse checks that no file or environment value makes Parse panic,
// and that a failure is always a *config.Error with located problems.
func FuzzParse(f *testing.F) {
	example, _ := os.ReadFile("../config.example.yaml")
	f.Add(string(example), "")
	f.Add("fetch:\n  timeout: [1, 2]\n", "x")
	f.Add("a: &x {b: *x}\n<<: *x\n", "5/0m")
	f.Add("- 1\n- 2\n", "1d")
	f.Add("digest: {time: '24:00', timezone: ../../etc/passwd}\n", "Local")
	f.Fuzz(func(t *testing.T, data, envValue string) {
		cfg, err := Parse("f.yaml", []byte(data), env(map[string]string{
			"REDLINE_FETCH_TIMEOUT": envValue, "REDLINE_DIGEST_TIMEZONE": envValue, "REDLINE_DISCORD_BRIEF_RATE_LIMIT": envValue,
		}))
		if err == nil {
			if cfg == nil {
				t.Fatal("nil config without an error")
			}
			return
		}
		var ce *Error
		if !errors.As(err, &ce) || len(ce.Problems) == 0 {
			t.Fatalf("want *config.Error with problems, got %T %v", err, err)
		}
	})
}
