package briefing

import (
	"errors"
	"fmt"
)

// Error codes shared by every adapter. Each adapter maps them to its own
// protocol (an exit status, an ephemeral Discord reply, a log level).
const (
	EINVALID     = "invalid"      // the user's input is wrong (bad URL, bad option)
	ENOTFOUND    = "not_found"    // nothing there (HTTP 404, unknown feed)
	EBLOCKED     = "blocked"      // refused by policy (private address, scheme)
	ETOOLARGE    = "too_large"    // over a size limit
	ENOTARTICLE  = "not_article"  // the page holds no article (PDF, paywall, empty)
	ETIMEOUT     = "timeout"      // took too long
	EUNAVAILABLE = "unavailable"  // the remote side failed (HTTP 5xx, connection refused)
	ERATELIMIT   = "rate_limited" // too many requests; try later
	ECONFLICT    = "conflict"     // already exists
	EINTERNAL    = "internal"     // a bug or an unexpected failure
)

// Error is an error whose Message is fit to show to a user as is.
type Error struct {
	Code    string
	Message string
	Err     error // the underlying cause, for logs; never shown to users
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code and a formatted user message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WrapError returns an *Error with the code and user message that keeps
// err as its cause.
func WrapError(code string, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the Message of the
// first *Error in its chain, or a generic sentence for anything else, so
// that raw driver or Go errors never reach a user.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong inside redline; please try again, and report it if it keeps happening."
}
