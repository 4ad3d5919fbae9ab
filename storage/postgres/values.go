package postgres

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Times are kept to the millisecond, in UTC, as the SQLite store keeps them.

// ts is t for a NOT NULL timestamptz column.
func ts(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// nullTS is t for a nullable column: NULL for the zero time.
func nullTS(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	v := ts(t)
	return &v
}

// fromTS reads a timestamptz back in UTC.
func fromTS(t time.Time) time.Time { return t.UTC() }

// fromNullTS reads a nullable timestamptz back: zero for NULL.
func fromNullTS(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// clean makes s storable as PostgreSQL text, which holds neither NUL nor
// broken UTF-8: each is replaced by U+FFFD.
func clean(s string) string {
	if utf8.ValidString(s) && !strings.ContainsRune(s, 0) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

func cleanAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = clean(s)
	}
	return out
}

// searchWords splits text into the words that full-text search indexes
// and matches: runs of letters and digits, lower-cased, with diacritics
// removed ("Zürich" → "zurich"), as SQLite's unicode61 tokenizer with
// remove_diacritics 2 finds them.
func searchWords(text string) []string {
	var words []string
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			words = append(words, word.String())
			word.Reset()
		}
	}
	for _, r := range norm.NFD.String(strings.ToValidUTF8(text, " ")) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a diacritic of the letter before: dropped
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			word.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return words
}

// searchDocument is the text indexed for a warning: its words, joined by
// single spaces, so that PostgreSQL's parser finds no other tokens.
func searchDocument(parts ...string) string {
	var words []string
	for _, p := range parts {
		words = append(words, searchWords(p)...)
	}
	return strings.Join(words, " ")
}

// searchQuery turns what a user typed into websearch_to_tsquery input
// that means what it means to the SQLite store: each whitespace-separated
// chunk becomes a quoted phrase of its words, all chunks must match, and
// nothing is an operator ("or", "-", quotes). Chunks without a letter or
// digit are dropped; the result is "" when nothing searchable is left.
func searchQuery(text string) string {
	var phrases []string
	for _, chunk := range strings.FieldsFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError
	}) {
		if ws := searchWords(chunk); len(ws) > 0 {
			phrases = append(phrases, `"`+strings.Join(ws, " ")+`"`)
		}
	}
	return strings.Join(phrases, " ")
}
