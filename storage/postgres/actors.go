package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"redline/briefing"
	"redline/briefing/actors"
)

// Sizes of the actor answers, as the SQLite store's.
const (
	DefaultActorsLimit   = 25
	MaxActorsLimit       = 100
	DefaultProfileLatest = 5
	profileCounterparts  = 10
)

// Names sort byte-wise, as SQLite's BINARY collation does, whatever the
// database's locale.

// Actors lists the known actors whose key or alias starts with prefix, or
// has a word starting with it, those in the most warnings first; an empty
// prefix lists all. Actors left without warnings are not listed.
func (s *Store) Actors(ctx context.Context, prefix string, limit int) ([]briefing.Actor, error) {
	switch {
	case limit <= 0:
		limit = DefaultActorsLimit
	case limit > MaxActorsLimit:
		limit = MaxActorsLimit
	}
	k := clean(actors.Key(prefix))
	rows, err := s.pool.Query(ctx, `
		SELECT a.name, a.key, a.affiliation, a.affiliation_key FROM actors a
		WHERE a.warnings > 0 AND ($1 = ''
			OR a.key LIKE $2 OR (' ' || a.key) LIKE $3
			OR a.id IN (SELECT actor_id FROM actor_aliases
				WHERE alias_key LIKE $2 OR (' ' || alias_key) LIKE $3))
		ORDER BY a.warnings DESC, a.name COLLATE "C"
		LIMIT $4`,
		k, escapeLike(k)+"%", "% "+escapeLike(k)+"%", limit)
	if err != nil {
		return nil, dbError(ctx, err, "listing actors")
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (briefing.Actor, error) {
		var a briefing.Actor
		err := r.Scan(&a.Name, &a.Key, &a.Affiliation, &a.AffiliationKey)
		return a, err
	})
	if err != nil {
		return nil, dbError(ctx, err, "listing actors")
	}
	return out, nil
}

// Profile returns the record of the actor that name stands for, with the
// SQLite store's semantics (see storage.Store.Profile). An unknown name is
// an ENOTFOUND error.
func (s *Store) Profile(ctx context.Context, name string, latest int) (briefing.Profile, error) {
	var p briefing.Profile
	k := clean(actors.Key(name))
	if k == "" {
		return p, briefing.Errorf(briefing.EINVALID, "give the name of a person, country or organisation to look up")
	}
	switch {
	case latest == 0:
		latest = DefaultProfileLatest
	case latest < 0:
		latest = 0
	}
	err := s.readTx(ctx, "looking up "+name, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			SELECT a.name, a.key, a.affiliation, a.affiliation_key FROM (
				SELECT id, 0 AS rank FROM actors WHERE key = $1
				UNION ALL
				SELECT actor_id, 1 FROM actor_aliases WHERE alias_key = $1
				UNION ALL
				SELECT id, 2 FROM actors WHERE (' ' || key || ' ') LIKE $2
			) c JOIN actors a ON a.id = c.id
			ORDER BY c.rank, a.warnings DESC, a.name COLLATE "C"
			LIMIT 1`,
			k, "% "+escapeLike(k)+" %").
			Scan(&p.Actor.Name, &p.Actor.Key, &p.Actor.Affiliation, &p.Actor.AffiliationKey)
		if errors.Is(err, pgx.ErrNoRows) {
			return briefing.Errorf(briefing.ENOTFOUND, "nobody called %q is in the history yet; check the spelling or brief an article that mentions them", name)
		}
		if err != nil {
			return err
		}
		key := p.Actor.Key

		if err := tx.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM warnings WHERE speaker_key = $1 OR speaker_affiliation_key = $1),
			(SELECT count(*) FROM warnings WHERE addressee_key = $1 OR addressee_affiliation_key = $1)`, key).
			Scan(&p.WarningsBy, &p.WarningsTo); err != nil {
			return err
		}

		rows, err := tx.Query(ctx, `
			SELECT coalesce(a.name, c.key), c.key, coalesce(a.affiliation, ''), coalesce(a.affiliation_key, ''),
				sum(c.warned), sum(c.warned_by)
			FROM (
				SELECT addressee_key AS key, 1 AS warned, 0 AS warned_by FROM warnings
				WHERE (speaker_key = $1 OR speaker_affiliation_key = $1) AND addressee_key NOT IN ('', $1)
				UNION ALL
				SELECT speaker_key, 0, 1 FROM warnings
				WHERE (addressee_key = $1 OR addressee_affiliation_key = $1) AND speaker_key NOT IN ('', $1)
			) c LEFT JOIN actors a ON a.key = c.key
			GROUP BY c.key, a.name, a.affiliation, a.affiliation_key
			ORDER BY sum(c.warned) + sum(c.warned_by) DESC, c.key COLLATE "C"
			LIMIT $2`, key, profileCounterparts)
		if err != nil {
			return err
		}
		p.Counterparts, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (briefing.Counterpart, error) {
			var c briefing.Counterpart
			err := r.Scan(&c.Actor.Name, &c.Actor.Key, &c.Actor.Affiliation, &c.Actor.AffiliationKey, &c.Warned, &c.WarnedBy)
			return c, err
		})
		if err != nil {
			return err
		}
		if latest == 0 {
			return nil
		}
		rows, err = tx.Query(ctx, `SELECT `+warningColumns+` FROM warnings w JOIN articles a ON a.id = w.article_id
			WHERE w.speaker_key = $1 OR w.speaker_affiliation_key = $1 OR w.addressee_key = $1 OR w.addressee_affiliation_key = $1
			ORDER BY w.id DESC
			LIMIT $2`, key, latest)
		if err != nil {
			return err
		}
		p.Latest, err = collectWarnings(rows)
		return err
	})
	if err != nil {
		return briefing.Profile{}, err
	}
	return p, nil
}

// ArticleByURL returns the stored article whose canonical URL, or else
// whose fetched URL, is rawURL.
func (s *Store) ArticleByURL(ctx context.Context, rawURL string) (briefing.Article, bool, error) {
	var a briefing.Article
	var published *time.Time
	var fetched time.Time
	u := clean(rawURL)
	err := s.pool.QueryRow(ctx, `
		SELECT id, url, canonical_url, title, byline, site, language, published, fetched, text, content_hash
		FROM articles WHERE canonical_url = $1 OR url = $1
		ORDER BY canonical_url = $1 DESC, saved DESC LIMIT 1`, u).
		Scan(&a.ID, &a.URL, &a.CanonicalURL, &a.Title, &a.Byline, &a.Site, &a.Language, &published, &fetched, &a.Text, &a.ContentHash)
	if errors.Is(err, pgx.ErrNoRows) {
		return briefing.Article{}, false, nil
	}
	if err != nil {
		return briefing.Article{}, false, dbError(ctx, err, "looking up the article "+rawURL)
	}
	a.Published = fromNullTS(published)
	a.Fetched = fromTS(fetched)
	return a, true, nil
}

// Stats counts what the history holds.
type Stats struct {
	Articles int
	Warnings int
	Actors   int
}

// Stats returns the number of stored articles, warnings and actors.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	err := s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM articles), (SELECT count(*) FROM warnings), (SELECT count(*) FROM actors)`).
		Scan(&st.Articles, &st.Warnings, &st.Actors)
	return st, dbError(ctx, err, "counting history")
}

var _ briefing.Store = (*Store)(nil)
