package storage_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"redline/storage"
	"redline/storage/storetest"
)

// open opens the SQLite store at path, closed when the test ends.
func open(t testing.TB, path string, now func() time.Time) *storage.Store {
	t.Helper()
	s, err := storage.Open(context.Background(), path, storage.WithNow(now))
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestConformance runs the suite both stores pass (storage/storetest).
func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		Open: func(t testing.TB, now func() time.Time) (storetest.Store, func() storetest.Store) {
			path := filepath.Join(t.TempDir(), "history.db")
			s := open(t, path, now)
			return s, func() storetest.Store { return open(t, path, now) }
		},
		CheckCounts:  func(t testing.TB, s storetest.Store) { storage.CheckActorCounts(t, s.(*storage.Store)) },
		KeepsAnyText: true,
	})
}

// BenchmarkStore is the SQLite half of the side-by-side benchmarks (the
// PostgreSQL half is storage/postgres's BenchmarkStore): history queries,
// profiles, actors and saves on a history of storetest.BenchWarnings()
// warnings.
func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, open(b, filepath.Join(b.TempDir(), "history.db"), time.Now))
}
