package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"redline/briefing"
	"redline/briefing/actors"
	"redline/storage"
	"redline/storage/internal/storecore"
)

// Names sort byte-wise, as SQLite's BINARY collation does, whatever the
// database's locale.

// Actors lists the known actors whose key or alias starts with prefix, or
// has a word starting with it, those in the most warnings first; an empty
// prefix lists all. Actors left without warnings are not listed.
func (s *Store) Actors(ctx context.Context, prefix string, limit int) ([]briefing.Actor, error) {
	limit = storecore.ActorsLimit(limit)
	k := clean(actors.Key(prefix))
	rows, err := s.pool.Query(ctx, `
		SELECT a.name, a.key, a.affiliation, a.affiliation_key FROM actors a
		WHERE a.warnings > 0 AND ($1 = ''
			OR a.key LIKE $2 OR (' ' || a.key) LIKE $3
			OR a.id IN (SELECT actor_id FROM actor_aliases
				WHERE alias_key LIKE $2 OR (' ' || alias_key) LIKE $3))
		ORDER BY a.warnings DESC, a.name COLLATE "C"
		LIMIT $4`,
		k, storecore.EscapeLike(k)+"%", "% "+storecore.EscapeLike(k)+"%", limit*4) // some may be no one to name: fetch more
	if err != nil {
		return nil, dbError(ctx, err, "listing actors")
	}
	found, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (briefing.Actor, error) {
		var a briefing.Actor
		err := r.Scan(&a.Name, &a.Key, &a.Affiliation, &a.AffiliationKey)
		return a, err
	})
	if err != nil {
		return nil, dbError(ctx, err, "listing actors")
	}
	var out []briefing.Actor
	for _, a := range found {
		if actors.IsNameable(a.Name) && len(out) < limit {
			out = append(out, a)
		}
	}
	return out, nil
}

// Profile returns the record of the actor that name stands for, with the
// SQLite store's semantics (see storage.Store.Profile). An unknown name is
// an ENOTFOUND error.
func (s *Store) Profile(ctx context.Context, name string, latest int) (briefing.Profile, error) {
	var p briefing.Profile
	k, err := storecore.NameKey(name)
	if err != nil {
		return p, err
	}
	k = clean(k)
	latest = storecore.ProfileLatest(latest)
	err = s.readTx(ctx, "looking up "+name, func(tx pgx.Tx) error {
		var err error
		if p.Actor, err = resolveActor(ctx, tx, name, k); err != nil {
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
			LIMIT $2`, key, storecore.ProfileCounterparts*3) // some may be no one to name: fetch more, keep ten
		if err != nil {
			return err
		}
		counterparts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (briefing.Counterpart, error) {
			var c briefing.Counterpart
			err := r.Scan(&c.Actor.Name, &c.Actor.Key, &c.Actor.Affiliation, &c.Actor.AffiliationKey, &c.Warned, &c.WarnedBy)
			return c, err
		})
		if err != nil {
			return err
		}
		for _, c := range counterparts {
			if actors.IsNameable(c.Actor.Name) && len(p.Counterparts) < storecore.ProfileCounterparts {
				p.Counterparts = append(p.Counterparts, c)
			}
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

// resolveActor finds the actor name (normalised to k) stands for: exact
// keys first, then aliases, then keys holding it as a run of words; within
// each, the actor in the most warnings; and only actors one can name (not
// "officials" or "Russia and Norway"), as the SQLite store does.
func resolveActor(ctx context.Context, tx pgx.Tx, name, k string) (briefing.Actor, error) {
	rows, err := tx.Query(ctx, `
		SELECT a.name, a.key, a.affiliation, a.affiliation_key FROM (
			SELECT id, 0 AS rank FROM actors WHERE key = $1
			UNION ALL
			SELECT actor_id, 1 FROM actor_aliases WHERE alias_key = $1
			UNION ALL
			SELECT id, 2 FROM actors WHERE (' ' || key || ' ') LIKE $2
		) c JOIN actors a ON a.id = c.id
		ORDER BY c.rank, a.warnings DESC, a.name COLLATE "C"
		LIMIT 20`,
		k, "% "+storecore.EscapeLike(k)+" %")
	if err != nil {
		return briefing.Actor{}, err
	}
	found, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (briefing.Actor, error) {
		var a briefing.Actor
		err := r.Scan(&a.Name, &a.Key, &a.Affiliation, &a.AffiliationKey)
		return a, err
	})
	if err != nil {
		return briefing.Actor{}, err
	}
	return storecore.PickActor(name, found)
}

// Activity returns the warnings an actor gave and received in [since,
// until) (with other set: only those between the two), oldest first, for
// a chart; as the SQLite store does.
func (s *Store) Activity(ctx context.Context, name, other string, since, until time.Time) (briefing.Activity, error) {
	act := briefing.Activity{Since: since, Until: until}
	k, ok, err := storecore.ActivityKeys(name, other)
	if err != nil {
		return act, err
	}
	k, ok = clean(k), clean(ok)
	err = s.readTx(ctx, "reading the record of "+name, func(tx pgx.Tx) error {
		var err error
		if act.Actor, err = resolveActor(ctx, tx, name, k); err != nil {
			return err
		}
		a := act.Actor.Key
		query := `SELECT article_time, kind, (speaker_key = $1 OR speaker_affiliation_key = $1) FROM warnings
			WHERE id >= $2 AND id < $3 AND (speaker_key = $1 OR speaker_affiliation_key = $1 OR addressee_key = $1 OR addressee_affiliation_key = $1)
			ORDER BY id`
		args := []any{a, storecore.HistoryKey(since), storecore.HistoryKey(until)}
		if other != "" {
			if act.Other, err = resolveActor(ctx, tx, other, ok); err != nil {
				return err
			}
			query = `SELECT article_time, kind, (speaker_key = $1 OR speaker_affiliation_key = $1) FROM warnings
				WHERE id >= $2 AND id < $3 AND (
					((speaker_key = $1 OR speaker_affiliation_key = $1) AND (addressee_key = $4 OR addressee_affiliation_key = $4)) OR
					((speaker_key = $4 OR speaker_affiliation_key = $4) AND (addressee_key = $1 OR addressee_affiliation_key = $1)))
				ORDER BY id`
			args = append(args, act.Other.Key)
		}
		rows, err := tx.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		var at time.Time
		var kind string
		var by bool
		_, err = pgx.ForEachRow(rows, []any{&at, &kind, &by}, func() error {
			act.Events = append(act.Events, briefing.ActivityEvent{At: fromTS(at), Kind: briefing.Kind(kind), By: by})
			return nil
		})
		return err
	})
	if err != nil {
		return briefing.Activity{Since: since, Until: until}, err
	}
	return act, nil
}

// Briefing reads back the stored briefing of an article: the article and
// its warnings in their order (ENOTFOUND when it is gone).
func (s *Store) Briefing(ctx context.Context, articleID int64) (*briefing.Briefing, error) {
	b := &briefing.Briefing{}
	err := s.readTx(ctx, "reading a stored briefing", func(tx pgx.Tx) error {
		a := &b.Article
		var published *time.Time
		var fetched time.Time
		err := tx.QueryRow(ctx, `
			SELECT id, url, canonical_url, title, byline, site, language, published, fetched, text, content_hash
			FROM articles WHERE id = $1`, articleID).
			Scan(&a.ID, &a.URL, &a.CanonicalURL, &a.Title, &a.Byline, &a.Site, &a.Language, &published, &fetched, &a.Text, &a.ContentHash)
		if errors.Is(err, pgx.ErrNoRows) {
			return briefing.Errorf(briefing.ENOTFOUND, "the article of this briefing is no longer in the history")
		}
		if err != nil {
			return err
		}
		a.Published = fromNullTS(published)
		a.Fetched = fromTS(fetched)
		rows, err := tx.Query(ctx, `SELECT `+warningColumns+` FROM warnings w JOIN articles a ON a.id = w.article_id
			WHERE w.article_id = $1 ORDER BY w.position`, articleID)
		if err != nil {
			return err
		}
		b.Warnings, err = collectWarnings(rows)
		return err
	})
	if err != nil {
		return nil, err
	}
	return b, nil
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

// Stats returns the number of stored articles, warnings and actors.
func (s *Store) Stats(ctx context.Context) (storage.Stats, error) {
	var st storage.Stats
	err := s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM articles), (SELECT count(*) FROM warnings), (SELECT count(*) FROM actors)`).
		Scan(&st.Articles, &st.Warnings, &st.Actors)
	return st, dbError(ctx, err, "counting history")
}

var _ briefing.Store = (*Store)(nil)
