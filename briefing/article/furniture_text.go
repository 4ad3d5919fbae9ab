package article

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// IsFurniture reports whether line, one line of an article's plain text,
// is page furniture rather than the story:
//
//   - a promotion or section label: "DON'T MISS", "Read more: …",
//     "Related: …", "SEE MORE: …", "Most read", "Advertisement", a headline
//     shouted in capitals (eight words or more; shorter capitalised lines
//     are often the story's own subheadings and are kept);
//   - a video or photo caption or credit: "Watch: …", "Video: …",
//     "… (AP Photo/Jane Doe)", "Photograph: …", "Getty Images",
//     "Image caption …", "Image copyright …", "Media playback is
//     unsupported on your device", "Image 1 of 23";
//   - a byline, credit or time stamp: "By Jane Doe", "Reporting by …;
//     Editing by …", "… contributed to this report", "Updated 10:02 AM EST";
//   - a share, follow or newsletter prompt: "Sign up for our newsletter",
//     "Follow us on Twitter", "Share this article", "Click here …".
//
// It judges the wording alone, so that it serves for text that never was
// HTML (the reader also removes furniture by page structure before
// extraction). A line of more than 40 words is furniture only when it ends
// with a photo credit, as long captions do.
//
// The warning extractor calls it on plain-text paragraphs so that it never
// takes a speaker or a warning from such a line.
func IsFurniture(line string) bool {
	line = strings.TrimSpace(line)
	if line == "" {
		return false
	}
	n := countWords(line)
	if n > maxFurnitureWords {
		// Only the end of a long line matters: is it a caption's credit?
		tail := line
		if len(tail) > 120 {
			tail = tail[len(tail)-120:]
		}
		return endsWithCredit(normalize(tail), true)
	}
	lower := normalize(line)
	return labelLine(lower) ||
		hasPrefix(lower, furniturePhrases) ||
		n <= shortPhraseWords && hasPrefix(lower, shortPhrases) ||
		n <= 5 && hasPrefix(lower, tinyPhrases) ||
		contains(lower, furnitureAnywhere) ||
		n <= shortPhraseWords && contains(lower, shortAnywhere) ||
		promptLine(lower, n) ||
		creditLine(lower, n) ||
		strings.HasPrefix(lower, "by ") && bylineLine(line, n) ||
		stampLine(lower, n) ||
		n <= 5 && galleryCounter(strings.Fields(lower)) ||
		copyrightLine(lower) ||
		endsWithCredit(lower, false) ||
		shoutedHeadline(line)
}

const (
	// maxFurnitureWords is the longest line judged by its wording; longer
	// lines are paragraphs of the story.
	maxFurnitureWords = 40
	// shortPhraseWords is the longest line judged by shortPhrases and
	// shortAnywhere.
	shortPhraseWords = 20
)

// normalize lower-cases s, collapses its spaces and maps typographic quotes,
// dashes and the ellipsis to ASCII, for matching.
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		switch r {
		case '\u2018', '\u2019', '\u02bc':
			r = '\''
		case '\u201c', '\u201d':
			r = '"'
		case '\u2013', '\u2014':
			r = '-'
		case '\u2026':
			b.WriteString("...")
			continue
		default:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func contains(s string, parts []string) bool {
	for _, p := range parts {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// furnitureLabels are lines that, alone or followed by a colon and a
// headline, introduce promoted stories, videos or sections.
var furnitureLabels = toSet(
	"don't miss", "dont miss", "read more", "read next", "see more", "see also", "more", "related",
	"also read", "also see", "also on", "also", "watch", "watch now", "watch more", "video", "videos",
	"listen", "learn more", "you may also like", "you might also like", "you may like", "we recommend",
	"recommended", "recommended for you", "most read", "most popular", "most viewed", "popular",
	"trending", "trending now", "top stories", "latest news", "latest stories", "latest", "breaking news",
	"more stories", "more news", "more from", "more on this story", "more on this", "more like this",
	"editor's picks", "editors' picks", "editor's pick", "in other news", "further reading",
	"recent articles", "recent posts", "popular this week", "sponsored", "sponsored content",
	"advertisement", "advert", "ad", "story continues below", "article continues below",
	"continue reading below", "continue reading", "scroll to continue", "skip to content",
	"image caption", "image copyright", "image source", "caption", "photo", "photos", "photograph",
	"gallery", "share", "share this", "share this article", "share this story", "comments", "comment",
	"view comments", "leave a comment", "newsletter", "subscribe", "sign up", "sign in", "log in",
	"highlights", "close", "next", "previous", "home", "menu", "search", "print", "email", "follow us",
	"top", "back to top", "tags", "topics", "filed under", "about the author",
)

// listLabels introduce a list of promoted headlines: after one, short lines
// that are not sentences are dropped too (stripFurniture).
var listLabels = toSet(
	"more", "related", "don't miss", "dont miss", "you may also like", "you might also like",
	"you may like", "we recommend", "recommended", "recommended for you", "most read", "most popular",
	"most viewed", "popular", "trending", "trending now", "top stories", "latest news", "latest stories",
	"more stories", "more news", "more from", "more on this story", "more on this", "more like this",
	"editor's picks", "editors' picks", "recent articles", "recent posts", "popular this week",
	"read more", "read next", "see also", "also read", "in other news", "further reading",
)

func toSet(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, s := range items {
		m[s] = true
	}
	return m
}

// labelLine reports a line that is a furniture label, alone ("DON'T MISS",
// "Related stories:") or heading a promoted headline ("Read more: …",
// "SEE MORE: …", "[Related: …]", "Watch: …", "Photos: …"). A line opening
// with "Related" and at most ten words is a label too ("Related coverage
// from How to Do Everything: Money:").
func labelLine(lower string) bool {
	s := trimLabel(lower)
	label, rest, colon := strings.Cut(s, ":")
	label = strings.TrimRight(strings.TrimSpace(label), ".!")
	if furnitureLabels[label] {
		return !colon || countWords(rest) <= 25
	}
	return relatedLabel(s) || !colon && countWords(s) <= 8 && hasPrefix(s, labelPrefixes)
}

// labelPrefixes open longer labels ("Most read in world news", "More from
// Business", "Popular on IndieWire").
var labelPrefixes = []string{"most read ", "most popular ", "most viewed ", "more from ", "more on ", "more stories ", "more news ", "popular on ", "trending on ", "recommended for ", "also on "}

func trimLabel(lower string) string {
	return strings.Trim(lower, " []()|>»›•·-*")
}

func relatedLabel(s string) bool {
	return strings.HasPrefix(s, "related ") && countWords(s) <= 10
}

// labelOnly reports a label that introduces a list of promoted headlines.
func labelOnly(line string) bool {
	s := trimLabel(normalize(line))
	endsColon := strings.HasSuffix(s, ":")
	s = strings.TrimRight(s, ":.! ")
	// "Related: Possible water plumes on Europa" is one promoted headline;
	// "Related coverage from Money:" heads a list.
	return listLabels[s] || relatedLabel(s) && (endsColon || !strings.Contains(s, ": ")) ||
		strings.HasPrefix(s, "more great ") || strings.HasPrefix(s, "more from ")
}

// furniturePhrases open furniture lines.
var furniturePhrases = []string{
	"media playback is unsupported", "image copyright", "image caption", "image source,",
	"image source:", "image credit", "main image credit", "photo credit", "picture credit", "credit...",
	"credit:", "photograph:", "photo:", "photos:", "picture:", "pictures:", "illustration:",
	"(image:", "(photo:", "(photo by", "photo by ", "(pictured", "file photo:", "click here",
	"tap here", "click to ", "like this story", "share this article", "share this story",
	"share this post", "share this page", "share this:", "share on ", "share via", "share with a friend",
	"follow us on", "follow us @", "get the latest", "get breaking news", "breaking news emails",
	"get our app", "get the app", "want more stories like this", "this slideshow requires javascript",
	"this video is not available", "this content is not available", "your browser does not support",
	"please enable javascript", "to view this video", "continue reading the main story",
	"advertisement -", "this post may contain affiliate", "this article contains affiliate",
	"(reporting by", "reporting by ", "additional reporting by", "have a tip?", "got a tip?",
	"send us a tip", "listen to this article", "read the full story", "read the original article",
	"view author archive", "email the author", "view gallery", "view image", "enlarge this image",
	"toggle caption", "hide caption", "more great ", "tell us what you think", "all rights reserved",
}

// shortPhrases open furniture lines of at most shortPhraseWords words
// ("Sponsored by Acme", "Writing by Jane Doe; Editing by John Roe"); a
// longer line so opened is a sentence ("Supported by the UN, the plan …").
var shortPhrases = []string{
	"sponsored by", "supported by", "presented by", "in partnership with", "writing by ",
	"editing by ", "compiled by ", "produced by ", "edited by ",
}

// tinyPhrases open furniture lines of at most five words ("Via
// SyndiGate.info").
var tinyPhrases = []string{"via "}

// furnitureAnywhere mark a line of up to maxFurnitureWords words as
// furniture wherever they stand.
var furnitureAnywhere = []string{
	"all rights reserved", "contributed to this report", "contributed reporting",
	"contributed to this story", "may not be published, broadcast, rewritten",
	"(ap photo", "ap photo/", "getty images", "/ shutterstock", "/shutterstock",
	"| shutterstock", "via getty", "(image: getty", "(image: reuters", "(image: pa",
	"(picture: getty", "(photo: getty", "may earn a commission", "may earn an affiliate commission",
	"affiliate commission", "through our affiliate links", "contains affiliate links",
	"if you buy something through", "newsletter delivered", "delivered to your inbox",
}

// shortAnywhere mark a line of up to shortPhraseWords words as furniture
// wherever they stand.
var shortAnywhere = []string{
	"newsletters here", "to our newsletter", "for our newsletter", "our daily newsletter",
	"free newsletter", "daily newsletter", "your inbox",
}

// promptWords open a call to action; promptObjects make it one about the
// site rather than the story ("Sign up for our newsletter", not "Sign up
// for the bundle using the same email").
var promptWords = []string{"sign up", "signup", "subscribe", "join ", "follow ", "get ", "like us", "download", "register", "want more"}
var promptObjects = []string{" newsletter", " inbox ", " alerts ", " our ", " updates ", " notifications ", " app ", " apps ", " podcast ", " on twitter ", " on facebook ", " on instagram ", " youtube "}

func promptLine(lower string, words int) bool {
	if words > maxFurnitureWords || !hasPrefix(lower, promptWords) {
		return false
	}
	padded := " " + strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return ' '
	}, lower) + " "
	return contains(padded, promptObjects)
}

// photoSources are the wire agencies and photo libraries that captions
// credit.
var photoSources = toSet(
	"getty images", "getty", "shutterstock", "reuters", "afp", "ap", "epa", "epa-efe", "alamy",
	"istock", "istockphoto", "pa", "pa wire", "pa images", "bloomberg", "xinhua", "anadolu",
	"nurphoto", "sopa images", "zuma press", "zuma wire", "rex", "rex features", "imago",
	"the associated press", "associated press", "afp via getty images", "ap photo", "file",
	"handout", "courtesy",
)

// creditLine reports a short line that is only a photo credit: names
// separated by slashes or bars ending with an agency ("Alex Wong | Getty
// Images", "Sakib Ali/Hindustan Times/Getty Images", "REUTERS/Brendan
// McDermid"), or a bare agency name standing as a byline ("Reuters").
func creditLine(lower string, words int) bool {
	if words > 12 {
		return false
	}
	s := strings.Trim(lower, " ()[].")
	if photoSources[s] {
		return true
	}
	if !strings.ContainsAny(s, "/|") {
		return false
	}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '|' }) {
		part = strings.TrimSpace(part)
		if photoSources[strings.TrimSuffix(part, " file")] {
			return true
		}
	}
	return false
}

// endsWithCredit reports a caption: text ending with a photo credit in
// parentheses or after a separator ("… (AP Photo/Alan Diaz, File)",
// "… Photograph: Jane Doe/Reuters", "… (Image: GETTY)"). For a long line
// only an explicit photo credit in parentheses counts.
func endsWithCredit(lower string, long bool) bool {
	s := strings.TrimRight(lower, " .")
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndexByte(s, '('); i >= 0 {
			inner := s[i+1 : len(s)-1]
			if hasPrefix(inner, []string{"ap photo", "photo:", "photo by", "photo credit", "image:", "image credit", "picture:", "credit:", "photograph:", "getty images", "reuters/", "afp/", "shutterstock"}) {
				return true
			}
		}
	}
	if long {
		return false
	}
	for _, p := range []string{"photograph: ", "photo: ", "photograph by ", "photo by ", "image: ", "credit: "} {
		if i := strings.LastIndex(s, p); i > 0 && countWords(s[i:]) <= 8 {
			return true
		}
	}
	for _, src := range []string{"/getty images", "| getty images", "/ getty images", "/afp", "/ afp", "/reuters", "/ reuters", "/ap", "/ ap", "/shutterstock", "/ shutterstock", "/epa", "/ epa"} {
		if strings.HasSuffix(s, src) {
			return true
		}
	}
	return false
}

// copyrightLine reports "Copyright 2019 …", "Copyright © …", "© 2019 …".
func copyrightLine(lower string) bool {
	s := lower
	if rest, ok := strings.CutPrefix(s, "copyright"); ok {
		s = strings.TrimLeft(rest, " :")
		r, _ := utf8.DecodeRuneInString(s)
		return s == "" || !unicode.IsLetter(r) || strings.HasPrefix(s, "(c)")
	}
	return strings.HasPrefix(s, "©") || strings.HasPrefix(s, "(c) ")
}

// bylineLine reports "By Jane Doe", "By Jane Doe and John Roe, Reuters",
// "By Justine Coleman - 11/18/19 11:04 PM EST": "By", capitalised names,
// and then nothing, a separator, a date or a capitalised affiliation — not
// a sentence that opens with "By" ("By most accounts, the law worked",
// "By Wednesday Russia had withdrawn").
func bylineLine(line string, words int) bool {
	if words < 2 || words > 24 {
		return false
	}
	fields := strings.Fields(line)[1:]
	names, comma := 0, false
	for _, f := range fields {
		if f == "and" || f == "&" {
			names++
			continue
		}
		r, _ := utf8.DecodeRuneInString(f)
		if !unicode.IsUpper(r) {
			break
		}
		names++
		if strings.HasSuffix(f, ",") {
			comma = true
			break
		}
	}
	if names == 0 || names > 6 {
		return false
	}
	rest := fields[names:]
	if len(rest) == 0 {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest[0])
	if !comma && (unicode.IsDigit(r) || strings.ContainsRune("-|–—/·•", r)) {
		return true
	}
	if !comma || len(rest) > 6 {
		return false
	}
	// "By Tom Krisher, AP Auto Writer": an affiliation in capitals.
	for _, f := range rest {
		r, _ := utf8.DecodeRuneInString(f)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && f != "and" && f != "of" && f != "the" && f != "for" {
			return false
		}
	}
	return true
}

// stampLine reports a time stamp: "Published 11:11 PM EST Nov 19, 2019",
// "Updated: Sat 8:31 PM, Feb 17, 2018", "Published 1 day ago", or a line
// that is only a date and a time of day ("Nov. 20, 2019, 9:28 AM UTC",
// "November 18, 2019 | 4:10pm") — not "Published in the journal Nature on
// Nov. 19", "29 November 2018 | 20 January 2019" or "June 10 -- Coastal
// Credit Union Music Park".
func stampLine(lower string, words int) bool {
	if words > 20 {
		return false
	}
	opens := hasPrefix(lower, []string{"published", "updated", "posted", "first published", "last updated", "last modified", "modified"})
	dated, timed, other := false, false, 0
	for _, tok := range strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		switch {
		case strings.IndexFunc(tok, unicode.IsDigit) >= 0:
			if opens || len(tok) == 4 && (strings.HasPrefix(tok, "19") || strings.HasPrefix(tok, "20")) {
				dated = true // a year, or any number after "Published"
			}
			if strings.HasSuffix(tok, "am") || strings.HasSuffix(tok, "pm") {
				timed = true
			}
		case months[tok]:
			dated = true
		case monthsAndDays[tok]:
		case stampWords[tok]:
			switch tok {
			case "ago", "today", "yesterday":
				dated, timed = true, true
			case "am", "pm":
				timed = true
			}
		default:
			other++
		}
	}
	if opens {
		return dated && other <= 3
	}
	return dated && (timed || clockTime(lower)) && other <= 1
}

// clockTime reports an "hh:mm" in s.
func clockTime(s string) bool {
	for i := strings.IndexByte(s, ':'); i >= 0; {
		if i > 0 && i+2 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1]) && isDigit(s[i+2]) {
			return true
		}
		j := strings.IndexByte(s[i+1:], ':')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

var stampWords = toSet(strings.Fields("published updated posted first last modified on at am pm a m p est edt cst cdt mst mdt pst pdt gmt utc bst cet cest ist et pt ct hst akst amt ago hour hours minute minutes min mins day days week weeks month months year years today yesterday")...)

var months = toSet(strings.Fields("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec")...)

var monthsAndDays = toSet(strings.Fields("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun")...)

// galleryCounter reports a slideshow counter: "1 of 6", "Image 1 of 23",
// "Photo 3 of 10", "Image 1 of / 23".
func galleryCounter(words []string) bool {
	w := words
	if len(w) > 0 {
		switch w[0] {
		case "image", "photo", "picture", "slide", "video":
			w = w[1:]
		}
	}
	if len(w) == 4 && w[2] == "/" {
		w = []string{w[0], w[1], w[3]}
	}
	return len(w) == 3 && isNumber(w[0]) && w[1] == "of" && isNumber(w[2])
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// shoutedHeadline reports a line of eight or more words all in capitals
// that is not a question: the promoted headlines some sites put between
// paragraphs. Shorter capitalised lines are often the story's own
// subheadings ("UP NEXT") and are kept.
func shoutedHeadline(line string) bool {
	if strings.HasSuffix(line, "?") {
		return false
	}
	upperWords := 0
	for _, f := range strings.Fields(line) {
		letters, upper := 0, 0
		for _, r := range f {
			if unicode.IsLetter(r) {
				if unicode.IsLower(r) {
					return false
				}
				letters++
				if unicode.IsUpper(r) {
					upper++
				}
			}
		}
		if letters > 0 && upper == letters {
			upperWords++
		}
	}
	return upperWords >= 8
}

// stripFurniture removes furniture lines from extracted text (paragraphs
// separated by blank lines, lines within one by a line break), and the
// promoted headlines that follow a label such as "Related stories" or
// "More:": short lines that are not sentences, up to the next line that
// is one. It returns the text and how many lines it removed.
func stripFurniture(text string) (string, int) {
	if text == "" {
		return "", 0
	}
	paragraphs := strings.Split(text, "\n\n")
	out := paragraphs[:0]
	removed := 0
	afterLabel := false
	for _, p := range paragraphs {
		lines := strings.Split(p, "\n")
		kept := lines[:0]
		for _, l := range lines {
			if IsFurniture(l) {
				removed++
				afterLabel = labelOnly(l)
				continue
			}
			if afterLabel && headlineLike(l) {
				removed++
				continue
			}
			afterLabel = false
			kept = append(kept, l)
		}
		if len(kept) > 0 {
			out = append(out, strings.Join(kept, "\n"))
		}
	}
	return strings.Join(out, "\n\n"), removed
}

// headlineLike reports a line that reads as a headline, not a sentence:
// short, and not ending as sentences do.
func headlineLike(line string) bool {
	s := strings.TrimSpace(line)
	if countWords(s) > 16 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	switch last {
	case '.', '!', ':', ';', '"', '\u201d':
		return false
	}
	return true
}
