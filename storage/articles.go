package storage

import (
	"context"
	"database/sql"
	"errors"

	"redline/briefing"
)

// ArticleByURL returns the stored article whose canonical URL, or else whose
// fetched URL, is rawURL, so that a caller can skip fetching it again.
func (s *Store) ArticleByURL(ctx context.Context, rawURL string) (briefing.Article, bool, error) {
	var a briefing.Article
	found := false
	err := s.readTx(ctx, "looking up the article "+rawURL, func(tx *sql.Tx) error {
		var published sql.NullInt64
		var fetched int64
		var compressed []byte
		err := tx.QueryRowContext(ctx, `
			SELECT id, url, canonical_url, title, byline, site, language, published, fetched, text, text_zstd, content_hash
			FROM articles WHERE canonical_url = ?1 OR url = ?1
			ORDER BY canonical_url = ?1 DESC, saved DESC LIMIT 1`, rawURL).
			Scan(&a.ID, &a.URL, &a.CanonicalURL, &a.Title, &a.Byline, &a.Site, &a.Language, &published, &fetched, &a.Text, &compressed, &a.ContentHash)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if a.Text, err = articleText(a.Text, compressed); err != nil {
			return err
		}
		a.Published = fromNullMillis(published)
		a.Fetched = fromMillis(fetched)
		found = true
		return nil
	})
	if err != nil || !found {
		return briefing.Article{}, false, err
	}
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
	err := s.readTx(ctx, "counting history", func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM articles), (SELECT count(*) FROM warnings), (SELECT count(*) FROM actors)`).
			Scan(&st.Articles, &st.Warnings, &st.Actors)
	})
	return st, err
}

var _ briefing.Store = (*Store)(nil)

// Briefing returns the stored briefing of the article with id: the article
// and its warnings in their order (ENOTFOUND when there is no such article).
func (s *Store) Briefing(ctx context.Context, articleID int64) (*briefing.Briefing, error) {
	b := &briefing.Briefing{}
	err := s.readTx(ctx, "reading a stored briefing", func(tx *sql.Tx) error {
		var published sql.NullInt64
		var fetched int64
		var compressed []byte
		a := &b.Article
		err := tx.QueryRowContext(ctx, `
			SELECT id, url, canonical_url, title, byline, site, language, published, fetched, text, text_zstd, content_hash
			FROM articles WHERE id = ?`, articleID).
			Scan(&a.ID, &a.URL, &a.CanonicalURL, &a.Title, &a.Byline, &a.Site, &a.Language, &published, &fetched, &a.Text, &compressed, &a.ContentHash)
		if errors.Is(err, sql.ErrNoRows) {
			return briefing.Errorf(briefing.ENOTFOUND, "the article of this briefing is no longer in the history")
		}
		if err != nil {
			return err
		}
		if a.Text, err = articleText(a.Text, compressed); err != nil {
			return err
		}
		a.Published = fromNullMillis(published)
		a.Fetched = fromMillis(fetched)
		b.Warnings, err = queryAll(ctx, tx, scanWarningOnly, `SELECT `+warningColumns+` FROM warnings w JOIN articles a ON a.id = w.article_id
			WHERE w.article_id = ? ORDER BY w.position`, articleID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}
