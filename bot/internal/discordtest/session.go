package discordtest

import (
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// NewSession returns a discordgo session wired to the fake (token "Bot " +
// Token, Client from s.Client()), not yet opened.
func (s *Server) NewSession() *discordgo.Session {
	ds, err := discordgo.New("Bot " + Token)
	if err != nil {
		s.t.Fatalf("discordtest: discordgo.New: %v", err)
	}
	ds.Client = s.Client()
	return ds
}

// OpenSession opens a session from NewSession, fails t when it cannot, and
// closes it with CloseSession when t ends, before the server (t.Cleanup
// runs last-in first-out).
func (s *Server) OpenSession(t testing.TB) *discordgo.Session {
	t.Helper()
	ds := s.NewSession()
	if err := ds.Open(); err != nil {
		t.Fatalf("discordtest: open the discordgo session: %v", err)
	}
	t.Cleanup(func() { s.CloseSession(ds) })
	return ds
}

// CloseSession closes a discordgo v0.29.0 session without leaving it
// reconnecting forever. discordgo's heartbeat goroutine writes its first
// heartbeat as soon as Open returns; if Close wins that race, the heartbeat
// write fails and the goroutine starts a reconnect loop that outlives the
// test. So this waits (up to 20 s) until the session has sent a heartbeat
// on its current connection, turns reconnecting off, then closes it (which
// takes discordgo about a second).
func (s *Server) CloseSession(ds *discordgo.Session) {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ds.RLock()
		ready := ds.DataReady
		ds.RUnlock()
		if ready {
			break
		}
		time.Sleep(5 * time.Millisecond) // discordgo offers no signal for this
	}
	ds.Lock()
	ds.ShouldReconnectOnError = false
	ds.Unlock()
	_ = ds.Close()
}
