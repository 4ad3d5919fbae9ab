package config

import (
	"fmt"
	"reflect"
	"strings"
)

// unknownKeyMessage explains an unknown key and suggests the key that was
// probably meant: a close spelling among its siblings, else a key of the
// same name in another section.
func unknownKeyMessage(t reflect.Type, prefix, key string) string {
	siblings := fieldKeys(t)
	if s := closest(key, siblings); s != "" {
		return fmt.Sprintf("unknown key (did you mean %q?)", joinKey(prefix, s))
	}
	var all []string
	for _, l := range leaves(reflect.TypeFor[Config](), "", nil) {
		all = append(all, l.path)
	}
	for _, path := range all {
		last := path[strings.LastIndex(path, ".")+1:]
		if normalizeKey(last) == normalizeKey(key) || (len(key) > 4 && editDistance(normalizeKey(last), normalizeKey(key)) <= 1) {
			return fmt.Sprintf("unknown key (did you mean %q?)", path)
		}
	}
	where := "at the top level"
	if prefix != "" {
		where = "in " + prefix
	}
	return fmt.Sprintf("unknown key; the keys %s are: %s", where, strings.Join(siblings, ", "))
}

// normalizeKey folds the spellings people mix up: case, '-' and '_'.
func normalizeKey(s string) string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "_", "")
	return strings.ReplaceAll(s, "-", "")
}

// closest returns the candidate nearest to key, or "" if none is close
// enough to be a likely typo.
func closest(key string, candidates []string) string {
	nk := normalizeKey(key)
	best, bestDist := "", 1<<30
	for _, c := range candidates {
		d := editDistance(nk, normalizeKey(c))
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	allowed := 1
	switch n := len([]rune(nk)); {
	case n > 8:
		allowed = 3
	case n > 4:
		allowed = 2
	}
	if bestDist <= allowed {
		return best
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
