package storage

import (
	"testing"

	"redline/storage/storetest"
)

// BenchmarkStore is the SQLite half of the side-by-side benchmarks (the
// PostgreSQL half is storage/postgres's BenchmarkStore): full-text history
// queries and saves on a history of storetest.BenchWarnings() warnings.
func BenchmarkStore(b *testing.B) {
	s := openStore(b, "")
	d := storetest.FillBench(b, s, storetest.BenchWarnings())
	b.Run("history_fts", func(b *testing.B) { storetest.BenchHistoryFTS(b, s, d) })
	b.Run("save", func(b *testing.B) { storetest.BenchSave(b, s) })
}
