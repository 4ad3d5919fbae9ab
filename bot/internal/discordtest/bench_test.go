package discordtest

import (
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// BenchmarkInteractionToDeferredAck measures, through a real discordgo
// session, the time from dispatching INTERACTION_CREATE to the fake having
// accepted a handler's deferred response (validation included): the
// fake's share of a bot's time to acknowledge.
func BenchmarkInteractionToDeferredAck(b *testing.B) {
	srv := New(b)
	ds := srv.NewSession()
	acked := make(chan error, 1)
	ds.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		acked <- s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
	})
	if err := ds.Open(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.CloseSession(ds) })
	in := slashBrief()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		srv.SendInteraction(in)
		select {
		case err := <-acked:
			if err != nil {
				b.Fatal(err)
			}
		case <-time.After(wait):
			b.Fatal("no ack")
		}
	}
}
