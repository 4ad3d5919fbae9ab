package postgres

import (
	"net/url"
	"slices"
	"strings"

	"context"
	"redline/briefing"
	"testing"
	"time"

	"redline/storage/internal/fixture"
	"redline/storage/internal/storecore"
	"redline/storage/postgres/pgtest"
	"redline/storage/storetest"
)

// openStore opens a store on url (a new schema when url is empty), closed
// when the test ends.
func openStore(t testing.TB, url string, opts ...Option) *Store {
	t.Helper()
	if url == "" {
		url = pgtest.Schema(t)
	}
	s, err := Open(context.Background(), url, opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	pgtest.URL(t)
	storetest.Run(t, storetest.Harness{
		Open: func(t testing.TB, now func() time.Time) (storetest.Store, func() storetest.Store) {
			url := pgtest.Schema(t)
			s := openStore(t, url, WithNow(now))
			return s, func() storetest.Store { return openStore(t, url, WithNow(now)) }
		},
		CheckCounts: func(t testing.TB, s storetest.Store) { checkActorCounts(t, s.(*Store)) },
	})
}

// checkActorCounts compares the warning counts the store keeps on actors
// with a count from scratch.
func checkActorCounts(t testing.TB, s *Store) {
	t.Helper()
	rows, err := s.pool.Query(context.Background(), fixture.ActorCountsSQL)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	fixture.CheckActorCounts(t, rows)
}

func TestOpenTwiceMigratesOnce(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Schema(t)
	// Three processes starting at once against a new database.
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			s, err := Open(ctx, url)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	s := openStore(t, url)
	names, err := s.AppliedMigrations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := storecore.MigrationNames(embeddedMigrations, migrationsDir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, want) {
		t.Errorf("applied %v, want %v", names, want)
	}
}

func TestOpenRefusesNewerDatabase(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Schema(t)
	s := openStore(t, url)
	if _, err := s.pool.Exec(ctx, `INSERT INTO schema_migrations (name, applied) VALUES ('9999_future.sql', now())`); err != nil {
		t.Fatal(err)
	}
	_, err := Open(ctx, url)
	if briefing.ErrorCode(err) != briefing.EINVALID || !strings.Contains(briefing.ErrorMessage(err), "newer redline") {
		t.Fatalf("opening a newer database: %v", err)
	}
}

func TestOpenErrorsNameTheProblemNotThePassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, tc := range []struct {
		url  string
		code string
		says string
	}{
		{"postgres://u:s3cret@[bad", briefing.EINVALID, "not a usable PostgreSQL address"},
		{"postgres://u:s3cret@127.0.0.1:1/redline?connect_timeout=2", briefing.EUNAVAILABLE, "cannot reach"},
	} {
		_, err := Open(ctx, tc.url)
		if briefing.ErrorCode(err) != tc.code || !strings.Contains(briefing.ErrorMessage(err), tc.says) {
			t.Errorf("Open(%s) = %v; want %s saying %q", tc.url, err, tc.code, tc.says)
		}
		if strings.Contains(briefing.ErrorMessage(err), "s3cret") {
			t.Errorf("the message shows the password: %q", briefing.ErrorMessage(err))
		}
	}
	// A database that does not exist, on the test server.
	base := pgtest.URL(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/no_such_database"
	_, err = Open(ctx, u.String())
	if briefing.ErrorCode(err) != briefing.EINVALID || !strings.Contains(briefing.ErrorMessage(err), "does not exist") {
		t.Errorf("opening a missing database: %v", err)
	}
}

func TestSearchQueryMeansWhatFTS5Means(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "",
		"-":                    "",
		`harbour OR -blockade`: `"harbour" "or" "blockade"`,
		`"Zürich's" dam`:       `"zurich s" "dam"`,
		"a\x00b":               `"a" "b"`,
		"U.S. sanctions":       `"u s" "sanctions"`,
		"naïve\u202ecafé":      `"naive cafe"`,
		"\xff\xfeharbour":      `"harbour"`,
		"Łódź":                 `"łodz"`,
	} {
		if got := searchQuery(in); got != want {
			t.Errorf("searchQuery(%q) = %q, want %q", in, got, want)
		}
	}
}
