package chart

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"redline/briefing"
)

var now = time.Date(2026, 3, 12, 15, 0, 0, 0, time.UTC) // a Thursday

func activity() briefing.Activity {
	since, until := Period(now, 8)
	a := briefing.Activity{Actor: briefing.Actor{Name: "Russia"}, Since: since, Until: until}
	add := func(daysAgo int, kind briefing.Kind, by bool) {
		a.Events = append(a.Events, briefing.ActivityEvent{At: now.AddDate(0, 0, -daysAgo), Kind: kind, By: by})
	}
	add(0, briefing.KindThreat, true)
	add(1, briefing.KindWarning, true)
	add(2, briefing.KindWarning, false)
	add(20, briefing.KindThreat, false)
	add(20, briefing.KindWarning, false)
	add(200, briefing.KindThreat, true) // before the period
	return a
}

func TestPeriodStartsOnAMonday(t *testing.T) {
	since, until := Period(now, 8)
	if since.Weekday() != time.Monday || !since.Equal(time.Date(2026, 1, 19, 0, 0, 0, 0, time.UTC)) || !until.Equal(now) {
		t.Errorf("Period = %s – %s", since, until)
	}
}

func TestCountBucketsByWeekSideAndKind(t *testing.T) {
	c := Count(activity())
	if len(c.ByThreats) != 8 || !c.Start.Equal(time.Date(2026, 1, 19, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("%d weeks from %s, want 8 from 19 Jan", len(c.ByThreats), c.Start)
	}
	// This week (Mon 9 Mar): a threat and a warning by, a warning to.
	last := len(c.ByThreats) - 1
	if c.ByThreats[last] != 1 || c.ByWarnings[last] != 1 || c.ToWarnings[last] != 1 || c.ToThreats[last] != 0 {
		t.Errorf("this week = %d/%d by, %d/%d to", c.ByThreats[last], c.ByWarnings[last], c.ToThreats[last], c.ToWarnings[last])
	}
	// 20 days before: the week of Mon 16 Feb.
	if c.ToThreats[4] != 1 || c.ToWarnings[4] != 1 {
		t.Errorf("week of 16 Feb = %d threats, %d warnings to", c.ToThreats[4], c.ToWarnings[4])
	}
	if c.TotalBy != 2 || c.TotalTo != 3 || c.MaxStack != 2 || c.ByLabel != "by Russia" || c.ToLabel != "against Russia" {
		t.Errorf("counts = %+v", c)
	}
	pair := activity()
	pair.Other = briefing.Actor{Name: "Norway"}
	if c := Count(pair); c.ByLabel != "Russia → Norway" || c.ToLabel != "Norway → Russia" {
		t.Errorf("pair labels = %q, %q", c.ByLabel, c.ToLabel)
	}
}

func TestPNGIsAValidPicture(t *testing.T) {
	for name, a := range map[string]briefing.Activity{
		"activity": activity(),
		"empty":    {Actor: briefing.Actor{Name: "Atlantis"}, Since: now.AddDate(0, -6, 0), Until: now},
	} {
		raw, err := PNG(a)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		img, err := png.Decode(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() != widthPx || b.Dy() != heightPx {
			t.Errorf("%s: %d×%d pixels, want %d×%d", name, b.Dx(), b.Dy(), widthPx, heightPx)
		}
		if name == "activity" {
			if !hasColour(img, threatColor.R, threatColor.G, threatColor.B) || !hasColour(img, warningColor.R, warningColor.G, warningColor.B) {
				t.Error("the chart has no threat or no warning bars")
			}
			if dir := os.Getenv("REDLINE_CHART_OUT"); dir != "" {
				_ = os.WriteFile(dir+"/chart.png", raw, 0o644)
			}
		}
	}
	if s := Summary(activity()); !strings.Contains(s, "by Russia 2, against Russia 3") {
		t.Errorf("Summary = %q", s)
	}
}

func hasColour(img image.Image, r, g, b uint8) bool {
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if uint8(cr>>8) == r && uint8(cg>>8) == g && uint8(cb>>8) == b {
				return true
			}
		}
	}
	return false
}
