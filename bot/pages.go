package bot

import (
	"container/list"
	"strconv"
	"strings"
	"sync"
	"time"

	"redline/briefing"
)

const (
	pageCacheSize = 1000             // history results remembered for their buttons
	pageCacheTTL  = 30 * time.Minute // after this, buttons ask to search again
	historyPrefix = "hist"           // custom_id prefix of the history buttons
)

// historyResult remembers one /history search so that its Previous/Next
// buttons page with the store's cursors instead of searching again.
type historyResult struct {
	id      string
	query   briefing.HistoryQuery // without cursor
	title   string
	cursors []string // cursors[i] fetches page i; cursors[0] is ""
	created time.Time
}

// pageCache is a bounded, expiring map of history results (least recently
// used evicted first).
type pageCache struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	now   func() time.Time
	next  uint64
	order *list.List // front = most recently used; values are *historyResult
	byID  map[string]*list.Element
}

func newPageCache(max int, ttl time.Duration, now func() time.Time) *pageCache {
	return &pageCache{max: max, ttl: ttl, now: now, order: list.New(), byID: map[string]*list.Element{}}
}

// add stores a new result and returns it with its id set.
func (c *pageCache) add(q briefing.HistoryQuery, title string) *historyResult {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	r := &historyResult{id: strconv.FormatUint(c.next, 36), query: q, title: title, cursors: []string{""}, created: c.now()}
	c.byID[r.id] = c.order.PushFront(r)
	for c.order.Len() > c.max {
		old := c.order.Back()
		c.order.Remove(old)
		delete(c.byID, old.Value.(*historyResult).id)
	}
	return r
}

// get returns the result with id, or false when it is unknown or expired.
func (c *pageCache) get(id string) (*historyResult, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byID[id]
	if !ok {
		return nil, false
	}
	r := e.Value.(*historyResult)
	if c.now().Sub(r.created) > c.ttl {
		c.order.Remove(e)
		delete(c.byID, id)
		return nil, false
	}
	c.order.MoveToFront(e)
	return r, true
}

// cursor returns the cursor of page n of r, or false when that page has not
// been reached by paging yet.
func (c *pageCache) cursor(r *historyResult, n int) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n < 0 || n >= len(r.cursors) {
		return "", false
	}
	return r.cursors[n], true
}

// learn records next as the cursor of page n+1 once page n was fetched.
func (c *pageCache) learn(r *historyResult, n int, next string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if next != "" && n+1 == len(r.cursors) {
		r.cursors = append(r.cursors, next)
	}
}

// pageButtonID is the custom_id of a button that shows page n of result id.
func pageButtonID(id string, n int) string {
	return historyPrefix + ":" + id + ":" + strconv.Itoa(n)
}

// parsePageButtonID reverses pageButtonID.
func parsePageButtonID(customID string) (id string, n int, ok bool) {
	parts := strings.Split(customID, ":")
	if len(parts) != 3 || parts[0] != historyPrefix {
		return "", 0, false
	}
	n, err := strconv.Atoi(parts[2])
	if err != nil || n < 0 {
		return "", 0, false
	}
	return parts[1], n, true
}
