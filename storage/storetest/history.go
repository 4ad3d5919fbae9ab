package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"redline/briefing"
	"redline/internal/testclock"
	"redline/storage/internal/fixture"
)

// maxPage is the largest page both stores serve.
const maxPage = 200

func testSaveSetsIDsHashAndKeys(t *testing.T, h Harness) {
	s := open(t, h)
	b := fixture.Briefing("https://ledger.test/harbour", 0)
	fixture.MustSave(t, s, b)

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
	ws := fixture.History(t, s, briefing.HistoryQuery{})
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

func testSavedTwiceIsStoredOnce(t *testing.T, h Harness) {
	ctx := context.Background()
	c := testclock.New(baseTime)
	s, _ := h.Open(t, c.Now)

	first := fixture.Briefing("https://ledger.test/harbour", 0)
	fixture.MustSave(t, s, first)

	// The same article again, read later from another URL with the same
	// canonical one: the IDs and first fetch time are the stored ones.
	c.Advance(time.Hour)
	again := fixture.Briefing("https://ledger.test/harbour", 0)
	again.Article.URL = "https://ledger.test/harbour?ref=feed"
	again.Article.Fetched = first.Article.Fetched.Add(36 * time.Hour)
	fixture.MustSave(t, s, again)
	if again.Article.ID != first.Article.ID || !again.Article.Fetched.Equal(first.Article.Fetched) {
		t.Errorf("second save: article %d fetched %v, want %d fetched %v",
			again.Article.ID, again.Article.Fetched, first.Article.ID, first.Article.Fetched)
	}
	if !slices.Equal(ids(again.Warnings), ids(first.Warnings)) {
		t.Errorf("second save: warning ids %v, want %v", ids(again.Warnings), ids(first.Warnings))
	}
	if got := fixture.History(t, s, briefing.HistoryQuery{}); len(got) != 3 {
		t.Errorf("after saving twice: %d warnings, want 3", len(got))
	}
	// Nothing was written: the first address still finds it.
	if a, ok, err := s.ArticleByURL(ctx, first.Article.URL); err != nil || !ok || a.ID != first.Article.ID {
		t.Errorf("ArticleByURL(the first address) = %+v, %v, %v", a, ok, err)
	}
}

func testResaveReplacesWarnings(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	b := fixture.Briefing("https://ledger.test/harbour", 0)
	fixture.MustSave(t, s, b)
	fixture.MustSave(t, s, fixture.OtherBriefing("https://courier.test/dam", 1))

	// Re-extracted: Brandt's warnings are gone, Vask's remains.
	re := fixture.Briefing("https://ledger.test/harbour", 0)
	re.Warnings = re.Warnings[:1]
	re.Warnings[0].What = "a blockade of the northern harbour"
	fixture.MustSave(t, s, re)
	if re.Article.ID != b.Article.ID {
		t.Errorf("re-save got article %d, want %d", re.Article.ID, b.Article.ID)
	}
	if got := fixture.Whats(fixture.History(t, s, briefing.HistoryQuery{})); !slices.Equal(got, []string{"the dam's spillway", "a blockade of the northern harbour"}) {
		t.Errorf("history after re-save = %q", got)
	}
	if ws := fixture.History(t, s, briefing.HistoryQuery{Text: "insurers"}); len(ws) != 0 {
		t.Errorf("the replaced warning is still found by full-text search: %v", fixture.Whats(ws))
	}
	if ws := fixture.History(t, s, briefing.HistoryQuery{Text: "northern"}); len(ws) != 1 {
		t.Errorf("the new warning is not found by full-text search: %v", fixture.Whats(ws))
	}
	// Brandt spoke only in the replaced warnings: no longer offered.
	if as, err := s.Actors(ctx, "brandt", 0); err != nil || len(as) != 0 {
		t.Errorf("Actors(brandt) after replacing = %+v, %v; want none", as, err)
	}
	if h.CheckCounts != nil {
		h.CheckCounts(t, s)
	}
}

func testSaveRejectsBadInput(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	noURL := fixture.Briefing("", 0)
	noURL.Article.URL = ""
	badKind := fixture.Briefing("https://ledger.test/kind", 0)
	badKind.Warnings[1].Kind = "prophecy"
	for name, b := range map[string]*briefing.Briefing{"nil": nil, "no URL": noURL, "unknown kind": badKind} {
		err := s.SaveBriefing(ctx, b)
		if code := briefing.ErrorCode(err); code != briefing.EINVALID {
			t.Errorf("%s: code %q (%v), want %q", name, code, err, briefing.EINVALID)
		}
	}
	if got := fixture.History(t, s, briefing.HistoryQuery{}); len(got) != 0 {
		t.Errorf("bad input stored %d warnings", len(got))
	}
	// Nor its article: the check comes before anything is written.
	if _, ok, err := s.ArticleByURL(ctx, badKind.Article.CanonicalURL); ok || err != nil {
		t.Errorf("a briefing with an unknown kind stored its article: %v, %v", ok, err)
	}
}

// sameOrStorable reports whether got is want, or, on an engine that does
// not keep any text as given, want with NUL bytes and broken UTF-8
// replaced by U+FFFD: what PostgreSQL can hold of it.
func (h Harness) sameOrStorable(got, want string) bool {
	return got == want || !h.KeepsAnyText && got == strings.ReplaceAll(strings.ToValidUTF8(want, "\uFFFD"), "\x00", "\uFFFD")
}

func testSaveOddCharacters(t *testing.T, h Harness) {
	s := open(t, h)
	b := fixture.Briefing("https://ledger.test/odd?q=a%20b&x='1'", 0)
	text := "nul\x00byte and \xff\xfe broken UTF-8"
	b.Article.Text = text
	what := "quotes \" ' and NUL\x00 and <tags> & ampersands"
	b.Warnings[0].What = what
	b.Warnings[0].Evidence = []string{"line\none", "tab\tand \\ backslash", "emoji 🚢 and \u202e bidi"}
	b.Warnings[1].Speaker = briefing.Actor{Name: "O'Brien \"the Elder\" %_"}
	fixture.MustSave(t, s, b)
	h.settle(t, s)
	got := fixture.History(t, s, briefing.HistoryQuery{Text: "ampersands"})
	if len(got) != 1 || !h.sameOrStorable(got[0].What, what) ||
		!slices.Equal(got[0].Evidence, []string{"line\none", "tab\tand \\ backslash", "emoji 🚢 and \u202e bidi"}) {
		t.Fatalf("read back %+v", got)
	}
	if got := fixture.History(t, s, briefing.HistoryQuery{Text: "backslash bidi"}); len(got) != 1 {
		t.Errorf("evidence words: found %d, want 1", len(got))
	}
	if got := fixture.History(t, s, briefing.HistoryQuery{Speaker: "O'Brien \"the Elder\" %_"}); len(got) != 1 {
		t.Errorf("odd speaker name: found %d, want 1", len(got))
	}
	a, ok, err := s.ArticleByURL(context.Background(), b.Article.CanonicalURL)
	if err != nil || !ok || !h.sameOrStorable(a.Text, text) {
		t.Errorf("ArticleByURL: %q, %v, %v", a.Text, ok, err)
	}
	// Saving the same again changes nothing.
	again := fixture.Briefing("https://ledger.test/odd?q=a%20b&x='1'", 0)
	again.Article.Text = text
	again.Warnings[0].What = what
	again.Warnings[0].Evidence = b.Warnings[0].Evidence
	again.Warnings[1].Speaker = briefing.Actor{Name: "O'Brien \"the Elder\" %_"}
	fixture.MustSave(t, s, again)
	if !slices.Equal(ids(again.Warnings), ids(b.Warnings)) {
		t.Errorf("an identical re-save of odd text got new ids %v, want %v", ids(again.Warnings), ids(b.Warnings))
	}
}

func testFullTextFindsWords(t *testing.T, h Harness) {
	s := open(t, h)
	fixture.MustSave(t, s, fixture.Briefing("https://ledger.test/harbour", 0))
	fixture.MustSave(t, s, fixture.OtherBriefing("https://courier.test/dam", 1))
	h.settle(t, s)
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
		{"LUCIA", []string{"the dam's spillway"}},
		{"blockade insurers", nil},                // all words must match in one warning
		{"dam's", []string{"the dam's spillway"}}, // a chunk is a phrase of its words
		{"spillway's", nil}, // … all of them
		{"met force", []string{"a blockade of the harbour"}}, // words, not a phrase, across chunks
		{"harbour-blockade", nil},                            // "harbour blockade" is not a phrase in the text
		{"blockade-of", []string{"a blockade of the harbour"}},
		{"harbo", nil}, // no prefix matching
	} {
		got := fixture.Whats(fixture.History(t, s, briefing.HistoryQuery{Text: tc.text}))
		if !slices.Equal(got, tc.want) {
			t.Errorf("Text %q: got %q, want %q", tc.text, got, tc.want)
		}
	}
}

func testHostileFullTextInput(t *testing.T, h Harness) {
	s := open(t, h)
	fixture.MustSave(t, s, fixture.Briefing("https://ledger.test/harbour", 0))
	h.settle(t, s)
	hostile := []string{
		`"`, `""`, `"harbour`, `NEAR(`, `NEAR(harbour blockade`, `-`, `- harbour`, `-harbour`, `*`, `harbour*`,
		`AND`, `OR`, `NOT`, `harbour OR`, `harbour AND NOT blockade`, `(`, `)`, `((harbour)`, `^harbour`,
		`speaker:vask`, `{speaker what}: harbour`, `+`, `'`, `\`, `%`, `_`, "harbour\x00", "\x00\"", "\xff\xfe", "\u00a0", `🚢`, "\u202eharbour",
		`harbour"; DROP TABLE warnings; --`, `a "b" c`, string(make([]byte, 3000)), `harbour <-> blockade`, `!harbour`, `harbour & blockade | x`,
		`harbour:*`, `'harbour':A`,
	}
	ctx := context.Background()
	for _, text := range hostile {
		if _, err := s.History(ctx, briefing.HistoryQuery{Text: text}); err != nil {
			t.Errorf("Text %q: %v", text, err)
		}
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
	for text, want := range map[string]int{
		"harbour\x00":   1,
		`"harbour"`:     1,
		`harbour -`:     1,
		`harbour OR`:    0, // operators are plain words: this needs the word "or"
		`-harbour`:      1, // not a negation
		"\u202eharbour": 1,
	} {
		if got := fixture.History(t, s, briefing.HistoryQuery{Text: text}); len(got) != want {
			t.Errorf("Text %q found %d warnings, want %d", text, len(got), want)
		}
	}
	if got := fixture.History(t, s, briefing.HistoryQuery{}); len(got) != 3 {
		t.Errorf("warnings after hostile searches: %d, want 3", len(got))
	}
}

func testHistoryFilters(t *testing.T, h Harness) {
	s := open(t, h)
	fixture.MustSave(t, s, fixture.Briefing("https://ledger.test/day0", 0))
	fixture.MustSave(t, s, fixture.OtherBriefing("https://courier.test/dam", 5))
	late := fixture.Briefing("https://ledger.test/day2", 48)
	late.Warnings = late.Warnings[1:2] // Brandt → Ostmark only
	fixture.MustSave(t, s, late)
	h.settle(t, s)

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
		{"text and addressee", briefing.HistoryQuery{Addressee: "veloria", Text: "harbour"}, []string{blockade}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := fixture.Whats(fixture.History(t, s, tc.q)); !slices.Equal(got, tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func testHistoryUsesFetchTimeWhenUndated(t *testing.T, h Harness) {
	s := open(t, h)
	b := fixture.OtherBriefing("https://courier.test/undated", 0)
	b.Article.Published = time.Time{}
	b.Article.Fetched = baseTime.Add(10 * time.Hour)
	fixture.MustSave(t, s, b)
	fixture.MustSave(t, s, fixture.Briefing("https://ledger.test/day0", 9))

	got := fixture.History(t, s, briefing.HistoryQuery{Since: baseTime.Add(10 * time.Hour)})
	if len(got) != 1 || got[0].What != "the dam's spillway" {
		t.Fatalf("got %q, want the undated article by its fetch time", fixture.Whats(got))
	}
	if !got[0].Source.Published.IsZero() || !got[0].Source.Fetched.Equal(b.Article.Fetched) {
		t.Errorf("source times %+v", got[0].Source)
	}
}

func testHistoryPaging(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	const articles = 20
	for i := range articles {
		// Pairs of articles share a time, so the order must break ties.
		fixture.MustSave(t, s, fixture.Briefing(fmt.Sprintf("https://ledger.test/a%d", i), i/2))
	}
	h.settle(t, s)
	for qi, q := range []briefing.HistoryQuery{
		{Limit: 7},
		{Limit: 1, Speaker: "brandt"},
		{Limit: 4, Text: "harbour", Since: baseTime.Add(2 * time.Hour)},
	} {
		all := fixture.History(t, s, briefing.HistoryQuery{Speaker: q.Speaker, Text: q.Text, Since: q.Since, Limit: maxPage})
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
				fixture.MustSave(t, s, fixture.Briefing(fmt.Sprintf("https://ledger.test/new%d", qi), 1000))
			}
			q.Cursor = page.Next
		}
		if len(all) == 0 || len(all) >= maxPage {
			t.Fatalf("reference query found %d warnings", len(all))
		}
		if !slices.Equal(ids(paged), ids(all)) {
			t.Errorf("query %+v: pages gave %v, want %v", q, ids(paged), ids(all))
		}
		if want := (len(all) + q.Limit - 1) / q.Limit; pages != want {
			t.Errorf("query %+v: %d pages, want %d", q, pages, want)
		}
	}
	// Limits: 0 is the default page, more than the largest is the largest.
	if got := fixture.History(t, s, briefing.HistoryQuery{}); len(got) != 20 {
		t.Errorf("default page: %d warnings, want 20", len(got))
	}
	if got := fixture.History(t, s, briefing.HistoryQuery{Limit: 10000}); len(got) != 69 {
		t.Errorf("page of 10000: %d warnings, want all 69", len(got))
	}
}

func testHistoryRejectsBadCursor(t *testing.T, h Harness) {
	s := open(t, h)
	enc := base64.RawURLEncoding.EncodeToString
	for _, c := range []string{"nonsense", "!!!", enc([]byte("h1:1:1")), enc([]byte("h2:1:1")), enc([]byte("h2:0")), enc([]byte("h2:-5")), enc([]byte("h2:"))} {
		_, err := s.History(context.Background(), briefing.HistoryQuery{Cursor: c})
		if code := briefing.ErrorCode(err); code != briefing.EINVALID {
			t.Errorf("cursor %q: code %q (%v), want %q", c, code, err, briefing.EINVALID)
		}
	}
}

// History is in article time order however the articles were saved, also
// for times at the edges of the id range.
func testHistoryOrder(t *testing.T, h Harness) {
	s := open(t, h)
	hours := []int{30, -5, 7, 7, 0, 1_000_000, 12, -1_000_000, 7, 3}
	rng := rand.New(rand.NewPCG(7, 7))
	rng.Shuffle(len(hours), func(i, j int) { hours[i], hours[j] = hours[j], hours[i] })
	for i, hr := range hours {
		b := fixture.Briefing(fmt.Sprintf("https://ledger.test/o%d", i), 0)
		b.Article.Published = baseTime.Add(time.Duration(hr) * time.Hour) // -1e6 h is 1912, +1e6 h is 2140
		fixture.MustSave(t, s, b)
	}
	h.settle(t, s)
	for _, q := range []briefing.HistoryQuery{{Limit: 4}, {Text: "harbour", Limit: 3}, {Speaker: "Veloria", Limit: 5}} {
		got := allHistory(t, s, q)
		perArticle := map[string]int{"": 3, "harbour": 1, "Veloria": 2}
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
	old := fixture.History(t, s, briefing.HistoryQuery{Until: baseTime.Add(-time.Hour), Limit: maxPage})
	if len(old) != 6 {
		t.Errorf("before base time: %d warnings, want 6", len(old))
	}
}

func testProfile(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	fixture.MustSave(t, s, fixture.Briefing("https://ledger.test/day0", 0))
	fixture.MustSave(t, s, fixture.Briefing("https://ledger.test/day1", 24))
	fixture.MustSave(t, s, fixture.OtherBriefing("https://courier.test/dam", 30))

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
	if _, err = s.Profile(ctx, "Nobody Atall", 5); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Errorf("unknown actor: %v, want %q", err, briefing.ENOTFOUND)
	}
	if _, err = s.Profile(ctx, "   ", 5); briefing.ErrorCode(err) != briefing.EINVALID {
		t.Errorf("blank name: %v, want %q", err, briefing.EINVALID)
	}
}

func testActors(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	fixture.MustSave(t, s, fixture.Briefing("https://ledger.test/day0", 0))
	fixture.MustSave(t, s, fixture.OtherBriefing("https://courier.test/dam", 1))
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
	// Veloria takes part in all 3 sample warnings; Brandt and Ostmark in 2
	// each, then by name.
	for _, tc := range []struct {
		prefix string
		limit  int
		want   []string
	}{
		{"", 3, []string{"veloria", "anika brandt", "ostmark"}},
		{"VEL", 0, []string{"veloria"}},
		{"vas", 0, []string{"teodor vask"}},
		{"dam b", 0, []string{"valley water authority"}},
		{"%", 0, nil},
		{"_", 0, nil},
		{"luc", 0, []string{"lucia rivera"}},
	} {
		if got := keys(tc.prefix, tc.limit); !slices.Equal(got, tc.want) {
			t.Errorf("Actors(%q, %d) = %q, want %q", tc.prefix, tc.limit, got, tc.want)
		}
	}
	if got := keys("", 1000); len(got) != 6 {
		t.Errorf("all actors: %q, want 6", got)
	}
}

func testArticleByURL(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	b := fixture.Briefing("https://ledger.test/harbour", 0)
	fixture.MustSave(t, s, b)
	for _, u := range []string{b.Article.CanonicalURL, b.Article.URL} {
		a, ok, err := s.ArticleByURL(ctx, u)
		if err != nil || !ok {
			t.Fatalf("ArticleByURL(%s) = %v, %v", u, ok, err)
		}
		if a.ID != b.Article.ID || a.Text != b.Article.Text || a.ContentHash != b.Article.ContentHash ||
			!a.Published.Equal(b.Article.Published) || a.Byline != b.Article.Byline || a.URL != b.Article.URL ||
			a.CanonicalURL != b.Article.CanonicalURL || a.Language != "en" {
			t.Errorf("ArticleByURL(%s) = %+v", u, a)
		}
	}
	if _, ok, err := s.ArticleByURL(ctx, "https://ledger.test/other"); ok || err != nil {
		t.Errorf("unknown URL: %v, %v", ok, err)
	}
}

func testErrorsHideDriverText(t *testing.T, h Harness) {
	s := open(t, h)
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
	msg := strings.ToLower(briefing.ErrorMessage(err))
	for _, raw := range []string{"sql:", "closed", "sqlite", "pgx", "pgconn", "sqlstate"} {
		if strings.Contains(msg, raw) {
			t.Errorf("user message shows driver text %q: %q", raw, msg)
		}
	}
}

// testConcurrentWriters runs writers on two handles (as two processes
// would) against readers: every save lands, none fails, and no reader sees
// half a briefing.
func testConcurrentWriters(t *testing.T, h Harness) {
	if testing.Short() {
		t.Skip("runs for a second")
	}
	const (
		writers  = 6
		readers  = 4
		duration = time.Second
	)
	ctx := context.Background()
	first, more := h.Open(t, func() time.Time { return baseTime })
	stores := []Store{first, more()}
	var (
		mu   sync.Mutex
		errs []error
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if len(errs) < 20 {
			errs = append(errs, err)
		}
	}
	stop := make(chan struct{})
	saved := make([]int, writers) // distinct articles per writer
	shared := map[int]bool{}      // the articles all writers save
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[w%len(stores)]
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				b := concurrentBriefing(w, i)
				if i%4 == 3 {
					// Re-save an earlier article, sometimes identical, sometimes re-extracted.
					b = concurrentBriefing(w, i-1)
					if i%8 == 7 {
						b = concurrentBriefing(w, i-3)
						b.Warnings[1].What = fmt.Sprintf("revised at step %d", i)
					}
				}
				if err := s.SaveBriefing(ctx, b); err != nil {
					fail(fmt.Errorf("writer %d, step %d: %w", w, i, err))
					return
				}
				if i%4 != 3 {
					saved[w]++
				}
				if i%5 == 4 {
					// The same article from several writers at once.
					if err := s.SaveBriefing(ctx, concurrentBriefing(100, i/5)); err != nil {
						fail(fmt.Errorf("writer %d, shared step %d: %w", w, i, err))
						return
					}
					mu.Lock()
					shared[i/5] = true
					mu.Unlock()
				}
			}
		}()
	}
	for r := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[r%len(stores)]
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				var err error
				switch i % 4 {
				case 0:
					// Brandt speaks for Veloria twice in every article: a
					// page shows both or neither (the last article on the
					// page may be cut by the page's end).
					var page briefing.HistoryPage
					page, err = s.History(ctx, briefing.HistoryQuery{Speaker: "Veloria", Limit: maxPage})
					var order []int64
					perArticle := map[int64]int{}
					for _, w := range page.Warnings {
						if perArticle[w.Source.ArticleID] == 0 {
							order = append(order, w.Source.ArticleID)
						}
						perArticle[w.Source.ArticleID]++
					}
					for i, id := range order {
						if n := perArticle[id]; n != 2 && (i < len(order)-1 || page.Next == "") {
							err = fmt.Errorf("article %d shows %d of Veloria's 2 warnings: a briefing was half saved", id, n)
						}
					}
				case 1:
					_, err = s.History(ctx, briefing.HistoryQuery{Speaker: "Brandt", Since: baseTime, Limit: 10})
				case 2:
					_, err = s.Profile(ctx, "Ostmark", 3)
					if briefing.ErrorCode(err) == briefing.ENOTFOUND {
						err = nil // nothing saved yet
					}
				case 3:
					_, err = s.Actors(ctx, "o", 5)
				}
				if err != nil {
					fail(fmt.Errorf("reader %d, step %d: %w", r, i, err))
					return
				}
				time.Sleep(time.Millisecond)
			}
		}()
	}
	time.Sleep(duration)
	close(stop)
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}
	total := 0
	for _, n := range saved {
		total += n
	}
	if total < writers {
		t.Fatalf("only %d saves in %v", total, duration)
	}
	// Every article once, with its three warnings: nothing lost, nothing doubled.
	u, err := stores[0].Usage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]int64{}
	for _, r := range u.Rows {
		rows[r.Table] = r.Rows
	}
	if articles := int64(total + len(shared)); rows["articles"] != articles || rows["warnings"] != 3*articles {
		t.Errorf("stored %d articles, %d warnings; want %d, %d", rows["articles"], rows["warnings"], articles, 3*articles)
	}
	for w, n := range saved {
		found := len(allHistory(t, stores[1], briefing.HistoryQuery{Text: fmt.Sprintf("writer%d", w), Limit: maxPage}))
		if found != n {
			t.Errorf("writer %d: full-text search finds %d of its %d articles", w, found, n)
		}
	}
	if h.CheckCounts != nil {
		h.CheckCounts(t, stores[0])
	}
	t.Logf("%d briefings saved by %d writers in %v", total, writers, duration)
}

func concurrentBriefing(writer, i int) *briefing.Briefing {
	b := fixture.Briefing(fmt.Sprintf("https://w%d.test/article/%d", writer, i), i%50)
	b.Warnings[0].What += fmt.Sprintf(" (writer%d)", writer)
	return b
}
