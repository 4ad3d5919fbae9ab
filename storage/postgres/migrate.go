package postgres

import (
	"context"
	"embed"
	"io/fs"
	"path"

	"github.com/jackc/pgx/v5"

	"redline/briefing"
	"redline/storage/internal/storecore"
)

// embeddedMigrations are the SQL files that build the PostgreSQL schema,
// numbered on their own (they need not follow the SQLite store's). Each
// runs once, in name order, inside its own transaction; its name is then
// recorded in schema_migrations. Never edit a released migration: add a
// new file instead, so that old databases upgrade.
//
//go:embed migrations/*.sql
var embeddedMigrations embed.FS

const migrationsDir = "migrations"

// migrate applies the migrations the database has not recorded yet. The
// processes that start at once against a new database queue on a
// session-level advisory lock (one per schema), so each migration runs
// exactly once.
func (s *Store) migrate(ctx context.Context) error {
	const what = "upgrading the history database"
	names, err := storecore.MigrationNames(s.migrations, migrationsDir)
	if err != nil {
		return briefing.WrapError(briefing.EINTERNAL, err, "%s failed: its migrations cannot be read", what)
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return dbError(ctx, err, what)
	}
	defer conn.Release()
	const lockKey = `hashtextextended('redline.migrate.' || current_schema(), 0)`
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(`+lockKey+`)`); err != nil {
		return dbError(ctx, err, what)
	}
	defer func() {
		_, _ = conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(`+lockKey+`)`)
	}()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name    text        PRIMARY KEY,
		applied timestamptz NOT NULL
	)`); err != nil {
		return dbError(ctx, err, what)
	}
	applied, err := appliedMigrations(ctx, conn.Conn())
	if err != nil {
		return dbError(ctx, err, what)
	}
	if n := storecore.Unknown(names, applied); n != "" {
		return briefing.Errorf(briefing.EINVALID,
			"the %s was upgraded by a newer redline (migration %s); run that version or use another database", s.name, n)
	}
	done := make(map[string]bool, len(applied))
	for _, n := range applied {
		done[n] = true
	}
	for _, name := range names {
		if done[name] {
			continue
		}
		body, err := fs.ReadFile(s.migrations, path.Join(migrationsDir, name))
		if err != nil {
			return briefing.WrapError(briefing.EINTERNAL, err, "%s failed: migration %s cannot be read", what, name)
		}
		err = pgx.BeginFunc(ctx, conn.Conn(), func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (name, applied) VALUES ($1, $2)`, name, ts(s.now()))
			return err
		})
		if err != nil {
			return dbError(ctx, err, what+" with "+name)
		}
	}
	return nil
}

func appliedMigrations(ctx context.Context, q interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// AppliedMigrations returns the names of the migrations recorded in the
// database, in the order of their names.
func (s *Store) AppliedMigrations(ctx context.Context) ([]string, error) {
	names, err := appliedMigrations(ctx, s.pool)
	return names, dbError(ctx, err, "reading the history database's version")
}
