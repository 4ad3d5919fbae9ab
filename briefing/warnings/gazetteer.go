package warnings

import (
	"sync"

	"redline/briefing/actors"
)

// The gazetteer lookups of briefing/actors are pure but not free, and an
// article asks about the same few names again and again. gazCache
// memoises them; it is bounded (cleared when full) so that a long-running
// bot does not grow it without end.
const gazCacheSize = 8192

type gazKind uint8

const (
	gazLookup gazKind = iota
	gazDemonym
	gazTitle
)

type gazQuery struct {
	kind gazKind
	text string
}

type gazAnswer struct {
	entity actors.Entity
	ok     bool
}

var gazCache = struct {
	sync.Mutex
	m map[gazQuery]gazAnswer
}{m: map[gazQuery]gazAnswer{}}

func cached(q gazQuery, compute func() gazAnswer) gazAnswer {
	gazCache.Lock()
	a, ok := gazCache.m[q]
	gazCache.Unlock()
	if ok {
		return a
	}
	a = compute()
	gazCache.Lock()
	if len(gazCache.m) >= gazCacheSize {
		clear(gazCache.m)
	}
	gazCache.m[q] = a
	gazCache.Unlock()
	return a
}

// lookupActor is actors.Lookup, memoised.
func lookupActor(name string) (actors.Entity, bool) {
	a := cached(gazQuery{gazLookup, name}, func() gazAnswer {
		e, ok := actors.Lookup(name)
		return gazAnswer{entity: e, ok: ok}
	})
	return a.entity, a.ok
}

// lookupDemonym is actors.Demonym, memoised.
func lookupDemonym(word string) (actors.Entity, bool) {
	a := cached(gazQuery{gazDemonym, word}, func() gazAnswer {
		e, ok := actors.Demonym(word)
		return gazAnswer{entity: e, ok: ok}
	})
	return a.entity, a.ok
}

// affiliationFromTitle is actors.AffiliationFromTitle, memoised.
func affiliationFromTitle(title string) (actors.Entity, bool) {
	a := cached(gazQuery{gazTitle, title}, func() gazAnswer {
		e, ok := actors.AffiliationFromTitle(title)
		return gazAnswer{entity: e, ok: ok}
	})
	return a.entity, a.ok
}

// actorKey is actors.Key, redline's one actor key (memoised there).
var actorKey = actors.Key

// mentionsOf is actors.Mentions (not memoised: texts rarely repeat).
func mentionsOf(text string) []actors.Mention { return actors.Mentions(text) }
