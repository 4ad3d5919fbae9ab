package article

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"redline/briefing"
)

// hostilePages are pages within the fetcher's 5 MB cap built to make
// extraction slow and memory-hungry: the shapes of issue 12 (300,000
// tables, paragraphs or links took seconds and hundreds of megabytes)
// and others over the work limits.
func hostilePages() map[string]string {
	const n = 300000
	return map[string]string{
		"300,000 tables":                  "<html><body>" + strings.Repeat("<table>", n) + "</body></html>",
		"300,000 nested table cells":      "<html><body>" + strings.Repeat("<table><tr><td>", n) + "</body></html>",
		"300,000 paragraphs":              "<html><body>" + strings.Repeat("<p>word ", n) + "</body></html>",
		"250,000 links":                   "<html><body>" + strings.Repeat(`<a href="#x">w</a> `, 250000) + "</body></html>",
		"300,000 nested bold":             "<html><body><p>" + strings.Repeat("<b>w ", n) + "</body></html>",
		"3,000 nested divs":               strings.Repeat("<div>", 3000) + "deep",
		"lists nested 95 deep, 145 times": "<html><body>" + strings.Repeat(strings.Repeat("<ul><li>"+strings.Repeat("lorem ipsum dolor sit amet ", 6), 95)+strings.Repeat("</li></ul>", 95), 145) + "</body></html>",
	}
}

func TestHostilePagesRefused(t *testing.T) {
	for name, page := range hostilePages() {
		t.Run(name, func(t *testing.T) {
			if len(page) > 5<<20 {
				t.Fatalf("page of %d bytes is over the fetcher's cap", len(page))
			}
			_, err := FromHTML([]byte(page), "https://hostile.example/")
			wantCode(t, err, briefing.ETOOLARGE, "https://hostile.example/: the page is too complex to read")
		})
	}
}

// BenchmarkHostilePages reads pages just within the work limits, built to
// be as slow as the limits allow; each must stay well under 2 s and 150 MB
// (B/op is what it allocates in all, not its peak).
func BenchmarkHostilePages(b *testing.B) {
	words := strings.Repeat("lorem ipsum dolor sit amet, consectetur adipiscing elit ", 3)
	pages := map[string]string{
		"29000 paragraphs": "<html><body>" + strings.Repeat("<p>"+words, 29000) + "</body></html>",
		"29000 links":      "<html><body><div>" + strings.Repeat(`<a href="/x">`+words+"</a> ", 29000) + "</div></body></html>",
		"14500 list links": "<html><body><ul>" + strings.Repeat(`<li><a href="/a">`+words+"</a></li>", 14500) + "</ul></body></html>",
		"nested spans":     "<html><body><p>" + strings.Repeat("<span>"+words, 180) + strings.Repeat("</span>", 180) + strings.Repeat("<span>"+words+"</span>", 28800) + "</p></body></html>",
	}
	for name, page := range pages {
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := FromHTML([]byte(page), "https://hostile.example/"); briefing.ErrorCode(err) == briefing.EINTERNAL {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestCheckMarkupCountsRealStartTags(t *testing.T) {
	// Scripts and comments full of "<a" do not count as elements.
	script := "<script>" + strings.Repeat("if (a<b) x = '<a>';", MaxElements) + "</script>"
	page := "<html><head>" + script + "<!--" + strings.Repeat("<p>", MaxElements) + "--></head><body><p>text</p></body></html>"
	if err := checkMarkup([]byte(page), ""); err != nil {
		t.Errorf("page with few real elements refused: %v", err)
	}
	if err := checkMarkup([]byte(strings.Repeat("<i>", MaxElements+1)), ""); err == nil {
		t.Error("page over the element limit accepted")
	}
	if n := tagOpenings([]byte("<a><B> < 3 <-x <z")); n != 3 {
		t.Errorf("tagOpenings = %d, want 3", n)
	}
}

func TestExtractStopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := fromHTML(ctx, readTestdata(t, "warning.html"), pageURL)
	wantCode(t, err, briefing.ETIMEOUT, "reading the page took too long")
}

func TestGateRefusesWhenFull(t *testing.T) {
	g := newGate(1, 1)
	release := make(chan struct{})
	started := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		g.do(context.Background(), "first", func(context.Context) (briefing.Article, error) {
			close(started)
			<-release
			return briefing.Article{}, nil
		})
	}()
	<-started
	// The second caller waits (the queue has room for one), the third is
	// turned away at once.
	waiting := make(chan error, 1)
	go func() {
		_, err := g.do(context.Background(), "second", func(context.Context) (briefing.Article, error) {
			return briefing.Article{Title: "second"}, nil
		})
		waiting <- err
	}()
	for len(g.queue) < 2 {
		time.Sleep(time.Millisecond)
	}
	_, err := g.do(context.Background(), "https://third.example/", func(context.Context) (briefing.Article, error) {
		t.Error("third extraction ran")
		return briefing.Article{}, nil
	})
	wantCode(t, err, briefing.ERATELIMIT, "https://third.example/: redline is busy reading other pages; try again in a minute")
	close(release)
	if err := <-waiting; err != nil {
		t.Errorf("waiting caller: %v", err)
	}
	wg.Wait()
	if len(g.queue) != 0 || len(g.run) != 0 {
		t.Errorf("gate not emptied: %d queued, %d running", len(g.queue), len(g.run))
	}
}

func TestGateReturnsAtDeadlineAndHoldsTheSlot(t *testing.T) {
	g := newGate(1, 0)
	release := make(chan struct{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := g.do(ctx, "https://slow.example/", func(context.Context) (briefing.Article, error) {
		<-release
		return briefing.Article{}, nil
	})
	wantCode(t, err, briefing.ETIMEOUT, "https://slow.example/: reading the page took too long")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v does not wrap the deadline", err)
	}
	// The abandoned extraction still holds its place until it ends.
	_, err = g.do(context.Background(), "next", func(context.Context) (briefing.Article, error) { return briefing.Article{}, nil })
	wantCode(t, err, briefing.ERATELIMIT)
	close(release)
	for len(g.queue) > 0 {
		time.Sleep(time.Millisecond)
	}
	if _, err := g.do(context.Background(), "next", func(context.Context) (briefing.Article, error) { return briefing.Article{}, nil }); err != nil {
		t.Errorf("after the slow extraction ended: %v", err)
	}
}

func TestGateReportsPanics(t *testing.T) {
	g := newGate(1, 0)
	_, err := g.do(context.Background(), "https://broken.example/", func(context.Context) (briefing.Article, error) {
		panic("boom")
	})
	wantCode(t, err, briefing.EINTERNAL, "https://broken.example/: the page could not be read")
	if len(g.queue) != 0 {
		t.Error("a panicking extraction kept its slot")
	}
}

func TestReaderRefusesHostilePage(t *testing.T) {
	page := "<html><body>" + strings.Repeat("<p>word ", 300000) + "</body></html>"
	r, base := newTestReader(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(page))
	})
	_, err := r.Read(context.Background(), base+"/hostile")
	wantCode(t, err, briefing.ETOOLARGE, "the page is too complex to read")
}
