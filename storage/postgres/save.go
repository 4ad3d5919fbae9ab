package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"redline/briefing"
	"redline/storage/internal/storecore"
)

// SaveBriefing stores b's article and warnings in one transaction,
// idempotently by b.Article.Key(), with the SQLite store's semantics:
// saving an article again replaces its warnings, and saving the same
// briefing again (even read from another URL or at another time) writes
// nothing. It sets b.Article.ID and ContentHash, fills empty actor keys,
// and sets every Warning.ID. An article keeps the Fetched time of its
// first save, which it is given back. Speakers and addressees (and their
// affiliations) are recorded as actors, with the names they were given as
// aliases. Any number of processes may save at once, the same article too.
func (s *Store) SaveBriefing(ctx context.Context, b *briefing.Briefing) error {
	if err := storecore.PrepareBriefing(b, s.now, clean); err != nil {
		return err
	}
	var articleID int64
	var warningIDs []int64
	err := s.inTx(ctx, "saving the briefing of "+b.Article.Key(), func(tx pgx.Tx) error {
		var err error
		articleID, warningIDs, err = s.saveBriefingTx(ctx, tx, b)
		return err
	})
	if err != nil {
		// IDs set inside a transaction that did not commit point at nothing.
		storecore.SetIDs(b, 0, make([]int64, len(b.Warnings)))
		return err
	}
	storecore.SetIDs(b, articleID, warningIDs)
	return nil
}

// saveBriefingTx writes a prepared briefing in tx and returns its ids.
func (s *Store) saveBriefingTx(ctx context.Context, tx pgx.Tx, b *briefing.Briefing) (int64, []int64, error) {
	a := &b.Article
	key := a.Key()
	fingerprint, _, err := storecore.Fingerprint(b)
	if err != nil {
		return 0, nil, err
	}
	warningIDs := make([]int64, len(b.Warnings))
	fetched := ts(a.Fetched)

	// One saver of an article at a time, across processes: the second
	// waits, then finds what the first wrote.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('redline.article.' || $1, 0))`, key); err != nil {
		return 0, nil, err
	}
	var articleID int64
	var storedFingerprint string
	var storedFetched time.Time
	err = tx.QueryRow(ctx, `SELECT id, fingerprint, fetched FROM articles WHERE canonical_url = $1`, key).
		Scan(&articleID, &storedFingerprint, &storedFetched)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		articleID = 0
	case err != nil:
		return 0, nil, err
	default:
		// An article keeps the time redline first read it, so that an
		// undated article does not move in history each time a feed
		// brings it again.
		fetched = fromTS(storedFetched)
		a.Fetched = fetched
		if storedFingerprint == fingerprint {
			rows, err := tx.Query(ctx, `SELECT id FROM warnings WHERE article_id = $1 ORDER BY position`, articleID)
			if err != nil {
				return 0, nil, err
			}
			ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil {
				return 0, nil, err
			}
			if len(ids) != len(warningIDs) {
				return 0, nil, errors.New("stored article has another number of warnings than its fingerprint says")
			}
			return articleID, ids, nil
		}
	}

	saved := ts(s.now())
	deltas := map[string]int{} // actor key → change of its warning count
	if articleID == 0 {
		err = tx.QueryRow(ctx, `INSERT INTO articles
			(canonical_url, url, title, site, byline, language, published, fetched, content_hash, text, fingerprint, saved)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			key, a.URL, a.Title, a.Site, a.Byline, a.Language, nullTS(a.Published), fetched,
			a.ContentHash, a.Text, fingerprint, saved).Scan(&articleID)
		if err != nil {
			return 0, nil, err
		}
	} else {
		if _, err := tx.Exec(ctx, `UPDATE articles SET
			url = $1, title = $2, site = $3, byline = $4, language = $5, published = $6,
			content_hash = $7, text = $8, fingerprint = $9, saved = $10
			WHERE id = $11`,
			a.URL, a.Title, a.Site, a.Byline, a.Language, nullTS(a.Published),
			a.ContentHash, a.Text, fingerprint, saved, articleID); err != nil {
			return 0, nil, err
		}
		rows, err := tx.Query(ctx, `DELETE FROM warnings WHERE article_id = $1
			RETURNING speaker_key, speaker_affiliation_key, addressee_key, addressee_affiliation_key`, articleID)
		if err != nil {
			return 0, nil, err
		}
		var k [4]string
		_, err = pgx.ForEachRow(rows, []any{&k[0], &k[1], &k[2], &k[3]}, func() error {
			for _, key := range partyKeys(k) {
				deltas[key]--
			}
			return nil
		})
		if err != nil {
			return 0, nil, err
		}
	}
	for _, w := range b.Warnings {
		for _, key := range partyKeys([4]string{w.Speaker.Key, w.Speaker.AffiliationKey, w.Addressee.Key, w.Addressee.AffiliationKey}) {
			deltas[key]++
		}
	}
	// Actors before the counts that point at them.
	if err := upsertActors(ctx, tx, b.Warnings, saved); err != nil {
		return 0, nil, err
	}
	if err := applyCounts(ctx, tx, deltas); err != nil {
		return 0, nil, err
	}
	at := articleTime(a.Published, fetched)
	if len(b.Warnings) > 0 {
		first, err := allocateIDs(ctx, tx, at, len(b.Warnings))
		if err != nil {
			return 0, nil, err
		}
		for i := range warningIDs {
			warningIDs[i] = first + int64(i)
		}
		if err := insertWarnings(ctx, tx, articleID, at, b.Warnings, warningIDs); err != nil {
			return 0, nil, err
		}
	}
	return articleID, warningIDs, nil
}

// partyKeys returns the distinct non-empty keys of a warning's four
// parties: a warning counts once for each actor it involves.
func partyKeys(k [4]string) []string {
	var out []string
	for _, key := range k {
		if key != "" && !slices.Contains(out, key) {
			out = append(out, key)
		}
	}
	return out
}

// articleTime is the time history orders and filters an article by.
func articleTime(published, fetched time.Time) time.Time {
	if !published.IsZero() {
		return ts(published)
	}
	return ts(fetched)
}

// allocateIDs returns the first of n free consecutive warning ids at time
// t. Each millisecond's ids are handed out under an advisory lock on it,
// held to the end of the transaction, so concurrent savers never pick the
// same ones; a full millisecond spills into the next.
func allocateIDs(ctx context.Context, tx pgx.Tx, t time.Time, n int) (int64, error) {
	if int64(n) > storecore.IDSlot {
		return 0, fmt.Errorf("%d warnings in one article exceed %d", n, storecore.IDSlot)
	}
	for base := storecore.HistoryKey(t); ; base += storecore.IDSlot {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, base); err != nil {
			return 0, err
		}
		var last *int64
		if err := tx.QueryRow(ctx, `SELECT max(id) FROM warnings WHERE id >= $1 AND id < $2`, base, base+storecore.IDSlot).Scan(&last); err != nil {
			return 0, err
		}
		next := base
		if last != nil {
			next = *last + 1
		}
		if next+int64(n) <= base+storecore.IDSlot {
			return next, nil
		}
	}
}

// insertWarnings inserts an article's warnings with their ids, in one
// statement of arrays.
func insertWarnings(ctx context.Context, tx pgx.Tx, articleID int64, at time.Time, ws []briefing.Warning, ids []int64) error {
	n := len(ws)
	cols := struct {
		position                                     []int32
		speaker, speakerKey, speakerAff, speakerAffK []string
		addressee, addresseeKey, addrAff, addrAffK   []string
		kind, what, condition, consequence, quote    []string
		evidence, search                             []string
	}{}
	for i := range n {
		w := ws[i]
		ev, err := storecore.EncodeEvidence(w.Evidence)
		if err != nil {
			return err
		}
		cols.position = append(cols.position, int32(i))
		cols.speaker = append(cols.speaker, w.Speaker.Name)
		cols.speakerKey = append(cols.speakerKey, w.Speaker.Key)
		cols.speakerAff = append(cols.speakerAff, w.Speaker.Affiliation)
		cols.speakerAffK = append(cols.speakerAffK, w.Speaker.AffiliationKey)
		cols.addressee = append(cols.addressee, w.Addressee.Name)
		cols.addresseeKey = append(cols.addresseeKey, w.Addressee.Key)
		cols.addrAff = append(cols.addrAff, w.Addressee.Affiliation)
		cols.addrAffK = append(cols.addrAffK, w.Addressee.AffiliationKey)
		cols.kind = append(cols.kind, string(w.Kind))
		cols.what = append(cols.what, w.What)
		cols.condition = append(cols.condition, w.Condition)
		cols.consequence = append(cols.consequence, w.Consequence)
		cols.quote = append(cols.quote, w.Quote)
		cols.evidence = append(cols.evidence, ev)
		cols.search = append(cols.search, searchDocument(append([]string{
			w.Speaker.Name, w.Speaker.Affiliation, w.Addressee.Name, w.Addressee.Affiliation, w.What}, w.Evidence...)...))
	}
	_, err := tx.Exec(ctx, `INSERT INTO warnings (
			id, article_id, position, article_time,
			speaker, speaker_key, speaker_affiliation, speaker_affiliation_key,
			addressee, addressee_key, addressee_affiliation, addressee_affiliation_key,
			kind, what, condition, consequence, quote, evidence, search)
		SELECT v.id, $2, v.position, $3,
			v.speaker, v.speaker_key, v.speaker_affiliation, v.speaker_affiliation_key,
			v.addressee, v.addressee_key, v.addressee_affiliation, v.addressee_affiliation_key,
			v.kind, v.what, v.condition, v.consequence, v.quote,
			ARRAY(SELECT jsonb_array_elements_text(v.evidence::jsonb)), to_tsvector('simple', v.search)
		FROM unnest($1::bigint[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
			$11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[])
			AS v (id, position, speaker, speaker_key, speaker_affiliation, speaker_affiliation_key,
				addressee, addressee_key, addressee_affiliation, addressee_affiliation_key,
				kind, what, condition, consequence, quote, evidence, search)`,
		ids, articleID, at, cols.position,
		cols.speaker, cols.speakerKey, cols.speakerAff, cols.speakerAffK,
		cols.addressee, cols.addresseeKey, cols.addrAff, cols.addrAffK,
		cols.kind, cols.what, cols.condition, cols.consequence, cols.quote, cols.evidence, cols.search)
	return err
}

// upsertActors records every party of ws as the SQLite store does:
// speakers and addressees with their latest affiliation, affiliations as
// actors of kind "group", and each name whose key differs from the
// actor's key as an alias. Rows are written in key order, so that two
// savers lock shared actors in the same order.
func upsertActors(ctx context.Context, tx pgx.Tx, ws []briefing.Warning, now time.Time) error {
	records := storecore.Actors(ws)
	if len(records) == 0 {
		return nil
	}
	slices.SortFunc(records, func(a, b *storecore.Actor) int { return strings.Compare(a.Key, b.Key) })
	var names, kinds, affs, affKeys []string
	var aliasKeys, aliases, aliasActors []string
	keys := make([]string, 0, len(records))
	for _, r := range records {
		keys = append(keys, r.Key)
		names = append(names, r.Name)
		kinds = append(kinds, r.Kind)
		affs = append(affs, r.Affiliation)
		affKeys = append(affKeys, r.AffiliationKey)
		aliasOrder := make([]string, 0, len(r.Aliases))
		for ak := range r.Aliases {
			aliasOrder = append(aliasOrder, ak)
		}
		slices.Sort(aliasOrder)
		for _, ak := range aliasOrder {
			aliasKeys = append(aliasKeys, clean(ak))
			aliases = append(aliases, r.Aliases[ak])
			aliasActors = append(aliasActors, r.Key)
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO actors AS a (key, name, kind, affiliation, affiliation_key, first_seen, last_seen)
		SELECT v.key, v.name, v.kind, v.affiliation, v.affiliation_key, $6, $6
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
			AS v (key, name, kind, affiliation, affiliation_key, n)
		ORDER BY v.n
		ON CONFLICT (key) DO UPDATE SET
			name = CASE WHEN octet_length(excluded.name) > octet_length(a.name) THEN excluded.name ELSE a.name END,
			kind = CASE WHEN excluded.kind <> '' THEN excluded.kind ELSE a.kind END,
			affiliation = CASE WHEN excluded.affiliation_key <> '' THEN excluded.affiliation ELSE a.affiliation END,
			affiliation_key = CASE WHEN excluded.affiliation_key <> '' THEN excluded.affiliation_key ELSE a.affiliation_key END,
			last_seen = excluded.last_seen`,
		keys, names, kinds, affs, affKeys, now); err != nil {
		return err
	}
	if len(aliasKeys) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO actor_aliases (alias_key, actor_id, alias)
		SELECT v.alias_key, a.id, v.alias
		FROM unnest($1::text[], $2::text[], $3::text[]) AS v (alias_key, alias, actor_key)
		JOIN actors a ON a.key = v.actor_key
		ORDER BY v.alias_key, a.id
		ON CONFLICT DO NOTHING`, aliasKeys, aliases, aliasActors)
	return err
}

// applyCounts changes the actors' warning counts by deltas, in key order.
func applyCounts(ctx context.Context, tx pgx.Tx, deltas map[string]int) error {
	var keys []string
	var by []int32
	for k, d := range deltas {
		if d != 0 {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	slices.Sort(keys)
	for _, k := range keys {
		by = append(by, int32(deltas[k]))
	}
	_, err := tx.Exec(ctx, `UPDATE actors a SET warnings = a.warnings + d.delta
		FROM (SELECT * FROM unnest($1::text[], $2::int[]) AS u (key, delta)) d
		WHERE a.key = d.key`, keys, by)
	return err
}
