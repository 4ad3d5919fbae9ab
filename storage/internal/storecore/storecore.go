// Package storecore is what redline's two stores (storage, on SQLite, and
// storage/postgres) do alike in Go, apart from their SQL: what a store
// makes of a briefing before it writes its rows, how it pages history and
// bounds its answers, how it keeps saved searches and feed filters, and
// how a database error becomes a user's error. Keeping it in one place is
// what lets the two stores give the same answers (the conformance suite,
// storage/storetest, checks that they do).
package storecore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"redline/briefing"
	"redline/briefing/actors"
)

// PrepareBriefing checks b and fills what a store derives: the URL when
// only a canonical one was given, the fetch time (now, when unset), the
// content hash, the default kind and the actor keys. clean, unless nil,
// first makes every text storable (PostgreSQL), so that the hash and the
// fingerprint are of what is kept.
func PrepareBriefing(b *briefing.Briefing, now func() time.Time, clean func(string) string) error {
	if b == nil {
		return briefing.Errorf(briefing.EINVALID, "there is no briefing to save")
	}
	a := &b.Article
	key := a.Key()
	if strings.TrimSpace(key) == "" {
		return briefing.Errorf(briefing.EINVALID, "the article has no URL, so it cannot be saved in history")
	}
	for i := range b.Warnings {
		switch b.Warnings[i].Kind {
		case "", briefing.KindWarning, briefing.KindThreat:
		default:
			return briefing.Errorf(briefing.EINVALID, "warning %d of %s has an unknown kind %q (want %q or %q)",
				i+1, key, b.Warnings[i].Kind, briefing.KindWarning, briefing.KindThreat)
		}
	}
	if clean != nil {
		for _, f := range []*string{&a.URL, &a.CanonicalURL, &a.Title, &a.Byline, &a.Site, &a.Language, &a.Text} {
			*f = clean(*f)
		}
	}
	if a.URL == "" {
		a.URL = a.Key()
	}
	if a.Fetched.IsZero() {
		a.Fetched = now()
	}
	sum := sha256.Sum256([]byte(a.Text))
	a.ContentHash = hex.EncodeToString(sum[:])
	for i := range b.Warnings {
		w := &b.Warnings[i]
		if w.Kind == "" {
			w.Kind = briefing.KindWarning
		}
		if clean != nil {
			for _, f := range []*string{&w.What, &w.Condition, &w.Consequence, &w.Quote} {
				*f = clean(*f)
			}
			if w.Evidence != nil {
				// A new slice: the caller's may be shared.
				evidence := make([]string, len(w.Evidence))
				for i, e := range w.Evidence {
					evidence[i] = clean(e)
				}
				w.Evidence = evidence
			}
			for _, p := range []*briefing.Actor{&w.Speaker, &w.Addressee} {
				p.Name, p.Affiliation, p.Key, p.AffiliationKey = clean(p.Name), clean(p.Affiliation), clean(p.Key), clean(p.AffiliationKey)
			}
		}
		FillKeys(&w.Speaker)
		FillKeys(&w.Addressee)
	}
	return nil
}

// FillKeys sets the keys the extractor left empty from the names.
func FillKeys(a *briefing.Actor) {
	if a.Key == "" {
		a.Key = actors.Key(a.Name)
	}
	if a.AffiliationKey == "" {
		a.AffiliationKey = actors.Key(a.Affiliation)
	}
}

// SetIDs gives b the ids its rows were stored under.
func SetIDs(b *briefing.Briefing, articleID int64, warningIDs []int64) {
	b.Article.ID = articleID
	for i := range b.Warnings {
		b.Warnings[i].ID = warningIDs[i]
	}
}

// EncodeEvidence renders sentences as a JSON array, without escaping HTML
// characters, so that the stored text stays readable.
func EncodeEvidence(sentences []string) (string, error) {
	if sentences == nil {
		sentences = []string{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(sentences); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// Fingerprint hashes what a store keeps of a prepared briefing b, except
// the address it was read from and when (a feed bringing the same article
// again changes neither), and returns the encoded evidence of each warning
// on the way. Times count to the millisecond, as stored. A save whose
// fingerprint is the stored one writes nothing.
func Fingerprint(b *briefing.Briefing) (string, []string, error) {
	a := b.Article
	h := sha256.New()
	enc := json.NewEncoder(h)
	var published int64
	if !a.Published.IsZero() {
		published = a.Published.UTC().UnixMilli()
	}
	if err := enc.Encode([]any{a.Title, a.Site, a.Byline, a.Language, published, a.ContentHash}); err != nil {
		return "", nil, err
	}
	evidence := make([]string, len(b.Warnings))
	for i, w := range b.Warnings {
		ev, err := EncodeEvidence(w.Evidence)
		if err != nil {
			return "", nil, err
		}
		evidence[i] = ev
		if err := enc.Encode([]any{w.Speaker, w.Addressee, w.Kind, w.What, w.Condition, w.Consequence, w.Quote, ev}); err != nil {
			return "", nil, err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), evidence, nil
}

// Actor is one actor to record, and the names it was given.
type Actor struct {
	Key, Name, Kind, Affiliation, AffiliationKey string
	Aliases                                      map[string]string // alias key → alias as written
}

// Actors returns every party of ws, in the order they are first named:
// speakers and addressees with their latest affiliation, affiliations as
// actors of kind "group", and, as aliases, each name whose key differs
// from the actor's key. Of the names an actor is given, the longest is its
// name.
func Actors(ws []briefing.Warning) []*Actor {
	byKey := map[string]*Actor{}
	var order []*Actor
	record := func(name, key, kind, affiliation, affiliationKey string) {
		if key == "" {
			return
		}
		if name == "" {
			name = key
		}
		r := byKey[key]
		if r == nil {
			r = &Actor{Key: key, Name: name, Aliases: map[string]string{}}
			byKey[key] = r
			order = append(order, r)
		}
		if len(name) > len(r.Name) {
			r.Name = name
		}
		if kind != "" {
			r.Kind = kind
		}
		if affiliationKey != "" {
			r.Affiliation, r.AffiliationKey = affiliation, affiliationKey
		}
		if nameKey := actors.Key(name); nameKey != "" && nameKey != key {
			r.Aliases[nameKey] = name
		}
	}
	for _, w := range ws {
		for _, p := range []briefing.Actor{w.Speaker, w.Addressee} {
			if p.AffiliationKey == p.Key {
				// "Russia (Russia)": the party is itself the group.
				record(p.Name, p.Key, "group", "", "")
				continue
			}
			record(p.Name, p.Key, "", p.Affiliation, p.AffiliationKey)
			record(p.Affiliation, p.AffiliationKey, "group", "", "")
		}
	}
	return order
}

// History ids: a warning's id is HistoryKey(its article's time) plus a
// counter, so that id order is time order.
const (
	IDCounterBits = 16
	IDSlot        = int64(1) << IDCounterBits // ids per millisecond
	MaxKeyMillis  = int64(1)<<47 - 1          // keeps ids positive int64s (until the year 6429)
)

// HistoryKey is the smallest warning id of time t: ids at or above it are
// at t or later.
func HistoryKey(t time.Time) int64 {
	ms := min(max(t.UTC().UnixMilli(), 0), MaxKeyMillis)
	return ms << IDCounterBits
}

// Sizes of the stores' answers.
const (
	DefaultHistoryLimit  = 20
	MaxHistoryLimit      = 200
	DefaultActorsLimit   = 25
	MaxActorsLimit       = 100
	DefaultProfileLatest = 5
	ProfileCounterparts  = 10
)

// HistoryLimit is the page size of a history query asking for limit.
func HistoryLimit(limit int) int { return bound(limit, DefaultHistoryLimit, MaxHistoryLimit) }

// ActorsLimit is the number of actors listed for a request of limit.
func ActorsLimit(limit int) int { return bound(limit, DefaultActorsLimit, MaxActorsLimit) }

func bound(n, byDefault, most int) int {
	switch {
	case n <= 0:
		return byDefault
	case n > most:
		return most
	}
	return n
}

// ProfileLatest is the number of latest warnings a profile asked with
// latest shows: the default for 0, none when negative.
func ProfileLatest(latest int) int {
	switch {
	case latest == 0:
		return DefaultProfileLatest
	case latest < 0:
		return 0
	}
	return latest
}

// The cursor is opaque to callers; inside it is the id of the last warning
// of the previous page (ids are in history order).
const cursorVersion = "h2"

// EncodeCursor is the cursor of the page after the warning id.
func EncodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorVersion + ":" + strconv.FormatInt(id, 10)))
}

// DecodeCursor returns the warning id of cursor c, or an EINVALID error.
func DecodeCursor(c string) (int64, error) {
	bad := briefing.Errorf(briefing.EINVALID, "the history page marker is not valid; run the search again from the first page")
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, bad
	}
	version, rest, ok := strings.Cut(string(raw), ":")
	if !ok || version != cursorVersion {
		return 0, bad
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || id <= 0 {
		return 0, bad
	}
	return id, nil
}

// EscapeLike escapes LIKE's wildcards in s for the escape character '\'.
func EscapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// NameKey is the actor key of a name to look up, or an EINVALID error
// when nothing of it is left.
func NameKey(name string) (string, error) {
	k := actors.Key(name)
	if k == "" {
		return "", briefing.Errorf(briefing.EINVALID, "give the name of a person, country or organisation to look up")
	}
	return k, nil
}

// ActivityKeys are the actor keys of the names of an activity: other's is
// "" for none. A name of which nothing is left is an EINVALID error.
func ActivityKeys(name, other string) (string, string, error) {
	k, err := NameKey(name)
	if err != nil {
		return "", "", err
	}
	ok := actors.Key(other)
	if other != "" && ok == "" {
		return "", "", briefing.Errorf(briefing.EINVALID, "give the name of a second person, country or organisation")
	}
	return k, ok, nil
}

// PickActor returns the first of the actors found for name (best first)
// that a person would look up (actors.IsNameable), or an ENOTFOUND error
// that says whether name is a group or role, or nobody known.
func PickActor(name string, found []briefing.Actor) (briefing.Actor, error) {
	for _, a := range found {
		if actors.IsNameable(a.Name) {
			return a, nil
		}
	}
	if len(found) > 0 {
		return briefing.Actor{}, briefing.Errorf(briefing.ENOTFOUND,
			"%q is not one actor but a group or a role (such as \"officials\"); look up one person, country or organisation", name)
	}
	return briefing.Actor{}, briefing.Errorf(briefing.ENOTFOUND,
		"nobody called %q is in the history yet; check the spelling or brief an article that mentions them", name)
}

// SearchKeep is how long a saved history search keeps its buttons working.
const SearchKeep = 30 * 24 * time.Hour

// SearchKind is the kind of a saved search: "history" unless given.
func SearchKind(kind string) string {
	if kind == "" {
		return "history"
	}
	return kind
}

// searchQuery is how a saved search's query is stored.
type searchQuery struct {
	Speaker   string `json:"speaker,omitempty"`
	Addressee string `json:"addressee,omitempty"`
	Text      string `json:"text,omitempty"`
	Since     int64  `json:"since,omitempty"` // unix ms; 0 for none
	Until     int64  `json:"until,omitempty"`
	Limit     int    `json:"limit,omitempty"`
}

// EncodeSearch is how the query q of a saved search is stored.
func EncodeSearch(q briefing.HistoryQuery) ([]byte, error) {
	sq := searchQuery{Speaker: q.Speaker, Addressee: q.Addressee, Text: q.Text, Limit: q.Limit}
	if !q.Since.IsZero() {
		sq.Since = q.Since.UTC().UnixMilli()
	}
	if !q.Until.IsZero() {
		sq.Until = q.Until.UTC().UnixMilli()
	}
	return json.Marshal(sq)
}

// DecodeSearch reads back a query stored by EncodeSearch.
func DecodeSearch(raw []byte) (briefing.HistoryQuery, error) {
	var sq searchQuery
	if err := json.Unmarshal(raw, &sq); err != nil {
		return briefing.HistoryQuery{}, err
	}
	q := briefing.HistoryQuery{Speaker: sq.Speaker, Addressee: sq.Addressee, Text: sq.Text, Limit: sq.Limit}
	if sq.Since != 0 {
		q.Since = time.UnixMilli(sq.Since).UTC()
	}
	if sq.Until != 0 {
		q.Until = time.UnixMilli(sq.Until).UTC()
	}
	return q, nil
}

// PrepareSubscription checks sub and fills its defaults: digest delivery,
// and at as its creation time.
func PrepareSubscription(sub *briefing.Subscription, at time.Time) error {
	if sub.Feed.URL == "" || sub.ChannelID == "" {
		return briefing.Errorf(briefing.EINVALID, "a subscription needs a feed address and a channel")
	}
	if sub.Mode == "" {
		sub.Mode = briefing.DeliverDigest
	}
	if sub.Created.IsZero() {
		sub.Created = at
	}
	return nil
}

// FilterJSON is how a subscription's filter is stored.
func FilterJSON(f briefing.FeedFilter) (string, error) {
	if f.IsZero() {
		return "{}", nil
	}
	b, err := json.Marshal(f)
	return string(b), err
}

// MigrationNames returns the names of the *.sql files in dir of fsys, sorted.
func MigrationNames(fsys fs.FS, dir string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

// Unknown returns the first of the applied migrations that is not among
// the known ones (one a newer redline applied), or "" when all are known.
func Unknown(known, applied []string) string {
	isKnown := make(map[string]bool, len(known))
	for _, n := range known {
		isKnown[n] = true
	}
	for _, n := range applied {
		if !isKnown[n] {
			return n
		}
	}
	return ""
}

// DBError turns err into a *briefing.Error whose message says what failed
// and what to do; a *briefing.Error already in err is kept as is, and nil
// stays nil. engine explains the failures an engine knows (nil for
// others, which failed unexpectedly). The driver's text stays in the
// cause, for logs only.
func DBError(ctx context.Context, err error, what string, engine func(err error, what string) error) error {
	if err == nil {
		return nil
	}
	var be *briefing.Error
	if errors.As(err, &be) {
		return err
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return briefing.WrapError(briefing.ETIMEOUT, err, "%s took too long; try again", what)
	}
	if errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled) {
		return briefing.WrapError(briefing.EUNAVAILABLE, err, "%s was cancelled", what)
	}
	if known := engine(err, what); known != nil {
		return known
	}
	return briefing.WrapError(briefing.EINTERNAL, err, "%s failed unexpectedly; try again, and report it if it keeps happening", what)
}
