package cli

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// roChildEnv names, in the child process, the folder to mount read-only.
const roChildEnv = "RLTEST_READONLY_DIR"

// history, who and digest answer from a database on read-only media. As
// root the folder is made a read-only mount (writes fail with EROFS, as on
// a CD or a read-only volume) in a mount namespace of a child process, so
// nothing outside the test sees it; as another user it is made unwritable.
func TestReadOnlyDatabaseAnswersHistory(t *testing.T) {
	example := exampleArticle(t)
	if dir := os.Getenv(roChildEnv); dir != "" {
		readOnlyChild(t, dir, example)
		return
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "redline.db")
	env := map[string]string{"REDLINE_DATABASE_PATH": db}
	if code, _, errOut := runCLI(t, dir, env, "brief", example); code != 0 {
		t.Fatalf("brief: exit %d, %s", code, errOut)
	}
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		if err := os.Chmod(db, 0o444); err != nil {
			t.Fatal(err)
		}
		readOnlyQueries(t, dir, db, example)
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestReadOnlyDatabaseAnswersHistory$", "-test.v")
	cmd.Env = append(os.Environ(), roChildEnv+"="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNS}
	out, err := cmd.CombinedOutput()
	switch {
	case strings.Contains(string(out), "--- SKIP"):
		t.Skipf("no read-only mount here:\n%s", out)
	case err != nil:
		t.Fatalf("in the read-only mount: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}

// readOnlyChild mounts dir read-only in this process's own mount
// namespace and runs the queries there.
func readOnlyChild(t *testing.T, dir, example string) {
	if err := syscall.Mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		t.Skipf("cannot make mounts private: %v", err)
	}
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount: %v", err)
	}
	if err := syscall.Mount("", dir, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only: %v", err)
	}
	readOnlyQueries(t, dir, filepath.Join(dir, "redline.db"), example)
}

func readOnlyQueries(t *testing.T, dir, db, example string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "probe"), nil, 0o644); err == nil {
		t.Skip("the folder is still writable")
	} else if os.Geteuid() == 0 && !errors.Is(err, syscall.EROFS) {
		t.Fatalf("writing to the read-only mount: %v, want EROFS", err)
	}
	env := map[string]string{"REDLINE_DATABASE_PATH": db}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"history", "-speaker", "Russia"}, "Peskov"},
		{[]string{"history", "cable"}, "→"},
		{[]string{"who", "Norway"}, "Norway"},
		{[]string{"digest", "-since", "100000d"}, "reported by 1 outlet"},
	} {
		code, out, errOut := runCLI(t, dir, env, tc.args...)
		if code != 0 || !strings.Contains(out, tc.want) {
			t.Errorf("%v on a read-only database: exit %d, stderr %q, stdout:\n%s", tc.args, code, errOut, out)
		}
	}
	// Writing is refused with words, not a driver error.
	code, _, errOut := runCLI(t, dir, env, "brief", example)
	if code != 1 || strings.Contains(errOut, "SQLITE") || !strings.Contains(errOut, "history database") {
		t.Errorf("brief on a read-only database: exit %d, %q", code, errOut)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the read-only folder holds %d files, want only the database", len(entries))
	}
}
