package render

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Discord's limits on a message, in characters (Unicode code points, which
// is what Discord and the JSON Schema maxLength of its API description count).
const (
	MaxContent     = 2000 // message text
	MaxEmbeds      = 10   // embeds per message
	MaxEmbedTotal  = 6000 // title+description+field names+values+footer+author name, over all embeds of a message
	MaxTitle       = 256
	MaxDescription = 4096
	MaxFields      = 25 // fields per embed
	MaxFieldName   = 256
	MaxFieldValue  = 1024
	MaxFooter      = 2048
	MaxAuthorName  = 256
	MaxURL         = 2048 // embed url
	MaxColor       = 0xFFFFFF
)

// Message is one Discord message in neutral form; the bot converts it to
// discordgo's types. Content and embeds are already escaped and within limits.
type Message struct {
	Content string
	Embeds  []Embed
}

// Embed is one rich embed. Footer is plain text (Discord renders no
// Markdown there); the other texts are Discord Markdown.
type Embed struct {
	Title       string
	URL         string
	Description string
	Color       int
	Fields      []Field
	Footer      string
	Timestamp   time.Time
}

// Field is one name/value pair of an embed. Discord requires both to be non-empty.
type Field struct {
	Name   string
	Value  string
	Inline bool
}

// Len is the length of s as Discord counts it: code points.
func Len(s string) int { return utf8.RuneCountInString(s) }

// EmbedSize is what e counts towards MaxEmbedTotal.
func EmbedSize(e Embed) int {
	n := Len(e.Title) + Len(e.Description) + Len(e.Footer)
	for _, f := range e.Fields {
		n += Len(f.Name) + Len(f.Value)
	}
	return n
}

// MessageSize is what the embeds of m count towards MaxEmbedTotal.
func MessageSize(m Message) int {
	n := 0
	for _, e := range m.Embeds {
		n += EmbedSize(e)
	}
	return n
}

// LimitError lists every way a message breaks Discord's rules.
type LimitError struct {
	Problems []string
}

func (e *LimitError) Error() string {
	return "message breaks Discord's limits: " + strings.Join(e.Problems, "; ")
}

// Validate reports every way m would be rejected by Discord (a 50035
// "Invalid Form Body" or 50006 "Cannot send an empty message") or could
// mention someone: lengths, counts, empty field names or values, embed
// URLs and colours, and unneutralised @everyone, @here or <@…> mentions.
// The renderer's own tests and the bot's tests use it on every message.
func Validate(m Message) error {
	var ps []string
	add := func(format string, args ...any) { ps = append(ps, fmt.Sprintf(format, args...)) }
	over := func(what, s string, limit int) {
		if n := Len(s); n > limit {
			add("%s has %d characters; the limit is %d", what, n, limit)
		}
	}
	if m.Content == "" && len(m.Embeds) == 0 {
		add("message has neither content nor embeds")
	}
	over("content", m.Content, MaxContent)
	checkMentions("content", m.Content, add)
	if len(m.Embeds) > MaxEmbeds {
		add("message has %d embeds; the limit is %d", len(m.Embeds), MaxEmbeds)
	}
	if total := MessageSize(m); total > MaxEmbedTotal {
		add("embeds total %d characters; the limit is %d", total, MaxEmbedTotal)
	}
	for i, e := range m.Embeds {
		at := fmt.Sprintf("embed %d", i+1)
		if EmbedSize(e) == 0 {
			add("%s is empty", at)
		}
		over(at+" title", e.Title, MaxTitle)
		over(at+" description", e.Description, MaxDescription)
		over(at+" footer", e.Footer, MaxFooter)
		checkMentions(at+" title", e.Title, add)
		checkMentions(at+" description", e.Description, add)
		checkMentions(at+" footer", e.Footer, add)
		if e.URL != "" {
			if u, err := url.Parse(e.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				add("%s url %q is not an absolute http(s) URL", at, e.URL)
			}
			over(at+" url", e.URL, MaxURL)
		}
		if e.Color < 0 || e.Color > MaxColor {
			add("%s colour %d is outside 0-0xFFFFFF", at, e.Color)
		}
		if len(e.Fields) > MaxFields {
			add("%s has %d fields; the limit is %d", at, len(e.Fields), MaxFields)
		}
		for j, f := range e.Fields {
			fat := fmt.Sprintf("%s field %d", at, j+1)
			if strings.TrimSpace(f.Name) == "" {
				add("%s has an empty name", fat)
			}
			if strings.TrimSpace(f.Value) == "" {
				add("%s has an empty value", fat)
			}
			over(fat+" name", f.Name, MaxFieldName)
			over(fat+" value", f.Value, MaxFieldValue)
			checkMentions(fat+" name", f.Name, add)
			checkMentions(fat+" value", f.Value, add)
		}
	}
	if len(ps) == 0 {
		return nil
	}
	return &LimitError{Problems: ps}
}

// ValidateAll validates each message of a multi-message result.
func ValidateAll(ms []Message) error {
	if len(ms) == 0 {
		return &LimitError{Problems: []string{"no message to send"}}
	}
	for i, m := range ms {
		if err := Validate(m); err != nil {
			return fmt.Errorf("message %d of %d: %w", i+1, len(ms), err)
		}
	}
	return nil
}

// mentionPattern matches what Discord reads as a mention: @everyone,
// @here, <@id>, <@!id> and <@&id>.
var mentionPattern = regexp.MustCompile(`(?i)@everyone|@here|<@[!&]?[0-9]`)

func checkMentions(what, s string, add func(string, ...any)) {
	if m := mentionPattern.FindString(s); m != "" {
		add("%s contains an unneutralised mention %q", what, m)
	}
}

// Truncate returns s cut to at most limit code points. A cut string ends
// with "…", at the last word boundary when one is close, else between two
// grapheme clusters (never inside a rune, an emoji sequence, or between a
// letter and its combining accent), and never after a lone escaping
// backslash.
func Truncate(s string, limit int) string {
	if limit <= 0 {
		return ""
	}
	if Len(s) <= limit {
		return s
	}
	if limit == 1 {
		return "…"
	}
	room := limit - 1 // for the ellipsis
	rest, state := s, -1
	runes, end := 0, 0
	wordEnd, wordRunes := -1, 0
	for len(rest) > 0 {
		var cluster string
		cluster, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		n := utf8.RuneCountInString(cluster)
		if runes+n > room {
			break
		}
		if isSpace(cluster) {
			wordEnd, wordRunes = end, runes
		}
		runes += n
		end += len(cluster)
	}
	cut := end
	// Prefer the word boundary unless it would lose more than half the room.
	if wordEnd > 0 && wordRunes >= room/2 {
		cut = wordEnd
	}
	out := strings.TrimRightFunc(s[:cut], unicode.IsSpace)
	out = strings.TrimRight(out, ",;:")
	out = dropDanglingBackslash(out)
	return strings.TrimRightFunc(out, unicode.IsSpace) + "…"
}

func isSpace(cluster string) bool {
	r, _ := utf8.DecodeRuneInString(cluster)
	return unicode.IsSpace(r)
}

// dropDanglingBackslash removes a final backslash that escapes nothing
// (an odd run of them), which would otherwise escape the ellipsis.
func dropDanglingBackslash(s string) string {
	n := len(s) - len(strings.TrimRight(s, `\`))
	if n%2 == 1 {
		return s[:len(s)-1]
	}
	return s
}
