package engine

import (
	"unicode"
	"unicode/utf8"
)

// wordInfo is what the feature templates read about one word, hashed once
// per sentence.
type wordInfo struct {
	form  uint64    // typographically normalised, case kept
	lower uint64    // normalised lower case
	pre   [4]uint64 // lower-case prefixes of 1..4 runes
	suf   [4]uint64 // lower-case suffixes of 1..4 runes
	shape uint64    // Xxxx, dd,dd, X.X. (runs longer than two collapsed)
	flags uint64    // capitalised, all caps, hyphen, digit, first word
	lex   uint64    // the tagger's most frequent class for the word
	unk   uint64    // 1 if the word is rare in training
}

const (
	flagCap = 1 << iota
	flagAllCaps
	flagHyphen
	flagDigit
	flagFirst
	flagPunct
)

// scratchBuf is per-call space for normalising words.
type scratchBuf struct {
	norm  []byte
	lower []byte
	shape []byte
	runes []int // rune start offsets in lower
}

func (s *scratchBuf) info(w string, first bool) wordInfo {
	var wi wordInfo
	s.lower = Normalize(s.lower[:0], w)
	s.norm = normalizeCase(s.norm[:0], w)
	wi.form = hashBytes(s.norm)
	wi.lower = hashBytes(s.lower)
	s.runes = s.runes[:0]
	for i := 0; i < len(s.lower); {
		_, sz := utf8.DecodeRune(s.lower[i:])
		s.runes = append(s.runes, i)
		i += sz
	}
	n := len(s.runes)
	for k := 1; k <= 4; k++ {
		if k > n {
			wi.pre[k-1] = wi.lower
			wi.suf[k-1] = wi.lower
			continue
		}
		end := len(s.lower)
		if k < n {
			end = s.runes[k]
		}
		wi.pre[k-1] = hashBytes(s.lower[:end]) ^ uint64(k)<<56
		wi.suf[k-1] = hashBytes(s.lower[s.runes[n-k]:]) ^ uint64(k)<<58
	}
	s.shape = s.shape[:0]
	var last byte
	run := 0
	caps, letters := 0, 0
	for i, r := range w {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
			caps++
			letters++
			if i == 0 {
				wi.flags |= flagCap
			}
		case unicode.IsLetter(r):
			c = 'x'
			letters++
		case unicode.IsDigit(r):
			c = 'd'
			wi.flags |= flagDigit
		case r == '-' || r == '–' || r == '—':
			c = '-'
			if i > 0 {
				wi.flags |= flagHyphen
			}
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '*'
		}
		if c == last {
			run++
			if run > 2 {
				continue
			}
		} else {
			run = 1
			last = c
		}
		s.shape = append(s.shape, c)
	}
	if letters > 1 && caps == letters {
		wi.flags |= flagAllCaps
	}
	if letters == 0 && wi.flags&flagDigit == 0 {
		wi.flags |= flagPunct
	}
	if first {
		wi.flags |= flagFirst
	}
	wi.shape = hashBytes(s.shape)
	return wi
}
