package article

import (
	"encoding/json"
	"strings"
	"unicode"

	"github.com/RadhiFadlillah/whatlanggo"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Readability reads most metadata (title, byline, site, language, date)
// from the page's <meta> tags and JSON-LD. What it misses is looked for
// here, cheaply, since Trafilatura's metadata no longer comes with every
// page.

// dateMetaNames are the <meta> names and properties Readability takes a
// publication date from.
var dateMetaNames = map[string]bool{
	"article:published_time": true, "dcterms.available": true, "dcterms.created": true,
	"dcterms.issued": true, "weibo:article:create_at": true, "parsely-pub-date": true,
}

// hasDateMetadata reports whether the page declares its publication date
// where Readability looks for it. Pages that do not are searched
// (findDate) before their furniture is removed, as dates often sit in it.
func hasDateMetadata(doc *html.Node) bool {
	found := false
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil && !found; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Meta:
				if dateMetaNames[strings.ToLower(attr(c, "property"))] || dateMetaNames[strings.ToLower(attr(c, "name"))] {
					found = attr(c, "content") != ""
				}
			case atom.Script:
				if c.FirstChild != nil && strings.EqualFold(attr(c, "type"), "application/ld+json") {
					found = strings.Contains(c.FirstChild.Data, `"datePublished"`)
				}
			default:
				visit(c)
			}
		}
	}
	visit(doc)
	return found
}

// languageMetaNames declare a page's language when <html lang> does not.
var languageMetaNames = []string{"content-language", "dc.language", "og:locale", "language"}

// metaLanguage returns the language a page's <meta> tags declare
// ("en-us", "en_US" → "en-US"), or "".
func metaLanguage(doc *html.Node) string {
	lang := ""
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil && lang == ""; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.DataAtom == atom.Meta {
				key := strings.ToLower(firstNonEmpty(attr(c, "http-equiv"), attr(c, "property"), attr(c, "name")))
				for _, name := range languageMetaNames {
					if key == name {
						lang = cleanLanguage(attr(c, "content"))
					}
				}
				continue
			}
			visit(c)
		}
	}
	visit(doc)
	return lang
}

// cleanLanguage turns "en_us" into "en-US"; anything that is not a
// language tag gives "".
func cleanLanguage(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "_", "-"))
	s, _, _ = strings.Cut(s, ",")
	parts := strings.Split(s, "-")
	if len(parts[0]) < 2 || len(parts[0]) > 3 || len(parts) > 3 {
		return ""
	}
	for i, p := range parts {
		for _, r := range p {
			if r > unicode.MaxASCII || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return ""
			}
		}
		if i == 0 {
			parts[i] = strings.ToLower(p)
		} else if len(p) == 2 {
			parts[i] = strings.ToUpper(p)
		}
	}
	return strings.Join(parts, "-")
}

// detectLanguage guesses the ISO 639-1 code of text's language from its
// first few thousand bytes (as Trafilatura does, with whatlanggo), or "".
func detectLanguage(text string) string {
	if len(text) > 4000 {
		cut := 4000
		for cut > 0 && text[cut]&0xC0 == 0x80 {
			cut-- // not in the middle of a character
		}
		text = text[:cut]
	}
	var lang string
	protect(func() {
		info := whatlanggo.Detect(text)
		if info.IsReliable() {
			lang = info.Lang.Iso6391()
		}
	})
	return lang
}

// jsonLDAuthor returns the author names the page's JSON-LD gives an
// article (a name, a Person, a list of them, or a reference to a Person
// elsewhere in an @graph), joined with commas, or "".
func jsonLDAuthor(doc *html.Node) string {
	var names []string
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil && len(names) == 0; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.DataAtom == atom.Script {
				if c.FirstChild != nil && strings.EqualFold(attr(c, "type"), "application/ld+json") {
					names = authorsOf(c.FirstChild.Data)
				}
				continue
			}
			visit(c)
		}
	}
	visit(doc)
	return strings.Join(names, ", ")
}

func authorsOf(data string) []string {
	var v any
	if json.Unmarshal([]byte(data), &v) != nil {
		return nil
	}
	// Objects by @id, to resolve references within an @graph.
	byID := map[string]map[string]any{}
	var objects []map[string]any
	var collect func(v any)
	collect = func(v any) {
		switch t := v.(type) {
		case []any:
			for _, x := range t {
				collect(x)
			}
		case map[string]any:
			objects = append(objects, t)
			if id, ok := t["@id"].(string); ok {
				byID[id] = t
			}
			if g, ok := t["@graph"]; ok {
				collect(g)
			}
		}
	}
	collect(v)
	for _, o := range objects {
		a, ok := o["author"]
		if !ok {
			continue
		}
		var names []string
		var add func(a any)
		add = func(a any) {
			switch t := a.(type) {
			case string:
				if s := collapseSpace(t); s != "" && !strings.Contains(s, "://") {
					names = append(names, s)
				}
			case []any:
				for _, x := range t {
					add(x)
				}
			case map[string]any:
				if name, ok := t["name"]; ok {
					add(name)
				} else if id, ok := t["@id"].(string); ok && byID[id] != nil {
					if name, ok := byID[id]["name"].(string); ok {
						add(name)
					}
				}
			}
		}
		add(a)
		if len(names) > 0 {
			return names
		}
	}
	return nil
}

// cleanByline drops a leading "By", a trailing date or time ("Jeff Foust
// — November 18, 2019", "admin - 2018-09-16", "Carrie ArnoldNovember 15,
// 2019") and stray punctuation, and uses commas between authors
// (Trafilatura joins them with semicolons).
func cleanByline(s string) string {
	s = strings.ReplaceAll(collapseSpace(s), "; ", ", ")
	for _, prefix := range []string{"By ", "by ", "BY "} {
		s = strings.TrimPrefix(s, prefix)
	}
	if strings.EqualFold(s, "by") {
		return ""
	}
	s = trimTrailingDate(s)
	return strings.Trim(s, " ,;:|-–—·")
}

// trimTrailingDate cuts a byline where a date or time begins: at a digit,
// or at a month or day name followed by one ("November 18", "Monday, 18")
// or glued to the name before it ("ArnoldNovember"). A name such as "Jane
// May" is kept.
func trimTrailingDate(s string) string {
	for i, r := range s {
		if i == 0 {
			continue
		}
		if unicode.IsDigit(r) {
			return s[:i]
		}
		if !unicode.IsLetter(r) || unicode.IsLetter(rune(s[i-1])) && !unicode.IsUpper(r) {
			continue // not the start of a word
		}
		word := s[i:]
		if j := strings.IndexFunc(word, func(r rune) bool { return !unicode.IsLetter(r) }); j >= 0 {
			word = word[:j]
		}
		if len(word) < 3 || !monthsAndDays[strings.ToLower(word)] {
			continue
		}
		glued := unicode.IsLetter(rune(s[i-1]))
		after := strings.TrimLeft(s[i+len(word):], " .,")
		if glued || after != "" && unicode.IsDigit(rune(after[0])) {
			return s[:i]
		}
	}
	return s
}
