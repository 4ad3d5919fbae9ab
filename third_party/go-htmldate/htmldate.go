// Package htmldate stands in for github.com/markusmobius/go-htmldate in
// redline's build (see the replace directive in redline's go.mod).
//
// go-trafilatura imports go-htmldate, which imports go-dateparser, whose
// package initialisation builds its language tables at every start of any
// program that links it: 130 ms and 78 MB allocated before main runs, paid
// by every redline command, "redline version" included. redline never asks
// Trafilatura for a date (it sets HtmlDateMode to Disabled, and finds dates
// itself in briefing/article), so this stub keeps only the declarations
// go-trafilatura compiles against, and a FromDocument that finds nothing.
//
// If a future go-trafilatura uses more of go-htmldate, the build fails here
// rather than at run time; drop the replace directive to use the real
// module again.
package htmldate

import (
	"errors"
	"time"

	"golang.org/x/net/html"
)

// Options are go-htmldate's options, of which go-trafilatura sets these.
type Options struct {
	URL                 string
	UseOriginalDate     bool
	SkipExtensiveSearch bool
}

// Result is a date found in a document.
type Result struct {
	DateTime time.Time
	HasTime  bool
}

// IsZero reports whether no date was found.
func (r Result) IsZero() bool { return r.DateTime.IsZero() }

// ErrNoSearch is what FromDocument returns: this stub searches nothing.
var ErrNoSearch = errors.New("htmldate: date search is not built into redline")

// FromDocument finds nothing; see the package comment.
func FromDocument(doc *html.Node, opts Options) (Result, error) {
	return Result{}, ErrNoSearch
}
