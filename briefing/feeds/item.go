package feeds

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// Item is one entry of a parsed feed, reduced to what redline needs.
type Item struct {
	Key       string // identity within the feed; see itemKey
	Title     string
	Link      string    // absolute link to the article; may be empty
	Published time.Time // zero when the feed gives none; used for ordering only
}

// itemKey is an item's identity: its GUID, else its canonical link, else a
// hash of its title and link. Dates and descriptions are left out on
// purpose: feeds rewrite them, and an item must not be posted twice because
// its summary changed.
func itemKey(guid, link, title string) string {
	if g := strings.TrimSpace(guid); g != "" {
		return "guid:" + g
	}
	if l := canonicalLink(link); l != "" {
		return "link:" + l
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(title) + "\n" + strings.TrimSpace(link)))
	return "hash:" + hex.EncodeToString(sum[:16])
}

// trackingParams are query parameters that differ between shares of the
// same article and say nothing about which article it is.
var trackingParams = map[string]bool{"fbclid": true, "gclid": true, "mc_cid": true, "mc_eid": true, "ref": true, "cmpid": true}

// canonicalLink lower-cases scheme and host, drops the fragment and
// tracking parameters, so that the same article linked twice has one key.
func canonicalLink(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Fragment = ""
	u.RawFragment = ""
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if strings.HasPrefix(strings.ToLower(k), "utm_") || trackingParams[strings.ToLower(k)] {
				q.Del(k)
			}
		}
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// resolveLink makes link absolute against the feed's address.
func resolveLink(base, link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	if u.IsAbs() {
		return u.String()
	}
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	return b.ResolveReference(u).String()
}

// itemsOf converts the parsed feed's entries, newest first: by date when
// every entry has one, else in the feed's own order (which is newest first
// by convention). Entries with the same key are kept once.
func itemsOf(feedURL string, f *gofeed.Feed) []Item {
	items := make([]Item, 0, len(f.Items))
	seen := make(map[string]bool, len(f.Items))
	allDated := true
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		link := resolveLink(feedURL, it.Link)
		if link == "" && len(it.Links) > 0 {
			link = resolveLink(feedURL, it.Links[0])
		}
		if link == "" && (strings.HasPrefix(it.GUID, "http://") || strings.HasPrefix(it.GUID, "https://")) {
			link = it.GUID // an RSS permalink GUID is the article's address
		}
		item := Item{Key: itemKey(it.GUID, link, it.Title), Title: strings.TrimSpace(it.Title), Link: link}
		if seen[item.Key] {
			continue
		}
		seen[item.Key] = true
		switch {
		case it.PublishedParsed != nil:
			item.Published = *it.PublishedParsed
		case it.UpdatedParsed != nil:
			item.Published = *it.UpdatedParsed
		default:
			allDated = false
		}
		items = append(items, item)
	}
	if allDated {
		sort.SliceStable(items, func(i, j int) bool { return items[i].Published.After(items[j].Published) })
	}
	return items
}
