package postgres

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// A page of history can be found two ways: walking the warnings backwards
// in id (time) order until a page of them matches, which is quick when
// matches are common, or collecting the matches from the indexes (the GIN
// index for words, the key indexes for names) and sorting them, which is
// quick when they are few. PostgreSQL's planner picks the walk for any
// ORDER BY id LIMIT it believes will match soon, and it cannot tell a word
// in one warning of a thousand from one in a hundred thousand well enough:
// a rare word walked cost 64 ms at 100,000 warnings where its matches
// sorted cost 0.3 ms. So the store chooses, from the same statistics the
// planner keeps (pg_stats' most common lexemes of the search column) and
// the actors' warning counts it maintains itself.

// wordStats is what pg_stats says of the search column's lexemes.
type wordStats struct {
	rows    float64            // warnings in the table (reltuples); 0 when unknown
	freq    map[string]float64 // share of warnings holding each of the most common lexemes
	minFreq float64            // the least of those shares: every other lexeme is rarer
	loaded  time.Time
}

// statsTTL is how long the statistics are used before they are read again
// (autovacuum refreshes them as the table grows).
const statsTTL = 5 * time.Minute

type statsCache struct {
	mu    sync.Mutex
	stats *wordStats
}

// wordStats returns the search column's statistics, read at most every statsTTL.
func (s *Store) wordStats(ctx context.Context, tx pgx.Tx) *wordStats {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	if st := s.stats.stats; st != nil && time.Since(st.loaded) < statsTTL {
		return st
	}
	st := &wordStats{freq: map[string]float64{}, loaded: time.Now()}
	var rows float32
	if err := tx.QueryRow(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'warnings'::regclass`).Scan(&rows); err == nil && rows > 0 {
		st.rows = float64(rows)
	}
	var elems []string
	var freqs []float32
	err := tx.QueryRow(ctx, `SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats
		WHERE schemaname = current_schema() AND tablename = 'warnings' AND attname = 'search'`).Scan(&elems, &freqs)
	if err == nil && len(freqs) >= len(elems)+1 {
		for i, e := range elems {
			st.freq[e] = float64(freqs[i])
		}
		st.minFreq = float64(freqs[len(elems)]) // then the maximum, for tsvector
	}
	s.stats.stats = st
	return st
}

// wordMatches estimates how many warnings hold all of words.
func (st *wordStats) wordMatches(words []string) float64 {
	best := st.rows
	for _, w := range words {
		f, ok := st.freq[w]
		switch {
		case ok:
		case st.minFreq > 0:
			f = st.minFreq / 2 // not among the most common: rarer than all of them
		default:
			f = 0.01 // no statistics yet
		}
		best = math.Min(best, f*st.rows)
	}
	return best
}

// collectFirst reports whether a page is better collected from the
// indexes and sorted than walked for: matches is the estimated number of
// matching warnings, indexed the fewest rows one index gives (the rarest
// word's, or a name's), rows the table's size and limit the page size.
// Walking reads about limit·rows/matches warnings; collecting reads the
// index's rows.
func collectFirst(matches, indexed, rows float64, limit int) bool {
	if rows <= 0 {
		return false // no statistics: a small table, where either is quick
	}
	walk := float64(limit+1) * rows / math.Max(matches, 1)
	return indexed < walk
}

// Analyze refreshes the planner's statistics of the history tables, as
// autovacuum does after enough writes: for a bulk import, and benchmarks.
func (s *Store) Analyze(ctx context.Context) error {
	_, err := s.pool.Exec(ctx, `ANALYZE warnings; ANALYZE actors; ANALYZE articles`)
	s.stats.mu.Lock()
	s.stats.stats = nil
	s.stats.mu.Unlock()
	return dbError(ctx, err, "refreshing the history's statistics")
}
