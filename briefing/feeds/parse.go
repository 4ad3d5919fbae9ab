package feeds

import (
	"bytes"
	"errors"
	"strings"

	"github.com/mmcdole/gofeed"

	"redline/briefing"
)

// parseFeed reads an RSS, Atom or JSON feed. Its errors are *briefing.Error
// with a message that tells a user what is wrong with the address.
func parseFeed(feedURL string, body []byte) (*gofeed.Feed, error) {
	if looksLikeHTML(body) {
		return nil, briefing.Errorf(briefing.EINVALID,
			"%s is a web page, not a feed — look on that site for its RSS or Atom link (often /feed or /rss)", feedURL)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return nil, briefing.WrapError(briefing.EINVALID, err,
			"%s is not an RSS, Atom or JSON feed — check the address", feedURL)
	}
	if err != nil {
		return nil, briefing.WrapError(briefing.EINVALID, err,
			"the feed at %s is malformed and could not be read — check the address, or try again once its publisher fixes it", feedURL)
	}
	if f.FeedType == "json" && !strings.Contains(f.FeedVersion, "jsonfeed.org") {
		// Any JSON object "parses" as a JSON Feed; a real one names its version.
		return nil, briefing.Errorf(briefing.EINVALID, "%s is not an RSS, Atom or JSON feed — check the address", feedURL)
	}
	return f, nil
}

// looksLikeHTML tells an HTML page from a feed by its first markup.
func looksLikeHTML(body []byte) bool {
	head := body
	if len(head) > 1024 {
		head = head[:1024]
	}
	s := strings.ToLower(string(bytes.TrimLeft(head, "\xef\xbb\xbf \t\r\n")))
	if strings.HasPrefix(s, "<?xml") {
		if i := strings.Index(s, "?>"); i >= 0 {
			s = strings.TrimLeft(s[i+2:], " \t\r\n")
		}
	}
	for strings.HasPrefix(s, "<!--") {
		i := strings.Index(s, "-->")
		if i < 0 {
			break
		}
		s = strings.TrimLeft(s[i+3:], " \t\r\n")
	}
	return strings.HasPrefix(s, "<!doctype html") || strings.HasPrefix(s, "<html")
}
