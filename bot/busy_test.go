package bot

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"redline/briefing"
)

// busyBriefer answers as the article reader does when too many pages are
// being read at once, the first times, then briefs through next.
type busyBriefer struct {
	next  briefing.Briefer
	busy  atomic.Int32 // how many more calls are turned away
	calls atomic.Int32
}

func (b *busyBriefer) BriefURL(ctx context.Context, url string) (*briefing.Briefing, error) {
	b.calls.Add(1)
	if b.busy.Add(-1) >= 0 {
		return nil, briefing.Errorf(briefing.ERATELIMIT, "%s: redline is busy reading other pages; try again in a minute", url)
	}
	return b.next.BriefURL(ctx, url)
}

// When redline is too busy to read a page (briefing/article's limit on
// reads at once), the user is told so privately, in plain words, and the
// failed brief does not count against their own limit.
func TestBusyReaderIsAnsweredPrivatelyAndNotCounted(t *testing.T) {
	t.Parallel()
	busy := &busyBriefer{}
	busy.busy.Store(1)
	e := start(t, func(o *Options) {
		busy.next = o.Briefer
		o.Briefer = busy
		o.RateLimit = RateLimit{Count: 1, Per: time.Hour}
	})
	first := e.srv.SendInteraction(command("brief", strOpt("url", e.articles.URL+"/red-line")))
	if c := e.callback(t, first); !c.Data.Ephemeral() {
		t.Fatal("the busy brief was deferred publicly")
	}
	ed := e.edit(t, first, 1)
	orig := e.srv.OriginalMessage(first.ID)
	if orig == nil || int(orig["flags"].(float64))&int(discordgo.MessageFlagsEphemeral) == 0 ||
		!strings.Contains(ed.Message.ContentString(), "busy reading other pages; try again in a minute") {
		t.Errorf("busy answer = %q (message %v), want a private \"busy, try again\"", ed.Message.ContentString(), orig)
	}
	// The one brief an hour this user has is still there.
	second := e.srv.SendInteraction(command("brief", strOpt("url", e.articles.URL+"/red-line")))
	if c := e.callback(t, second); c.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("the retry was refused: %q", c.Data.ContentString())
	}
	if f := e.posted(t, second); len(f.Message.Embeds) == 0 {
		t.Errorf("the retry did not brief: %+v", f.Message)
	}
	if n := busy.calls.Load(); n != 2 {
		t.Errorf("%d briefs, want 2", n)
	}
}
