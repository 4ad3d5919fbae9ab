// Package ops is redline's operations endpoint: Prometheus metrics of what
// the feeds, the digests, the bot and the pipeline do, and the health
// checks /healthz (the process serves) and /readyz (gateway connected,
// database reachable). The domain packages know nothing of Prometheus:
// they tell small observer interfaces (feeds.Observer, bot.Observer), and
// Metrics wraps the pipeline's extractor, the briefer and the poster at
// wiring time (cli/app.go).
package ops

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"redline/briefing"
	"redline/briefing/delivery"
)

// Metrics holds redline's collectors in their own registry.
type Metrics struct {
	Registry *prometheus.Registry

	polls       *prometheus.CounterVec
	items       *prometheus.CounterVec
	leases      prometheus.Gauge
	backlog     prometheus.Gauge
	briefings   *prometheus.CounterVec
	extraction  prometheus.Histogram
	posts       *prometheus.CounterVec
	interaction *prometheus.HistogramVec
}

// NewMetrics registers redline's collectors, with the Go runtime's and the
// process's, in a new registry.
func NewMetrics() *Metrics {
	r := prometheus.NewRegistry()
	m := &Metrics{
		Registry: r,
		polls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "redline_feed_polls_total",
			Help: "Feeds polled, by outcome (ok, not_modified, failed, paused) and, for failures, reason (the error code).",
		}, []string{"outcome", "reason"}),
		items: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "redline_feed_items_total",
			Help: "New feed items handled, by outcome (briefed, failed) and, for failures, reason.",
		}, []string{"outcome", "reason"}),
		leases: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "redline_feed_leases_held",
			Help: "Feeds this process holds a polling lease on now.",
		}),
		backlog: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "redline_feed_backlog",
			Help: "Feeds due that no poller held, at the start of this process's latest poll cycle (all processes' queue).",
		}),
		briefings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "redline_briefings_total",
			Help: "Links briefed (bot, direct messages, feeds), by outcome: ok or the error code.",
		}, []string{"outcome"}),
		extraction: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "redline_extraction_seconds",
			Help:    "Time to find the warnings of one article.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}),
		posts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "redline_posts_total",
			Help: "Posts to channels, by kind (briefing, digest, notice) and outcome: ok or the error code of the failure.",
		}, []string{"kind", "outcome"}),
		interaction: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "redline_interaction_ack_seconds",
			Help:    "Time from an interaction's arrival to Discord accepting its first answer (Discord allows 3 s), by kind.",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2, 3, 5},
		}, []string{"kind"}),
	}
	r.MustRegister(m.polls, m.items, m.leases, m.backlog, m.briefings, m.extraction, m.posts, m.interaction,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// GaugeFunc registers a gauge read at each scrape (queue depths, shards
// connected).
func (m *Metrics) GaugeFunc(name, help string, read func() float64) {
	m.Registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, read))
}

// FeedPolled implements feeds.Observer.
func (m *Metrics) FeedPolled(outcome, reason string) { m.polls.WithLabelValues(outcome, reason).Inc() }

// ItemProcessed implements feeds.Observer.
func (m *Metrics) ItemProcessed(outcome, reason string) {
	m.items.WithLabelValues(outcome, reason).Inc()
}

// LeasesHeld implements feeds.Observer.
func (m *Metrics) LeasesHeld(n int) { m.leases.Set(float64(n)) }

// Backlog implements feeds.Observer.
func (m *Metrics) Backlog(n int) { m.backlog.Set(float64(n)) }

// InteractionAcked implements bot.Observer.
func (m *Metrics) InteractionAcked(kind string, latency time.Duration) {
	m.interaction.WithLabelValues(kind).Observe(latency.Seconds())
}

func outcome(err error) string {
	if err == nil {
		return "ok"
	}
	return briefing.ErrorCode(err)
}

// Extractor times ex.
func (m *Metrics) Extractor(ex briefing.Extractor) briefing.Extractor { return timedExtractor{ex, m} }

type timedExtractor struct {
	briefing.Extractor
	m *Metrics
}

func (t timedExtractor) Extract(ctx context.Context, a briefing.Article) ([]briefing.Warning, error) {
	start := time.Now()
	ws, err := t.Extractor.Extract(ctx, a)
	t.m.extraction.Observe(time.Since(start).Seconds())
	return ws, err
}

// ExtractReport keeps the report of an extractor that gives one (which
// extractor answered).
func (t timedExtractor) ExtractReport(ctx context.Context, a briefing.Article) (briefing.Extraction, error) {
	start := time.Now()
	r, err := briefing.ExtractReport(ctx, t.Extractor, a)
	t.m.extraction.Observe(time.Since(start).Seconds())
	return r, err
}

// Briefer counts b's briefings by outcome.
func (m *Metrics) Briefer(b briefing.Briefer) briefing.Briefer { return countedBriefer{b, m} }

type countedBriefer struct {
	briefing.Briefer
	m *Metrics
}

func (c countedBriefer) BriefURL(ctx context.Context, rawURL string) (*briefing.Briefing, error) {
	b, err := c.Briefer.BriefURL(ctx, rawURL)
	c.m.briefings.WithLabelValues(outcome(err)).Inc()
	return b, err
}

// Poster counts p's posts by kind and outcome. It passes on p's
// delivery.Confirmer when p has one.
func (m *Metrics) Poster(p briefing.Poster) briefing.Poster {
	cp := countedPoster{p, m}
	if c, ok := p.(delivery.Confirmer); ok {
		return confirmingPoster{cp, c}
	}
	return cp
}

type countedPoster struct {
	p briefing.Poster
	m *Metrics
}

func (c countedPoster) PostBriefing(ctx context.Context, channelID string, b *briefing.Briefing, key string) error {
	err := c.p.PostBriefing(ctx, channelID, b, key)
	c.m.posts.WithLabelValues("briefing", outcome(err)).Inc()
	return err
}

func (c countedPoster) PostDigest(ctx context.Context, channelID string, d *briefing.Digest, key string) error {
	err := c.p.PostDigest(ctx, channelID, d, key)
	c.m.posts.WithLabelValues("digest", outcome(err)).Inc()
	return err
}

func (c countedPoster) PostNotice(ctx context.Context, channelID, text string) error {
	err := c.p.PostNotice(ctx, channelID, text)
	c.m.posts.WithLabelValues("notice", outcome(err)).Inc()
	return err
}

type confirmingPoster struct {
	countedPoster
	delivery.Confirmer
}
