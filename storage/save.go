package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"redline/briefing"
)

// SaveBriefing stores b's article and warnings in one transaction,
// idempotently by b.Article.Key(): saving an article again replaces its
// warnings, and saving exactly the same briefing again writes nothing. It
// sets b.Article.ID and ContentHash, fills empty actor keys, and sets every
// Warning.ID. The speakers and addressees (and their affiliations) are
// recorded as actors, with the names they were given as aliases.
func (s *Store) SaveBriefing(ctx context.Context, b *briefing.Briefing) error {
	if err := s.prepareBriefing(b); err != nil {
		return err
	}
	err := s.inTx(ctx, "saving the briefing of "+b.Article.Key(), func(tx *sql.Tx) error {
		return s.saveBriefingTx(ctx, tx, b)
	})
	if err != nil {
		// IDs set inside a transaction that did not commit point at nothing.
		setIDs(b, 0, make([]int64, len(b.Warnings)))
	}
	return err
}

// prepareBriefing checks b and fills what the store derives: the URL when
// only a canonical one was given, the fetch time, the content hash, the
// default kind and the actor keys.
func (s *Store) prepareBriefing(b *briefing.Briefing) error {
	if b == nil {
		return briefing.Errorf(briefing.EINVALID, "there is no briefing to save")
	}
	a := &b.Article
	key := a.Key()
	if strings.TrimSpace(key) == "" {
		return briefing.Errorf(briefing.EINVALID, "the article has no URL, so it cannot be saved in history")
	}
	for i := range b.Warnings {
		switch b.Warnings[i].Kind {
		case "", briefing.KindWarning, briefing.KindThreat:
		default:
			return briefing.Errorf(briefing.EINVALID, "warning %d of %s has an unknown kind %q (want %q or %q)",
				i+1, key, b.Warnings[i].Kind, briefing.KindWarning, briefing.KindThreat)
		}
	}
	if a.URL == "" {
		a.URL = key
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
		fillKeys(&w.Speaker)
		fillKeys(&w.Addressee)
	}
	return nil
}

// saveBriefingTx writes a prepared briefing in tx and sets its IDs once
// the writes succeeded (the IDs are only meaningful if tx commits).
func (s *Store) saveBriefingTx(ctx context.Context, tx *sql.Tx, b *briefing.Briefing) error {
	a := &b.Article
	key := a.Key()
	fingerprint, evidence, err := briefingFingerprint(b)
	if err != nil {
		return err
	}
	var articleID int64
	warningIDs := make([]int64, len(b.Warnings))
	var storedFingerprint string
	err = tx.QueryRowContext(ctx, `SELECT id, fingerprint FROM articles WHERE canonical_url = ?`, key).
		Scan(&articleID, &storedFingerprint)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		articleID = 0
	case err != nil:
		return err
	case storedFingerprint == fingerprint:
		if err := readWarningIDs(ctx, tx, articleID, warningIDs); err != nil {
			return err
		}
		setIDs(b, articleID, warningIDs)
		return nil
	}

	saved := s.now().UTC().UnixMilli()
	if articleID == 0 {
		res, err := tx.ExecContext(ctx, `INSERT INTO articles
			(canonical_url, url, title, site, byline, language, published, fetched, content_hash, text, fingerprint, saved)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			key, a.URL, a.Title, a.Site, a.Byline, a.Language, nullMillis(a.Published), millis(a.Fetched),
			a.ContentHash, a.Text, fingerprint, saved)
		if err != nil {
			return err
		}
		if articleID, err = res.LastInsertId(); err != nil {
			return err
		}
	} else {
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET
			url = ?, title = ?, site = ?, byline = ?, language = ?, published = ?, fetched = ?,
			content_hash = ?, text = ?, fingerprint = ?, saved = ?
			WHERE id = ?`,
			a.URL, a.Title, a.Site, a.Byline, a.Language, nullMillis(a.Published), millis(a.Fetched),
			a.ContentHash, a.Text, fingerprint, saved, articleID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM warnings WHERE article_id = ?`, articleID); err != nil {
			return err
		}
	}
	if err := insertWarnings(ctx, tx, articleID, articleTime(*a), b.Warnings, evidence, warningIDs); err != nil {
		return err
	}
	if err := upsertActors(ctx, tx, b.Warnings, saved); err != nil {
		return err
	}
	setIDs(b, articleID, warningIDs)
	return nil
}

func setIDs(b *briefing.Briefing, articleID int64, warningIDs []int64) {
	b.Article.ID = articleID
	for i := range b.Warnings {
		b.Warnings[i].ID = warningIDs[i]
	}
}

// fillKeys sets the keys the extractor left empty from the names.
func fillKeys(a *briefing.Actor) {
	if a.Key == "" {
		a.Key = actorKey(a.Name)
	}
	if a.AffiliationKey == "" {
		a.AffiliationKey = actorKey(a.Affiliation)
	}
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

// encodeEvidence renders sentences as a JSON array, without escaping HTML
// characters, so that the stored text stays readable.
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

// briefingFingerprint hashes everything SaveBriefing stores of b (at
// millisecond precision for times), and returns the encoded evidence of
// each warning on the way.
func briefingFingerprint(b *briefing.Briefing) (string, []string, error) {
	a := b.Article
	h := sha256.New()
	enc := json.NewEncoder(h)
	article := []any{a.URL, a.Title, a.Site, a.Byline, a.Language,
		nullMillis(a.Published).Int64, millis(a.Fetched), a.ContentHash}
	if err := enc.Encode(article); err != nil {
		return "", nil, err
	}
	evidence := make([]string, len(b.Warnings))
	for i, w := range b.Warnings {
		ev, err := encodeEvidence(w.Evidence)
		if err != nil {
			return "", nil, err
		}
		evidence[i] = ev
		if err := enc.Encode([]any{w.Speaker, w.Addressee, w.Kind, w.What, w.Condition, w.Consequence, w.Quote, ev}); err != nil {
			return "", nil, err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), evidence, nil
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

func insertWarnings(ctx context.Context, tx *sql.Tx, articleID int64, at time.Time, ws []briefing.Warning, evidence []string, ids []int64) error {
	if len(ws) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO warnings (
		article_id, position, article_time,
		speaker, speaker_key, speaker_affiliation, speaker_affiliation_key,
		addressee, addressee_key, addressee_affiliation, addressee_affiliation_key,
		kind, what, condition, consequence, quote, evidence)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, w := range ws {
		// Positions are the order in b.Warnings: callers' own Position values
		// may repeat or skip, and the table keeps them unique per article.
		res, err := stmt.ExecContext(ctx, articleID, i, millis(at),
			w.Speaker.Name, w.Speaker.Key, w.Speaker.Affiliation, w.Speaker.AffiliationKey,
			w.Addressee.Name, w.Addressee.Key, w.Addressee.Affiliation, w.Addressee.AffiliationKey,
			string(w.Kind), w.What, w.Condition, w.Consequence, w.Quote, evidence[i])
		if err != nil {
			return err
		}
		if ids[i], err = res.LastInsertId(); err != nil {
			return err
		}
	}
	return nil
}

// upsertActors records every party of ws: speakers and addressees with their
// latest affiliation, affiliations as actors of kind "group", and each name
// whose key differs from the actor's key as an alias.
func upsertActors(ctx context.Context, tx *sql.Tx, ws []briefing.Warning, now int64) error {
	upsert, err := tx.PrepareContext(ctx, `INSERT INTO actors (key, name, kind, affiliation, affiliation_key, first_seen, last_seen)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
		ON CONFLICT (key) DO UPDATE SET
			name = CASE WHEN length(excluded.name) > length(actors.name) THEN excluded.name ELSE actors.name END,
			kind = CASE WHEN excluded.kind != '' THEN excluded.kind ELSE actors.kind END,
			affiliation = CASE WHEN excluded.affiliation_key != '' THEN excluded.affiliation ELSE actors.affiliation END,
			affiliation_key = CASE WHEN excluded.affiliation_key != '' THEN excluded.affiliation_key ELSE actors.affiliation_key END,
			last_seen = excluded.last_seen
		RETURNING id`)
	if err != nil {
		return err
	}
	defer upsert.Close()
	alias, err := tx.PrepareContext(ctx, `INSERT INTO actor_aliases (alias_key, actor_id, alias) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`)
	if err != nil {
		return err
	}
	defer alias.Close()

	record := func(name, key, kind, affiliation, affiliationKey string) error {
		if key == "" {
			return nil
		}
		if name == "" {
			name = key
		}
		var id int64
		if err := upsert.QueryRowContext(ctx, key, name, kind, affiliation, affiliationKey, now).Scan(&id); err != nil {
			return err
		}
		if nameKey := actorKey(name); nameKey != "" && nameKey != key {
			if _, err := alias.ExecContext(ctx, nameKey, id, name); err != nil {
				return err
			}
		}
		return nil
	}
	for _, w := range ws {
		for _, p := range []briefing.Actor{w.Speaker, w.Addressee} {
			if p.AffiliationKey == p.Key {
				// "Russia (Russia)": the party is itself the group.
				if err := record(p.Name, p.Key, "group", "", ""); err != nil {
					return err
				}
				continue
			}
			if err := record(p.Name, p.Key, "", p.Affiliation, p.AffiliationKey); err != nil {
				return err
			}
			if err := record(p.Affiliation, p.AffiliationKey, "group", "", ""); err != nil {
				return err
			}
		}
	}
	return nil
}
