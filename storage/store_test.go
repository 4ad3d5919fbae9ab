package storage

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"redline/briefing"
)

func mustSave(t testing.TB, s *Store, b *briefing.Briefing) {
	t.Helper()
	if err := s.SaveBriefing(context.Background(), b); err != nil {
		t.Fatalf("SaveBriefing(%s): %v", b.Article.Key(), err)
	}
}

func mustStats(t testing.TB, s *Store) Stats {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func history(t testing.TB, s *Store, q briefing.HistoryQuery) []briefing.Warning {
	t.Helper()
	page, err := s.History(context.Background(), q)
	if err != nil {
		t.Fatalf("History(%+v): %v", q, err)
	}
	return page.Warnings
}

func whats(ws []briefing.Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.What)
	}
	return out
}

func TestSaveBriefingSetsIDsHashAndKeys(t *testing.T) {
	s := openStore(t, "")
	b := sampleBriefing("https://ledger.test/harbour", 0)
	mustSave(t, s, b)

	if b.Article.ID == 0 {
		t.Error("Article.ID not set")
	}
	sum := sha256.Sum256([]byte(b.Article.Text))
	if b.Article.ContentHash != hex.EncodeToString(sum[:]) {
		t.Errorf("ContentHash = %q, want the SHA-256 of the text", b.Article.ContentHash)
	}
	seen := map[int64]bool{}
	for i, w := range b.Warnings {
		if w.ID == 0 || seen[w.ID] {
			t.Errorf("warning %d: ID %d is zero or repeated", i, w.ID)
		}
		seen[w.ID] = true
	}
	if got := b.Warnings[0].Speaker; got.Key != "teodor vask" || got.AffiliationKey != "ostmark" {
		t.Errorf("speaker keys not filled: %+v", got)
	}

	// Read back: every field survives, with the source filled.
	ws := history(t, s, briefing.HistoryQuery{})
	if len(ws) != 3 {
		t.Fatalf("history has %d warnings, want 3", len(ws))
	}
	byID := map[int64]briefing.Warning{}
	for _, w := range ws {
		byID[w.ID] = w
	}
	for i, want := range b.Warnings {
		got := byID[want.ID]
		if got.Position != i || got.Speaker != want.Speaker || got.Addressee != want.Addressee || got.Kind != want.Kind ||
			got.What != want.What || got.Condition != want.Condition || got.Consequence != want.Consequence ||
			got.Quote != want.Quote || !slices.Equal(got.Evidence, want.Evidence) {
			t.Errorf("warning %d read back as\n%+v\nwant\n%+v", i, got, want)
		}
		src := got.Source
		if src.ArticleID != b.Article.ID || src.URL != b.Article.CanonicalURL || src.Title != b.Article.Title ||
			src.Site != b.Article.Site || !src.Published.Equal(b.Article.Published) || !src.Fetched.Equal(b.Article.Fetched) {
			t.Errorf("warning %d source = %+v", i, src)
		}
	}
}

func TestBriefingSavedTwiceIsStoredOnce(t *testing.T) {
	ctx := context.Background()
	now := baseTime
	s := openStore(t, "", WithNow(func() time.Time { return now }))

	first := sampleBriefing("https://ledger.test/harbour", 0)
	mustSave(t, s, first)
	before := mustStats(t, s)

	// The same article again, read later from another URL with the same
	// canonical one: nothing is written, the IDs and first fetch time are the stored ones.
	now = now.Add(time.Hour)
	again := sampleBriefing("https://ledger.test/harbour", 0)
	again.Article.URL = "https://ledger.test/harbour?ref=feed"
	again.Article.Fetched = first.Article.Fetched.Add(36 * time.Hour)
	mustSave(t, s, again)
	if got := mustStats(t, s); got != before {
		t.Fatalf("after saving twice: %+v, want %+v", got, before)
	}
	if again.Article.ID != first.Article.ID || !again.Article.Fetched.Equal(first.Article.Fetched) {
		t.Errorf("second save: article %d fetched %v, want %d fetched %v",
			again.Article.ID, again.Article.Fetched, first.Article.ID, first.Article.Fetched)
	}
	for i := range again.Warnings {
		if again.Warnings[i].ID != first.Warnings[i].ID {
			t.Errorf("warning %d: ID %d, want unchanged %d", i, again.Warnings[i].ID, first.Warnings[i].ID)
		}
	}
	var saved int64
	if err := s.reader.QueryRowContext(ctx, `SELECT saved FROM articles`).Scan(&saved); err != nil {
		t.Fatal(err)
	}
	if saved != baseTime.UnixMilli() {
		t.Errorf("identical re-save rewrote the article (saved %d, want %d)", saved, baseTime.UnixMilli())
	}

	// A new extraction of the article replaces its warnings.
	fewer := sampleBriefing("https://ledger.test/harbour", 0)
	fewer.Warnings = fewer.Warnings[:1]
	mustSave(t, s, fewer)
	if got := mustStats(t, s); got.Articles != 1 || got.Warnings != 1 {
		t.Fatalf("after replacing: %+v, want 1 article with 1 warning", got)
	}
	if ws := history(t, s, briefing.HistoryQuery{Text: "insurers"}); len(ws) != 0 {
		t.Errorf("the replaced warning is still found by full-text search: %v", whats(ws))
	}
	checkActorCounts(t, s)
	// Brandt spoke only in the replaced warnings: no longer offered.
	if as, err := s.Actors(ctx, "brandt", 0); err != nil || len(as) != 0 {
		t.Errorf("Actors(brandt) after replacing = %+v, %v; want none", as, err)
	}
}

// checkActorCounts compares the warning counts the triggers keep on actors
// with a count from scratch.
func checkActorCounts(t testing.TB, s *Store) {
	t.Helper()
	rows, err := s.reader.Query(`SELECT a.key, a.warnings, (SELECT count(*) FROM warnings w
		WHERE a.key IN (w.speaker_key, w.speaker_affiliation_key, w.addressee_key, w.addressee_affiliation_key))
		FROM actors a`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var key string
		var kept, counted int
		if err := rows.Scan(&key, &kept, &counted); err != nil {
			t.Fatal(err)
		}
		if kept != counted {
			t.Errorf("actor %q: %d warnings kept, %d counted", key, kept, counted)
		}
		n++
	}
	if n == 0 {
		t.Error("no actors recorded")
	}
}

func TestSaveBriefingRejectsBadInput(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	noURL := sampleBriefing("", 0)
	noURL.Article.URL = ""
	badKind := sampleBriefing("https://ledger.test/kind", 0)
	badKind.Warnings[1].Kind = "prophecy"
	for name, b := range map[string]*briefing.Briefing{"nil": nil, "no URL": noURL, "unknown kind": badKind} {
		err := s.SaveBriefing(ctx, b)
		if code := briefing.ErrorCode(err); code != briefing.EINVALID {
			t.Errorf("%s: code %q (%v), want %q", name, code, err, briefing.EINVALID)
		}
	}
	if st := mustStats(t, s); st != (Stats{}) {
		t.Errorf("bad input stored something: %+v", st)
	}
}

func TestFullTextFindsWarningByEvidenceWord(t *testing.T) {
	s := openStore(t, "")
	b := sampleBriefing("https://ledger.test/harbour", 0)
	mustSave(t, s, b)
	mustSave(t, s, otherBriefing("https://courier.test/dam", 1))

	for _, tc := range []struct {
		text string
		want []string
	}{
		{"insurers", []string{"shipping insurers may leave the strait"}}, // also in what
		{"tripled", []string{"shipping insurers may leave the strait"}},  // evidence only
		{"quietly packing", []string{"shipping insurers may leave the strait"}},
		{"TARIFFS accord", []string{"new tariffs could unravel the grain accord"}},
		{"Rivera", []string{"the dam's spillway"}},                                                       // speaker
		{"Ostmark", []string{"new tariffs could unravel the grain accord", "a blockade of the harbour"}}, // addressee, speaker affiliation
		{"Zürich", []string{"the dam's spillway"}},                                                       // diacritics folded both ways
		{"zurich", []string{"the dam's spillway"}},
		{"blockade insurers", nil}, // all words must match in one warning
	} {
		got := whats(history(t, s, briefing.HistoryQuery{Text: tc.text}))
		if !slices.Equal(got, tc.want) {
			t.Errorf("Text %q: got %q, want %q", tc.text, got, tc.want)
		}
	}
}

// otherBriefing is a second article with different actors.
func otherBriefing(url string, n int) *briefing.Briefing {
	published := baseTime.Add(time.Duration(n) * time.Hour)
	return &briefing.Briefing{
		Article: briefing.Article{
			URL: url, Title: "Engineers doubt the dam", Site: "Valley Courier", Published: published, Fetched: published,
			Text: "Chief engineer Lucía Rivera, speaking in Zurich, warned the dam board that the spillway could fail in a wet spring.",
		},
		Warnings: []briefing.Warning{{
			Speaker: briefing.Actor{Name: "Lucía Rivera"},
			// The extractor knew the board as part of the water authority: the name becomes an alias.
			Addressee: briefing.Actor{Name: "the dam board", Key: "valley water authority"},
			Kind:      briefing.KindWarning,
			What:      "the dam's spillway",
			Condition: "a wet spring", Consequence: "the spillway could fail",
			Evidence: []string{"Chief engineer Lucía Rivera, speaking in Zürich, warned the dam board that the spillway could fail in a wet spring."},
		}},
	}
}

func TestHostileFullTextInputIsSearchedNotParsed(t *testing.T) {
	s := openStore(t, "")
	mustSave(t, s, sampleBriefing("https://ledger.test/harbour", 0))
	hostile := []string{
		`"`, `""`, `"harbour`, `NEAR(`, `NEAR(harbour blockade`, `-`, `- harbour`, `-harbour`, `*`, `harbour*`,
		`AND`, `OR`, `NOT`, `harbour OR`, `harbour AND NOT blockade`, `(`, `)`, `((harbour)`, `^harbour`,
		`speaker:vask`, `{speaker what}: harbour`, `+`, `'`, `\`, `%`, `_`, "harbour\x00", "\x00\"", "\xff\xfe", "\u00a0", `🚢`, "\u202eharbour",
		`harbour"; DROP TABLE warnings; --`, `a "b" c`, string(make([]byte, 3000)),
	}
	ctx := context.Background()
	for _, text := range hostile {
		if _, err := s.History(ctx, briefing.HistoryQuery{Text: text}); err != nil {
			t.Errorf("Text %q: %v", text, err)
		}
		// The same input as a name: searched, never an internal error.
		if _, err := s.History(ctx, briefing.HistoryQuery{Speaker: text, Addressee: text}); err != nil {
			t.Errorf("Speaker and Addressee %q: %v", text, err)
		}
		if _, err := s.Actors(ctx, text, 5); err != nil {
			t.Errorf("Actors(%q): %v", text, err)
		}
		if _, err := s.Profile(ctx, text, 5); briefing.ErrorCode(err) == briefing.EINTERNAL {
			t.Errorf("Profile(%q): %v", text, err)
		}
	}
	if got := history(t, s, briefing.HistoryQuery{Text: "harbour\x00"}); len(got) != 1 {
		t.Errorf("harbour followed by NUL found %d warnings, want 1", len(got))
	}
	// Operators are plain words: "harbour OR" needs the word "or".
	if got := history(t, s, briefing.HistoryQuery{Text: `"harbour"`}); len(got) != 1 {
		t.Errorf(`quoted "harbour" found %d warnings, want 1`, len(got))
	}
	if got := history(t, s, briefing.HistoryQuery{Text: `harbour -`}); len(got) != 1 {
		t.Errorf(`"harbour -" found %d warnings, want 1`, len(got))
	}
	if st := mustStats(t, s); st.Warnings != 3 {
		t.Errorf("warnings after hostile searches: %d, want 3", st.Warnings)
	}
}

func TestHistoryFilters(t *testing.T) {
	s := openStore(t, "")
	mustSave(t, s, sampleBriefing("https://ledger.test/day0", 0))
	mustSave(t, s, otherBriefing("https://courier.test/dam", 5))
	late := sampleBriefing("https://ledger.test/day2", 48)
	late.Warnings = late.Warnings[1:2] // Brandt → Ostmark only
	mustSave(t, s, late)

	tariffs := "new tariffs could unravel the grain accord"
	blockade := "a blockade of the harbour"
	insurers := "shipping insurers may leave the strait"
	dam := "the dam's spillway"
	for _, tc := range []struct {
		name string
		q    briefing.HistoryQuery
		want []string
	}{
		{"all, newest first", briefing.HistoryQuery{}, []string{tariffs, dam, insurers, tariffs, blockade}},
		{"speaker by full name", briefing.HistoryQuery{Speaker: "Teodor Vask"}, []string{blockade}},
		{"speaker by surname", briefing.HistoryQuery{Speaker: "vask"}, []string{blockade}},
		{"speaker by messy name", briefing.HistoryQuery{Speaker: "  ANIKA   brandt "}, []string{tariffs, insurers, tariffs}},
		{"speaker by affiliation", briefing.HistoryQuery{Speaker: "Veloria"}, []string{tariffs, insurers, tariffs}},
		{"speaker by alias", briefing.HistoryQuery{Speaker: "The Dam Board"}, nil},
		{"addressee by key", briefing.HistoryQuery{Addressee: "ostmark"}, []string{tariffs, tariffs}},
		{"addressee by alias", briefing.HistoryQuery{Addressee: "The Dam Board"}, []string{dam}},
		{"addressee by resolved key", briefing.HistoryQuery{Addressee: "Valley Water Authority"}, []string{dam}},
		{"speaker and addressee", briefing.HistoryQuery{Speaker: "Brandt", Addressee: "Ostmark"}, []string{tariffs, tariffs}},
		{"unknown speaker", briefing.HistoryQuery{Speaker: "Nobody Atall"}, nil},
		{"part of a word is not a name", briefing.HistoryQuery{Speaker: "vas"}, nil},
		{"since", briefing.HistoryQuery{Since: baseTime.Add(time.Hour)}, []string{tariffs, dam}},
		{"until is exclusive", briefing.HistoryQuery{Until: baseTime.Add(5 * time.Hour)}, []string{insurers, tariffs, blockade}},
		{"since and until", briefing.HistoryQuery{Since: baseTime.Add(5 * time.Hour), Until: baseTime.Add(6 * time.Hour)}, []string{dam}},
		{"speaker, time and text", briefing.HistoryQuery{Speaker: "brandt", Since: baseTime.Add(time.Hour), Text: "grain"}, []string{tariffs}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := whats(history(t, s, tc.q)); !slices.Equal(got, tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestHistoryUsesFetchTimeWhenPublishedIsUnknown(t *testing.T) {
	s := openStore(t, "")
	b := otherBriefing("https://courier.test/undated", 0)
	b.Article.Published = time.Time{}
	b.Article.Fetched = baseTime.Add(10 * time.Hour)
	mustSave(t, s, b)
	mustSave(t, s, sampleBriefing("https://ledger.test/day0", 9))

	got := history(t, s, briefing.HistoryQuery{Since: baseTime.Add(10 * time.Hour)})
	if len(got) != 1 || got[0].What != "the dam's spillway" {
		t.Fatalf("got %q, want the undated article by its fetch time", whats(got))
	}
	if !got[0].Source.Published.IsZero() || !got[0].Source.Fetched.Equal(b.Article.Fetched) {
		t.Errorf("source times %+v", got[0].Source)
	}
}

func TestHistoryPagingHasNoGapsOrDuplicates(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	const articles = 20
	for i := range articles {
		// Pairs of articles share a time, so the order must break ties by ID.
		mustSave(t, s, sampleBriefing(fmt.Sprintf("https://ledger.test/a%d", i), i/2))
	}
	for qi, q := range []briefing.HistoryQuery{
		{Limit: 7},
		{Limit: 1, Speaker: "brandt"},
		{Limit: 4, Text: "harbour", Since: baseTime.Add(2 * time.Hour)},
	} {
		all := history(t, s, briefing.HistoryQuery{Speaker: q.Speaker, Text: q.Text, Since: q.Since, Limit: MaxHistoryLimit})
		var paged []briefing.Warning
		pages := 0
		for {
			page, err := s.History(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			if len(page.Warnings) > q.Limit {
				t.Fatalf("page of %d warnings, limit %d", len(page.Warnings), q.Limit)
			}
			paged = append(paged, page.Warnings...)
			if page.Next == "" {
				break
			}
			// A save between pages, newer than everything, must not shift the pages.
			if pages == 2 {
				mustSave(t, s, sampleBriefing(fmt.Sprintf("https://ledger.test/new%d", qi), 1000))
			}
			q.Cursor = page.Next
		}
		if len(all) == 0 || len(all) >= MaxHistoryLimit {
			t.Fatalf("reference query found %d warnings", len(all))
		}
		ids := func(ws []briefing.Warning) []int64 {
			var out []int64
			for _, w := range ws {
				out = append(out, w.ID)
			}
			return out
		}
		if !slices.Equal(ids(paged), ids(all)) {
			t.Errorf("query %+v: pages gave %v, want %v", q, ids(paged), ids(all))
		}
		if want := (len(all) + q.Limit - 1) / q.Limit; pages != want {
			t.Errorf("query %+v: %d pages, want %d", q, pages, want)
		}
	}
}

func TestHistoryRejectsBadCursor(t *testing.T) {
	s := openStore(t, "")
	enc := base64.RawURLEncoding.EncodeToString
	for _, c := range []string{"nonsense", "!!!", enc([]byte("h1:1:1")), enc([]byte("h2:1:1")), enc([]byte("h2:0")), enc([]byte("h2:-5")), enc([]byte("h2:"))} {
		_, err := s.History(context.Background(), briefing.HistoryQuery{Cursor: c})
		if code := briefing.ErrorCode(err); code != briefing.EINVALID {
			t.Errorf("cursor %q: code %q (%v), want %q", c, code, err, briefing.EINVALID)
		}
	}
}

func TestProfile(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	mustSave(t, s, sampleBriefing("https://ledger.test/day0", 0))
	mustSave(t, s, sampleBriefing("https://ledger.test/day1", 24))
	mustSave(t, s, otherBriefing("https://courier.test/dam", 30))

	p, err := s.Profile(ctx, "Brandt", 2)
	if err != nil {
		t.Fatal(err)
	}
	if p.Actor.Key != "anika brandt" || p.Actor.Name != "Anika Brandt" || p.Actor.AffiliationKey != "veloria" {
		t.Errorf("actor = %+v", p.Actor)
	}
	if p.WarningsBy != 4 || p.WarningsTo != 0 {
		t.Errorf("by %d, to %d; want 4, 0", p.WarningsBy, p.WarningsTo)
	}
	if len(p.Counterparts) != 1 || p.Counterparts[0].Actor.Key != "ostmark" || p.Counterparts[0].Warned != 2 || p.Counterparts[0].WarnedBy != 0 {
		t.Errorf("counterparts = %+v", p.Counterparts)
	}
	if len(p.Latest) != 2 || !p.Latest[0].Source.Published.Equal(baseTime.Add(24*time.Hour)) {
		t.Errorf("latest = %+v", p.Latest)
	}

	// A country counts what its people said and what was said to it.
	p, err = s.Profile(ctx, "ostmark", 0)
	if err != nil {
		t.Fatal(err)
	}
	if p.WarningsBy != 2 || p.WarningsTo != 2 {
		t.Errorf("Ostmark: by %d, to %d; want 2, 2", p.WarningsBy, p.WarningsTo)
	}
	wantCounterparts := []briefing.Counterpart{
		{Actor: briefing.Actor{Name: "Anika Brandt", Key: "anika brandt", Affiliation: "Veloria", AffiliationKey: "veloria"}, WarnedBy: 2},
		{Actor: briefing.Actor{Name: "Veloria", Key: "veloria"}, Warned: 2},
	}
	if !slices.Equal(p.Counterparts, wantCounterparts) {
		t.Errorf("Ostmark counterparts = %+v\nwant %+v", p.Counterparts, wantCounterparts)
	}
	if len(p.Latest) != 4 {
		t.Errorf("Ostmark latest has %d, want all 4", len(p.Latest))
	}

	if p, err = s.Profile(ctx, "The Dam Board", -1); err != nil || p.Actor.Key != "valley water authority" || p.WarningsTo != 1 || p.Latest != nil {
		t.Errorf("by alias: %+v, %v", p, err)
	}

	_, err = s.Profile(ctx, "Nobody Atall", 5)
	if code := briefing.ErrorCode(err); code != briefing.ENOTFOUND {
		t.Errorf("unknown actor: code %q (%v), want %q", code, err, briefing.ENOTFOUND)
	}
	_, err = s.Profile(ctx, "   ", 5)
	if code := briefing.ErrorCode(err); code != briefing.EINVALID {
		t.Errorf("blank name: code %q (%v), want %q", code, err, briefing.EINVALID)
	}
}

func TestActorsForAutocomplete(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	mustSave(t, s, sampleBriefing("https://ledger.test/day0", 0))
	mustSave(t, s, otherBriefing("https://courier.test/dam", 1))

	keys := func(prefix string, limit int) []string {
		as, err := s.Actors(ctx, prefix, limit)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range as {
			out = append(out, a.Key)
		}
		return out
	}
	// Veloria takes part in all 3 sample warnings (as the speaker's affiliation
	// or as addressee); Brandt and Ostmark in 2 each, then by name.
	if got := keys("", 3); !slices.Equal(got, []string{"veloria", "anika brandt", "ostmark"}) {
		t.Errorf("all: %q", got)
	}
	if got := keys("VEL", 0); !slices.Equal(got, []string{"veloria"}) {
		t.Errorf("prefix VEL: %q", got)
	}
	if got := keys("vas", 0); !slices.Equal(got, []string{"teodor vask"}) {
		t.Errorf("word prefix vas: %q", got)
	}
	if got := keys("dam b", 0); !slices.Equal(got, []string{"valley water authority"}) {
		t.Errorf("alias prefix: %q", got)
	}
	if got := keys("%", 0); got != nil {
		t.Errorf("wildcard is literal: %q", got)
	}
}

func TestArticleByURL(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	b := sampleBriefing("https://ledger.test/harbour", 0)
	mustSave(t, s, b)

	for _, u := range []string{b.Article.CanonicalURL, b.Article.URL} {
		a, ok, err := s.ArticleByURL(ctx, u)
		if err != nil || !ok {
			t.Fatalf("ArticleByURL(%s) = %v, %v", u, ok, err)
		}
		if a.ID != b.Article.ID || a.Text != b.Article.Text || a.ContentHash != b.Article.ContentHash ||
			!a.Published.Equal(b.Article.Published) || a.Byline != b.Article.Byline {
			t.Errorf("ArticleByURL(%s) = %+v", u, a)
		}
	}
	if _, ok, err := s.ArticleByURL(ctx, "https://ledger.test/other"); ok || err != nil {
		t.Errorf("unknown URL: %v, %v", ok, err)
	}
}

func TestErrorsHideDriverText(t *testing.T) {
	s := openStore(t, "")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := s.History(context.Background(), briefing.HistoryQuery{})
	if err == nil {
		t.Fatal("History on a closed store succeeded")
	}
	if code := briefing.ErrorCode(err); code != briefing.EINTERNAL {
		t.Errorf("code %q, want %q", code, briefing.EINTERNAL)
	}
	if msg := briefing.ErrorMessage(err); containsAny(msg, "sql:", "closed", "sqlite") {
		t.Errorf("user message shows driver text: %q", msg)
	}
	s.reader, s.writer = nil, nil // closed above; the cleanup's Close has nothing left to do
}

// History is in article time order however the articles were saved, also
// for times at the edges of the id range.
func TestHistoryOrderIsArticleTimeWhateverTheSaveOrder(t *testing.T) {
	s := openStore(t, "")
	hours := []int{30, -5, 7, 7, 0, 1_000_000, 12, -1_000_000, 7, 3}
	rng := rand.New(rand.NewPCG(7, 7))
	rng.Shuffle(len(hours), func(i, j int) { hours[i], hours[j] = hours[j], hours[i] })
	for i, h := range hours {
		b := sampleBriefing(fmt.Sprintf("https://ledger.test/o%d", i), 0)
		b.Article.Published = baseTime.Add(time.Duration(h) * time.Hour) // -1e6 h is 1912, +1e6 h is 2140
		mustSave(t, s, b)
	}
	for _, q := range []briefing.HistoryQuery{{Limit: 4}, {Text: "harbour", Limit: 3}, {Speaker: "Veloria", Limit: 5}} {
		var got []briefing.Warning
		for {
			page, err := s.History(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, page.Warnings...)
			if page.Next == "" {
				break
			}
			q.Cursor = page.Next
		}
		perArticle := map[string]int{"": 3, "harbour": 1, "Veloria": 2} // Brandt speaks for Veloria twice an article
		if len(got) != len(hours)*perArticle[q.Text+q.Speaker] {
			t.Errorf("%+v: %d warnings, want %d", q, len(got), len(hours)*perArticle[q.Text+q.Speaker])
		}
		for i := 1; i < len(got); i++ {
			prev, cur := got[i-1], got[i]
			if cur.Source.Published.After(prev.Source.Published) ||
				cur.Source.Published.Equal(prev.Source.Published) && cur.Source.ArticleID == prev.Source.ArticleID && cur.Position > prev.Position {
				t.Errorf("%+v: %v (position %d) listed after %v (position %d)", q,
					cur.Source.Published, cur.Position, prev.Source.Published, prev.Position)
			}
		}
	}
	// Times outside the id range still filter correctly at their edge.
	old := history(t, s, briefing.HistoryQuery{Until: baseTime.Add(-time.Hour), Limit: MaxHistoryLimit})
	if len(old) != 6 {
		t.Errorf("before base time: %d warnings, want 6", len(old))
	}
}

func TestSaveBriefingWithOddCharacters(t *testing.T) {
	s := openStore(t, "")
	b := sampleBriefing("https://ledger.test/odd?q=a%20b&x='1'", 0)
	b.Article.Text = "nul\x00byte and \xff\xfe broken UTF-8"
	b.Warnings[0].What = "quotes \" ' and NUL\x00 and <tags> & ampersands"
	b.Warnings[0].Evidence = []string{"line\none", "tab\tand \\ backslash", "emoji 🚢 and \u202e bidi"}
	b.Warnings[1].Speaker = briefing.Actor{Name: "O'Brien \"the Elder\" %_"}
	mustSave(t, s, b)
	got := history(t, s, briefing.HistoryQuery{Text: "ampersands"})
	if len(got) != 1 || got[0].What != b.Warnings[0].What || !slices.Equal(got[0].Evidence, b.Warnings[0].Evidence) {
		t.Fatalf("read back %+v", got)
	}
	if got := history(t, s, briefing.HistoryQuery{Text: "backslash bidi"}); len(got) != 1 {
		t.Errorf("evidence words: found %d, want 1", len(got))
	}
	if got := history(t, s, briefing.HistoryQuery{Speaker: "O'Brien \"the Elder\" %_"}); len(got) != 1 {
		t.Errorf("odd speaker name: found %d, want 1", len(got))
	}
	if a, ok, err := s.ArticleByURL(context.Background(), b.Article.CanonicalURL); err != nil || !ok || a.Text != b.Article.Text {
		t.Errorf("ArticleByURL: %q, %v, %v", a.Text, ok, err)
	}
}
