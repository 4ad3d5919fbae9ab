package digest

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"redline/briefing"
	"redline/briefing/actors"
)

var day = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)

func person(name, key, affiliation string) briefing.Actor {
	return briefing.Actor{Name: name, Key: key, Affiliation: affiliation, AffiliationKey: actors.Key(affiliation)}
}

func country(name string) briefing.Actor {
	return briefing.Actor{Name: name, Key: actors.Key(name)}
}

func source(id int64, site string) briefing.Source {
	return briefing.Source{ArticleID: id, URL: fmt.Sprintf("https://%s/story/%d", site, id), Site: site, Fetched: day.Add(time.Duration(id) * time.Minute)}
}

func warn(speaker, addressee briefing.Actor, kind briefing.Kind, what, quote string, src briefing.Source, evidence ...string) briefing.Warning {
	return briefing.Warning{Speaker: speaker, Addressee: addressee, Kind: kind, What: what, Quote: quote, Evidence: evidence, Source: src}
}

var (
	putin    = person("Vladimir Putin", "vladimir putin", "Russia")
	justPut  = briefing.Actor{Name: "Putin", Key: "putin"}
	lavrov   = person("Sergei Lavrov", "sergei lavrov", "Russia")
	russia   = country("Russia")
	seoul    = country("South Korea")
	pyongang = country("North Korea")
	nato     = country("NATO")
)

func TestAssembleMergesOneWarningFromSeveralOutlets(t *testing.T) {
	ws := []briefing.Warning{
		warn(putin, seoul, briefing.KindThreat, "Supplying weapons to Ukraine would be a big mistake",
			"would be a very big mistake", source(1, "wire.example"),
			"Putin said supplying weapons to Ukraine would be a very big mistake."),
		warn(justPut, seoul, briefing.KindWarning, "Weapons supplies to Ukraine would be a big mistake for Seoul",
			"", source(2, "daily.example"),
			"Putin warned Seoul that weapons supplies to Ukraine would be a big mistake."),
		warn(russia, seoul, briefing.KindWarning, "Arming Kyiv would draw a response",
			"would be a very big mistake", source(3, "post.example"),
			"Moscow said arming Kyiv would be a very big mistake and draw a response."),
		// The same article's second mention of it is not a second source.
		warn(putin, seoul, briefing.KindWarning, "Supplying weapons to Ukraine would be a big mistake",
			"", source(1, "wire.example")),
		// Same pair, a different warning.
		warn(putin, seoul, briefing.KindWarning, "Seoul's new radar deal threatens regional stability",
			"", source(2, "daily.example"), "He also criticised the radar agreement."),
	}
	d := Assemble("c1", day, day.Add(24*time.Hour), ws, 0)
	var items []briefing.DigestItem
	for _, g := range d.Groups {
		items = append(items, g.Items...)
	}
	if len(items) != 2 {
		t.Fatalf("got %d items, want 2: %+v", len(items), d.Groups)
	}
	merged := items[0]
	if len(merged.Sources) != 3 || merged.Kind != briefing.KindThreat || merged.What != ws[0].What || merged.Quote != "would be a very big mistake" {
		t.Fatalf("merged item = %+v", merged)
	}
	for i, want := range []int64{1, 2, 3} {
		if merged.Sources[i].ArticleID != want {
			t.Fatalf("sources not in first-seen order: %+v", merged.Sources)
		}
	}
	if len(items[1].Sources) != 1 || items[1].What != ws[4].What {
		t.Fatalf("distinct warning = %+v", items[1])
	}
}

func TestAssembleKeepsDifferentActorsApart(t *testing.T) {
	text := "Any further missile launch will be answered with force"
	ws := []briefing.Warning{
		warn(seoul, pyongang, briefing.KindThreat, text, "", source(1, "a.example")),
		warn(pyongang, seoul, briefing.KindThreat, text, "", source(2, "b.example")),
		// Two officials of one country saying the same thing are two warnings.
		warn(putin, nato, briefing.KindWarning, text, "", source(3, "c.example")),
		warn(lavrov, nato, briefing.KindWarning, text, "", source(4, "d.example")),
		// Same speaker, other addressee.
		warn(putin, seoul, briefing.KindWarning, text, "", source(5, "e.example")),
	}
	d := Assemble("c1", day, day.Add(time.Hour), ws, 0)
	n := 0
	for _, g := range d.Groups {
		for _, it := range g.Items {
			n++
			if len(it.Sources) != 1 {
				t.Errorf("%s → %s merged %d sources", g.Speaker.Name, g.Addressee.Name, len(it.Sources))
			}
		}
	}
	if n != 5 || len(d.Groups) != 5 {
		t.Fatalf("got %d items in %d groups, want 5 in 5", n, len(d.Groups))
	}
}

func TestAssembleGroupsAndRanks(t *testing.T) {
	ws := []briefing.Warning{
		// A lone warning, reported first.
		warn(nato, russia, briefing.KindWarning, "Troop build-up near the border is destabilising", "", source(1, "a.example")),
		// A warning reported by two outlets.
		warn(seoul, russia, briefing.KindWarning, "Military cooperation with Pyongyang crosses a red line", "", source(2, "a.example")),
		warn(seoul, russia, briefing.KindWarning, "Military cooperation with Pyongyang crosses the red line", "", source(3, "b.example")),
		// A threat, reported once, in the NATO → Russia group.
		warn(nato, russia, briefing.KindThreat, "An attack on a member will trigger collective defence", "", source(4, "c.example")),
		// A second, less reported item for Seoul → Russia.
		warn(seoul, russia, briefing.KindWarning, "Seoul may reconsider its ban on lethal aid", "", source(5, "c.example")),
	}
	d := Assemble("c1", day, day.Add(time.Hour), ws, 0)
	var got []string
	for _, g := range d.Groups {
		for _, it := range g.Items {
			got = append(got, fmt.Sprintf("%s→%s %s %d", g.Speaker.Name, g.Addressee.Name, it.Kind, len(it.Sources)))
		}
	}
	want := []string{
		"NATO→Russia threat 1", // the threat ranks its group first
		"NATO→Russia warning 1",
		"South Korea→Russia warning 2", // then the most reported
		"South Korea→Russia warning 1",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("order:\n got %q\nwant %q", got, want)
	}
}

func TestAssembleCapsAtMaxItems(t *testing.T) {
	var ws []briefing.Warning
	topics := []string{"ports", "airspace", "pipelines", "satellites", "fisheries", "elections", "cables", "drones", "grain", "banks"}
	for i := range 40 {
		kind := briefing.KindWarning
		if i%10 == 0 {
			kind = briefing.KindThreat
		}
		speaker := country(fmt.Sprintf("Country %c", 'A'+i%5))
		ws = append(ws, warn(speaker, seoul, kind, fmt.Sprintf("Plan%d on %s", i, topics[i%10]),
			"", source(int64(i+1), "x.example")))
	}
	d := Assemble("c1", day, day.Add(time.Hour), ws, 15)
	n, threats := 0, 0
	for _, g := range d.Groups {
		for _, it := range g.Items {
			n++
			if it.Kind == briefing.KindThreat {
				threats++
			}
		}
	}
	if n != 15 || d.Omitted != 25 {
		t.Fatalf("kept %d, omitted %d; want 15 and 25", n, d.Omitted)
	}
	if threats != 4 {
		t.Fatalf("the cap dropped threats: kept %d of 4", threats)
	}
	if d := Assemble("c1", day, day.Add(time.Hour), nil, 15); len(d.Groups) != 0 || d.Omitted != 0 {
		t.Fatalf("empty digest = %+v", d)
	}
}

// pagedHistory serves warnings newest first, two to a page, and remembers
// the queries it was asked.
type pagedHistory struct {
	newestFirst []briefing.Warning
	queries     []briefing.HistoryQuery
}

func (h *pagedHistory) History(_ context.Context, q briefing.HistoryQuery) (briefing.HistoryPage, error) {
	h.queries = append(h.queries, q)
	start := 0
	if q.Cursor != "" {
		start, _ = strconv.Atoi(q.Cursor)
	}
	end := min(start+2, len(h.newestFirst))
	page := briefing.HistoryPage{Warnings: h.newestFirst[start:end]}
	if end < len(h.newestFirst) {
		page.Next = strconv.Itoa(end)
	}
	return page, nil
}

func TestBuildFromHistoryReadsEveryPageOldestFirst(t *testing.T) {
	h := &pagedHistory{newestFirst: []briefing.Warning{
		warn(lavrov, nato, briefing.KindWarning, "Troops near the border would be a provocation", "", source(3, "post.example")),
		warn(putin, seoul, briefing.KindWarning, "Weapons for Ukraine would be a big mistake for Seoul", "", source(2, "daily.example"),
			"Putin warned Seoul that weapons for Ukraine would be a big mistake."),
		warn(putin, seoul, briefing.KindThreat, "Supplying weapons to Ukraine would be a big mistake", "", source(1, "wire.example"),
			"Putin said supplying weapons to Ukraine would be a big mistake."),
	}}
	since, until := day, day.Add(24*time.Hour)
	d, err := BuildFromHistory(context.Background(), h, since, until, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.queries) != 2 || h.queries[1].Cursor != "2" || !h.queries[0].Since.Equal(since) || !h.queries[0].Until.Equal(until) {
		t.Errorf("queries = %+v, want two pages of [since, until)", h.queries)
	}
	if d.ChannelID != "" || len(d.Groups) != 2 {
		t.Fatalf("digest = %+v, want two pairs of all history", d)
	}
	first := d.Groups[0].Items[0]
	if first.What != "Supplying weapons to Ukraine would be a big mistake" || len(first.Sources) != 2 {
		t.Errorf("the merged item = %+v, want the oldest report's wording with both sources", first)
	}
}

func TestCollapseMergesOutletsInAHistoryPage(t *testing.T) {
	// Newest first, as a history page: the same warning by two outlets,
	// once as a warning and once as a threat, around another one.
	ws := []briefing.Warning{
		warn(putin, seoul, briefing.KindWarning, "Arming Kyiv would be a very big mistake", "", source(3, "b.example"),
			"Putin said arming Kyiv would be a very big mistake."),
		warn(lavrov, nato, briefing.KindWarning, "Expansion would be met with a response", "", source(2, "c.example")),
		warn(putin, seoul, briefing.KindThreat, "Arming Kyiv would be a very big mistake", "", source(1, "a.example"),
			"Putin warned that arming Kyiv would be a very big mistake."),
	}
	got := Collapse(ws)
	if len(got) != 2 {
		t.Fatalf("Collapse kept %d warnings, want 2", len(got))
	}
	if got[0].Speaker.Key != "vladimir putin" || got[0].Kind != briefing.KindThreat || got[0].Source.Site != "a.example" ||
		len(got[0].OtherSources) != 1 || got[0].OtherSources[0].Site != "b.example" {
		t.Errorf("merged warning = %+v", got[0])
	}
	if got[1].Speaker.Key != "sergei lavrov" || len(got[1].OtherSources) != 0 {
		t.Errorf("second = %+v", got[1])
	}
	if one := Collapse(ws[1:2]); len(one) != 1 {
		t.Errorf("Collapse of one warning = %+v", one)
	}
}

func TestApplyFiltersKeepsWhatOneWayInLetsThrough(t *testing.T) {
	a := warn(putin, seoul, briefing.KindWarning, "a warning", "", source(1, "a.example"))
	b := warn(putin, seoul, briefing.KindThreat, "a threat", "", source(2, "a.example"))
	c := warn(putin, seoul, briefing.KindWarning, "briefed here too", "", source(3, "a.example"))
	d := warn(putin, seoul, briefing.KindWarning, "unknown way", "", source(4, "a.example"))
	threats := briefing.FeedFilter{ThreatsOnly: true}
	got := applyFilters([]briefing.Warning{a, b, c, d}, map[int64][]briefing.FeedFilter{
		1: {threats}, 2: {threats}, 3: {threats, {}},
	})
	var whats []string
	for _, w := range got {
		whats = append(whats, w.What)
	}
	if fmt.Sprint(whats) != "[a threat briefed here too unknown way]" {
		t.Errorf("kept %q", whats)
	}
}
