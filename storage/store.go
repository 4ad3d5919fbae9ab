// Package storage keeps redline's history in SQLite (modernc.org/sqlite, pure
// Go): opening the database, its embedded migrations, and the queries behind
// the briefing.Store interface, with FTS5 full-text search over warnings.
//
// A Store holds two connection pools on one database file: a single writer
// connection whose transactions start with BEGIN IMMEDIATE, so writers queue
// for the lock instead of failing with SQLITE_BUSY when a read transaction
// would have to be upgraded, and a pool of read-only connections that WAL
// mode lets run alongside the writer.
//
// History stays as fast at a million warnings as at ten: every history and
// profile query walks ids (history order) newest first and stops after its
// page, choosing its plan by the counts kept per actor, per actor and day
// and per pair of actors as warnings are saved (see planHistory and
// migrations 0010 and 0011). Article text is kept as zstd (compress.go).
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"redline/briefing"
	"redline/storage/internal/storecore"
)

// Store is redline's SQLite history. It is safe for concurrent use.
type Store struct {
	path   string
	writer *sql.DB // one connection; every write goes through inTx
	reader *sql.DB // read-only connections for queries
	now    func() time.Time

	migrations fs.FS // the migrations to apply; the embedded ones unless a test replaces them
}

// Option configures Open.
type Option func(*Store)

// WithNow sets the clock used for the times the store records itself
// (an article's fetch time when the caller left it zero, save times).
func WithNow(now func() time.Time) Option {
	return func(s *Store) {
		if now != nil {
			s.now = now
		}
	}
}

// The writer's page cache (KiB) and how many WAL pages it lets gather
// before copying them into the database.
const (
	writerCacheKiB        = 32 << 10
	writerCheckpointPages = 8000
)

// busyTimeout is how long a connection waits for a lock held by another
// connection (another process, or a checkpoint) before giving up.
const busyTimeout = 10 * time.Second

// Open opens (creating it if needed) the history database at path and
// upgrades it by applying every migration it has not seen yet. In-memory
// databases are not supported: the writer and the readers must share a file.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	// The driver reads everything after a "?" as its options.
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") || strings.Contains(path, "?") {
		return nil, briefing.Errorf(briefing.EINVALID,
			"database path %q is not usable: give a plain file path such as redline.db (no \"?\", no file: URI, not :memory:)", path)
	}
	s := &Store{path: path, now: time.Now, migrations: embeddedMigrations}
	for _, opt := range opts {
		opt(s)
	}

	common := url.Values{}
	common.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	common.Add("_pragma", "foreign_keys(1)")
	common.Add("_pragma", "synchronous(NORMAL)") // safe with WAL: a power loss may lose the last commits, never corrupt

	w := cloneValues(common)
	w.Add("_pragma", "journal_mode(WAL)")
	// Saving stays as fast at a million warnings as at a thousand (issue 15):
	// a save's statements write to B-trees that no longer fit in a small
	// cache, and each multi-row statement keeps a statement journal of the
	// pages it changes, which SQLite spills to a new temporary file once it
	// passes 64 KiB, as it does on a large history: kept in memory, it
	// costs no file. The WAL is copied back into the database (and synced)
	// every writerCheckpointPages rather than every 1000 pages, so a page
	// written by many saves is copied and synced once.
	w.Add("_pragma", "temp_store(MEMORY)")
	w.Add("_pragma", fmt.Sprintf("cache_size(%d)", -writerCacheKiB))
	w.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", writerCheckpointPages))
	w.Set("_txlock", "immediate")
	writer, err := sql.Open("sqlite", path+"?"+w.Encode())
	if err != nil {
		return nil, openError(path, err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxIdleTime(0)
	writer.SetConnMaxLifetime(0)
	// The first connection switches the file to WAL before any reader opens it.
	if err := writer.PingContext(ctx); err != nil {
		writer.Close()
		return nil, openError(path, err)
	}
	s.writer = writer
	if err := s.migrate(ctx); err != nil {
		writer.Close()
		return nil, err
	}

	r := cloneValues(common)
	r.Add("_pragma", "query_only(1)")
	reader, err := sql.Open("sqlite", path+"?"+r.Encode())
	if err != nil {
		writer.Close()
		return nil, openError(path, err)
	}
	readers := max(4, runtime.GOMAXPROCS(0))
	reader.SetMaxOpenConns(readers)
	reader.SetMaxIdleConns(readers)
	if err := reader.PingContext(ctx); err != nil {
		reader.Close()
		writer.Close()
		return nil, openError(path, err)
	}
	s.reader = reader
	return s, nil
}

func cloneValues(v url.Values) url.Values {
	c := url.Values{}
	for k, vs := range v {
		c[k] = append([]string(nil), vs...)
	}
	return c
}

// Close closes the database. The Store must not be used afterwards.
func (s *Store) Close() error {
	var errs []error
	if s.reader != nil {
		errs = append(errs, s.reader.Close())
	}
	if s.writer != nil {
		// The last connection to close checkpoints the WAL into the file.
		errs = append(errs, s.writer.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return briefing.WrapError(briefing.EINTERNAL, err, "closing the history database %s failed", s.path)
	}
	return nil
}

// Path returns the file the store was opened on.
func (s *Store) Path() string { return s.path }

// inTx runs fn in a write transaction (BEGIN IMMEDIATE on the single writer
// connection) and commits it when fn returns nil. what names the operation
// for the user-facing error ("saving the briefing of https://…").
func (s *Store) inTx(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	if s.writer == nil {
		return briefing.Errorf(briefing.EINVALID,
			"%s failed: the history database %s was opened read-only, for a command that only reads", what, s.path)
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return dbError(ctx, err, what)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return dbError(ctx, err, what)
	}
	if err := tx.Commit(); err != nil {
		return dbError(ctx, err, what)
	}
	return nil
}

// readTx runs fn in a read transaction on the reader pool, so that the
// several queries of one answer see one snapshot.
func (s *Store) readTx(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	tx, err := s.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return dbError(ctx, err, what)
	}
	defer tx.Rollback() //nolint:errcheck // read-only: nothing to keep
	if err := fn(tx); err != nil {
		return dbError(ctx, err, what)
	}
	return nil
}

// dbError turns err into a *briefing.Error whose message says what failed
// and what to do (see storecore.DBError), naming SQLite's own failures.
func dbError(ctx context.Context, err error, what string) error {
	return storecore.DBError(ctx, err, what, sqliteError)
}

// sqliteError explains the SQLite failures a user can do something about;
// nil for others.
func sqliteError(err error, what string) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return nil
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return briefing.WrapError(briefing.EUNAVAILABLE, err,
			"%s failed: the history database is busy (another redline process?); try again in a moment", what)
	case sqlite3.SQLITE_FULL:
		return briefing.WrapError(briefing.EINTERNAL, err, "%s failed: the disk holding the history database is full", what)
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		return briefing.WrapError(briefing.EINTERNAL, err,
			"%s failed: the history database cannot be written; check the file's permissions", what)
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return briefing.WrapError(briefing.EINTERNAL, err,
			"%s failed: the history database file is damaged; restore it from a backup or start a new one", what)
	case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
		return briefing.WrapError(briefing.EINTERNAL, err,
			"%s failed: the history database file could not be read or written; check the disk and the path", what)
	}
	return nil
}

// openError explains a failure to open the file at path.
func openError(path string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_AUTH:
			return briefing.WrapError(briefing.EINVALID, err,
				"cannot open the history database %s: check that its directory exists and is writable, or set another database path", path)
		case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
			return briefing.WrapError(briefing.EINVALID, err,
				"%s is not a usable SQLite database: point the database path at a redline database or a new file", path)
		}
	}
	return dbError(context.Background(), err, "opening the history database "+path)
}
