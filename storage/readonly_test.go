package storage

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"redline/briefing"
	"redline/storage/internal/fixture"
)

func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "history.db")

	if _, err := OpenReadOnly(ctx, path); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Fatalf("a missing file: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("opening read-only created the file")
	}

	rw := openStore(t, path)
	if err := rw.SaveBriefing(ctx, fixture.Briefing("https://example.test/a", 0)); err != nil {
		t.Fatal(err)
	}
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	page, err := ro.History(ctx, briefing.HistoryQuery{})
	if err != nil || len(page.Warnings) != 3 {
		t.Fatalf("History = %d warnings, %v", len(page.Warnings), err)
	}
	// It sees what a writer adds meanwhile (the write-ahead log is shared).
	if err := rw.SaveBriefing(ctx, fixture.Briefing("https://example.test/b", 1)); err != nil {
		t.Fatal(err)
	}
	if page, err := ro.History(ctx, briefing.HistoryQuery{}); err != nil || len(page.Warnings) != 6 {
		t.Fatalf("after a write elsewhere: %d warnings, %v", len(page.Warnings), err)
	}
	// Writing through it is refused in words.
	err = ro.SaveBriefing(ctx, fixture.Briefing("https://example.test/c", 2))
	if briefing.ErrorCode(err) != briefing.EINVALID || !errors.As(err, new(*briefing.Error)) {
		t.Fatalf("SaveBriefing on a read-only store: %v", err)
	}
}

func TestOpenReadOnlyRefusesAnOlderOrNewerDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := Open(ctx, path, withMigrations(migrationSubset(t, []string{"0001_history.sql"}, nil)))
	if err != nil {
		t.Fatal(err)
	}
	old.Close()
	_, err = OpenReadOnly(ctx, path)
	if !errors.Is(err, ErrNeedsUpgrade) || briefing.ErrorCode(err) != briefing.EINVALID {
		t.Fatalf("an older database: %v", err)
	}

	newer := filepath.Join(t.TempDir(), "new.db")
	all := append(embeddedNames(t), "9999_future.sql")
	s, err := Open(ctx, newer, withMigrations(migrationSubset(t, all[:len(all)-1], map[string]string{"9999_future.sql": "SELECT 1;"})))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := OpenReadOnly(ctx, newer); briefing.ErrorCode(err) != briefing.EINVALID || errors.Is(err, ErrNeedsUpgrade) {
		t.Fatalf("a newer database: %v", err)
	}

	notOurs := filepath.Join(t.TempDir(), "other.db")
	if err := os.WriteFile(notOurs, []byte("not a database at all, just text"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenReadOnly(ctx, notOurs); briefing.ErrorCode(err) != briefing.EINVALID {
		t.Fatalf("a file that is not a database: %v", err)
	}
}
