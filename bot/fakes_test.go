package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"redline/briefing"
)

// fakeStore is an in-memory briefing.Store over a fixed list of warnings,
// newest first; its cursor is the offset of the next page.
type fakeStore struct {
	mu       sync.Mutex
	warnings []briefing.Warning
	actors   []briefing.Actor
	queries  []briefing.HistoryQuery // every History call, in order
	saved    []*briefing.Briefing
}

func (s *fakeStore) SaveBriefing(_ context.Context, b *briefing.Briefing) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saved = append(s.saved, b)
	b.Article.ID = int64(len(s.saved))
	return nil
}

// channelLog is a briefing.ChannelRecorder that remembers what it was told.
type channelLog struct {
	mu  sync.Mutex
	got []string // "channel article"
}

func (c *channelLog) RecordChannelArticle(_ context.Context, channelID string, articleID int64, _ time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, fmt.Sprintf("%s %d", channelID, articleID))
	return nil
}

func (c *channelLog) recorded() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.got...)
}

func matchActor(a briefing.Actor, name string) bool {
	n := strings.ToLower(name)
	return strings.ToLower(a.Name) == n || a.Key == n || a.AffiliationKey == n || strings.ToLower(a.Affiliation) == n
}

func (s *fakeStore) History(_ context.Context, q briefing.HistoryQuery) (briefing.HistoryPage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queries = append(s.queries, q)
	var hits []briefing.Warning
	for _, w := range s.warnings {
		if q.Speaker != "" && !matchActor(w.Speaker, q.Speaker) {
			continue
		}
		if q.Addressee != "" && !matchActor(w.Addressee, q.Addressee) {
			continue
		}
		if q.Text != "" && !strings.Contains(strings.ToLower(w.Speaker.Name+" "+w.Addressee.Name+" "+w.What), strings.ToLower(q.Text)) {
			continue
		}
		hits = append(hits, w)
	}
	start := 0
	if q.Cursor != "" {
		n, err := strconv.Atoi(q.Cursor)
		if err != nil {
			return briefing.HistoryPage{}, briefing.Errorf(briefing.EINVALID, "bad cursor")
		}
		start = n
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	end := min(start+limit, len(hits))
	page := briefing.HistoryPage{Warnings: hits[min(start, end):end]}
	if end < len(hits) {
		page.Next = strconv.Itoa(end)
	}
	return page, nil
}

func (s *fakeStore) Profile(_ context.Context, name string, latest int) (briefing.Profile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.actors {
		if matchActor(a, name) {
			p := briefing.Profile{Actor: a}
			for _, w := range s.warnings {
				if matchActor(w.Speaker, name) {
					p.WarningsBy++
				}
				if matchActor(w.Addressee, name) {
					p.WarningsTo++
				}
			}
			return p, nil
		}
	}
	return briefing.Profile{}, briefing.Errorf(briefing.ENOTFOUND, "No one called %q in history yet.", name)
}

func (s *fakeStore) Actors(_ context.Context, prefix string, limit int) ([]briefing.Actor, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []briefing.Actor
	for _, a := range s.actors {
		if strings.HasPrefix(strings.ToLower(a.Name), strings.ToLower(prefix)) && len(out) < limit {
			out = append(out, a)
		}
	}
	return out, nil
}

func (s *fakeStore) historyCalls() []briefing.HistoryQuery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]briefing.HistoryQuery(nil), s.queries...)
}

// warningsFixture returns n stored warnings, newest first, alternating speakers.
func warningsFixture(n int) []briefing.Warning {
	speakers := []briefing.Actor{
		{Name: "Vladimir Putin", Affiliation: "Russia", Key: "vladimir putin", AffiliationKey: "russia"},
		{Name: "Chang Ho-jin", Affiliation: "South Korea", Key: "chang ho-jin", AffiliationKey: "south korea"},
	}
	addressees := []briefing.Actor{
		{Name: "South Korea", Key: "south korea"},
		{Name: "Russia", Key: "russia"},
	}
	ws := make([]briefing.Warning, n)
	for i := range ws {
		ws[i] = briefing.Warning{
			ID: int64(n - i), Speaker: speakers[i%2], Addressee: addressees[i%2], Kind: briefing.KindThreat,
			What:   fmt.Sprintf("warning number %d", n-i),
			Source: briefing.Source{URL: fmt.Sprintf("https://news.example/%d", n-i), Title: fmt.Sprintf("Story %d", n-i)},
		}
	}
	return ws
}
