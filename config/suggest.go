package config

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// otherEnv are REDLINE_ variables that are not configuration keys but are
// read elsewhere (by the tests), so not reported as misspellings.
var otherEnv = map[string]bool{"REDLINE_DISCORD_SPEC": true}

// UnknownEnv returns a warning for each REDLINE_ variable in environ
// ("NAME=value" entries) that names no configuration key and so is
// ignored, suggesting the variable that was probably meant.
func UnknownEnv(environ []string) []Problem {
	known := map[string]bool{}
	var names []string
	for _, k := range Keys() {
		known[EnvName(k)] = true
		names = append(names, EnvName(k))
	}
	var out []Problem
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(strings.ToUpper(name), "REDLINE_") || known[name] || otherEnv[name] {
			continue
		}
		msg := "is not a redline setting and is ignored"
		if s := closestEnv(name, names); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		} else {
			msg += "; the variables are REDLINE_ and a key in upper case with dots as underscores, such as REDLINE_FETCH_TIMEOUT"
		}
		out = append(out, Problem{Env: name, Message: msg})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Env < out[j].Env })
	return out
}

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

// closestEnv suggests the variable meant by name: a close spelling, else
// the variable of the one key whose last part name ends with
// (REDLINE_TIMEZONE → REDLINE_DIGEST_TIMEZONE).
func closestEnv(name string, names []string) string {
	if s := closest(name, names); s != "" {
		return s
	}
	rest := normalizeKey(strings.TrimPrefix(strings.ToUpper(name), "REDLINE_"))
	var found []string
	for _, k := range Keys() {
		last := normalizeKey(k[strings.LastIndex(k, ".")+1:])
		if rest == last || (len(rest) > 4 && editDistance(rest, last) <= 1) {
			found = append(found, EnvName(k))
		}
	}
	if len(found) == 1 {
		return found[0]
	}
	return ""
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
