// Package chart draws an actor's warnings over time as a small PNG bar
// chart (pure Go, gonum.org/v1/plot): one bar per week, warnings the actor
// gave above the axis and warnings it was given below, each bar split into
// threats and warnings. For two actors it shows the timeline between them,
// one direction above and the other below.
//
// It is a third view of render's model, kept apart so that the terminal
// and Discord text views do not carry the plotting library.
package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"redline/briefing"
	"redline/briefing/render"
)

// Filename is the name a chart is attached under.
const Filename = "redline-chart.png"

// Size of the picture, in pixels at the PNG canvas' 96 dots per inch.
const (
	widthPx  = 800
	heightPx = 400
	dpi      = 96
)

// Colours of the two kinds, as in the Discord embeds.
var (
	threatColor  = color.RGBA{R: 0xD8, G: 0x3C, B: 0x3E, A: 0xFF}
	warningColor = color.RGBA{R: 0xF0, G: 0xA0, B: 0x20, A: 0xFF}
)

const week = 7 * 24 * time.Hour

// Weeks is the number of weeks a chart covers by default.
const Weeks = 26

// Period returns the period of a chart of the last weeks ending at now:
// from the Monday (UTC) that starts the first week to now.
func Period(now time.Time, weeks int) (since, until time.Time) {
	if weeks < 1 {
		weeks = Weeks
	}
	return weekStart(now).Add(-time.Duration(weeks-1) * week), now
}

// weekStart is the Monday 00:00 UTC of t's week.
func weekStart(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// Counts are an activity's warnings per week: by (above the axis) and to
// (below), split by kind. Week i starts at Start + i weeks.
type Counts struct {
	Start                      time.Time
	ByThreats, ByWarnings      []int
	ToThreats, ToWarnings      []int
	ByLabel, ToLabel, Subject  string
	TotalBy, TotalTo, MaxStack int
}

// Count buckets a's events by week over its period.
func Count(a briefing.Activity) Counts {
	start := weekStart(a.Since)
	until := a.Until
	if until.Before(start) {
		until = start
	}
	n := int(until.Sub(start)/week) + 1
	c := Counts{Start: start, ByThreats: make([]int, n), ByWarnings: make([]int, n), ToThreats: make([]int, n), ToWarnings: make([]int, n)}
	name := render.Plain(a.Actor.Name)
	if a.Other.IsZero() {
		c.Subject = name
		c.ByLabel, c.ToLabel = "by "+name, "against "+name
	} else {
		other := render.Plain(a.Other.Name)
		c.Subject = name + " and " + other
		c.ByLabel, c.ToLabel = name+" → "+other, other+" → "+name
	}
	for _, e := range a.Events {
		if e.At.Before(start) || !e.At.Before(until.Add(time.Nanosecond)) {
			continue
		}
		i := min(int(e.At.Sub(start)/week), n-1)
		threat := e.Kind == briefing.KindThreat
		switch {
		case e.By && threat:
			c.ByThreats[i]++
		case e.By:
			c.ByWarnings[i]++
		case threat:
			c.ToThreats[i]++
		default:
			c.ToWarnings[i]++
		}
	}
	for i := range n {
		c.TotalBy += c.ByThreats[i] + c.ByWarnings[i]
		c.TotalTo += c.ToThreats[i] + c.ToWarnings[i]
		c.MaxStack = max(c.MaxStack, c.ByThreats[i]+c.ByWarnings[i], c.ToThreats[i]+c.ToWarnings[i])
	}
	return c
}

// PNG draws a as a PNG bar chart of 800×400 pixels.
func PNG(a briefing.Activity) ([]byte, error) {
	c := Count(a)
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Warnings per week — above: %s; below: %s", c.ByLabel, c.ToLabel)
	p.Y.Label.Text = "warnings"
	p.X.Label.Text = "week starting (UTC)"

	n := len(c.ByThreats)
	width := vg.Length(float64(widthPx-120) / float64(n) * 0.7 * 72 / dpi)
	bars := func(vals []int, sign float64, col color.Color, on *plotter.BarChart) (*plotter.BarChart, error) {
		v := make(plotter.Values, n)
		for i, x := range vals {
			v[i] = sign * float64(x)
		}
		b, err := plotter.NewBarChart(v, width)
		if err != nil {
			return nil, err
		}
		b.Color = col
		b.LineStyle.Width = 0
		if on != nil {
			b.StackOn(on)
		}
		return b, nil
	}
	byT, err := bars(c.ByThreats, 1, threatColor, nil)
	if err != nil {
		return nil, chartError(err)
	}
	byW, err := bars(c.ByWarnings, 1, warningColor, byT)
	if err != nil {
		return nil, chartError(err)
	}
	toT, err := bars(c.ToThreats, -1, threatColor, nil)
	if err != nil {
		return nil, chartError(err)
	}
	toW, err := bars(c.ToWarnings, -1, warningColor, toT)
	if err != nil {
		return nil, chartError(err)
	}
	grid := plotter.NewGrid()
	grid.Vertical.Width = 0
	p.Add(grid, byT, byW, toT, toW)
	p.Legend.Add("threats", byT)
	p.Legend.Add("warnings", byW)

	step := max(1, (c.MaxStack+3)/4)
	top := float64(max(1, (c.MaxStack+step-1)/step) * step)
	p.Y.Min, p.Y.Max = -top-float64(step)/4, top+float64(step)*3/4 // room for the legend
	p.Y.Tick.Marker = countTicks{step: step}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs = vg.Points(36)
	labels := make([]string, n)
	for i := range labels {
		if i%4 == 0 || i == n-1 {
			labels[i] = c.Start.Add(time.Duration(i) * week).Format("2 Jan")
		}
	}
	p.NominalX(labels...)

	w, err := p.WriterTo(vg.Length(widthPx)*vg.Inch/dpi, vg.Length(heightPx)*vg.Inch/dpi, "png")
	if err != nil {
		return nil, chartError(err)
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return nil, chartError(err)
	}
	return buf.Bytes(), nil
}

// Summary says in words what the chart shows, for those who cannot see it
// (the attachment's description) and for the terminal.
func Summary(a briefing.Activity) string {
	c := Count(a)
	return fmt.Sprintf("Warnings per week from %s to %s: %s %d, %s %d.",
		c.Start.Format("2 Jan 2006"), a.Until.UTC().Format("2 Jan 2006"), c.ByLabel, c.TotalBy, c.ToLabel, c.TotalTo)
}

func chartError(err error) error {
	return briefing.WrapError(briefing.EINTERNAL, err, "drawing the chart failed")
}

// countTicks labels the value axis with whole counts every step, both
// ways from zero (warnings received below are counted up, too).
type countTicks struct{ step int }

func (t countTicks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	for v := -int(math.Floor(-min)) / t.step * t.step; float64(v) <= max; v += t.step {
		out = append(out, plot.Tick{Value: float64(v), Label: fmt.Sprint(abs(v))})
	}
	return out
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
