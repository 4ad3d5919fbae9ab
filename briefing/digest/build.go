// Package digest assembles a channel's daily digest of warnings — the same
// warning from several outlets merged into one item, grouped by who warned
// whom, threats and the most reported first, capped to stay readable — and
// schedules it per channel, in the channel's time zone, posting each day's
// digest exactly once.
package digest

import (
	"context"
	"slices"
	"sort"
	"time"

	"redline/briefing"
)

// DefaultMaxItems caps a digest when the caller gives no cap.
const DefaultMaxItems = 15

// WarningSource gives the warnings a channel's digest covers; storage.Store is one.
type WarningSource interface {
	// ChannelWarnings returns the warnings of articles brought to the channel
	// (by its feeds or briefed there) in [since, until), oldest first, with Source filled.
	ChannelWarnings(ctx context.Context, channelID string, since, until time.Time) ([]briefing.Warning, error)
}

// Build reads the channel's warnings in [since, until) and assembles its
// digest with at most maxItems items (DefaultMaxItems when maxItems <= 0).
func Build(ctx context.Context, store WarningSource, channelID string, since, until time.Time, maxItems int) (*briefing.Digest, error) {
	if !until.After(since) {
		return nil, briefing.Errorf(briefing.EINVALID, "a digest needs a period that ends after it starts")
	}
	ws, err := store.ChannelWarnings(ctx, channelID, since, until)
	if err != nil {
		return nil, err
	}
	if fs, ok := store.(FilterSource); ok {
		filters, err := fs.ChannelArticleFilters(ctx, channelID, since, until)
		if err != nil {
			return nil, err
		}
		ws = applyFilters(ws, filters)
	}
	return Assemble(channelID, since, until, ws, maxItems), nil
}

// FilterSource tells which feed filters apply to the articles of a
// channel's digest; storage.Store is one. A WarningSource that is one has
// its digests filtered.
type FilterSource interface {
	// ChannelArticleFilters returns, for each article of the channel's
	// digest of [since, until), the filter of each way it came to the
	// channel (a zero filter when it was briefed there).
	ChannelArticleFilters(ctx context.Context, channelID string, since, until time.Time) (map[int64][]briefing.FeedFilter, error)
}

// applyFilters keeps the warnings that one of their article's ways into the
// channel lets through.
func applyFilters(ws []briefing.Warning, filters map[int64][]briefing.FeedFilter) []briefing.Warning {
	out := ws[:0:0]
	for _, w := range ws {
		fs, ok := filters[w.Source.ArticleID]
		keep := !ok // an article the filters do not know came some other way: keep it
		for _, f := range fs {
			if f.Matches(w) {
				keep = true
				break
			}
		}
		if keep {
			out = append(out, w)
		}
	}
	return out
}

// HistorySource searches all of history, newest first, a page at a time;
// briefing.Store is one.
type HistorySource interface {
	History(ctx context.Context, q briefing.HistoryQuery) (briefing.HistoryPage, error)
}

// maxHistoryWarnings bounds what a digest of all history reads.
const maxHistoryWarnings = 20000

// BuildFromHistory assembles a digest of every warning in history from
// articles of [since, until), whichever channel they came from, with at
// most maxItems items (DefaultMaxItems when maxItems <= 0).
func BuildFromHistory(ctx context.Context, store HistorySource, since, until time.Time, maxItems int) (*briefing.Digest, error) {
	ws, err := historySince(ctx, store, since, until)
	if err != nil {
		return nil, err
	}
	return Assemble("", since, until, ws, maxItems), nil
}

// historySince returns the warnings of articles from [since, until), oldest
// first, reading at most maxHistoryWarnings of the newest.
func historySince(ctx context.Context, store HistorySource, since, until time.Time) ([]briefing.Warning, error) {
	var ws []briefing.Warning
	q := briefing.HistoryQuery{Since: since, Until: until, Limit: 200}
	for len(ws) < maxHistoryWarnings {
		page, err := store.History(ctx, q)
		if err != nil {
			return nil, err
		}
		ws = append(ws, page.Warnings...)
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	slices.Reverse(ws)
	return ws, nil
}

// Assemble merges, groups, ranks and caps warnings into a digest. ws should
// be oldest first: the first report of a warning gives its wording.
func Assemble(channelID string, since, until time.Time, ws []briefing.Warning, maxItems int) *briefing.Digest {
	if maxItems <= 0 {
		maxItems = DefaultMaxItems
	}
	d := &briefing.Digest{ChannelID: channelID, Since: since, Until: until}
	clusters := merge(ws)
	if len(clusters) == 0 {
		return d
	}

	// Rank every item on its own; the groups then follow their best item.
	sort.SliceStable(clusters, func(i, j int) bool { return ranksBefore(clusters[i], clusters[j]) })
	if len(clusters) > maxItems {
		d.Omitted = len(clusters) - maxItems
		clusters = clusters[:maxItems]
	}
	index := make(map[string]int)
	for _, c := range clusters {
		key := pairKey(c.speaker, c.addressee)
		gi, ok := index[key]
		if !ok {
			gi = len(d.Groups)
			index[key] = gi
			d.Groups = append(d.Groups, briefing.DigestGroup{Speaker: c.speaker, Addressee: c.addressee})
		}
		d.Groups[gi].Items = append(d.Groups[gi].Items, c.item())
	}
	return d
}

// ranksBefore orders items: threats first, then the most reported, then
// the earliest reported.
func ranksBefore(a, b *cluster) bool {
	at, bt := a.kind == briefing.KindThreat, b.kind == briefing.KindThreat
	if at != bt {
		return at
	}
	if len(a.sources) != len(b.sources) {
		return len(a.sources) > len(b.sources)
	}
	return a.order < b.order
}

func pairKey(speaker, addressee briefing.Actor) string {
	return keyOf(speaker) + "\x00" + keyOf(addressee)
}
