package storage

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"redline/briefing"
	"redline/briefing/actors"
	"redline/storage/internal/storecore"
)

// Page sizes of History.
const (
	DefaultHistoryLimit = storecore.DefaultHistoryLimit
	MaxHistoryLimit     = storecore.MaxHistoryLimit
)

// warningColumns selects a warning with its source; scanWarning reads it.
// The query must join warnings AS w with articles AS a.
const warningColumns = `w.id, w.position,
	w.speaker, w.speaker_key, w.speaker_affiliation, w.speaker_affiliation_key,
	w.addressee, w.addressee_key, w.addressee_affiliation, w.addressee_affiliation_key,
	w.kind, w.what, w.condition, w.consequence, w.quote, w.evidence, w.article_time,
	a.id, a.canonical_url, a.title, a.site, a.published, a.fetched`

type rowScanner interface{ Scan(dest ...any) error }

// queryAll runs query in tx and reads every row it returns with scan.
func queryAll[T any](ctx context.Context, tx *sql.Tx, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// scanWarningOnly is scanWarning without the article time.
func scanWarningOnly(r rowScanner) (briefing.Warning, error) {
	w, _, err := scanWarning(r)
	return w, err
}

// scanWarning reads one row selected with warningColumns, and returns the
// warning and its article time (the history order).
func scanWarning(r rowScanner) (briefing.Warning, int64, error) {
	var (
		w         briefing.Warning
		kind      string
		evidence  string
		at        int64
		published sql.NullInt64
		fetched   int64
	)
	err := r.Scan(&w.ID, &w.Position,
		&w.Speaker.Name, &w.Speaker.Key, &w.Speaker.Affiliation, &w.Speaker.AffiliationKey,
		&w.Addressee.Name, &w.Addressee.Key, &w.Addressee.Affiliation, &w.Addressee.AffiliationKey,
		&kind, &w.What, &w.Condition, &w.Consequence, &w.Quote, &evidence, &at,
		&w.Source.ArticleID, &w.Source.URL, &w.Source.Title, &w.Source.Site, &published, &fetched)
	if err != nil {
		return w, 0, err
	}
	w.Kind = briefing.Kind(kind)
	if err := json.Unmarshal([]byte(evidence), &w.Evidence); err != nil {
		return w, 0, fmt.Errorf("warning %d: evidence: %w", w.ID, err)
	}
	w.Source.Published = fromNullMillis(published)
	w.Source.Fetched = fromMillis(fetched)
	return w, at, nil
}

// History returns one page of the stored warnings that match q, newest
// first (by the article's published time, else its fetch time, to the
// millisecond; then by position in the article, last first). Names in
// q.Speaker and q.Addressee match an actor's key, an alias, a word run of a
// key ("putin" finds "vladimir putin") or an affiliation ("russia" finds
// what Russia's officials said). q.Text is searched as plain words, all of
// which must appear; FTS5 syntax in it has no special meaning, and text
// without a letter or digit does not filter. An invalid q.Cursor is an
// EINVALID error.
//
// Every plan walks ids (history order) newest first and stops after a
// page, so a query costs what its page costs, not what it matches; see
// planHistory.
func (s *Store) History(ctx context.Context, q briefing.HistoryQuery) (briefing.HistoryPage, error) {
	var page briefing.HistoryPage
	limit := storecore.HistoryLimit(q.Limit)
	r := idRange{lo: 0, hi: math.MaxInt64}
	if q.Cursor != "" {
		after, err := storecore.DecodeCursor(q.Cursor)
		if err != nil {
			return page, err
		}
		r.hi = min(r.hi, after)
	}
	if !q.Since.IsZero() {
		r.lo = storecore.HistoryKey(q.Since)
	}
	if !q.Until.IsZero() {
		r.hi = min(r.hi, storecore.HistoryKey(q.Until))
	}

	err := s.readTx(ctx, "searching history", func(tx *sql.Tx) error {
		plan, err := planHistory(ctx, tx, q, r, rareName)
		if err != nil {
			return err
		}
		// Pick the page's ids first, then read their warnings.
		query := `SELECT ` + warningColumns + ` FROM (` + plan.ids + `) p
			JOIN warnings w ON w.id = p.id JOIN articles a ON a.id = w.article_id
			ORDER BY w.id DESC`
		rows, err := tx.QueryContext(ctx, query, append(plan.args, limit+1)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			w, _, err := scanWarning(rows)
			if err != nil {
				return err
			}
			if len(page.Warnings) == limit {
				// One row more than a page: there is a next page, after the last one kept.
				page.Next = storecore.EncodeCursor(page.Warnings[limit-1].ID)
				break
			}
			page.Warnings = append(page.Warnings, w)
		}
		return rows.Err()
	})
	if err != nil {
		return briefing.HistoryPage{}, err
	}
	return page, nil
}

// idRange is the part of history a query covers: ids at or above lo and
// below hi (a time range, and the cursor of the page before).
type idRange struct{ lo, hi int64 }

// days returns the UTC days (article time / 86,400,000, as the counts
// keep them) that r covers.
func (r idRange) days() (first, last int64) {
	return (r.lo >> storecore.IDCounterBits) / 86_400_000, (min(r.hi, storecore.HistoryKey(time.UnixMilli(storecore.MaxKeyMillis))) >> storecore.IDCounterBits) / 86_400_000
}

// nameFilter is one side's name of a history query: the keys it stands
// for and how many warnings of the range they take part in on that side
// (an upper bound, from the counts).
type nameFilter struct {
	side  int    // 0 speaker side, 1 addressee side
	token string // "s" or "a": the prefix of its keys in the actors column
	keys  []string
	count int64
}

// Plans of a history query.
const (
	planNewest    = "newest"     // no filter: the warnings table by id
	planNameIndex = "name-index" // names of one side only: its key indexes, each walked newest first for a page
	planFullText  = "full-text"  // words, or names of both sides: one full-text walk, rarest term first
)

// historyPlan is the query that picks a page's ids, newest first: its
// last parameter, not in args, is the page size plus one.
type historyPlan struct {
	kind string
	ids  string
	args []any
}

// maxIndexBranches bounds the index walks of planNameIndex: a name that
// stands for more keys (a common first name) is searched in the full-text
// index instead.
const maxIndexBranches = 32

// planHistory chooses how to find q's page in r. The counts kept per actor
// (migrations/0010) say how many warnings each name takes part in, so the
// plan is chosen by selectivity without reading the matches:
//
//   - no filter: the newest ids of the warnings table;
//   - names of one side only: each of their keys' indexes (speaker or
//     addressee, and the affiliation's) walked newest first, a page from
//     each, merged;
//   - words, or names of both sides: the full-text index, whose actors
//     column holds every warning's keys, with all terms in one AND. FTS5
//     steps its first term and makes the others seek to it through their
//     doclists' indexes, so the rarest term goes first: the speaker's
//     token when the speaker is rare (speaker-first), the words when the
//     speaker is common (text-first). A common word with a rare speaker
//     then reads the speaker's few warnings and a page of the word's
//     doclist per warning, not every warning with the word.
//
// A name with fewer than rare warnings is rare (rareName in History).
func planHistory(ctx context.Context, tx *sql.Tx, q briefing.HistoryQuery, r idRange, rare int64) (historyPlan, error) {
	var names []nameFilter
	for i, name := range []string{q.Speaker, q.Addressee} {
		k := actors.Key(name)
		if k == "" {
			continue
		}
		keys, err := resolveKeys(ctx, tx, k)
		if err != nil {
			return historyPlan{}, err
		}
		names = append(names, nameFilter{side: i, token: "sa"[i : i+1], keys: keys})
	}
	text := ftsQuery(q.Text)
	bounds := []any{r.lo, r.hi}
	switch {
	case text == "" && len(names) == 0:
		return historyPlan{kind: planNewest, args: bounds,
			ids: `SELECT id FROM warnings WHERE id >= ? AND id < ? ORDER BY id DESC LIMIT ?`}, nil
	case text == "" && len(names) == 1 && 2*len(names[0].keys) <= maxIndexBranches:
		f := names[0]
		columns := [2][2]string{{"speaker_key", "speaker_affiliation_key"}, {"addressee_key", "addressee_affiliation_key"}}[f.side]
		// Numbered parameters: ?1 and ?2 the range, then the keys, and the
		// page size plus one last (appended by History).
		args := []any{r.lo, r.hi}
		for _, key := range f.keys {
			args = append(args, key)
		}
		pageParam := fmt.Sprintf("?%d", len(args)+1)
		var branches []string
		for i := range f.keys {
			for _, col := range columns {
				// The index on col holds each key's ids in order.
				branches = append(branches, fmt.Sprintf(`SELECT id FROM (SELECT id FROM warnings WHERE %s = ?%d AND id >= ?1 AND id < ?2 ORDER BY id DESC LIMIT %s)`,
					col, i+3, pageParam))
			}
		}
		return historyPlan{kind: planNameIndex, args: args,
			ids: `SELECT id FROM (` + strings.Join(branches, " UNION ") + `) ORDER BY id DESC LIMIT ` + pageParam}, nil
	}
	type term struct {
		expr  string
		count int64 // -1: words, whose count is not kept
	}
	var terms []term
	if text != "" {
		terms = append(terms, term{expr: `{speaker addressee what evidence} : (` + text + `)`, count: -1})
	}
	ranged := !q.Since.IsZero() || !q.Until.IsZero()
	for _, f := range names {
		var err error
		if f.count, err = countKeys(ctx, tx, f, r, ranged); err != nil {
			return historyPlan{}, err
		}
		tokens := make([]string, len(f.keys))
		for i, key := range f.keys {
			tokens[i] = keyToken(f.token, key)
		}
		terms = append(terms, term{expr: `actors : (` + strings.Join(tokens, " OR ") + `)`, count: f.count})
	}
	// Rare names first, then the words, then common names, fewest first.
	rank := func(t term) int64 {
		switch {
		case t.count < 0:
			return rare
		case t.count < rare:
			return t.count
		default:
			return t.count + 1
		}
	}
	slices.SortStableFunc(terms, func(a, b term) int { return cmp.Compare(rank(a), rank(b)) })
	exprs := make([]string, len(terms))
	for i, t := range terms {
		exprs[i] = t.expr
	}
	return historyPlan{kind: planFullText, args: []any{strings.Join(exprs, " AND "), r.lo, r.hi},
		ids: `SELECT rowid AS id FROM warnings_fts WHERE warnings_fts MATCH ? AND rowid >= ? AND rowid < ? ORDER BY rowid DESC LIMIT ?`}, nil
}

// rareName is the number of warnings under which a name is searched before
// the words (speaker-first): a page of a word's doclist per warning of the
// name is then less than a walk of the word's doclist that the name's
// tokens would seek through.
const rareName = 20_000

// keyToken is the token of an actor key in the actors column of the
// full-text index (migrations/0011): side "s" or "a", then the key's bytes
// in hexadecimal, quoted as an FTS5 string.
func keyToken(side, key string) string {
	return `"` + side + strings.ToUpper(hex.EncodeToString([]byte(key))) + `"`
}

// countKeys returns how many warnings the keys take part in on f's side,
// at most: the sum of the counts kept on their actors, or, when ranged (a
// time range was asked for) and the range is short, of their counts by day
// over its days.
func countKeys(ctx context.Context, tx *sql.Tx, f nameFilter, r idRange, ranged bool) (int64, error) {
	keys, err := json.Marshal(f.keys)
	if err != nil {
		return 0, err
	}
	var n int64
	first, last := r.days()
	if ranged && last-first < maxCountedDays {
		err = tx.QueryRowContext(ctx, `SELECT coalesce(sum(warnings), 0) FROM actor_days
			WHERE day BETWEEN ? AND ? AND actor_key IN (SELECT value FROM json_each(?)) AND side = ?`,
			first, last, string(keys), f.side).Scan(&n)
		return n, err
	}
	column := [2]string{"gave", "received"}[f.side]
	err = tx.QueryRowContext(ctx, `SELECT coalesce(sum(`+column+`), 0) FROM actors
		WHERE key IN (SELECT value FROM json_each(?))`, string(keys)).Scan(&n)
	return n, err
}

// maxCountedDays is the longest time range whose counts are summed by day;
// a longer one is estimated by the actors' whole counts.
const maxCountedDays = 62

// resolveKeys returns the actor keys a normalised name k stands for: k
// itself, the keys of actors it is an alias of, and the keys that contain
// it as whole words ("putin" → "vladimir putin"), found through the words
// of the keys.
func resolveKeys(ctx context.Context, tx *sql.Tx, k string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT key FROM actors WHERE key = ?1
		UNION
		SELECT a.key FROM actors a WHERE `+wordRunMatch+`
		UNION
		SELECT a.key FROM actor_aliases al JOIN actors a ON a.id = al.actor_id WHERE al.alias_key = ?1`,
		wordRunArgs(k)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	keys := []string{k}
	for rows.Next() {
		var key string
		if err := rows.Scan(&key); err != nil {
			return nil, err
		}
		if key != k {
			keys = append(keys, key)
		}
	}
	return keys, rows.Err()
}

// wordRunMatch is true for the actor a whose key has the name ?1 as a run
// of whole words (' ' || key || ' ' LIKE '% ?1 %'), and finds the
// candidates through actor_words by the name's first word (?3), lower-cased
// as LIKE compares ASCII; wordRunArgs gives ?1 to ?3.
const wordRunMatch = `a.id IN (SELECT actor_id FROM actor_words WHERE word = lower(?3))
	AND (' ' || a.key || ' ') LIKE ?2 ESCAPE '\'`

func wordRunArgs(k string) []any {
	first := ""
	if words := strings.Fields(k); len(words) > 0 {
		first = words[0]
	}
	return []any{k, "% " + storecore.EscapeLike(k) + " %", first}
}

// ftsQuery turns what a user typed into an FTS5 query that cannot be a
// syntax error: each whitespace-separated chunk becomes a quoted string
// (FTS5 then splits it into words as it split the indexed text, so
// "don't" or "U.S." match as phrases) and all chunks must match. Chunks
// without a letter or digit (a lone "-" or "\"") are dropped; the result is
// "" when nothing searchable is left.
func ftsQuery(text string) string {
	// FTS5 ends a query string at a NUL; control characters and broken
	// UTF-8 separate words instead.
	text = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) {
			return ' '
		}
		return r
	}, text)
	var terms []string
	for _, chunk := range strings.Fields(text) {
		if !strings.ContainsFunc(chunk, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
			continue
		}
		terms = append(terms, `"`+strings.ReplaceAll(chunk, `"`, `""`)+`"`)
	}
	return strings.Join(terms, " ")
}
