package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// version -v reports the database's size and what it holds, without
// creating a database that is not there.
func TestVersionVerboseReportsTheDatabase(t *testing.T) {
	example := exampleArticle(t)
	dir := t.TempDir()
	code, out, errOut := runCLI(t, dir, nil, "version", "-v")
	if code != 0 || !strings.Contains(out, "redline.db (not created yet)") {
		t.Fatalf("before any brief: exit %d, %q, %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "redline.db")); err == nil {
		t.Fatal("version -v created the database")
	}
	if code, _, errOut := runCLI(t, dir, nil, "brief", example); code != 0 {
		t.Fatalf("brief: %s", errOut)
	}
	code, out, errOut = runCLI(t, dir, nil, "version", "-v")
	if code != 0 {
		t.Fatalf("exit %d, %s", code, errOut)
	}
	for _, want := range []string{"database  redline.db: ", " kB", "articles          1", "deliveries        0", "pruned daily"} {
		if !strings.Contains(out, want) {
			t.Errorf("version -v lacks %q:\n%s", want, out)
		}
	}
}

// A misspelt REDLINE_ variable is named with the one that was meant.
func TestMisspeltVariableIsWarnedAbout(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := runCLI(t, dir, map[string]string{"REDLINE_DATABSE_PATH": "elsewhere.db"}, "history")
	if code != 0 || !strings.Contains(errOut, "REDLINE_DATABSE_PATH: is not a redline setting and is ignored (did you mean REDLINE_DATABASE_PATH?)") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
