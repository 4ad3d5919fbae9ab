package storage

import (
	"context"
	"database/sql"
	"time"

	"redline/briefing"
	"redline/briefing/actors"
	"redline/storage/internal/storecore"
)

// Sizes of the actor answers.
const (
	DefaultActorsLimit   = storecore.DefaultActorsLimit
	MaxActorsLimit       = storecore.MaxActorsLimit
	DefaultProfileLatest = storecore.DefaultProfileLatest
)

// Actors lists the known actors whose key or alias starts with prefix, or
// has a word starting with it ("kor" finds "south korea"), those in the most
// warnings first; an empty prefix lists all. Actors left without warnings
// (their article was re-extracted without them) are not listed, nor are
// names a person would not look up: compounds ("Russia and Norway") and
// generic speakers ("A Commission spokeswoman"; see actors.IsNameable). For
// autocomplete.
func (s *Store) Actors(ctx context.Context, prefix string, limit int) ([]briefing.Actor, error) {
	limit = storecore.ActorsLimit(limit)
	k := actors.Key(prefix)
	var out []briefing.Actor
	err := s.readTx(ctx, "listing actors", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `
			SELECT a.name, a.key, a.affiliation, a.affiliation_key FROM actors a
			WHERE a.warnings > 0 AND (?1 = ''
				OR a.key LIKE ?2 ESCAPE '\' OR (' ' || a.key) LIKE ?3 ESCAPE '\'
				OR a.id IN (SELECT actor_id FROM actor_aliases
					WHERE alias_key LIKE ?2 ESCAPE '\' OR (' ' || alias_key) LIKE ?3 ESCAPE '\'))
			ORDER BY a.warnings DESC, a.name
			LIMIT ?4`,
			k, storecore.EscapeLike(k)+"%", "% "+storecore.EscapeLike(k)+"%", limit*4)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a briefing.Actor
			if err := rows.Scan(&a.Name, &a.Key, &a.Affiliation, &a.AffiliationKey); err != nil {
				return err
			}
			if actors.IsNameable(a.Name) && len(out) < limit {
				out = append(out, a)
			}
		}
		return rows.Err()
	})
	return out, err
}

// Profile returns the record of the actor that name (a name, alias or key,
// or a word of one: "putin") stands for: how many warnings it gave and
// received (counting those of the people it is the affiliation of), its
// most frequent counterparts, and its latest warnings, at most latest of
// them (DefaultProfileLatest when latest is 0, none when negative). An
// unknown name is an ENOTFOUND error.
func (s *Store) Profile(ctx context.Context, name string, latest int) (briefing.Profile, error) {
	var p briefing.Profile
	k, err := storecore.NameKey(name)
	if err != nil {
		return p, err
	}
	latest = storecore.ProfileLatest(latest)
	err = s.readTx(ctx, "looking up "+name, func(tx *sql.Tx) error {
		var err error
		if p.Actor, err = resolveActor(ctx, tx, name, k); err != nil {
			return err
		}
		key := p.Actor.Key

		// The counts and counterparts are kept as warnings are saved
		// (migrations/0010): reading them costs the same for the busiest
		// actor as for one seen once.
		if err := tx.QueryRowContext(ctx, `SELECT gave, received FROM actors WHERE key = ?`, key).
			Scan(&p.WarningsBy, &p.WarningsTo); err != nil {
			return err
		}

		// The top counterparts by total are among the entries of the
		// buckets (floor(log2(total))) down to that of the tenth entry in
		// bucket order: every entry of a lower bucket has a smaller total
		// than ten others.
		rows, err := tx.QueryContext(ctx, `
			SELECT coalesce(a.name, c.counterpart_key), c.counterpart_key, coalesce(a.affiliation, ''), coalesce(a.affiliation_key, ''),
				c.warned, c.warned_by
			FROM actor_pairs c LEFT JOIN actors a ON a.key = c.counterpart_key
			WHERE c.actor_key = ?1 AND c.bucket >= coalesce(
				(SELECT bucket FROM actor_pairs WHERE actor_key = ?1 ORDER BY bucket DESC LIMIT 1 OFFSET ?2 - 1), 0)
			ORDER BY c.total DESC, c.counterpart_key
			LIMIT ?2`, key, storecore.ProfileCounterparts*3) // some may be no one to name: fetch more, keep ten
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c briefing.Counterpart
			if err := rows.Scan(&c.Actor.Name, &c.Actor.Key, &c.Actor.Affiliation, &c.Actor.AffiliationKey, &c.Warned, &c.WarnedBy); err != nil {
				return err
			}
			if actors.IsNameable(c.Actor.Name) && len(p.Counterparts) < storecore.ProfileCounterparts {
				p.Counterparts = append(p.Counterparts, c)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if latest == 0 {
			return nil
		}

		// The newest of each key index, merged: latest rows from each at most.
		latestRows, err := tx.QueryContext(ctx, `SELECT `+warningColumns+` FROM warnings w JOIN articles a ON a.id = w.article_id
			WHERE w.id IN (SELECT id FROM (
				SELECT id FROM (SELECT id FROM warnings WHERE speaker_key = ?1 ORDER BY id DESC LIMIT ?2) UNION
				SELECT id FROM (SELECT id FROM warnings WHERE speaker_affiliation_key = ?1 ORDER BY id DESC LIMIT ?2) UNION
				SELECT id FROM (SELECT id FROM warnings WHERE addressee_key = ?1 ORDER BY id DESC LIMIT ?2) UNION
				SELECT id FROM (SELECT id FROM warnings WHERE addressee_affiliation_key = ?1 ORDER BY id DESC LIMIT ?2))
				ORDER BY id DESC LIMIT ?2)
			ORDER BY w.id DESC`, key, latest)
		if err != nil {
			return err
		}
		defer latestRows.Close()
		for latestRows.Next() {
			w, _, err := scanWarning(latestRows)
			if err != nil {
				return err
			}
			p.Latest = append(p.Latest, w)
		}
		return latestRows.Err()
	})
	if err != nil {
		return briefing.Profile{}, err
	}
	return p, nil
}

// resolveActor finds the actor that name (normalised to key k) stands for:
// exact keys first, then aliases, then keys containing its words; within
// each, the actor in the most warnings. Names a person would not look up
// (actors.IsNameable) are passed over.
func resolveActor(ctx context.Context, tx *sql.Tx, name, k string) (briefing.Actor, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT a.name, a.key, a.affiliation, a.affiliation_key FROM (
			SELECT id, 0 AS rank FROM actors WHERE key = ?1
			UNION ALL
			SELECT actor_id, 1 FROM actor_aliases WHERE alias_key = ?1
			UNION ALL
			SELECT a.id, 2 FROM actors a WHERE `+wordRunMatch+`
		) c JOIN actors a ON a.id = c.id
		ORDER BY c.rank, a.warnings DESC, a.name
		LIMIT 20`,
		wordRunArgs(k)...)
	if err != nil {
		return briefing.Actor{}, err
	}
	defer rows.Close()
	var found []briefing.Actor
	for rows.Next() {
		var a briefing.Actor
		if err := rows.Scan(&a.Name, &a.Key, &a.Affiliation, &a.AffiliationKey); err != nil {
			return a, err
		}
		found = append(found, a)
	}
	if err := rows.Err(); err != nil {
		return briefing.Actor{}, err
	}
	return storecore.PickActor(name, found)
}

// Activity returns the warnings by and to the actor that name stands for,
// of articles from [since, until), oldest first, for a chart. With other
// set, only the warnings between the two, either way (By: name → other).
// An unknown name is an ENOTFOUND error.
func (s *Store) Activity(ctx context.Context, name, other string, since, until time.Time) (briefing.Activity, error) {
	act := briefing.Activity{Since: since, Until: until}
	k, ok, err := storecore.ActivityKeys(name, other)
	if err != nil {
		return act, err
	}
	err = s.readTx(ctx, "reading the record of "+name, func(tx *sql.Tx) error {
		var err error
		if act.Actor, err = resolveActor(ctx, tx, name, k); err != nil {
			return err
		}
		a := act.Actor.Key
		query := `SELECT article_time, kind, (speaker_key = ?1 OR speaker_affiliation_key = ?1) FROM warnings
			WHERE id >= ?2 AND id < ?3 AND (speaker_key = ?1 OR speaker_affiliation_key = ?1 OR addressee_key = ?1 OR addressee_affiliation_key = ?1)
			ORDER BY id`
		args := []any{a, storecore.HistoryKey(since), storecore.HistoryKey(until)}
		if other != "" {
			if act.Other, err = resolveActor(ctx, tx, other, ok); err != nil {
				return err
			}
			query = `SELECT article_time, kind, (speaker_key = ?1 OR speaker_affiliation_key = ?1) FROM warnings
				WHERE id >= ?2 AND id < ?3 AND (
					((speaker_key = ?1 OR speaker_affiliation_key = ?1) AND (addressee_key = ?4 OR addressee_affiliation_key = ?4)) OR
					((speaker_key = ?4 OR speaker_affiliation_key = ?4) AND (addressee_key = ?1 OR addressee_affiliation_key = ?1)))
				ORDER BY id`
			args = append(args, act.Other.Key)
		}
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var at int64
			var kind string
			var by bool
			if err := rows.Scan(&at, &kind, &by); err != nil {
				return err
			}
			act.Events = append(act.Events, briefing.ActivityEvent{At: fromMillis(at), Kind: briefing.Kind(kind), By: by})
		}
		return rows.Err()
	})
	if err != nil {
		return briefing.Activity{Since: since, Until: until}, err
	}
	return act, nil
}
