// Package engine holds the machinery behind package language: feature
// hashing, the averaged perceptron, the tagger, the lemmatiser, the
// transition-based parser, their training and the model file format.
package engine

import (
	"unicode"
	"unicode/utf8"
)

// Features are 64-bit hashes of a template number and the values it reads
// (word hashes, tag and label numbers), so the hot path never builds a
// string. The values are combined linearly with independent odd
// multipliers (no chain of dependent multiplications) and the sum gets one
// multiply-xorshift finish.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

const (
	hk0 = 0x9e3779b97f4a7c15
	hk1 = 0xc2b2ae3d27d4eb4f
	hk2 = 0x165667b19e3779f9
	hk3 = 0xd6e8feb86659fd93
)

func finish(h uint64) uint64 {
	h ^= h >> 32
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 29
	return h
}

func feat1(t, a uint64) uint64       { return finish(t*hk0 + a*hk1 + 1) }
func feat2(t, a, b uint64) uint64    { return finish(t*hk0 + a*hk1 + b*hk2 + 2) }
func feat3(t, a, b, c uint64) uint64 { return finish(t*hk0 + a*hk1 + b*hk2 + c*hk3 + 3) }

// hashBytes is FNV-1a over b.
func hashBytes(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h | 1 // never 0: 0 stands for "no word"
}

// fnvBytes, fnvString and fnvByte continue an FNV-1a hash.
func fnvBytes(h uint64, b []byte) uint64 {
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func fnvByte(h uint64, c byte) uint64 { return (h ^ uint64(c)) * fnvPrime }

func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h | 1
}

// Normalize appends to dst the form the models see for a word: lower case,
// with typographic quotes, dashes and ellipses mapped to the ASCII ones the
// treebank mostly uses (news writes ’s and —, the web text of EWT 's and --).
func Normalize(dst []byte, w string) []byte { return normalize(dst, w, true) }

// normalizeCase is Normalize without the lower-casing.
func normalizeCase(dst []byte, w string) []byte { return normalize(dst, w, false) }

func normalize(dst []byte, w string, lower bool) []byte {
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if lower && 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, sz := utf8.DecodeRuneInString(w[i:])
		i += sz
		switch r {
		case '’', '‘', 'ʼ', '′':
			dst = append(dst, '\'')
		case '“', '”', '„', '″':
			dst = append(dst, '"')
		case '—', '―':
			dst = append(dst, '-', '-')
		case '–', '‐', '‑', '−':
			dst = append(dst, '-')
		case '…':
			dst = append(dst, '.', '.', '.')
		case utf8.RuneError:
			dst = append(dst, '?')
		default:
			if lower {
				r = unicode.ToLower(r)
			}
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}
