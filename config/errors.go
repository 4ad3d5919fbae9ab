package config

import (
	"fmt"
	"sort"
	"strings"

	"redline/briefing"
)

// Problem is one thing wrong with the configuration.
type Problem struct {
	Key     string // the key's dotted path ("fetch.timeout"); may be a typo as written
	Line    int    // line in the file; 0 when the value did not come from the file
	Env     string // the environment variable the value came from, if any
	Message string // what is wrong and what to write instead
}

// String writes the problem as "file:line: key: message" or
// "VARIABLE (key): message".
func (p Problem) String() string {
	return p.format("")
}

func (p Problem) format(file string) string {
	var where []string
	switch {
	case p.Env != "" && p.Key == "":
		where = append(where, "environment "+p.Env)
	case p.Env != "":
		where = append(where, "environment "+p.Env+" ("+p.Key+")")
	case p.Line > 0 && file != "":
		where = append(where, fmt.Sprintf("%s:%d", file, p.Line))
	case p.Line > 0:
		where = append(where, fmt.Sprintf("line %d", p.Line))
	}
	msg := p.Message
	if p.Env == "" && p.Key != "" {
		// "log.level is set twice" reads better than "log.level: is set twice".
		if strings.HasPrefix(msg, "is ") || strings.HasPrefix(msg, "must ") {
			msg = p.Key + " " + msg
		} else {
			where = append(where, p.Key)
		}
	}
	where = append(where, msg)
	return strings.Join(where, ": ")
}

// Error lists every problem found in a configuration. errors.As also sees
// it as a *briefing.Error with code EINVALID whose message is the full list,
// so adapters handle it like any other user error.
type Error struct {
	File     string // the file read; empty when none
	Problems []Problem
}

func (e *Error) Error() string {
	file := e.File
	if len(e.Problems) == 1 {
		return "configuration problem: " + e.Problems[0].format(file)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "configuration has %d problems:", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.format(file))
	}
	return b.String()
}

// As lets errors.As(err, &target) with target a **briefing.Error succeed.
func (e *Error) As(target any) bool {
	if t, ok := target.(**briefing.Error); ok {
		*t = &briefing.Error{Code: briefing.EINVALID, Message: e.Error()}
		return true
	}
	return false
}

// sortProblems orders problems as a reader fixes them: file lines first,
// in order, then environment variables, then the rest.
func sortProblems(ps []Problem) {
	rank := func(p Problem) int {
		switch {
		case p.Line > 0:
			return 0
		case p.Env != "":
			return 1
		}
		return 2
	}
	sort.SliceStable(ps, func(i, j int) bool {
		ri, rj := rank(ps[i]), rank(ps[j])
		if ri != rj {
			return ri < rj
		}
		return ps[i].Line < ps[j].Line
	})
}
