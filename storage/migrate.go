package storage

import (
	"context"
	"database/sql"
	"embed"
	"io/fs"
	"path"
	"slices"

	"redline/briefing"
	"redline/storage/internal/storecore"
)

// embeddedMigrations are the SQL files that build the schema. Each runs
// once, in name order, inside its own transaction; its name is then recorded
// in schema_migrations. Never edit a released migration: add a new file
// (0003_….sql) instead, so that old databases upgrade.
//
//go:embed migrations/*.sql
var embeddedMigrations embed.FS

const migrationsDir = "migrations"

// migrate applies the migrations the database has not recorded yet. Each
// runs in a BEGIN IMMEDIATE transaction that first re-reads
// schema_migrations, so two processes opening the same new file at once
// apply each migration exactly once.
func (s *Store) migrate(ctx context.Context) error {
	const what = "upgrading the history database"
	names, err := storecore.MigrationNames(s.migrations, migrationsDir)
	if err != nil {
		return briefing.WrapError(briefing.EINTERNAL, err, "%s failed: its migrations cannot be read", what)
	}
	if _, err := s.writer.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name    TEXT PRIMARY KEY,
		applied INTEGER NOT NULL -- unix milliseconds, UTC
	)`); err != nil {
		return dbError(ctx, err, what)
	}
	if err := s.checkNotNewer(ctx, names); err != nil {
		return err
	}
	for _, name := range names {
		body, err := fs.ReadFile(s.migrations, path.Join(migrationsDir, name))
		if err != nil {
			return briefing.WrapError(briefing.EINTERNAL, err, "%s failed: migration %s cannot be read", what, name)
		}
		err = s.inTx(ctx, what+" with "+name, func(tx *sql.Tx) error {
			var done int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, name).Scan(&done); err != nil {
				return err
			}
			if done > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied) VALUES (?, ?)`,
				name, s.now().UTC().UnixMilli())
			return err
		})
		if err != nil {
			return err
		}
	}
	// Article text saved before migration 0012 is compressed now.
	if slices.Contains(names, textMigration) {
		return s.compressOldTexts(ctx)
	}
	return nil
}

// checkNotNewer refuses a database that a newer redline has migrated
// further than this one knows: running old queries on a newer schema could
// corrupt what the newer version relies on.
func (s *Store) checkNotNewer(ctx context.Context, known []string) error {
	rows, err := s.writer.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return dbError(ctx, err, "reading the history database's version")
	}
	defer rows.Close()
	var applied []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return dbError(ctx, err, "reading the history database's version")
		}
		applied = append(applied, name)
	}
	if err := rows.Err(); err != nil {
		return dbError(ctx, err, "reading the history database's version")
	}
	if name := storecore.Unknown(known, applied); name != "" {
		return briefing.Errorf(briefing.EINVALID,
			"the history database %s was upgraded by a newer redline (migration %s); run that version or use another database path",
			s.path, name)
	}
	return nil
}

// AppliedMigrations returns the names of the migrations recorded in the
// database, in the order of their names.
func (s *Store) AppliedMigrations(ctx context.Context) ([]string, error) {
	var names []string
	err := s.readTx(ctx, "reading the history database's version", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return err
			}
			names = append(names, n)
		}
		return rows.Err()
	})
	return names, err
}
