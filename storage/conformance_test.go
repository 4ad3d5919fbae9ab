package storage

import (
	"path/filepath"
	"testing"
	"time"

	"redline/storage/storetest"
)

// TestConformance runs the suite both stores pass (storage/storetest).
func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		Open: func(t testing.TB, now func() time.Time) (storetest.Store, func() storetest.Store) {
			path := filepath.Join(t.TempDir(), "history.db")
			s := openStore(t, path, WithNow(now))
			return s, func() storetest.Store { return openStore(t, path, WithNow(now)) }
		},
		CheckCounts: func(t testing.TB, s storetest.Store) { checkActorCounts(t, s.(*Store)) },
	})
}
