package storage

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"redline/storage/internal/fixture"
)

// openStore is the tests' one way to open a store: the database at path,
// or a new one in the test's temporary folder when path is empty. The store
// is closed when the test ends.
func openStore(t testing.TB, path string, opts ...Option) *Store {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "history.db")
	}
	s, err := Open(context.Background(), path, opts...)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// The clocks of the shared test data (storage/internal/fixture).
var (
	baseTime = fixture.BaseTime
	feedsT0  = fixture.FeedsT0
)

func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o600) }

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
