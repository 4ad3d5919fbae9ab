package briefing

import (
	"context"
	"sort"
)

// Between returns the latest warnings between two actors, either way,
// newest first: at most limit of them, from the history's pages of a → b
// and of b → a.
func Between(ctx context.Context, store interface {
	History(ctx context.Context, q HistoryQuery) (HistoryPage, error)
}, a, b string, limit int) ([]Warning, error) {
	var out []Warning
	for _, q := range []HistoryQuery{{Speaker: a, Addressee: b, Limit: limit}, {Speaker: b, Addressee: a, Limit: limit}} {
		page, err := store.History(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Warnings...)
	}
	// Warning IDs follow the history's time order.
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	seen := map[int64]bool{}
	kept := out[:0]
	for _, w := range out {
		if !seen[w.ID] {
			seen[w.ID] = true
			kept = append(kept, w)
		}
	}
	if len(kept) > limit {
		kept = kept[:limit]
	}
	return kept, nil
}
