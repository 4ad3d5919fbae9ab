package article

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/publicsuffix"
)

// trackingParams are query parameters that identify a campaign or a click,
// not the article; utm_* is matched by prefix.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "msclkid": true,
	"yclid": true, "twclid": true, "ttclid": true, "igshid": true, "mc_cid": true,
	"mc_eid": true, "_ga": true, "_gl": true, "_hsenc": true, "_hsmi": true,
	"mkt_tok": true, "oly_anon_id": true, "oly_enc_id": true, "vero_id": true,
	"wickedid": true, "ref_src": true, "ref_url": true, "cmpid": true, "ncid": true,
	"sr_share": true, "smid": true, "ocid": true, "guccounter": true,
	"guce_referrer": true, "guce_referrer_sig": true,
}

// CleanURL removes the fragment and tracking parameters (utm_*, fbclid,
// gclid, mc_cid…) from an absolute http(s) URL, lower-cases scheme and
// host, and keeps everything else as it was. It returns "" for anything
// that is not an absolute http(s) URL.
func CleanURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	u.Host = strings.ToLower(u.Host)
	u.Fragment, u.RawFragment = "", ""
	u.User = nil
	if u.RawQuery != "" {
		// Filter the raw pairs so that the kept ones stay byte for byte
		// (url.Values would reorder and re-escape them).
		var kept []string
		for _, pair := range strings.Split(u.RawQuery, "&") {
			key, _, _ := strings.Cut(pair, "=")
			if k, err := url.QueryUnescape(key); err == nil {
				key = k
			}
			key = strings.ToLower(key)
			if pair == "" || strings.HasPrefix(key, "utm_") || trackingParams[key] {
				continue
			}
			kept = append(kept, pair)
		}
		u.RawQuery = strings.Join(kept, "&")
	}
	u.ForceQuery = false
	return u.String()
}

// canonicalURL returns the page's own address from <link rel=canonical>,
// else og:url, resolved against pageURL and cleaned, else pageURL cleaned.
// A canonical that points to a site's home page from a deeper page is a
// common template mistake and is ignored; so is one on another site, which
// would let any page overwrite another site's article in history (history
// is keyed on the canonical address).
func canonicalURL(doc *html.Node, pageURL string) string {
	base, _ := url.Parse(pageURL)
	link, og := findCanonical(doc)
	for _, candidate := range []string{link, og} {
		if candidate == "" {
			continue
		}
		ref, err := url.Parse(strings.TrimSpace(candidate))
		if err != nil {
			continue
		}
		if base != nil {
			ref = base.ResolveReference(ref)
		}
		if base != nil && base.Host != "" && (isHomePage(ref) && !isHomePage(base) || !sameSite(base, ref)) {
			continue
		}
		if clean := CleanURL(ref.String()); clean != "" {
			return clean
		}
	}
	return CleanURL(pageURL)
}

// sameSite reports whether two addresses belong to one registrable domain
// ("www.example.co.uk" and "m.example.co.uk").
func sameSite(a, b *url.URL) bool {
	ha, hb := strings.ToLower(a.Hostname()), strings.ToLower(b.Hostname())
	if ha == hb {
		return true
	}
	sa, errA := publicsuffix.EffectiveTLDPlusOne(ha)
	sb, errB := publicsuffix.EffectiveTLDPlusOne(hb)
	return errA == nil && errB == nil && sa == sb
}

func isHomePage(u *url.URL) bool {
	return (u.Path == "" || u.Path == "/") && u.RawQuery == ""
}

// findCanonical returns the first <link rel=canonical> href and og:url
// content in document order. The whole document is searched because a
// stray element in a head makes the parser move the rest of it into the body.
func findCanonical(doc *html.Node) (link, og string) {
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Link:
				if link == "" && hasToken(attr(n, "rel"), "canonical") {
					link = attr(n, "href")
				}
			case atom.Meta:
				if og == "" && (attr(n, "property") == "og:url" || attr(n, "name") == "og:url") {
					og = attr(n, "content")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(doc)
	return link, og
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasToken(list, token string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == token {
			return true
		}
	}
	return false
}
