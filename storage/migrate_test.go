package storage

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"redline/briefing"
	"redline/storage/internal/fixture"
	"redline/storage/internal/storecore"
)

// withMigrations replaces the embedded migrations, to build databases at an
// older or newer schema level.
func withMigrations(fsys fs.FS) Option {
	return func(s *Store) { s.migrations = fsys }
}

// migrationSubset returns the embedded migrations whose names are in keep,
// plus extra files.
func migrationSubset(t *testing.T, keep []string, extra map[string]string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	for _, name := range keep {
		body, err := fs.ReadFile(embeddedMigrations, "migrations/"+name)
		if err != nil {
			t.Fatal(err)
		}
		m["migrations/"+name] = &fstest.MapFile{Data: body}
	}
	for name, body := range extra {
		m["migrations/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	return m
}

// schema returns the database's schema text, to compare two states.
func schema(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.reader.Query(`SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_schema ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		out = append(out, line)
	}
	return out
}

func embeddedNames(t *testing.T) []string {
	t.Helper()
	names, err := storecore.MigrationNames(embeddedMigrations, migrationsDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 || names[0] != "0001_history.sql" {
		t.Fatalf("embedded migrations = %v, want 0001_history.sql first", names)
	}
	return names
}

func TestOpenTwiceChangesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	clock := func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }

	s1, err := Open(ctx, path, WithNow(clock))
	if err != nil {
		t.Fatal(err)
	}
	applied1, err := s1.AppliedMigrations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	schema1 := schema(t, s1)
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(applied1, embeddedNames(t)) {
		t.Fatalf("applied %v, want %v", applied1, embeddedNames(t))
	}

	later := func() time.Time { return clock().Add(time.Hour) }
	s2 := openStore(t, path, WithNow(later))
	applied2, err := s2.AppliedMigrations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(applied1, applied2) {
		t.Errorf("second open applied %v, first %v", applied2, applied1)
	}
	if got := schema(t, s2); !slices.Equal(got, schema1) {
		t.Errorf("schema changed on second open:\n%v\nvs\n%v", got, schema1)
	}
	// The record keeps the first application time: nothing was re-applied.
	var stamp int64
	if err := s2.reader.QueryRow(`SELECT applied FROM schema_migrations WHERE name = '0001_history.sql'`).Scan(&stamp); err != nil {
		t.Fatal(err)
	}
	if stamp != clock().UnixMilli() {
		t.Errorf("0001 applied at %d, want the first open's %d", stamp, clock().UnixMilli())
	}
}

// oldDatabase writes, at path, a database at the schema of the given
// migrations holding what the current store saves of the briefings: they
// are saved in a current store first and their rows copied, with the
// article text plain, as the older schema kept it.
func oldDatabase(t *testing.T, path string, migrations []string, bs ...*briefing.Briefing) {
	t.Helper()
	ctx := context.Background()
	current := openStore(t, filepath.Join(t.TempDir(), "current.db"))
	for _, b := range bs {
		fixture.MustSave(t, current, b)
	}
	old, err := Open(ctx, path, withMigrations(migrationSubset(t, migrations, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	conn, err := old.writer.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{
		`ATTACH DATABASE '` + current.Path() + `' AS cur`,
		`INSERT INTO articles (id, canonical_url, url, title, site, byline, language, published, fetched, content_hash, text, fingerprint, saved)
			SELECT id, canonical_url, url, title, site, byline, language, published, fetched, content_hash, text, fingerprint, saved FROM cur.articles`,
		`INSERT INTO actors (id, key, name, kind, affiliation, affiliation_key, first_seen, last_seen)
			SELECT id, key, name, kind, affiliation, affiliation_key, first_seen, last_seen FROM cur.actors`,
		`INSERT INTO actor_aliases SELECT * FROM cur.actor_aliases`,
		`INSERT INTO warnings SELECT * FROM cur.warnings`,
		`DETACH DATABASE cur`,
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, b := range bs {
		if _, err := conn.ExecContext(ctx, `UPDATE articles SET text = ? WHERE id = ?`, b.Article.Text, b.Article.ID); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenUpgradesOlderDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	b := fixture.Briefing("https://example.test/old", 0)
	oldDatabase(t, path, []string{"0001_history.sql"}, b)

	// A later release adds a migration: opening the old file applies it and keeps the data.
	const extra = "9999_test_upgrade.sql"
	all := append(embeddedNames(t), extra)
	next := migrationSubset(t, all[:len(all)-1], map[string]string{
		extra: `CREATE TABLE upgrade_probe (id INTEGER PRIMARY KEY); INSERT INTO upgrade_probe (id) VALUES (7);`,
	})
	s := openStore(t, path, withMigrations(next))
	applied, err := s.AppliedMigrations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(applied, all) {
		t.Fatalf("applied %v, want %v", applied, all)
	}
	var probe int
	if err := s.reader.QueryRow(`SELECT id FROM upgrade_probe`).Scan(&probe); err != nil || probe != 7 {
		t.Fatalf("upgrade migration not run: %d, %v", probe, err)
	}
	page, err := s.History(ctx, briefing.HistoryQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Warnings) != len(b.Warnings) {
		t.Errorf("after upgrade %d warnings, want %d", len(page.Warnings), len(b.Warnings))
	}
}

// A database of the releases before the counts, the actors column of the
// full-text index and compressed text answers as one made now.
func TestUpgradeKeepsAnswers(t *testing.T) {
	ctx := context.Background()
	var bs []*briefing.Briefing
	for i := range 6 {
		bs = append(bs, fixture.Briefing(fmt.Sprintf("https://example.test/up/%d", i), i))
	}
	path := filepath.Join(t.TempDir(), "old.db")
	oldDatabase(t, path, []string{"0001_history.sql", "0002_feeds.sql", "0003_subscription_backfill.sql"}, bs...)
	upgraded := openStore(t, path)
	fresh := openStore(t, "")
	for _, b := range bs {
		fixture.MustSave(t, fresh, b)
	}

	var plain int
	if err := upgraded.reader.QueryRow(`SELECT count(*) FROM articles WHERE text != '' OR text_zstd IS NULL`).Scan(&plain); err != nil || plain != 0 {
		t.Errorf("%d article texts left uncompressed (%v)", plain, err)
	}
	a, ok, err := upgraded.ArticleByURL(ctx, bs[2].Article.CanonicalURL)
	if err != nil || !ok || a.Text != bs[2].Article.Text {
		t.Errorf("ArticleByURL after upgrade: %q, %v, %v", a.Text, ok, err)
	}
	for _, q := range []briefing.HistoryQuery{
		{}, {Text: "harbour"}, {Speaker: "Vask"}, {Speaker: "Ostmark", Text: "force"}, {Addressee: "ostmark"}, {Limit: 4},
	} {
		want, err := fresh.History(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := upgraded.History(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(warningIDs(got.Warnings), warningIDs(want.Warnings)) || got.Next != want.Next {
			t.Errorf("History(%+v) after upgrade: %v %q, made now: %v %q", q, warningIDs(got.Warnings), got.Next, warningIDs(want.Warnings), want.Next)
		}
	}
	for _, name := range []string{"Veloria", "Ostmark", "Anika Brandt", "vask"} {
		want, err := fresh.Profile(ctx, name, 3)
		if err != nil {
			t.Fatal(err)
		}
		got, err := upgraded.Profile(ctx, name, 3)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(profileSummary(got), profileSummary(want)) {
			t.Errorf("Profile(%s) after upgrade: %+v, made now: %+v", name, profileSummary(got), profileSummary(want))
		}
	}
}

func warningIDs(ws []briefing.Warning) []int64 {
	var ids []int64
	for _, w := range ws {
		ids = append(ids, w.ID)
	}
	return ids
}

// profileSummary is what a Profile says, with its latest warnings by id.
func profileSummary(p briefing.Profile) any {
	return struct {
		Actor        briefing.Actor
		By, To       int
		Counterparts []briefing.Counterpart
		Latest       []int64
	}{p.Actor, p.WarningsBy, p.WarningsTo, p.Counterparts, warningIDs(p.Latest)}
}

func TestFailedMigrationIsRolledBack(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bad.db")
	bad := migrationSubset(t, embeddedNames(t), map[string]string{
		"9999_broken.sql": `CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);`,
	})
	_, err := Open(ctx, path, withMigrations(bad))
	if code := briefing.ErrorCode(err); code != briefing.EINTERNAL {
		t.Fatalf("Open with a broken migration: code %q (%v), want %q", code, err, briefing.EINTERNAL)
	}
	if msg := briefing.ErrorMessage(err); containsAny(msg, "no such table", "SQL logic") {
		t.Errorf("user message leaks driver text: %q", msg)
	}

	s := openStore(t, path)
	var n int
	if err := s.reader.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Error("the failed migration's first statement was kept")
	}
}

func TestOpenRefusesNewerDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.db")
	newer := migrationSubset(t, embeddedNames(t), map[string]string{"9999_future.sql": `CREATE TABLE future (id INTEGER);`})
	s, err := Open(ctx, path, withMigrations(newer))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, path)
	if code := briefing.ErrorCode(err); code != briefing.EINVALID {
		t.Fatalf("opening a newer database: code %q (%v), want %q", code, err, briefing.EINVALID)
	}
}

func TestOpenBadPaths(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	if err := writeFile(notDB, "these are not the pages of a database, only a few words of plain text\n"); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"", ":memory:", "file:x.db?mode=memory", filepath.Join(dir, "missing", "dir", "h.db"), notDB} {
		s, err := Open(ctx, path)
		if err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", path)
			continue
		}
		if code := briefing.ErrorCode(err); code != briefing.EINVALID {
			t.Errorf("Open(%q): code %q (%v), want %q", path, code, err, briefing.EINVALID)
		}
	}
}

// Every pooled connection, not just the first, runs with the settings.
func TestOpenSetsPragmasOnEveryConnection(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	pools := map[string]*sql.DB{"writer": s.writer, "reader": s.reader}
	for name, db := range pools {
		var conns []*sql.Conn
		for range 3 {
			c, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
			if name == "writer" {
				break // one connection by design
			}
		}
		for i, c := range conns {
			var mode string
			var fk, timeout int
			if err := c.QueryRowContext(ctx, `SELECT * FROM pragma_journal_mode, pragma_foreign_keys, pragma_busy_timeout`).
				Scan(&mode, &fk, &timeout); err != nil {
				t.Fatal(err)
			}
			if mode != "wal" || fk != 1 || timeout != int(busyTimeout.Milliseconds()) {
				t.Errorf("%s connection %d: journal_mode %s, foreign_keys %d, busy_timeout %d", name, i, mode, fk, timeout)
			}
			if name == "writer" {
				// Statement journals in memory, a larger cache, rarer checkpoints: saving stays flat.
				var temp, cache, checkpoint int
				if err := c.QueryRowContext(ctx, `SELECT * FROM pragma_temp_store, pragma_cache_size`).Scan(&temp, &cache); err != nil {
					t.Fatal(err)
				}
				if err := c.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&checkpoint); err != nil {
					t.Fatal(err)
				}
				if temp != 2 || cache != -writerCacheKiB || checkpoint != writerCheckpointPages {
					t.Errorf("writer: temp_store %d, cache_size %d, wal_autocheckpoint %d", temp, cache, checkpoint)
				}
			}
		}
		for _, c := range conns {
			c.Close()
		}
	}
	// Readers cannot write, even by mistake.
	if _, err := s.reader.ExecContext(ctx, `DELETE FROM articles`); err == nil {
		t.Error("a reader connection could write")
	}
}

// A digest sent before its key named the time zone is found sent under
// the new key after the upgrade: a restart within the grace window does
// not send it again.
func TestUpgradeKeepsDigestsSentUnderTheOldKey(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	before := []string{"0001_history.sql", "0002_feeds.sql", "0003_subscription_backfill.sql"}
	old, err := Open(ctx, path, withMigrations(migrationSubset(t, before, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := old.SetDigestSchedule(ctx, briefing.DigestSchedule{ChannelID: "c1", TimeOfDay: "08:00", TimeZone: "Europe/Berlin", Updated: baseTime}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"digest:c1:2026-02-10", "digest:gone:2026-02-10", "digest-now:c1:123", "briefing:c1:7"} {
		if _, err := old.ReserveDelivery(ctx, k, strings.Split(k, ":")[1], baseTime); err != nil {
			t.Fatal(err)
		}
		if err := old.MarkDelivered(ctx, k, baseTime); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	s := openStore(t, path)
	for key, want := range map[string]string{
		"digest:c1:2026-02-10@Europe/Berlin": "sent", // renamed with the channel's zone
		"digest:c1:2026-02-10":               "",
		"digest:gone:2026-02-10":             "sent", // no schedule left: kept as it was
		"digest-now:c1:123":                  "sent",
		"briefing:c1:7":                      "sent",
	} {
		if got, err := s.DeliveryStatus(ctx, key); err != nil || got != want {
			t.Errorf("DeliveryStatus(%q) = %q, %v; want %q", key, got, err, want)
		}
	}
}
