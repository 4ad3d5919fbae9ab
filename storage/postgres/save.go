package postgres

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"redline/briefing"
	"redline/briefing/actors"
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
	if err := s.prepareBriefing(b); err != nil {
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
		setIDs(b, 0, make([]int64, len(b.Warnings)))
		return err
	}
	setIDs(b, articleID, warningIDs)
	return nil
}

// prepareBriefing checks b and fills what the store derives, as the SQLite
// store does: the URL when only a canonical one was given, the fetch time,
// the content hash, the default kind and the actor keys. Text is made
// storable (see clean) first, so the hash and fingerprint are of what is kept.
func (s *Store) prepareBriefing(b *briefing.Briefing) error {
	if b == nil {
		return briefing.Errorf(briefing.EINVALID, "there is no briefing to save")
	}
	a := &b.Article
	if strings.TrimSpace(a.Key()) == "" {
		return briefing.Errorf(briefing.EINVALID, "the article has no URL, so it cannot be saved in history")
	}
	for i := range b.Warnings {
		switch b.Warnings[i].Kind {
		case "", briefing.KindWarning, briefing.KindThreat:
		default:
			return briefing.Errorf(briefing.EINVALID, "warning %d of %s has an unknown kind %q (want %q or %q)",
				i+1, a.Key(), b.Warnings[i].Kind, briefing.KindWarning, briefing.KindThreat)
		}
	}
	for _, f := range []*string{&a.URL, &a.CanonicalURL, &a.Title, &a.Byline, &a.Site, &a.Language, &a.Text} {
		*f = clean(*f)
	}
	if a.URL == "" {
		a.URL = a.Key()
	}
	if a.Fetched.IsZero() {
		a.Fetched = s.now()
	}
	sum := sha256.Sum256([]byte(a.Text))
	a.ContentHash = hex.EncodeToString(sum[:])
	for i := range b.Warnings {
		w := &b.Warnings[i]
		if w.Kind == "" {
			w.Kind = briefing.KindWarning
		}
		for _, f := range []*string{&w.What, &w.Condition, &w.Consequence, &w.Quote} {
			*f = clean(*f)
		}
		if w.Evidence != nil {
			w.Evidence = cleanAll(w.Evidence)
		}
		for _, p := range []*briefing.Actor{&w.Speaker, &w.Addressee} {
			p.Name, p.Affiliation, p.Key, p.AffiliationKey = clean(p.Name), clean(p.Affiliation), clean(p.Key), clean(p.AffiliationKey)
			if p.Key == "" {
				p.Key = actors.Key(p.Name)
			}
			if p.AffiliationKey == "" {
				p.AffiliationKey = actors.Key(p.Affiliation)
			}
		}
	}
	return nil
}

// saveBriefingTx writes a prepared briefing in tx and returns its ids.
func (s *Store) saveBriefingTx(ctx context.Context, tx pgx.Tx, b *briefing.Briefing) (int64, []int64, error) {
	a := &b.Article
	key := a.Key()
	fingerprint, err := briefingFingerprint(b)
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

func setIDs(b *briefing.Briefing, articleID int64, warningIDs []int64) {
	b.Article.ID = articleID
	for i := range b.Warnings {
		b.Warnings[i].ID = warningIDs[i]
	}
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

// History ids, as the SQLite store makes them: historyKey(article time)
// plus a counter, so that id order is time order.
const (
	idCounterBits = 16
	idSlot        = int64(1) << idCounterBits
	maxKeyMillis  = int64(1)<<47 - 1
)

// historyKey is the smallest warning id of time t.
func historyKey(t time.Time) int64 {
	ms := min(max(t.UTC().UnixMilli(), 0), maxKeyMillis)
	return ms << idCounterBits
}

// allocateIDs returns the first of n free consecutive warning ids at time
// t. Each millisecond's ids are handed out under an advisory lock on it,
// held to the end of the transaction, so concurrent savers never pick the
// same ones; a full millisecond spills into the next.
func allocateIDs(ctx context.Context, tx pgx.Tx, t time.Time, n int) (int64, error) {
	if int64(n) > idSlot {
		return 0, fmt.Errorf("%d warnings in one article exceed %d", n, idSlot)
	}
	for base := historyKey(t); ; base += idSlot {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, base); err != nil {
			return 0, err
		}
		var last *int64
		if err := tx.QueryRow(ctx, `SELECT max(id) FROM warnings WHERE id >= $1 AND id < $2`, base, base+idSlot).Scan(&last); err != nil {
			return 0, err
		}
		next := base
		if last != nil {
			next = *last + 1
		}
		if next+int64(n) <= base+idSlot {
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
		ev, err := encodeEvidence(w.Evidence)
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

// encodeEvidence renders sentences as a JSON array, without escaping HTML
// characters, as the SQLite store stores (and fingerprints) them.
func encodeEvidence(sentences []string) (string, error) {
	if sentences == nil {
		sentences = []string{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(sentences); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// briefingFingerprint hashes what SaveBriefing stores of b, except the
// address it was read from and when, as the SQLite store does.
func briefingFingerprint(b *briefing.Briefing) (string, error) {
	a := b.Article
	h := sha256.New()
	enc := json.NewEncoder(h)
	var published int64
	if !a.Published.IsZero() {
		published = a.Published.UTC().UnixMilli()
	}
	if err := enc.Encode([]any{a.Title, a.Site, a.Byline, a.Language, published, a.ContentHash}); err != nil {
		return "", err
	}
	for _, w := range b.Warnings {
		ev, err := encodeEvidence(w.Evidence)
		if err != nil {
			return "", err
		}
		if err := enc.Encode([]any{w.Speaker, w.Addressee, w.Kind, w.What, w.Condition, w.Consequence, w.Quote, ev}); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// actorRecord is one actor to upsert, and the names it was given.
type actorRecord struct {
	key, name, kind, affiliation, affiliationKey string
	aliases                                      map[string]string // alias key → alias as written
}

// upsertActors records every party of ws as the SQLite store does:
// speakers and addressees with their latest affiliation, affiliations as
// actors of kind "group", and each name whose key differs from the
// actor's key as an alias. Rows are written in key order, so that two
// savers lock shared actors in the same order.
func upsertActors(ctx context.Context, tx pgx.Tx, ws []briefing.Warning, now time.Time) error {
	byKey := map[string]*actorRecord{}
	record := func(name, key, kind, affiliation, affiliationKey string) {
		if key == "" {
			return
		}
		if name == "" {
			name = key
		}
		r := byKey[key]
		if r == nil {
			r = &actorRecord{key: key, name: name, aliases: map[string]string{}}
			byKey[key] = r
		}
		if len(name) > len(r.name) {
			r.name = name
		}
		if kind != "" {
			r.kind = kind
		}
		if affiliationKey != "" {
			r.affiliation, r.affiliationKey = affiliation, affiliationKey
		}
		if nameKey := actors.Key(name); nameKey != "" && nameKey != key {
			r.aliases[nameKey] = name
		}
	}
	for _, w := range ws {
		for _, p := range []briefing.Actor{w.Speaker, w.Addressee} {
			if p.AffiliationKey == p.Key {
				record(p.Name, p.Key, "group", "", "")
				continue
			}
			record(p.Name, p.Key, "", p.Affiliation, p.AffiliationKey)
			record(p.Affiliation, p.AffiliationKey, "group", "", "")
		}
	}
	if len(byKey) == 0 {
		return nil
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var names, kinds, affs, affKeys []string
	var aliasKeys, aliases, aliasActors []string
	for _, k := range keys {
		r := byKey[k]
		names = append(names, r.name)
		kinds = append(kinds, r.kind)
		affs = append(affs, r.affiliation)
		affKeys = append(affKeys, r.affiliationKey)
		aliasOrder := make([]string, 0, len(r.aliases))
		for ak := range r.aliases {
			aliasOrder = append(aliasOrder, ak)
		}
		slices.Sort(aliasOrder)
		for _, ak := range aliasOrder {
			aliasKeys = append(aliasKeys, clean(ak))
			aliases = append(aliases, r.aliases[ak])
			aliasActors = append(aliasActors, k)
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
