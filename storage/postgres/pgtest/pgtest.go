// Package pgtest gives tests a PostgreSQL database of their own: a fresh
// schema in the server named by REDLINE_TEST_POSTGRES_URL, dropped when
// the test ends. Without that variable the tests that ask for one are
// skipped with a message saying how to run them (.ci/run starts a
// throwaway server and sets it; so does .ci/postgres run CMD…).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	neturl "net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env names the variable that holds the test server's URL.
const Env = "REDLINE_TEST_POSTGRES_URL"

// URL returns the test server's URL, or skips t when none is set.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(Env)
	if u == "" {
		t.Skipf("PostgreSQL tests skipped: set %s to a server's URL (e.g. .ci/postgres run go test ./...) to run them", Env)
	}
	return u
}

// Schema creates a new, empty schema in the test server and returns a URL
// whose connections use it (search_path), so that tests run side by side
// without seeing each other's tables. The schema is dropped when t ends.
func Schema(t testing.TB) string {
	t.Helper()
	u, drop, err := Create(URL(t))
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Logf("pgtest: %v", err)
		}
	})
	return u
}

// Create makes a new, empty schema in the server at base and returns a
// URL that uses it and a function that drops it: for what outlives one
// test (a benchmark's shared store).
func Create(base string) (url string, drop func() error, err error) {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "t_" + hex.EncodeToString(b)
	exec := func(sql string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			return fmt.Errorf("connecting to %s: %w", Env, err)
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := exec("CREATE SCHEMA " + name); err != nil {
		return "", nil, err
	}
	u, err := neturl.Parse(base)
	if err != nil {
		return "", nil, fmt.Errorf("%s is not a URL: %w", Env, err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String(), func() error { return exec("DROP SCHEMA " + name + " CASCADE") }, nil
}
