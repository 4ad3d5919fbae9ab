package discordtest

import (
	"testing"

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
// closes it when t ends, before the server (t.Cleanup runs last-in first-out;
// discordgo's Close takes about a second).
func (s *Server) OpenSession(t testing.TB) *discordgo.Session {
	t.Helper()
	ds := s.NewSession()
	if err := ds.Open(); err != nil {
		t.Fatalf("discordtest: open the discordgo session: %v", err)
	}
	t.Cleanup(func() { _ = ds.Close() })
	return ds
}
