package briefing

import (
	"context"
	"strings"
	"testing"
)

// pagesStore answers History from fixed pages by speaker and addressee.
type pagesStore map[string][]Warning

func (p pagesStore) History(_ context.Context, q HistoryQuery) (HistoryPage, error) {
	ws := p[q.Speaker+">"+q.Addressee]
	if len(ws) > q.Limit {
		ws = ws[:q.Limit]
	}
	return HistoryPage{Warnings: ws}, nil
}

func TestBetweenMergesBothWaysNewestFirst(t *testing.T) {
	store := pagesStore{
		"Russia>Norway": {{ID: 9, What: "r9"}, {ID: 5, What: "r5"}, {ID: 1, What: "r1"}},
		"Norway>Russia": {{ID: 7, What: "n7"}, {ID: 5, What: "r5"}},
	}
	ws, err := Between(context.Background(), store, "Russia", "Norway", 3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range ws {
		got = append(got, w.What)
	}
	if strings.Join(got, " ") != "r9 n7 r5" {
		t.Errorf("Between = %q", got)
	}
}
