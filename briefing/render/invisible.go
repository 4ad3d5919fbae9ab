package render

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// stripInvisible removes the characters that change how text reads
// without being seen, so that a headline or a quote cannot be made to
// show something other than what it says:
//
//   - the direction controls (U+202A–U+202E embeddings and overrides,
//     U+2066–U+2069 isolates, U+200E and U+200F marks, U+061C the Arabic
//     letter mark), which reorder what follows them; Discord and terminals
//     lay text out by its letters alone once they are gone;
//   - the invisible formatting characters: zero-width space U+200B, word
//     joiner U+2060, soft hyphen U+00AD, byte-order mark U+FEFF, the
//     deprecated format controls U+206A–U+206F, the interlinear annotation
//     marks U+FFF9–U+FFFB and the tag characters U+E0000–U+E007F (which can
//     hide a whole sentence);
//   - the joiners U+200C and U+200D and the Mongolian vowel separator
//     U+180E where they are not needed: a joiner stays only between two
//     characters that it can join (letters or marks of scripts that shape
//     their letters, such as Arabic, Persian or Devanagari, and emoji, for
//     👨‍👩‍👧), the separator only between two Mongolian letters, and a tag
//     character only in an emoji flag sequence (🏴 followed by tags).
//
// Text without any of them is returned as is.
func stripInvisible(s string) string {
	i := strings.IndexFunc(s, maybeInvisible)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		next, _ := utf8.DecodeRuneInString(s[i+size:])
		keep := true
		switch {
		case alwaysInvisible(r):
			keep = false
		case r == '\u200c' || r == '\u200d':
			keep = joinable(prev) && joinable(next)
		case r == '\u180e':
			keep = unicode.Is(unicode.Mongolian, prev) && unicode.Is(unicode.Mongolian, next)
		case isTag(r):
			keep = prev == '\U0001F3F4' || isTag(prev)
		}
		if keep {
			b.WriteRune(r)
			prev = r
		}
		i += size
	}
	return b.String()
}

// maybeInvisible reports whether stripInvisible may drop r.
func maybeInvisible(r rune) bool {
	return alwaysInvisible(r) || r == '\u200c' || r == '\u200d' || r == '\u180e' || isTag(r)
}

// alwaysInvisible reports whether r is dropped wherever it stands.
func alwaysInvisible(r rune) bool {
	switch {
	case r == '\u00ad', r == '\u061c', r == '\u200b', r == '\u200e', r == '\u200f', r == '\u2060', r == '\ufeff':
		return true
	case r >= '\u202a' && r <= '\u202e':
		return true
	case r >= '\u2061' && r <= '\u206f': // invisible operators, isolates, deprecated format controls
		return true
	case r >= '\ufff9' && r <= '\ufffb':
		return true
	}
	return false
}

func isTag(r rune) bool { return r >= 0xE0000 && r <= 0xE007F }

// joinable reports whether a zero-width joiner or non-joiner next to r
// can do anything: r is a letter or mark of a script other than Latin
// (which never needs one), or part of an emoji.
func joinable(r rune) bool {
	switch {
	case r == utf8.RuneError || r < 0x0300:
		return false
	case unicode.Is(unicode.Latin, r):
		return false
	case unicode.IsLetter(r), unicode.Is(unicode.M, r):
		return true
	case unicode.Is(unicode.So, r), unicode.Is(unicode.Sk, r): // emoji, skin tones
		return true
	}
	return false
}
