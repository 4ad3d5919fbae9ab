package storage

import (
	"context"
	"testing"
	"time"
)

func BenchmarkPlanProbe(b *testing.B) {
	t0 := time.Now()
	s, words := benchStore(b)
	b.Logf("build %v", time.Since(t0))
	ctx := context.Background()
	for _, q := range []string{
		`EXPLAIN QUERY PLAN SELECT w.id FROM warnings w JOIN articles a ON a.id = w.article_id WHERE w.id IN (SELECT rowid FROM warnings_fts WHERE warnings_fts MATCH ?) ORDER BY w.article_time DESC, w.id DESC LIMIT 21`,
	} {
		rows, err := s.reader.QueryContext(ctx, q, `"`+words[0]+`"`)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			var id, parent, notused int
			var detail string
			rows.Scan(&id, &parent, &notused, &detail)
			b.Log(id, parent, detail)
		}
		rows.Close()
	}
	var n int
	t0 = time.Now()
	s.reader.QueryRowContext(ctx, `SELECT count(*) FROM warnings_fts WHERE warnings_fts MATCH ?`, `"`+words[0]+`"`).Scan(&n)
	b.Logf("count %d in %v", n, time.Since(t0))
	t0 = time.Now()
	s.reader.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT rowid FROM warnings_fts WHERE warnings_fts MATCH ?)`, `"`+words[3000]+`"`).Scan(&n)
	b.Logf("rare count %d in %v", n, time.Since(t0))
}
