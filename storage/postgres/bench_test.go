package postgres

import (
	"testing"

	"redline/storage/postgres/pgtest"
	"redline/storage/storetest"
)

// BenchmarkStore is the PostgreSQL half of the side-by-side benchmarks
// (the SQLite half is storage's BenchmarkStore).
func BenchmarkStore(b *testing.B) {
	s := openStore(b, pgtest.Schema(b))
	d := storetest.FillBench(b, s, storetest.BenchWarnings())
	b.Run("history_fts", func(b *testing.B) { storetest.BenchHistoryFTS(b, s, d) })
	b.Run("save", func(b *testing.B) { storetest.BenchSave(b, s) })
}
