package config

import (
	"strings"
	"testing"
	"time"
)

// Each syntax mistake is reported on the line it is on (yaml.v3 counts
// some from 0, and says nothing for the first line), with words a person
// can act on.
func TestSyntaxMistakesNameTheirLine(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		lines      []int
		fragment   string
	}{
		{"tab on the first line", "\tfetch:\n  timeout: 20s\n", []int{1}, "indented with a tab"},
		{"tab under a section", "fetch:\n\ttimeout: 20s\n", []int{2}, "indented with a tab"},
		{"tab after spaces, further down", "log:\n  level: info\n\n\n  \tformat: text\n", []int{5}, "replace the tab with spaces"},
		{"every tab line at once", "fetch:\n  timeout: 20s\n\tmax_body: 5MB\n\tuser_agent: x\n", []int{3, 4}, "indented with a tab"},
		{"key outdented", "fetch:\n  timeout: 20s\n user_agent: x\n", []int{3}, "did not find expected key"},
		{"list item among keys", "database:\n  path: x.db\n- item\n", []int{3}, "did not find expected key"},
		{"unclosed brace", "log:\n  level: info\nfetch: {timeout: 20s\n", []int{3}, "did not find expected ',' or '}'"},
		{"unclosed bracket at the end", "fetch:\n  allow_hosts: [\n", []int{2}, "not valid YAML"},
		{"block scalar outdented", "fetch:\n  user_agent: |\n    x\n timeout: 1s\n", []int{4}, "did not find expected key"},
		{"value with a colon on the first line", "a: b: c\n", []int{1}, "mapping values are not allowed"},
		{"over-indented key", "digest:\n  time: \"08:00\"\n    grace: 6h\n", []int{3}, "did not find expected key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tc.yaml), nil)
			ps := problemsOf(t, err)
			if len(ps) != len(tc.lines) {
				t.Fatalf("want %d problems, got %v", len(tc.lines), err)
			}
			for i, p := range ps {
				if p.Line != tc.lines[i] || !strings.Contains(p.Message, tc.fragment) {
					t.Errorf("problem %d = %+v; want line %d with %q", i, p, tc.lines[i], tc.fragment)
				}
			}
			if !strings.Contains(err.Error(), "f.yaml:") {
				t.Errorf("the message does not name file and line: %v", err)
			}
		})
	}
	// A tab inside a value that YAML allows is no mistake.
	if _, err := Parse("f.yaml", []byte("fetch:\n  user_agent: \"a\\tb\"\n"), nil); err != nil {
		t.Errorf("an escaped tab in a value: %v", err)
	}
}

// digest.grace: 0s is accepted and means "no catch-up" (cli passes it to
// the scheduler as digest.NoCatchUp); it does not fall back to 6h here.
func TestZeroGraceIsKept(t *testing.T) {
	cfg, err := Parse("f.yaml", []byte("digest:\n  grace: 0s\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Digest.Grace != 0 {
		t.Errorf("grace = %v, want 0", cfg.Digest.Grace)
	}
	_, err = Parse("f.yaml", []byte("digest:\n  grace: 24h\n"), nil)
	if ps := problemsOf(t, err); len(ps) != 1 || ps[0].Line != 2 || !strings.Contains(ps[0].Message, "24h is out of range; use from 0s (no catch-up)") {
		t.Errorf("grace 24h: %v", err)
	}
}

func TestMisspeltEnvironmentVariablesAreWarnedAbout(t *testing.T) {
	t.Chdir(t.TempDir())
	cfg, err := LoadEnviron("", []string{
		"REDLINE_FETCH_TIMOUT=5s",       // a letter left out
		"REDLINE_DATABASE_PATH=x.db",    // right
		"REDLINE_DIGEST_TIME_ZONE=UTC",  // an underscore too many
		"REDLINE_TIMEZONE=Europe/Paris", // the section left out
		"REDLINE_COLOUR=red",            // nothing like it
		"REDLINE_DISCORD_SPEC=/x.json",  // read by the tests, not a key
		"PATH=/usr/bin",
		"DISCORD_TOKEN=abc",
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Database.Path != "x.db" || cfg.Fetch.Timeout != 20*time.Second {
		t.Errorf("the right variable must apply and the wrong one not: %+v", cfg)
	}
	want := map[string]string{
		"REDLINE_FETCH_TIMOUT":     "did you mean REDLINE_FETCH_TIMEOUT?",
		"REDLINE_DIGEST_TIME_ZONE": "did you mean REDLINE_DIGEST_TIMEZONE?",
		"REDLINE_TIMEZONE":         "did you mean REDLINE_DIGEST_TIMEZONE?",
		"REDLINE_COLOUR":           "such as REDLINE_FETCH_TIMEOUT",
	}
	if len(cfg.Warnings) != len(want) {
		t.Fatalf("warnings = %v, want %d", cfg.Warnings, len(want))
	}
	for _, w := range cfg.Warnings {
		if !strings.Contains(w.String(), want[w.Env]) || !strings.HasPrefix(w.String(), "environment "+w.Env+": is not a redline setting and is ignored") {
			t.Errorf("warning %q; want it to start with the variable and contain %q", w.String(), want[w.Env])
		}
	}
}

// Values are quoted back as the user wrote them, in their units.
func TestMessagesQuoteTheUsersUnits(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		env  map[string]string
		want string
	}{
		{"fetch:\n  max_body: 0.5KiB\n", nil, "0.5KiB is too small"},
		{"fetch:\n  max_body: 1000\n", nil, "1000 is too small"},
		{"", map[string]string{"REDLINE_FETCH_MAX_BODY": "0.9KB"}, "0.9KB is too small"},
		{"feeds:\n  poll_interval: 30s\n", nil, "30s is too often"},
		{"digest:\n  grace: 1440m\n", nil, "1440m is out of range"},
	} {
		_, err := Parse("f.yaml", []byte(tc.yaml), env(tc.env))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q %v: got %v, want %q", tc.yaml, tc.env, err, tc.want)
		}
	}
}
