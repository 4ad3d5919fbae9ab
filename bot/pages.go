package bot

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"redline/briefing"
)

// SearchStore keeps the lookups behind buttons (/history's Previous, Next
// and Share; /who's Share) so that a button works after a restart;
// storage.Store is one.
type SearchStore interface {
	SaveSearch(ctx context.Context, s briefing.SavedSearch) (int64, error)
	// SavedSearch returns the lookup with id (ENOTFOUND once forgotten).
	SavedSearch(ctx context.Context, id int64) (briefing.SavedSearch, error)
	// SetSearchCursor records the cursor of page n of the lookup, when n
	// is the next page not known yet.
	SetSearchCursor(ctx context.Context, id int64, n int, cursor string) error
}

// Kinds of saved lookups.
const (
	lookupHistory = "history"
	lookupWho     = "who"
)

// memSearches keeps lookups in memory, for a bot without a SearchStore:
// their buttons stop working at a restart or after a day.
type memSearches struct {
	mu   sync.Mutex
	now  func() time.Time
	next int64
	byID map[int64]briefing.SavedSearch
}

func newMemSearches(now func() time.Time) *memSearches {
	return &memSearches{now: now, byID: map[int64]briefing.SavedSearch{}}
}

func (m *memSearches) SaveSearch(_ context.Context, s briefing.SavedSearch) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for id, old := range m.byID {
		if m.now().Sub(old.Created) > 24*time.Hour {
			delete(m.byID, id)
		}
	}
	m.next++
	s.ID, s.Created, s.Cursors = m.next, m.now(), []string{""}
	m.byID[s.ID] = s
	return s.ID, nil
}

func (m *memSearches) SavedSearch(_ context.Context, id int64) (briefing.SavedSearch, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.byID[id]
	if !ok {
		return s, briefing.Errorf(briefing.ENOTFOUND, "These results have expired; run /history again.")
	}
	s.Cursors = append([]string(nil), s.Cursors...)
	return s, nil
}

func (m *memSearches) SetSearchCursor(_ context.Context, id int64, n int, cursor string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.byID[id]; ok && n == len(s.Cursors) {
		s.Cursors = append(s.Cursors, cursor)
		m.byID[id] = s
	}
	return nil
}

// Button custom_ids: "h:<id>:<n>" shows page n of saved lookup id (a
// disabled Previous on the first page adds ":p" to stay unique), "s:<id>:<n>"
// shares it in the channel. Ids are base 36; well under Discord's 100 characters.
const (
	buttonPage  = "h"
	buttonShare = "s"
)

func buttonID(kind string, id int64, n int) string {
	return kind + ":" + strconv.FormatInt(id, 36) + ":" + strconv.Itoa(n)
}

// parseButtonID reverses buttonID.
func parseButtonID(customID string) (kind string, id int64, n int, ok bool) {
	parts := strings.Split(customID, ":")
	if len(parts) < 3 || len(parts) > 4 || (parts[0] != buttonPage && parts[0] != buttonShare) {
		return "", 0, 0, false
	}
	id, err := strconv.ParseInt(parts[1], 36, 64)
	if err != nil || id <= 0 {
		return "", 0, 0, false
	}
	n, err = strconv.Atoi(parts[2])
	if err != nil || n < 0 || n > 10000 {
		return "", 0, 0, false
	}
	return parts[0], id, n, true
}
