package bot

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"

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
	return nil
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

// httpReader reads an article over HTTP naively: the <title> and the text
// of the <p> elements. A stand-in for the real fetch + article stages.
type httpReader struct{ client *http.Client }

var (
	titleRe = regexp.MustCompile(`(?s)<title>(.*?)</title>`)
	paraRe  = regexp.MustCompile(`(?s)<p>(.*?)</p>`)
)

func (r httpReader) Read(ctx context.Context, rawURL string) (briefing.Article, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return briefing.Article{}, briefing.WrapError(briefing.EINVALID, err, "bad link")
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return briefing.Article{}, briefing.WrapError(briefing.EUNAVAILABLE, err, "could not reach %s", rawURL)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return briefing.Article{}, briefing.Errorf(briefing.ENOTFOUND, "The page %s answered HTTP %d; check the address.", rawURL, resp.StatusCode)
	}
	body, _ := io.ReadAll(resp.Body)
	a := briefing.Article{URL: rawURL}
	if m := titleRe.FindSubmatch(body); m != nil {
		a.Title = string(m[1])
	}
	var paras []string
	for _, m := range paraRe.FindAllSubmatch(body, -1) {
		paras = append(paras, string(m[1]))
	}
	a.Text = strings.Join(paras, "\n\n")
	return a, nil
}

// sentenceExtractor finds sentences "<Speaker> warned <Addressee> that <what>."
// A stand-in for briefing/warnings.
type sentenceExtractor struct{}

var warnedRe = regexp.MustCompile(`([A-Z][\w-]*(?: [A-Z][\w-]*)*) warned ([A-Z][\w-]*(?: [A-Z][\w-]*)*) that ([^.]+)\.`)

func (sentenceExtractor) Extract(_ context.Context, a briefing.Article) ([]briefing.Warning, error) {
	var ws []briefing.Warning
	for i, m := range warnedRe.FindAllStringSubmatch(a.Text, -1) {
		ws = append(ws, briefing.Warning{
			Position:  i,
			Speaker:   briefing.Actor{Name: m[1], Key: strings.ToLower(m[1])},
			Addressee: briefing.Actor{Name: m[2], Key: strings.ToLower(m[2])},
			Kind:      briefing.KindWarning,
			What:      m[3],
			Quote:     m[3],
			Evidence:  []string{m[0]},
		})
	}
	if len(ws) == 0 && a.Text == "" {
		return nil, briefing.Errorf(briefing.ENOTARTICLE, "That page has no article text to read.")
	}
	return ws, nil
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
