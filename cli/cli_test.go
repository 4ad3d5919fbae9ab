package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs redline's Main, as main.go does, in dir with a fresh
// environment and returns the exit status and both outputs.
func runCLI(t *testing.T, dir string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	for _, k := range []string{"DISCORD_TOKEN", "REDLINE_DATABASE_PATH", "REDLINE_LOG_LEVEL"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	var stdout, stderr bytes.Buffer
	m := &Main{Stdout: &stdout, Stderr: &stderr}
	code := m.Run(context.Background(), args)
	return code, stdout.String(), stderr.String()
}

func exampleArticle(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "examples", "arctic-cable-warning.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBriefPrintsAndRecordsTheExample(t *testing.T) {
	example := exampleArticle(t)
	dir := t.TempDir()
	code, out, errOut := runCLI(t, dir, nil, "brief", example)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "Norway warns Russia over Arctic cable damage") {
		t.Errorf("the briefing has no headline:\n%s", out)
	}
	if !strings.Contains(out, "→") {
		t.Errorf("the briefing has no warning line:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "redline.db")); err != nil {
		t.Fatalf("brief did not record into the default database: %v", err)
	}

	code, out, errOut = runCLI(t, dir, nil, "history", "-speaker", "Russia")
	if code != 0 {
		t.Fatalf("history: exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "Peskov") {
		t.Errorf("history by Russia does not show the Kremlin spokesman's warning:\n%s", out)
	}

	code, out, _ = runCLI(t, dir, nil, "history", "-limit", "1")
	first, cursor, found := strings.Cut(out, "redline history -after ")
	if code != 0 || !found {
		t.Fatalf("a one-warning page of a longer history offers no next page (exit %d):\n%s", code, out)
	}
	code, next, errOut := runCLI(t, dir, nil, "history", "-limit", "1", "-after", strings.Fields(cursor)[0])
	if code != 0 || next == first || !strings.Contains(next, "→") {
		t.Errorf("the next page (exit %d, %q) is missing or repeats the first:\n%s", code, errOut, next)
	}

	code, out, errOut = runCLI(t, dir, nil, "digest", "-since", "1h")
	if code != 0 {
		t.Fatalf("digest: exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "Peskov") || !strings.Contains(out, "reported by 1 outlet") {
		t.Errorf("the digest of all history misses the briefed article:\n%s", out)
	}
	code, out, _ = runCLI(t, dir, nil, "digest", "-channel", "123456789012345678")
	if code != 0 || strings.Contains(out, "Peskov") {
		t.Errorf("a channel that briefed nothing got a digest with warnings (exit %d):\n%s", code, out)
	}
}

func TestBriefNoStoreLeavesNoDatabase(t *testing.T) {
	example := exampleArticle(t)
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, dir, nil, "brief", "-no-store", example); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "redline.db")); !os.IsNotExist(err) {
		t.Errorf("-no-store created a database (stat err %v)", err)
	}
}

func TestExtractPrintsOnePredictionPerInput(t *testing.T) {
	example := exampleArticle(t)
	dir := t.TempDir()
	code, out, errOut := runCLI(t, dir, nil, "extract", "--format", "jsonl", example)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one JSON line, got %d:\n%s", len(lines), out)
	}
	var got struct {
		ID       string `json:"id"`
		Warnings []struct {
			Speaker  string   `json:"speaker"`
			Evidence []string `json:"evidence"`
		} `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, lines[0])
	}
	if got.ID != "arctic-cable-warning" {
		t.Errorf("id = %q, want the file name without .txt", got.ID)
	}
	if len(got.Warnings) == 0 || len(got.Warnings[0].Evidence) == 0 {
		t.Errorf("no warnings with evidence: %s", lines[0])
	}
}

func TestReadJSONLUsesFileIDs(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "page.html")
	html := `<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>` +
		strings.Repeat("<p>The harbour reopened on Monday after a week of repairs to the northern quay, the port authority said in a statement to local papers.</p>", 6) +
		`</article></body></html>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, dir, nil, "read", "-format", "jsonl", page)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rec readRecord
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if rec.ID != "page" || !strings.Contains(rec.Text, "northern quay") {
		t.Errorf("record = %+v", rec)
	}
}

func TestExitStatuses(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"no command", nil, 2, "Usage"},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"missing argument", []string{"brief"}, 2, "needs at least one"},
		{"unknown flag", []string{"history", "-bogus"}, 2, "bogus"},
		{"bad duration", []string{"history", "-since", "soon"}, 2, "not a duration"},
		{"bad format", []string{"read", "-format", "xml", "x.txt"}, 2, "unknown format"},
		{"missing file", []string{"brief", "-no-store", "no-such-file.txt"}, 1, "does not exist"},
		{"blocked address", []string{"read", "http://127.0.0.1:9/"}, 1, "blocked"},
		{"other scheme", []string{"read", "ftp://example.com/a"}, 1, "http and https"},
		{"bot without token", []string{"run"}, 1, "DISCORD_TOKEN"},
		{"unknown feeds action", []string{"feeds", "bogus"}, 2, "unknown feeds action"},
		{"feeds add without URL", []string{"feeds", "add"}, 2, "exactly one feed URL"},
		{"help", []string{"brief", "-help"}, 0, "Usage: redline brief"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, dir, nil, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr %q", code, c.code, errOut)
			}
			if !strings.Contains(errOut, c.err) {
				t.Errorf("stderr %q does not mention %q", errOut, c.err)
			}
			if c.code == 1 && strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("a runtime error should be one line, got %q", errOut)
			}
		})
	}
}

func TestFeedsListOfAChannelWithoutFeeds(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCLI(t, dir, nil, "feeds", "list", "-channel", "42")
	if code != 0 || out != "Channel 42 follows no feeds. Add one with: redline feeds add URL\n" {
		t.Errorf("feeds list: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestFlagsAfterArguments(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := runCLI(t, dir, nil, "history", "Russia", "-since", "later")
	if code != 2 || !strings.Contains(errOut, "not a duration") {
		t.Errorf("a flag after the query was not parsed: exit %d, %q", code, errOut)
	}
}

func TestTokenNeverPrinted(t *testing.T) {
	const token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456"
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("discord:\n  token: "+token+"\n  tokn: "+token+"\nlog:\n  level: loud\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"DISCORD_TOKEN": token}
	for _, args := range [][]string{
		{"-help"},
		{"run", "-help"},
		{"-config", bad, "run"},
		{"-config", bad, "history"},
		{"version"},
	} {
		code, out, errOut := runCLI(t, dir, env, args...)
		if strings.Contains(out+errOut, token) || strings.Contains(out+errOut, token[:20]) {
			t.Errorf("%v (exit %d) printed the token:\n%s%s", args, code, out, errOut)
		}
	}
	code, _, errOut := runCLI(t, dir, env, "-config", bad, "history")
	if code != 1 || !strings.Contains(errOut, "tokn") || !strings.Contains(errOut, "log.level") {
		t.Errorf("config problems not all reported: exit %d, %q", code, errOut)
	}
}

func TestWhoDrawsAChartAndShowsAPair(t *testing.T) {
	example := exampleArticle(t)
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, dir, nil, "brief", example); code != 0 {
		t.Fatalf("brief: %s", errOut)
	}
	code, out, errOut := runCLI(t, dir, nil, "who", "Norway", "-chart", "out.png")
	if code != 0 {
		t.Fatalf("who -chart: exit %d, %s", code, errOut)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "out.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil || img.Bounds().Dx() < 400 {
		t.Fatalf("out.png is not a chart: %v", err)
	}
	if !strings.Contains(out, "Chart written to out.png") || !strings.Contains(out, "by Norway") {
		t.Errorf("who -chart output:\n%s", out)
	}
	code, out, errOut = runCLI(t, dir, nil, "who", "Norway", "-with", "Russia")
	if code != 0 || !strings.Contains(out, "Norway ↔ Russia") || !strings.Contains(out, "Norway warned Russia") {
		t.Errorf("who -with: exit %d, %s\n%s", code, errOut, out)
	}
	if code, _, errOut := runCLI(t, dir, nil, "who", "Norway", "-chart", filepath.Join(dir, "missing", "x.png")); code != 1 || !strings.Contains(errOut, "cannot write the chart") {
		t.Errorf("an unwritable chart path: exit %d, %q", code, errOut)
	}
	if code, _, _ := runCLI(t, dir, nil, "who", "Norway", "-weeks", "0"); code != 2 {
		t.Errorf("-weeks 0: exit %d, want a usage mistake", code)
	}
}

// The bot starts from nothing but DISCORD_TOKEN: no configuration file,
// the defaults for everything else, the database created where it runs.
func TestBotNeedsOnlyTheToken(t *testing.T) {
	dir := t.TempDir()
	runCLI(t, dir, map[string]string{"DISCORD_TOKEN": "Bot abc.def.ghi"}) // sets the environment for this test
	a := &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	defer a.close()
	b, e, err := a.discord(context.Background())
	if err != nil || b == nil || e == nil {
		t.Fatalf("the bot could not be built from DISCORD_TOKEN alone: %v", err)
	}
	if a.cfg.File != "" || a.cfg.Discord.Token.Reveal() != "abc.def.ghi" {
		t.Errorf("config file %q, token prefix kept %v", a.cfg.File, a.cfg.Discord.Token.Reveal() != "abc.def.ghi")
	}
	if _, err := os.Stat(filepath.Join(dir, "redline.db")); err != nil {
		t.Errorf("no history database beside it: %v", err)
	}
}
