package postgres

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"redline/briefing"
	"redline/briefing/actors"
	"redline/storage/internal/storecore"
)

// warningColumns selects a warning with its source; scanWarning reads it.
// The query must join warnings AS w with articles AS a.
const warningColumns = `w.id, w.position,
	w.speaker, w.speaker_key, w.speaker_affiliation, w.speaker_affiliation_key,
	w.addressee, w.addressee_key, w.addressee_affiliation, w.addressee_affiliation_key,
	w.kind, w.what, w.condition, w.consequence, w.quote, w.evidence,
	a.id, a.canonical_url, a.title, a.site, a.published, a.fetched`

func scanWarning(r pgx.Row) (briefing.Warning, error) {
	var (
		w         briefing.Warning
		kind      string
		published *time.Time
		fetched   time.Time
	)
	err := r.Scan(&w.ID, &w.Position,
		&w.Speaker.Name, &w.Speaker.Key, &w.Speaker.Affiliation, &w.Speaker.AffiliationKey,
		&w.Addressee.Name, &w.Addressee.Key, &w.Addressee.Affiliation, &w.Addressee.AffiliationKey,
		&kind, &w.What, &w.Condition, &w.Consequence, &w.Quote, &w.Evidence,
		&w.Source.ArticleID, &w.Source.URL, &w.Source.Title, &w.Source.Site, &published, &fetched)
	if err != nil {
		return w, err
	}
	w.Kind = briefing.Kind(kind)
	if w.Evidence == nil {
		w.Evidence = []string{}
	}
	w.Source.Published = fromNullTS(published)
	w.Source.Fetched = fromTS(fetched)
	return w, nil
}

func collectWarnings(rows pgx.Rows) ([]briefing.Warning, error) {
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (briefing.Warning, error) { return scanWarning(r) })
}

// History returns one page of the stored warnings that match q, newest
// first, with the SQLite store's semantics (see storage.Store.History):
// names match an actor's key, an alias, a word run of a key or an
// affiliation; q.Text is searched as plain words, all of which must
// appear, with no query syntax. An invalid q.Cursor is EINVALID. A page is
// a keyset range, read by walking back in id order or by collecting the
// matches from the indexes, whichever the statistics say is cheaper (see
// plan.go).
func (s *Store) History(ctx context.Context, q briefing.HistoryQuery) (briefing.HistoryPage, error) {
	var page briefing.HistoryPage
	limit := storecore.HistoryLimit(q.Limit)
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	match := searchQuery(q.Text)
	if match != "" {
		where = append(where, "w.search @@ websearch_to_tsquery('simple', "+arg(match)+")")
	}
	if q.Cursor != "" {
		after, err := storecore.DecodeCursor(q.Cursor)
		if err != nil {
			return page, err
		}
		where = append(where, "w.id < "+arg(after))
	}
	if !q.Since.IsZero() {
		where = append(where, "w.id >= "+arg(storecore.HistoryKey(q.Since)))
	}
	if !q.Until.IsZero() {
		where = append(where, "w.id < "+arg(storecore.HistoryKey(q.Until)))
	}
	err := s.readTx(ctx, "searching history", func(tx pgx.Tx) error {
		st := s.wordStats(ctx, tx)
		matches, indexed := st.rows, math.Inf(1)
		if match != "" {
			matches = st.wordMatches(searchWords(q.Text))
			indexed = matches
		}
		named := false
		for _, side := range []struct{ name, key, affiliationKey string }{
			{q.Speaker, "w.speaker_key", "w.speaker_affiliation_key"},
			{q.Addressee, "w.addressee_key", "w.addressee_affiliation_key"},
		} {
			k := clean(actors.Key(side.name))
			if k == "" {
				continue
			}
			keys, involved, err := resolveKeys(ctx, tx, k)
			if err != nil {
				return err
			}
			p := arg(keys)
			where = append(where, fmt.Sprintf("(%s = ANY(%s) OR %s = ANY(%s))", side.key, p, side.affiliationKey, p))
			named = true
			if st.rows > 0 {
				n := math.Min(float64(involved), st.rows)
				matches *= n / st.rows
				indexed = math.Min(indexed, n)
			}
		}
		cols := `SELECT ` + warningColumns + ` FROM warnings w JOIN articles a ON a.id = w.article_id`
		var query string
		if (match != "" || named) && collectFirst(matches, indexed, st.rows, limit) {
			// Few matches: collect them from the indexes, then sort.
			query = `WITH m AS MATERIALIZED (SELECT w.id FROM warnings w WHERE ` + strings.Join(where, ` AND `) + `)
				` + cols + ` WHERE w.id IN (SELECT id FROM m ORDER BY id DESC LIMIT ` + arg(limit+1) + `)
				ORDER BY w.id DESC`
		} else {
			// Many matches, or none asked for: walk back from the newest.
			query = cols
			if len(where) > 0 {
				query += ` WHERE ` + strings.Join(where, ` AND `)
			}
			query += ` ORDER BY w.id DESC LIMIT ` + arg(limit+1)
		}
		rows, err := tx.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		ws, err := collectWarnings(rows)
		if err != nil {
			return err
		}
		if len(ws) > limit {
			ws = ws[:limit]
			page.Next = storecore.EncodeCursor(ws[limit-1].ID)
		}
		page.Warnings = ws
		return nil
	})
	if err != nil {
		return briefing.HistoryPage{}, err
	}
	return page, nil
}

// resolveKeys returns the actor keys a normalised name k stands for: k
// itself, the keys of actors it is an alias of, and the keys that contain
// it as whole words ("putin" → "vladimir putin"); and how many warnings
// those actors take part in, to estimate how many a filter on them keeps.
func resolveKeys(ctx context.Context, tx pgx.Tx, k string) ([]string, int, error) {
	rows, err := tx.Query(ctx, `
		SELECT key, warnings FROM actors WHERE key = $1 OR (' ' || key || ' ') LIKE $2
		UNION
		SELECT a.key, a.warnings FROM actor_aliases al JOIN actors a ON a.id = al.actor_id WHERE al.alias_key = $1`,
		k, "% "+storecore.EscapeLike(k)+" %")
	if err != nil {
		return nil, 0, err
	}
	keys := []string{k}
	involved := 0
	var key string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&key, &n}, func() error {
		involved += n
		if key != k {
			keys = append(keys, key)
		}
		return nil
	})
	return keys, involved, err
}
