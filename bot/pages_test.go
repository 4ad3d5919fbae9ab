package bot

import (
	"testing"
	"time"

	"redline/briefing"
)

func TestPageCacheEvictsAndExpires(t *testing.T) {
	now := time.Unix(1000, 0)
	c := newPageCache(2, time.Minute, func() time.Time { return now })
	a := c.add(briefing.HistoryQuery{Speaker: "a"}, "A")
	b := c.add(briefing.HistoryQuery{Speaker: "b"}, "B")
	if _, ok := c.get(a.id); !ok { // a is now the most recently used
		t.Fatal("first result lost before the cache was full")
	}
	c.add(briefing.HistoryQuery{Speaker: "c"}, "C")
	if _, ok := c.get(b.id); ok {
		t.Fatal("least recently used result was not evicted")
	}
	if _, ok := c.get(a.id); !ok {
		t.Fatal("recently used result was evicted")
	}
	now = now.Add(2 * time.Minute)
	if _, ok := c.get(a.id); ok {
		t.Fatal("expired result still served")
	}
}

func TestPageCacheCursors(t *testing.T) {
	c := newPageCache(10, time.Hour, time.Now)
	r := c.add(briefing.HistoryQuery{}, "t")
	if cur, ok := c.cursor(r, 0); !ok || cur != "" {
		t.Fatalf("page 0 cursor = %q,%v", cur, ok)
	}
	if _, ok := c.cursor(r, 1); ok {
		t.Fatal("page 1 known before page 0 was fetched")
	}
	c.learn(r, 0, "c1")
	c.learn(r, 0, "other") // fetching page 0 again must not add a page
	c.learn(r, 1, "c2")
	if cur, _ := c.cursor(r, 2); cur != "c2" || len(r.cursors) != 3 {
		t.Fatalf("cursors = %q", r.cursors)
	}
}

func TestPageButtonIDRoundTrip(t *testing.T) {
	id := pageButtonID("zz9", 12)
	if len(id) > 100 {
		t.Fatalf("custom_id %q longer than Discord's 100", id)
	}
	gotID, n, ok := parsePageButtonID(id)
	if !ok || gotID != "zz9" || n != 12 {
		t.Fatalf("parse(%q) = %q,%d,%v", id, gotID, n, ok)
	}
	for _, bad := range []string{"", "hist:x", "hist:x:-1", "other:x:1", "hist:x:1:p", "hist:x:y"} {
		if _, _, ok := parsePageButtonID(bad); ok {
			t.Errorf("parse(%q) accepted", bad)
		}
	}
}
