// Package postgres keeps redline's history, feeds, digests and deliveries
// in PostgreSQL (github.com/jackc/pgx/v5, pure Go), for running redline as
// several processes, on several machines, against one database. It
// implements the same interfaces as the SQLite store in package storage
// (briefing.Store, briefing.ChannelRecorder, feeds.Store, digest.Store,
// delivery.Store) and passes the same conformance suite
// (storage/storetest), so that the two cannot drift.
//
// What the two engines do differently, and why it does not show:
//
//   - Full-text search is a tsvector column with a GIN index, queried with
//     websearch_to_tsquery('simple', …). The store hands PostgreSQL words
//     it has already split, lower-cased and stripped of diacritics, and
//     quotes each of the user's chunks as a phrase, so that the words
//     found, and the query syntax ignored, are those of SQLite's FTS5
//     unicode61 tokenizer.
//   - Warning ids are the same time-ordered ids; concurrent writers take a
//     transaction-scoped advisory lock on the millisecond whose ids they
//     hand out, and one on the article they save.
//   - Actors' warning counts are kept by the store in the save's own
//     transaction rather than by triggers.
//   - PostgreSQL text holds neither NUL nor broken UTF-8: such bytes are
//     stored as U+FFFD, where SQLite keeps them as given.
//   - Transactions that lose a deadlock or a serialization race are run
//     again, a few times, before the caller sees EUNAVAILABLE.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"redline/briefing"
	"redline/storage/internal/storecore"
)

// Store is redline's PostgreSQL store. It is safe for concurrent use, and
// any number of Stores, in any number of processes, may share a database.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
	name string // the database, for messages: host and name, never credentials

	migrations fs.FS
	stats      statsCache // the search column's statistics, for choosing history plans
}

// Option configures Open.
type Option func(*Store)

// WithNow sets the clock used for the times the store records itself.
func WithNow(now func() time.Time) Option {
	return func(s *Store) {
		if now != nil {
			s.now = now
		}
	}
}

// IsURL reports whether s names a PostgreSQL database (postgres:// or
// postgresql://) rather than a SQLite file.
func IsURL(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database at url (postgres://user:password@host/db?…;
// a Unix socket directory as host=/path) and upgrades its schema with every
// migration it has not seen yet. Pool settings such as pool_max_conns may
// be given in the URL. Error messages never repeat the URL's password.
func Open(ctx context.Context, url string, opts ...Option) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, briefing.Errorf(briefing.EINVALID,
			"database.url is not a usable PostgreSQL address; write it as postgres://user:password@host:5432/dbname")
	}
	s := &Store{now: time.Now, migrations: embeddedMigrations, name: describe(cfg.ConnConfig)}
	for _, opt := range opts {
		opt(s)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 10 * time.Second
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, openError(s.name, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, openError(s.name, err)
	}
	s.pool = pool
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// describe names the database for messages and logs: host and database,
// never user or password.
func describe(c *pgx.ConnConfig) string {
	host := c.Host
	if strings.HasPrefix(host, "/") {
		host = "socket " + host
	} else if c.Port != 0 {
		host = net.JoinHostPort(host, fmt.Sprint(c.Port))
	}
	return fmt.Sprintf("PostgreSQL database %q on %s", c.Database, host)
}

// Close closes the connection pool. The Store must not be used afterwards.
func (s *Store) Close() error {
	if s.pool != nil {
		s.pool.Close()
	}
	return nil
}

// String names the database (without credentials).
func (s *Store) String() string { return s.name }

// Ping reports whether the database answers, for readiness checks.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return dbError(ctx, err, "reaching the history database")
	}
	return nil
}

// maxAttempts bounds how often a transaction that lost a deadlock or a
// serialization race is run again.
const maxAttempts = 5

// inTx runs fn in a read-committed transaction and commits it when fn
// returns nil; a deadlock or serialization failure runs it again. what
// names the operation for the user-facing error.
func (s *Store) inTx(ctx context.Context, what string, fn func(tx pgx.Tx) error) error {
	var err error
	for attempt := 1; ; attempt++ {
		err = s.tryTx(ctx, pgx.TxOptions{}, fn)
		if err == nil || !retryable(err) || attempt == maxAttempts || ctx.Err() != nil {
			break
		}
		// Back off a little, more each time, so that the winners finish.
		select {
		case <-time.After(time.Duration(attempt*attempt) * 5 * time.Millisecond):
		case <-ctx.Done():
		}
	}
	return dbError(ctx, err, what)
}

func (s *Store) tryTx(ctx context.Context, opts pgx.TxOptions, fn func(tx pgx.Tx) error) error {
	tx, err := s.pool.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	return tx.Commit(ctx)
}

// readTx runs fn in a read-only repeatable-read transaction, so that the
// several queries of one answer see one snapshot.
func (s *Store) readTx(ctx context.Context, what string, fn func(tx pgx.Tx) error) error {
	err := s.tryTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
	return dbError(ctx, err, what)
}

// retryable reports whether err is a transaction's lost race that running
// it again may win.
func retryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "40001", "40P01": // serialization_failure, deadlock_detected
			return true
		}
	}
	return false
}

// dbError turns err into a *briefing.Error whose message says what failed
// and what to do (see storecore.DBError), naming PostgreSQL's own failures.
func dbError(ctx context.Context, err error, what string) error {
	return storecore.DBError(ctx, err, what, pgError)
}

// pgError explains the PostgreSQL failures a user can do something about;
// nil for others.
func pgError(err error, what string) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "40001" || pe.Code == "40P01" || pe.Code == "55P03":
			return briefing.WrapError(briefing.EUNAVAILABLE, err,
				"%s failed: the history database is busy with other redline processes; try again in a moment", what)
		case pe.Code == "53100":
			return briefing.WrapError(briefing.EINTERNAL, err, "%s failed: the disk holding the history database is full", what)
		case strings.HasPrefix(pe.Code, "53"), pe.Code == "57P03":
			return briefing.WrapError(briefing.EUNAVAILABLE, err,
				"%s failed: the history database is overloaded or starting up; try again in a moment", what)
		case pe.Code == "42501" || pe.Code == "25006":
			return briefing.WrapError(briefing.EINTERNAL, err,
				"%s failed: redline's database user may not write there; check its privileges, or that this is not a read replica", what)
		case strings.HasPrefix(pe.Code, "57P") || strings.HasPrefix(pe.Code, "08"):
			return briefing.WrapError(briefing.EUNAVAILABLE, err,
				"%s failed: the connection to the history database was lost; try again in a moment", what)
		}
	}
	if pgconn.SafeToRetry(err) || isNetError(err) {
		return briefing.WrapError(briefing.EUNAVAILABLE, err,
			"%s failed: the history database cannot be reached; try again in a moment", what)
	}
	return nil
}

func isNetError(err error) bool {
	var ne net.Error
	var ce *pgconn.ConnectError
	return errors.As(err, &ne) || errors.As(err, &ce)
}

// openError explains a failure to connect to the database.
func openError(name string, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "28"):
			return briefing.WrapError(briefing.EINVALID, err,
				"cannot log in to the %s: check the user and password in database.url", name)
		case pe.Code == "3D000":
			return briefing.WrapError(briefing.EINVALID, err,
				"the %s does not exist: create it (createdb) or fix the name in database.url", name)
		}
	}
	if isNetError(err) {
		return briefing.WrapError(briefing.EUNAVAILABLE, err,
			"cannot reach the %s: check that the server runs and that database.url names it", name)
	}
	return dbError(context.Background(), err, "opening the "+name)
}
