package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"redline/storage/postgres/pgtest"
)

// With database.url set (here from REDLINE_DATABASE_URL) the commands keep
// and read history in PostgreSQL, and no SQLite file appears.
func TestCommandsUsePostgresWhenDatabaseURLIsSet(t *testing.T) {
	env := map[string]string{"REDLINE_DATABASE_URL": pgtest.Schema(t)}
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, dir, env, "brief", exampleArticle(t)); code != 0 {
		t.Fatalf("brief: exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "redline.db")); !os.IsNotExist(err) {
		t.Errorf("a SQLite file was created although database.url is set: %v", err)
	}
	code, out, errOut := runCLI(t, dir, env, "history", "-speaker", "Russia", "ports")
	if code != 0 || !strings.Contains(out, "Peskov") {
		t.Fatalf("history from PostgreSQL: exit %d, stderr %q:\n%s", code, errOut, out)
	}
	if code, out, _ := runCLI(t, dir, env, "who", "Norway"); code != 0 || !strings.Contains(out, "Norway") {
		t.Errorf("who from PostgreSQL: exit %d:\n%s", code, out)
	}
}

func TestAnUnreachableDatabaseIsOneClearLine(t *testing.T) {
	env := map[string]string{"REDLINE_DATABASE_URL": "postgres://redline:hunter2@127.0.0.1:1/redline?connect_timeout=2"}
	code, _, errOut := runCLI(t, t.TempDir(), env, "history")
	if code != 1 || !strings.Contains(errOut, "cannot reach") || strings.Contains(errOut, "hunter2") {
		t.Errorf("exit %d, stderr %q: want status 1 and one clear line without the password", code, errOut)
	}
}
