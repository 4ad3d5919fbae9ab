package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"redline/briefing"
)

func TestMemSearchesKeepCursorsInOrderAndForget(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(1000, 0)
	m := newMemSearches(func() time.Time { return now })
	id, _ := m.SaveSearch(ctx, briefing.SavedSearch{UserID: "u", Query: briefing.HistoryQuery{Speaker: "a"}})
	m.SetSearchCursor(ctx, id, 1, "c1")
	m.SetSearchCursor(ctx, id, 1, "other") // page 1 learnt again adds nothing
	m.SetSearchCursor(ctx, id, 3, "c3")    // not the next page: ignored
	s, err := m.SavedSearch(ctx, id)
	if err != nil || strings.Join(s.Cursors, ",") != ",c1" || s.UserID != "u" {
		t.Fatalf("saved = %+v, %v", s, err)
	}
	now = now.Add(25 * time.Hour)
	m.SaveSearch(ctx, briefing.SavedSearch{})
	if _, err := m.SavedSearch(ctx, id); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Errorf("a day-old search: %v", err)
	}
}

func TestButtonIDRoundTrip(t *testing.T) {
	for _, c := range []struct {
		kind string
		id   int64
		n    int
	}{{buttonPage, 1, 0}, {buttonShare, 1<<62 - 1, 10000}} {
		custom := buttonID(c.kind, c.id, c.n)
		if len(custom) > 100 {
			t.Errorf("custom_id %q is over Discord's 100 characters", custom)
		}
		kind, id, n, ok := parseButtonID(custom)
		if !ok || kind != c.kind || id != c.id || n != c.n {
			t.Errorf("parse(%q) = %s %d %d %v", custom, kind, id, n, ok)
		}
		if _, _, _, ok := parseButtonID(custom + ":p"); !ok {
			t.Errorf("the disabled Previous variant of %q does not parse", custom)
		}
	}
	for _, bad := range []string{"", "h", "h:x", "h:1", "x:1:0", "h:-1:0", "h:1:-2", "h:1:abc", "h:1:0:p:q", "hist:1:0"} {
		if _, _, _, ok := parseButtonID(bad); ok {
			t.Errorf("parse(%q) accepted", bad)
		}
	}
}
