package feeds_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"redline/briefing"
	"redline/briefing/digest"
	"redline/briefing/feeds"
)

// sharedFeed sets up a feed of 10 items (with an ETag, so that unchanged
// polls answer 304) followed by channel A with backfill 1, polled twice:
// item 10 is briefed for A, items 1–9 are in the shared seen set unbriefed.
func sharedFeed(t *testing.T, modeA briefing.DeliveryMode) (*env, string) {
	t.Helper()
	e := newEnv(t)
	url := e.server.set("/shared.xml", &servedFeed{Items: numbered("n", 10, start), ETag: `"v1"`})
	e.add("A", url, modeA, 1)
	if rep := e.poll(16 * time.Minute); len(rep.New) != 1 {
		t.Fatalf("A's backfill: %d new items, want 1", len(rep.New))
	}
	if rep := e.poll(16 * time.Minute); rep.NotModified != 1 || len(rep.New) != 0 {
		t.Fatalf("second poll for A: %+v, want a 304 and nothing new", rep)
	}
	return e, url
}

// digestSources returns the article links in the channel's digest for [since, until).
func digestSources(t *testing.T, e *env, channel string, since, until time.Time) []string {
	t.Helper()
	d, err := digest.Build(e.ctx, e.store, channel, since, until, 100)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, g := range d.Groups {
		for _, it := range g.Items {
			for _, s := range it.Sources {
				urls = append(urls, s.URL)
			}
		}
	}
	slices.Sort(urls)
	return urls
}

// postedTo returns the instant posts to channel, in order.
func postedTo(e *env, channel string) []posted {
	e.poster.mu.Lock()
	defer e.poster.mu.Unlock()
	var out []posted
	for _, p := range e.poster.briefings {
		if p.Channel == channel {
			out = append(out, p)
		}
	}
	return out
}

func TestBackfillOnSharedFeedReachesOnlyTheNewChannel(t *testing.T) {
	modes := []briefing.DeliveryMode{briefing.DeliverDigest, briefing.DeliverInstant}
	for _, modeA := range modes {
		for _, modeB := range modes {
			t.Run(fmt.Sprintf("A %s, B %s", modeA, modeB), func(t *testing.T) {
				e, url := sharedFeed(t, modeA)
				postsToA := len(postedTo(e, "A"))
				e.clock.Advance(time.Hour)
				addedB := e.clock.Now()

				res := e.add("B", url, modeB, 2)
				if res.Backfilled != 2 || res.Items != 10 {
					t.Fatalf("AddResult = %+v, want 2 of 10 backfilled", res)
				}
				// Item 10 was briefed for A already; item 9 was only marked seen.
				rep := e.poll(16 * time.Minute)
				if rep.NotModified != 1 {
					t.Fatalf("poll after B's add: %+v, want the feed to answer 304", rep)
				}
				if len(rep.New) != 2 {
					t.Fatalf("poll after B's add: %d new items, want 2", len(rep.New))
				}
				if rep := e.poll(16 * time.Minute); len(rep.New) != 0 {
					t.Fatalf("a further poll brought %d items, want 0", len(rep.New))
				}
				until := e.clock.Now().Add(time.Minute)
				want := []string{"https://news.example/n/10", "https://news.example/n/9"}

				if modeB == briefing.DeliverInstant {
					posts := postedTo(e, "B")
					var links []string
					for _, p := range posts {
						links = append(links, p.Briefing.Article.URL)
						if wantKey := feeds.InstantKey("B", p.Briefing.Article); p.Key != wantKey {
							t.Errorf("post of %s has key %q, want %q", p.Briefing.Article.URL, p.Key, wantKey)
						}
					}
					slices.Sort(links)
					if !slices.Equal(links, want) {
						t.Fatalf("posted to B: %v, want %v", links, want)
					}
				} else {
					if got := digestSources(t, e, "B", addedB, until); !slices.Equal(got, want) {
						t.Fatalf("B's digest sources = %v, want %v", got, want)
					}
					if n := len(postedTo(e, "B")); n != 0 {
						t.Fatalf("digest channel B got %d instant posts", n)
					}
				}

				if n := len(postedTo(e, "A")); n != postsToA {
					t.Fatalf("A got %d new instant posts, want 0", n-postsToA)
				}
				if got := digestSources(t, e, "A", addedB, until); len(got) != 0 {
					t.Fatalf("A's digest since B's add = %v, want nothing", got)
				}
			})
		}
	}
}

func TestBackfillZeroOnSharedFeedDeliversNothing(t *testing.T) {
	for _, modeB := range []briefing.DeliveryMode{briefing.DeliverDigest, briefing.DeliverInstant} {
		t.Run(string(modeB), func(t *testing.T) {
			e, url := sharedFeed(t, briefing.DeliverInstant)
			postsToA := len(postedTo(e, "A"))
			e.clock.Advance(time.Hour)
			addedB := e.clock.Now()
			if res := e.add("B", url, modeB, 0); res.Backfilled != 0 {
				t.Fatalf("AddResult = %+v, want nothing backfilled", res)
			}
			for range 2 {
				if rep := e.poll(16 * time.Minute); len(rep.New) != 0 {
					t.Fatalf("poll brought %d items, want 0", len(rep.New))
				}
			}
			until := e.clock.Now().Add(time.Minute)
			if n := len(postedTo(e, "B")); n != 0 {
				t.Fatalf("B got %d posts", n)
			}
			if got := digestSources(t, e, "B", addedB, until); len(got) != 0 {
				t.Fatalf("B's digest = %v, want nothing", got)
			}
			if n := len(postedTo(e, "A")); n != postsToA {
				t.Fatalf("A got %d new posts", n-postsToA)
			}
		})
	}
}

// A crash right after a backfill post left, before anything was recorded,
// and a restart: the backfill is tried again, but the instant key stops
// the second send, and the rest of the backfill still arrives.
func TestBackfillIsPostedOnceAcrossACrash(t *testing.T) {
	e, url := sharedFeed(t, briefing.DeliverDigest)
	e.clock.Advance(time.Hour)
	e.add("B", url, briefing.DeliverInstant, 2)

	pipe := &briefing.Pipeline{Reader: reader{}, Extractor: e.extract, Recorder: e.store, Now: e.clock.Now}
	crashing := feeds.NewService(crashAfterSend{e.store, e.poster}, &feeds.HTTPFetcher{Client: e.server.fetchClient(t)}, pipe, e.poster, e.cfg)
	e.clock.Advance(16 * time.Minute)
	if _, err := crashing.PollOnce(e.ctx); err == nil {
		t.Fatal("the simulated crash did not stop the cycle")
	}
	if n := len(postedTo(e, "B")); n != 1 {
		t.Fatalf("%d posts before the crash, want 1", n)
	}

	e.open()
	e.poll(16 * time.Minute)
	e.poll(16 * time.Minute)
	posts := postedTo(e, "B")
	if len(posts) != 2 || posts[0].Key == posts[1].Key {
		t.Fatalf("B got %d posts across the crash, want 2 different ones", len(posts))
	}
}

// Items that appeared since the feed's last poll are still new to channel A
// when B adds the feed: A must get them all, B only its backfill.
func TestAddingASharedFeedLeavesItsUnseenItemsToTheOtherChannel(t *testing.T) {
	for _, modeB := range []briefing.DeliveryMode{briefing.DeliverDigest, briefing.DeliverInstant} {
		for _, backfill := range []int{0, 1} {
			t.Run(fmt.Sprintf("B %s, backfill %d", modeB, backfill), func(t *testing.T) {
				e, url := sharedFeed(t, briefing.DeliverInstant)
				postsToA := len(postedTo(e, "A"))
				e.server.update("/shared.xml", func(f *servedFeed) {
					f.Items = append(numbered("m", 2, start.Add(time.Hour)), f.Items...)
					f.ETag = `"v2"`
				})
				e.clock.Advance(time.Minute)
				addedB := e.clock.Now()
				e.add("B", url, modeB, backfill)
				e.poll(16 * time.Minute)
				e.poll(16 * time.Minute)
				until := e.clock.Now().Add(time.Minute)

				if n := len(postedTo(e, "A")) - postsToA; n != 2 {
					t.Fatalf("A got %d of the 2 items it had not seen", n)
				}
				var toB []string
				if modeB == briefing.DeliverInstant {
					for _, p := range postedTo(e, "B") {
						toB = append(toB, p.Briefing.Article.URL)
					}
				} else {
					toB = digestSources(t, e, "B", addedB, until)
				}
				want := []string{"https://news.example/m/2"}[:backfill]
				if !slices.Equal(toB, want) {
					t.Fatalf("B got %v, want %v", toB, want)
				}
			})
		}
	}
}
