// Package testclock is the one settable clock of redline's tests: a time
// source that stands still until a test sets it or moves it forward, safe
// to read from the goroutines of the code under test.
package testclock

import (
	"sync"
	"time"
)

// Clock is a time that only the test moves. Pass its Now method wherever a
// func() time.Time clock is injected.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New returns a Clock standing at t.
func New(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
