package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"redline/briefing"
	"redline/storage/internal/storecore"
)

// SaveBriefing stores b's article and warnings in one transaction,
// idempotently by b.Article.Key(): saving an article again replaces its
// warnings, and saving the same briefing again (even read from another URL
// or at another time) writes nothing. It sets b.Article.ID and
// ContentHash, fills empty actor keys, and sets every Warning.ID. An
// article keeps the Fetched time of its first save, which it is given back. The speakers and addressees (and their affiliations) are
// recorded as actors, with the names they were given as aliases.
func (s *Store) SaveBriefing(ctx context.Context, b *briefing.Briefing) error {
	if err := storecore.PrepareBriefing(b, s.now, nil); err != nil {
		return err
	}
	err := s.inTx(ctx, "saving the briefing of "+b.Article.Key(), func(tx *sql.Tx) error {
		return s.saveBriefingTx(ctx, tx, b)
	})
	if err != nil {
		// IDs set inside a transaction that did not commit point at nothing.
		storecore.SetIDs(b, 0, make([]int64, len(b.Warnings)))
	}
	return err
}

// saveBriefingTx writes a prepared briefing in tx and sets its IDs once
// the writes succeeded (the IDs are only meaningful if tx commits).
func (s *Store) saveBriefingTx(ctx context.Context, tx *sql.Tx, b *briefing.Briefing) error {
	a := &b.Article
	key := a.Key()
	fingerprint, evidence, err := storecore.Fingerprint(b)
	if err != nil {
		return err
	}
	var articleID, storedFetched int64
	warningIDs := make([]int64, len(b.Warnings))
	var storedFingerprint string
	err = tx.QueryRowContext(ctx, `SELECT id, fingerprint, fetched FROM articles WHERE canonical_url = ?`, key).
		Scan(&articleID, &storedFingerprint, &storedFetched)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		articleID = 0
	case err != nil:
		return err
	default:
		// An article keeps the time redline first read it, so that an
		// undated article does not move in history each time a feed
		// brings it again.
		a.Fetched = fromMillis(storedFetched)
		if storedFingerprint == fingerprint {
			if err := readWarningIDs(ctx, tx, articleID, warningIDs); err != nil {
				return err
			}
			storecore.SetIDs(b, articleID, warningIDs)
			return nil
		}
	}

	saved := s.now().UTC().UnixMilli()
	if articleID == 0 {
		if articleID, err = insertArticle(ctx, tx, a, fingerprint, saved); err != nil {
			return err
		}
	} else {
		plain, compressed, err := compressText(a.Text)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET
			url = ?, title = ?, site = ?, byline = ?, language = ?, published = ?,
			content_hash = ?, text = ?, text_zstd = ?, fingerprint = ?, saved = ?
			WHERE id = ?`,
			a.URL, a.Title, a.Site, a.Byline, a.Language, nullMillis(a.Published),
			a.ContentHash, plain, compressed, fingerprint, saved, articleID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM warnings WHERE article_id = ?`, articleID); err != nil {
			return err
		}
	}
	rows := make([]warningRow, len(b.Warnings))
	for i := range b.Warnings {
		rows[i] = warningRow{articleID: articleID, position: i, at: articleTime(*a), w: &b.Warnings[i], evidence: evidence[i]}
	}
	// Actors first: the triggers that count their warnings need them.
	if err := upsertActors(ctx, tx, b.Warnings, saved); err != nil {
		return err
	}
	if err := insertWarnings(ctx, tx, rows, warningIDs); err != nil {
		return err
	}
	storecore.SetIDs(b, articleID, warningIDs)
	return nil
}

// articleTime is the time history orders and filters an article by.
func articleTime(a briefing.Article) time.Time {
	if !a.Published.IsZero() {
		return a.Published
	}
	return a.Fetched
}

func millis(t time.Time) int64 { return t.UTC().UnixMilli() }

func nullMillis(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: millis(t), Valid: true}
}

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

func fromNullMillis(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return fromMillis(ms.Int64)
}

func readWarningIDs(ctx context.Context, tx *sql.Tx, articleID int64, ids []int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM warnings WHERE article_id = ? ORDER BY position`, articleID)
	if err != nil {
		return err
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		if i >= len(ids) {
			return errors.New("stored article has more warnings than its fingerprint says")
		}
		if err := rows.Scan(&ids[i]); err != nil {
			return err
		}
		i++
	}
	return rows.Err()
}

// Rows per multi-row statement: each statement inside a transaction makes
// FTS5 flush its pending index to a new segment, so fewer, larger
// statements keep saving (and the index) lean. 500 rows stay well under
// SQLite's limit on bound parameters.
const rowsPerStatement = 500

func insertArticle(ctx context.Context, tx *sql.Tx, a *briefing.Article, fingerprint string, saved int64) (int64, error) {
	plain, compressed, err := compressText(a.Text)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO articles
		(canonical_url, url, title, site, byline, language, published, fetched, content_hash, text, text_zstd, fingerprint, saved)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.Key(), a.URL, a.Title, a.Site, a.Byline, a.Language, nullMillis(a.Published), millis(a.Fetched),
		a.ContentHash, plain, compressed, fingerprint, saved)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// warningRow is one warning to insert.
type warningRow struct {
	articleID int64
	position  int       // order in its article; the table keeps it unique per article
	at        time.Time // the article's time
	w         *briefing.Warning
	evidence  string // w.Evidence as JSON
}

// idAllocator hands out blocks of consecutive warning ids within one
// transaction, remembering what it gave so rows not yet inserted are not
// handed out twice.
type idAllocator struct {
	ctx  context.Context
	tx   *sql.Tx
	next map[int64]int64 // slot base → next free id
}

// block returns the first of n free consecutive ids at time t. A full
// millisecond spills into the next one: the order is then off by a
// millisecond, which nobody can see.
func (a *idAllocator) block(t time.Time, n int) (int64, error) {
	if int64(n) > storecore.IDSlot {
		return 0, fmt.Errorf("%d warnings in one article exceed %d", n, storecore.IDSlot)
	}
	for base := storecore.HistoryKey(t); ; base += storecore.IDSlot {
		next, ok := a.next[base]
		if !ok {
			var last sql.NullInt64
			if err := a.tx.QueryRowContext(a.ctx, `SELECT max(id) FROM warnings WHERE id >= ? AND id < ?`, base, base+storecore.IDSlot).
				Scan(&last); err != nil {
				return 0, err
			}
			next = base
			if last.Valid {
				next = last.Int64 + 1
			}
		}
		if next+int64(n) <= base+storecore.IDSlot {
			a.next[base] = next + int64(n)
			return next, nil
		}
		a.next[base] = base + storecore.IDSlot // full
	}
}

// insertWarnings inserts rows, giving each article's warnings consecutive
// history ids in position order, and sets ids[i] to the id of rows[i].
func insertWarnings(ctx context.Context, tx *sql.Tx, rows []warningRow, ids []int64) error {
	alloc := &idAllocator{ctx: ctx, tx: tx, next: map[int64]int64{}}
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && rows[j].articleID == rows[i].articleID {
			j++
		}
		first, err := alloc.block(rows[i].at, j-i)
		if err != nil {
			return err
		}
		for k := i; k < j; k++ {
			ids[k] = first + int64(k-i)
		}
		i = j
	}

	const columns = 18
	for start := 0; start < len(rows); start += rowsPerStatement {
		end := min(start+rowsPerStatement, len(rows))
		var q strings.Builder
		q.WriteString(`INSERT INTO warnings (
			id, article_id, position, article_time,
			speaker, speaker_key, speaker_affiliation, speaker_affiliation_key,
			addressee, addressee_key, addressee_affiliation, addressee_affiliation_key,
			kind, what, condition, consequence, quote, evidence) VALUES `)
		args := make([]any, 0, columns*(end-start))
		for i := start; i < end; i++ {
			if i > start {
				q.WriteString(", ")
			}
			q.WriteString("(?" + strings.Repeat(", ?", columns-1) + ")")
			r := rows[i]
			w := r.w
			args = append(args, ids[i], r.articleID, r.position, millis(r.at),
				w.Speaker.Name, w.Speaker.Key, w.Speaker.Affiliation, w.Speaker.AffiliationKey,
				w.Addressee.Name, w.Addressee.Key, w.Addressee.Affiliation, w.Addressee.AffiliationKey,
				string(w.Kind), w.What, w.Condition, w.Consequence, w.Quote, r.evidence)
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// upsertActors records every party of ws: speakers and addressees with their
// latest affiliation, affiliations as actors of kind "group", and each name
// whose key differs from the actor's key as an alias.
func upsertActors(ctx context.Context, tx *sql.Tx, ws []briefing.Warning, now int64) error {
	order := storecore.Actors(ws)
	for start := 0; start < len(order); start += rowsPerStatement {
		chunk := order[start:min(start+rowsPerStatement, len(order))]
		var q strings.Builder
		q.WriteString(`INSERT INTO actors (key, name, kind, affiliation, affiliation_key, first_seen, last_seen) VALUES `)
		var args []any
		var aliasRows []string
		var aliasArgs []any
		var wordRows []string
		var wordArgs []any
		for i, r := range chunk {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?, ?)")
			args = append(args, r.Key, r.Name, r.Kind, r.Affiliation, r.AffiliationKey, now, now)
			for _, word := range strings.Split(r.Key, " ") {
				if word != "" {
					wordRows = append(wordRows, "(?, ?)")
					wordArgs = append(wordArgs, word, r.Key)
				}
			}
			for aliasKey, alias := range r.Aliases {
				aliasRows = append(aliasRows, "(?, ?, ?)")
				aliasArgs = append(aliasArgs, aliasKey, alias, r.Key)
			}
		}
		q.WriteString(` ON CONFLICT (key) DO UPDATE SET
			name = CASE WHEN length(excluded.name) > length(actors.name) THEN excluded.name ELSE actors.name END,
			kind = CASE WHEN excluded.kind != '' THEN excluded.kind ELSE actors.kind END,
			affiliation = CASE WHEN excluded.affiliation_key != '' THEN excluded.affiliation ELSE actors.affiliation END,
			affiliation_key = CASE WHEN excluded.affiliation_key != '' THEN excluded.affiliation_key ELSE actors.affiliation_key END,
			last_seen = excluded.last_seen`)
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
		// The words of the keys, for finding an actor by a word run of its
		// key (migrations/0010); known ones are left as they are.
		if len(wordRows) > 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO actor_words (word, actor_id)
				SELECT lower(v.column1), a.id FROM (VALUES `+strings.Join(wordRows, ", ")+`) v
				JOIN actors a ON a.key = v.column2 WHERE true
				ON CONFLICT DO NOTHING`, wordArgs...); err != nil {
				return err
			}
		}
		if len(aliasRows) == 0 {
			continue
		}
		// "WHERE true" keeps SQLite from reading ON CONFLICT as a join constraint.
		if _, err := tx.ExecContext(ctx, `INSERT INTO actor_aliases (alias_key, actor_id, alias)
			SELECT v.column1, a.id, v.column2 FROM (VALUES `+strings.Join(aliasRows, ", ")+`) v
			JOIN actors a ON a.key = v.column3 WHERE true
			ON CONFLICT DO NOTHING`, aliasArgs...); err != nil {
			return err
		}
	}
	return nil
}
