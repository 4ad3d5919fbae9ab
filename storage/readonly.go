package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"

	"redline/briefing"
	"redline/storage/internal/storecore"
)

// ErrNeedsUpgrade is the cause of the error OpenReadOnly returns for a
// database that an older redline made: it must be opened with Open (which
// upgrades it, and so needs to write) before it can be read.
var ErrNeedsUpgrade = errors.New("the history database needs upgrading")

// OpenReadOnly opens the history database at path for reading only, for
// the commands that only read (history, who, digest): it writes nothing,
// creates nothing (not even the WAL's shared-memory file when it cannot)
// and runs no migration, so it works on read-only media, a read-only
// mount, or a file the user may read but not write. Writing through the
// Store fails with EINVALID.
//
// It fails with ENOTFOUND when there is no file at path, and with an
// error wrapping ErrNeedsUpgrade when the database lacks a migration of
// this redline (open it with Open first).
//
// When SQLite cannot set up shared memory for the write-ahead log beside
// the file (read-only media, no writer running), the file is read as
// immutable: SQLite then trusts that nothing changes it meanwhile, which
// holds on read-only media.
func OpenReadOnly(ctx context.Context, path string, opts ...Option) (*Store, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") || strings.Contains(path, "?") {
		return nil, briefing.Errorf(briefing.EINVALID,
			"database path %q is not usable: give a plain file path such as redline.db (no \"?\", no file: URI, not :memory:)", path)
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, briefing.WrapError(briefing.ENOTFOUND, err,
			"there is no history yet: %s does not exist; brief an article first (redline brief URL) or set database.path to the history file", path)
	}
	s := &Store{path: path, now: time.Now, migrations: embeddedMigrations}
	for _, opt := range opts {
		opt(s)
	}
	var errs []error
	for _, mode := range []string{"ro", "ro&immutable=1"} {
		reader, err := openReader(ctx, path, mode)
		if err == nil {
			s.reader = reader
			break
		}
		errs = append(errs, err)
	}
	if s.reader == nil {
		return nil, openError(path, errors.Join(errs...))
	}
	if err := s.checkCurrent(ctx); err != nil {
		s.reader.Close()
		return nil, err
	}
	return s, nil
}

// openReader opens the pool of read-only connections with the URI query
// mode ("ro", "ro&immutable=1") and checks that it can read.
func openReader(ctx context.Context, path, mode string) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "query_only(1)")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=" + mode + "&" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	n := max(4, runtime.GOMAXPROCS(0))
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	// Reading the schema is what needs the WAL's shared memory.
	var tables int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&tables); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// checkCurrent makes sure the database has exactly the migrations this
// redline knows: an older one must be upgraded first, a newer one is
// refused as Open refuses it.
func (s *Store) checkCurrent(ctx context.Context) error {
	known, err := storecore.MigrationNames(s.migrations, migrationsDir)
	if err != nil {
		return briefing.WrapError(briefing.EINTERNAL, err, "reading the history database's version failed: its migrations cannot be read")
	}
	applied := map[string]bool{}
	err = s.readTx(ctx, "reading the history database's version", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name FROM schema_migrations`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				return err
			}
			applied[name] = true
		}
		return rows.Err()
	})
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return briefing.WrapError(briefing.EINVALID, err, "%s is not a redline history database: point database.path at one", s.path)
		}
		return err
	}
	isKnown := map[string]bool{}
	for _, n := range known {
		isKnown[n] = true
		if !applied[n] {
			return briefing.WrapError(briefing.EINVALID, ErrNeedsUpgrade,
				"the history database %s was made by an older redline and must be upgraded (migration %s), which needs write access; run redline once with write access to it", s.path, n)
		}
	}
	for n := range applied {
		if !isKnown[n] {
			return briefing.Errorf(briefing.EINVALID,
				"the history database %s was upgraded by a newer redline (migration %s); run that version or use another database path", s.path, n)
		}
	}
	return nil
}
