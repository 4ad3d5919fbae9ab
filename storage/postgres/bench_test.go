package postgres

import (
	"testing"

	"redline/storage/postgres/pgtest"
	"redline/storage/storetest"
)

// BenchmarkStore is the PostgreSQL half of the side-by-side benchmarks
// (the SQLite half is storage's BenchmarkStore).
func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, openStore(b, pgtest.Schema(b)))
}
