package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"redline/briefing"
	"redline/briefing/actors"
	"redline/storage/internal/fixture"
	"redline/storage/internal/storecore"
)

// planStore fills a small store with skewed actors (one country in many
// warnings, people seen once), aliases, affiliations, and articles saved
// again with other warnings, so that the kept counts have been taken back
// as well as added to.
func planStore(t *testing.T) (*Store, []string, []string) {
	t.Helper()
	ctx := context.Background()
	s := openStore(t, "")
	rng := rand.New(rand.NewPCG(7, 15))
	countries := []string{"Ostmark", "Veloria", "Karsland", "Duvania", "Norvik", "Elbonia"}
	type person struct{ name, country string }
	var people []person
	for i, first := range []string{"Anika", "Teodor", "Mira", "Jonas", "Lena", "Pavel", "Ines", "Oskar", "Vera", "Tomas", "Ulla", "Boris"} {
		for j, last := range []string{"Brandt", "Vask", "Castell", "Holm", "Novak"} {
			people = append(people, person{first + " " + last, countries[(i*5+j)%len(countries)]})
		}
	}
	words := []string{"harbour", "blockade", "tariffs", "grain", "sanctions", "missiles", "border", "cable", "fishing", "ports", "pipeline", "drills"}
	pickCountry := func() string {
		if rng.IntN(3) == 0 {
			return countries[0] // the busy one
		}
		return countries[rng.IntN(len(countries))]
	}
	party := func() briefing.Actor {
		switch rng.IntN(5) {
		case 0:
			c := pickCountry()
			return briefing.Actor{Name: c, Affiliation: c}
		case 1:
			return briefing.Actor{Name: pickCountry()}
		case 2:
			return briefing.Actor{}
		default:
			p := people[int(rng.ExpFloat64()*8)%len(people)]
			name := p.name
			if rng.IntN(4) == 0 {
				name = "Minister " + name
			}
			return briefing.Actor{Name: name, Affiliation: p.country}
		}
	}
	sentence := func() string {
		n := 4 + rng.IntN(6)
		out := "They said"
		for range n {
			out += " " + words[int(rng.ExpFloat64()*3)%len(words)]
		}
		return out + "."
	}
	article := func(i int) *briefing.Briefing {
		at := baseTime.Add(time.Duration(i%97) * 5 * time.Hour) // out of order, some in one millisecond
		b := &briefing.Briefing{Article: briefing.Article{
			URL: fmt.Sprintf("https://plan.test/%d", i), Title: sentence(), Text: sentence() + " " + sentence(), Fetched: at,
		}}
		if i%5 != 0 {
			b.Article.Published = at
		}
		for range rng.IntN(6) {
			w := briefing.Warning{Speaker: party(), Addressee: party(), What: sentence(), Evidence: []string{sentence()}, Kind: briefing.KindWarning}
			if w.Speaker.Name == "" {
				w.Speaker = briefing.Actor{Name: "Anika Brandt", Affiliation: "Veloria"}
			}
			if rng.IntN(3) == 0 {
				w.Kind = briefing.KindThreat
			}
			b.Warnings = append(b.Warnings, w)
		}
		return b
	}
	for i := range 300 {
		fixture.MustSave(t, s, article(i))
	}
	for i := 0; i < 300; i += 7 { // saved again, with other warnings (or none)
		fixture.MustSave(t, s, article(i))
	}
	names := append(append([]string(nil), countries...), "Vask", "teodor vask", "anika", "Minister Mira Castell", "Nobody Known", "holm")
	for _, p := range people[:20] {
		names = append(names, p.name)
	}
	_ = ctx
	return s, names, words
}

// naiveHistory is the straightforward query: every filter a condition on
// the warnings table, the names resolved by reading every actor, the words
// a set of full-text matches, all sorted; then cut into pages.
func naiveHistory(t testing.TB, s *Store, q briefing.HistoryQuery) []int64 {
	t.Helper()
	ctx := context.Background()
	where := []string{"1"}
	var args []any
	if text := ftsQuery(q.Text); text != "" {
		where = append(where, `id IN (SELECT rowid FROM warnings_fts WHERE warnings_fts MATCH ?)`)
		args = append(args, `{speaker addressee what evidence} : (`+text+`)`)
	}
	for _, side := range []struct{ name, key, aff string }{
		{q.Speaker, "speaker_key", "speaker_affiliation_key"},
		{q.Addressee, "addressee_key", "addressee_affiliation_key"},
	} {
		k := actors.Key(side.name)
		if k == "" {
			continue
		}
		keys := naiveKeys(t, s, k)
		where = append(where, fmt.Sprintf(`(%s IN (SELECT value FROM json_each(?)) OR %s IN (SELECT value FROM json_each(?)))`, side.key, side.aff))
		args = append(args, keys, keys)
	}
	if !q.Since.IsZero() {
		where = append(where, "article_time >= ?")
		args = append(args, q.Since.UnixMilli())
	}
	if !q.Until.IsZero() {
		where = append(where, "article_time < ?")
		args = append(args, q.Until.UnixMilli())
	}
	rows, err := s.reader.QueryContext(ctx, `SELECT id FROM warnings WHERE `+joinAnd(where)+` ORDER BY id DESC`, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func joinAnd(conds []string) string {
	out := conds[0]
	for _, c := range conds[1:] {
		out += " AND " + c
	}
	return out
}

// naiveKeys resolves a name by reading every actor and alias.
func naiveKeys(t testing.TB, s *Store, k string) string {
	t.Helper()
	rows, err := s.reader.Query(`
		SELECT key FROM actors WHERE key = ?1 OR (' ' || key || ' ') LIKE ?2 ESCAPE '\'
		UNION SELECT a.key FROM actor_aliases al JOIN actors a ON a.id = al.actor_id WHERE al.alias_key = ?1`,
		k, "% "+storecore.EscapeLike(k)+" %")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	keys := []string{k}
	for rows.Next() {
		var key string
		if err := rows.Scan(&key); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, key)
	}
	b, _ := json.Marshal(keys)
	return string(b)
}

// allPages walks every page of q and returns the ids in order.
func allPages(t *testing.T, s *Store, q briefing.HistoryQuery) []int64 {
	t.Helper()
	var ids []int64
	for range 1000 {
		page, err := s.History(context.Background(), q)
		if err != nil {
			t.Fatalf("History(%+v): %v", q, err)
		}
		if len(page.Warnings) > max(q.Limit, 0) && q.Limit > 0 || len(page.Warnings) == 0 && page.Next != "" {
			t.Fatalf("History(%+v): a page of %d, next %q", q, len(page.Warnings), page.Next)
		}
		ids = append(ids, warningIDs(page.Warnings)...)
		if page.Next == "" {
			return ids
		}
		q.Cursor = page.Next
	}
	t.Fatalf("History(%+v) does not end", q)
	return nil
}

// Every plan returns what the straightforward query returns, page after
// page, for words rare and common, names of one side and of both, with and
// without a time range.
func TestHistoryPlansMatchStraightforwardQuery(t *testing.T) {
	s, names, words := planStore(t)
	rng := rand.New(rand.NewPCG(1, 2))
	queries := []briefing.HistoryQuery{{}, {Limit: 7}, {Text: "harbour"}, {Text: "drills pipeline"}, {Text: "nothing-like-this"}}
	for _, n := range names {
		queries = append(queries,
			briefing.HistoryQuery{Speaker: n, Limit: 5},
			briefing.HistoryQuery{Addressee: n, Limit: 9},
			briefing.HistoryQuery{Speaker: n, Text: words[rng.IntN(len(words))], Limit: 4},
			briefing.HistoryQuery{Speaker: n, Addressee: names[rng.IntN(len(names))], Limit: 3},
		)
	}
	for range 60 {
		q := briefing.HistoryQuery{Limit: 1 + rng.IntN(12)}
		if rng.IntN(2) == 0 {
			q.Text = words[rng.IntN(len(words))]
		}
		if rng.IntN(2) == 0 {
			q.Speaker = names[rng.IntN(len(names))]
		}
		if rng.IntN(3) == 0 {
			q.Addressee = names[rng.IntN(len(names))]
		}
		if rng.IntN(3) == 0 {
			q.Since = baseTime.Add(time.Duration(rng.IntN(200)) * time.Hour)
			q.Until = q.Since.Add(time.Duration(1+rng.IntN(300)) * time.Hour)
		}
		queries = append(queries, q)
	}
	plans := map[string]int{}
	for _, q := range queries {
		want := naiveHistory(t, s, q)
		got := allPages(t, s, q)
		if !slices.Equal(got, want) {
			t.Errorf("History(%+v):\n got %v\nwant %v", q, got, want)
		}
		err := s.readTx(context.Background(), "planning", func(tx *sql.Tx) error {
			p, err := planHistory(context.Background(), tx, q, idRange{0, 1 << 62}, rareName)
			plans[p.kind]++
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, kind := range []string{planNewest, planNameIndex, planFullText} {
		if plans[kind] == 0 {
			t.Errorf("no query was planned %s: %v", kind, plans)
		}
	}
}

// naiveProfile is the straightforward reading of an actor's record: every
// warning of the actor counted and grouped.
func naiveProfile(t testing.TB, s *Store, key string, latest int) (by, to int, cps []briefing.Counterpart, ids []int64) {
	t.Helper()
	if err := s.reader.QueryRow(`SELECT
		(SELECT count(*) FROM warnings WHERE speaker_key = ?1 OR speaker_affiliation_key = ?1),
		(SELECT count(*) FROM warnings WHERE addressee_key = ?1 OR addressee_affiliation_key = ?1)`, key).Scan(&by, &to); err != nil {
		t.Fatal(err)
	}
	rows, err := s.reader.Query(`
		SELECT coalesce(a.name, c.key), c.key, coalesce(a.affiliation, ''), coalesce(a.affiliation_key, ''), sum(c.warned), sum(c.warned_by)
		FROM (
			SELECT addressee_key AS key, 1 AS warned, 0 AS warned_by FROM warnings
			WHERE (speaker_key = ?1 OR speaker_affiliation_key = ?1) AND addressee_key NOT IN ('', ?1)
			UNION ALL
			SELECT speaker_key, 0, 1 FROM warnings
			WHERE (addressee_key = ?1 OR addressee_affiliation_key = ?1) AND speaker_key NOT IN ('', ?1)
		) c LEFT JOIN actors a ON a.key = c.key
		GROUP BY c.key ORDER BY sum(c.warned) + sum(c.warned_by) DESC, c.key LIMIT ?2`, key, storecore.ProfileCounterparts)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c briefing.Counterpart
		if err := rows.Scan(&c.Actor.Name, &c.Actor.Key, &c.Actor.Affiliation, &c.Actor.AffiliationKey, &c.Warned, &c.WarnedBy); err != nil {
			t.Fatal(err)
		}
		cps = append(cps, c)
	}
	rows.Close()
	rows, err = s.reader.Query(`SELECT id FROM warnings
		WHERE speaker_key = ?1 OR speaker_affiliation_key = ?1 OR addressee_key = ?1 OR addressee_affiliation_key = ?1
		ORDER BY id DESC LIMIT ?2`, key, latest)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return by, to, cps, ids
}

// The kept counts and counterparts, and the latest warnings, are what
// counting every warning of the actor gives, for every actor, after
// articles were saved again with other warnings.
func TestProfileMatchesStraightforwardCounts(t *testing.T) {
	s, names, _ := planStore(t)
	ctx := context.Background()
	rows, err := s.reader.Query(`SELECT key FROM actors ORDER BY key`)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for rows.Next() {
		var k string
		rows.Scan(&k)
		keys = append(keys, k)
	}
	rows.Close()
	for _, n := range names {
		keys = append(keys, actors.Key(n))
	}
	for _, key := range keys {
		p, err := s.Profile(ctx, key, 4)
		if briefing.ErrorCode(err) == briefing.ENOTFOUND {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		by, to, cps, ids := naiveProfile(t, s, p.Actor.Key, 4)
		got := []any{p.WarningsBy, p.WarningsTo, p.Counterparts, warningIDs(p.Latest)}
		if want := []any{by, to, cps, ids}; !reflect.DeepEqual(got, want) {
			t.Errorf("Profile(%q) = %+v\nstraightforward %+v", key, got, want)
		}
	}
	// Nothing is left counted for warnings that are gone.
	var stale int
	if err := s.reader.QueryRow(`SELECT
		(SELECT count(*) FROM actors WHERE gave < 0 OR received < 0 OR gave_threats < 0 OR received_threats < 0) +
		(SELECT count(*) FROM actor_days WHERE warnings <= 0) +
		(SELECT count(*) FROM actor_pairs WHERE total <= 0 OR total != warned + warned_by OR bucket != CAST(log2(total) AS INTEGER))`).
		Scan(&stale); err != nil || stale != 0 {
		t.Errorf("%d counts wrong or at zero (%v)", stale, err)
	}
	// By day and by kind they add up to the same.
	var dayTotal, dayThreats, total, threats, straightThreats int
	if err := s.reader.QueryRow(`SELECT
		(SELECT sum(warnings) FROM actor_days), (SELECT sum(threats) FROM actor_days),
		(SELECT sum(gave + received) FROM actors), (SELECT sum(gave_threats + received_threats) FROM actors),
		(SELECT count(*) FROM actors a JOIN warnings w ON w.kind = 'threat' AND a.key IN (w.speaker_key, w.speaker_affiliation_key))
		+ (SELECT count(*) FROM actors a JOIN warnings w ON w.kind = 'threat' AND a.key IN (w.addressee_key, w.addressee_affiliation_key))`).
		Scan(&dayTotal, &dayThreats, &total, &threats, &straightThreats); err != nil || dayTotal != total || dayThreats != threats || threats != straightThreats {
		t.Errorf("by day %d warnings, %d threats; by actor %d, %d; counted %d threats (%v)", dayTotal, dayThreats, total, threats, straightThreats, err)
	}
}

// The terms of a full-text plan go rarest first: a rare name before the
// words (speaker-first), the words before a common name (text-first).
func TestHistoryPlanOrdersTermsBySelectivity(t *testing.T) {
	s, _, _ := planStore(t)
	ctx := context.Background()
	var busy, rare int64
	var person string
	if err := s.reader.QueryRow(`SELECT key, gave FROM actors WHERE gave > 0 AND kind = '' ORDER BY gave, key LIMIT 1`).
		Scan(&person, &rare); err != nil {
		t.Fatal(err)
	}
	if err := s.reader.QueryRow(`SELECT received FROM actors WHERE key = 'ostmark'`).Scan(&busy); err != nil || busy <= rare {
		t.Fatalf("ostmark received %d, %s gave %d (%v)", busy, person, rare, err)
	}
	for _, c := range []struct {
		q     briefing.HistoryQuery
		first string // the term that must come first
	}{
		{briefing.HistoryQuery{Text: "harbour", Speaker: person}, "actors : "},
		{briefing.HistoryQuery{Text: "harbour", Addressee: "Ostmark"}, "{speaker"},
		{briefing.HistoryQuery{Speaker: person, Addressee: "Ostmark"}, "actors : (\"s"},
	} {
		err := s.readTx(ctx, "planning", func(tx *sql.Tx) error {
			// Between the two counts: the person is rare, Ostmark is not.
			p, err := planHistory(ctx, tx, c.q, idRange{0, 1 << 62}, rare+1)
			if err != nil {
				return err
			}
			if match := p.args[0].(string); p.kind != planFullText || !strings.HasPrefix(match, c.first) {
				t.Errorf("%+v: plan %s, MATCH %q, want it to start with %q", c.q, p.kind, match, c.first)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
