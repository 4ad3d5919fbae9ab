package digest

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"redline/briefing"
	"redline/briefing/delivery"
)

// Store is what the Scheduler keeps in the database; storage.Store is one.
type Store interface {
	WarningSource
	delivery.Store
	DeliveryStatus(ctx context.Context, key string) (string, error)
	SetDigestSchedule(ctx context.Context, d briefing.DigestSchedule) error
	DeleteDigestSchedule(ctx context.Context, channelID string) error
	DigestSchedule(ctx context.Context, channelID string) (briefing.DigestSchedule, error)
	DigestSchedules(ctx context.Context) ([]briefing.DigestSchedule, error)
	MarkDigestSent(ctx context.Context, channelID string, at time.Time) error
	delivery.FailureStore // failed digests, retried within the grace window
}

// Config tunes the Scheduler. Zero fields take defaults.
type Config struct {
	// Grace is how late a digest missed while redline was down is still
	// sent (6h); NoCatchUp (any negative value) sends none late.
	Grace    time.Duration
	Window   time.Duration    // period of a channel's first digest, and of /digest now without an earlier one (24h)
	MaxItems int              // items per digest (DefaultMaxItems)
	Now      func() time.Time // the clock (time.Now)
	Logger   *slog.Logger     // (slog.Default())
}

// NoCatchUp as Config.Grace sends no digest late: one missed while
// redline was down is skipped (config digest.grace: 0s).
const NoCatchUp time.Duration = -1

// OnTime is how late a digest may start and still count as sent on time,
// not caught up: the schedule's own firing can be that late on a busy
// machine, and it is sent even with NoCatchUp.
const OnTime = time.Minute

func (c Config) withDefaults() Config {
	switch {
	case c.Grace == 0:
		c.Grace = 6 * time.Hour
	case c.Grace < OnTime:
		c.Grace = OnTime
	}
	if c.Window <= 0 {
		c.Window = 24 * time.Hour
	}
	if c.MaxItems <= 0 {
		c.MaxItems = DefaultMaxItems
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// Scheduler posts each channel's daily digest at its time of day in its
// time zone, exactly once per day (see briefing/delivery for what
// "once" means across a crash).
type Scheduler struct {
	store    Store
	poster   briefing.Poster
	cfg      Config
	failures *delivery.Failures

	mu      sync.Mutex
	cron    *cron.Cron               // nil until Start
	runCtx  context.Context          // the context of Start, for cron jobs
	entries map[string]cron.EntryID  // channel → its cron entry
	running map[string]chan struct{} // channel → held while its digest is being sent
}

// NewScheduler returns a Scheduler; call Start to run it.
func NewScheduler(store Store, poster briefing.Poster, cfg Config) *Scheduler {
	s := &Scheduler{store: store, poster: poster, cfg: cfg.withDefaults(),
		entries: make(map[string]cron.EntryID), running: make(map[string]chan struct{})}
	s.failures = &delivery.Failures{Store: store, Poster: poster, Logger: s.cfg.Logger}
	return s
}

// ParseSchedule checks a time of day ("08:00", 24-hour) and an IANA time
// zone and returns the daily schedule — cron's "CRON_TZ=<zone> M H * * *",
// made to fire exactly once on clock-change days (see daily) — and the
// time of day in canonical form. Errors are EINVALID and say what to type.
func ParseSchedule(timeOfDay, timeZone string) (cron.Schedule, string, error) {
	h, m, err := parseTimeOfDay(timeOfDay)
	if err != nil {
		return nil, "", err
	}
	tz := strings.TrimSpace(timeZone)
	if tz == "" || tz == "Local" || strings.ContainsAny(tz, " \t") {
		return nil, "", briefing.Errorf(briefing.EINVALID, "%q is not a time zone — give an IANA name such as Europe/Berlin or UTC", timeZone)
	}
	if _, err := time.LoadLocation(tz); err != nil {
		return nil, "", briefing.WrapError(briefing.EINVALID, err, "%q is not a time zone — give an IANA name such as Europe/Berlin or UTC", timeZone)
	}
	spec, err := cron.ParseStandard(fmt.Sprintf("CRON_TZ=%s %d %d * * *", tz, m, h))
	if err != nil {
		return nil, "", briefing.WrapError(briefing.EINVALID, err, "the digest time %s %s cannot be scheduled", timeOfDay, timeZone)
	}
	ss, ok := spec.(*cron.SpecSchedule)
	if !ok {
		return nil, "", briefing.Errorf(briefing.EINTERNAL, "the digest time %s %s cannot be scheduled", timeOfDay, timeZone)
	}
	return daily{spec: ss, hour: h, minute: m}, fmt.Sprintf("%02d:%02d", h, m), nil
}

// daily fires once on every local calendar day at hour:minute. On ordinary
// days it is exactly cron's "CRON_TZ=<zone> M H * * *"; it differs only on
// the two clock-change days when the time of day falls in the change: cron
// skips a time that does not exist that day (01:30 in London on the March
// change day) and fires twice at a time that exists twice (01:30 on the
// October one). A daily digest must come once a day, so daily asks
// time.Date, which maps a missing time to a real instant of that day, and
// takes the first of a repeated time's two instants.
type daily struct {
	spec         *cron.SpecSchedule
	hour, minute int
}

// Next implements cron.Schedule.
func (d daily) Next(t time.Time) time.Time {
	loc := d.spec.Location
	y, m, day := t.In(loc).Date()
	for i := range 3 {
		if c := d.on(y, m, day+i, loc); c.After(t) {
			return c.In(t.Location())
		}
	}
	return d.spec.Next(t) // unreachable: one of three local days has the time after t
}

// on is the instant of the time of day on one local date: the earlier one
// when the clocks go back through it, as cron's first firing is.
func (d daily) on(y int, m time.Month, day int, loc *time.Location) time.Time {
	c := time.Date(y, m, day, d.hour, d.minute, 0, 0, loc)
	// A missing midnight (clocks jumping from 00:00 to 01:00) can come back
	// as the evening before; move it past the jump, onto its own day.
	want := time.Date(y, m, day, 12, 0, 0, 0, loc).YearDay()
	for range 4 {
		if c.In(loc).YearDay() == want {
			break
		}
		c = c.Add(30 * time.Minute)
	}
	wall := c.In(loc)
	for _, back := range []time.Duration{time.Hour, 30 * time.Minute} {
		e := c.Add(-back).In(loc)
		if e.Hour() == wall.Hour() && e.Minute() == wall.Minute() && e.Day() == wall.Day() {
			return e
		}
	}
	return c
}

func parseTimeOfDay(s string) (hour, minute int, err error) {
	return ParseTimeOfDay(s)
}

// Set gives a channel a daily digest at timeOfDay in timeZone and returns
// the saved schedule and when it fires next.
func (s *Scheduler) Set(ctx context.Context, guildID, channelID, timeOfDay, timeZone string) (briefing.DigestSchedule, time.Time, error) {
	sched, tod, err := ParseSchedule(timeOfDay, timeZone)
	if err != nil {
		return briefing.DigestSchedule{}, time.Time{}, err
	}
	now := s.cfg.Now()
	d := briefing.DigestSchedule{GuildID: guildID, ChannelID: channelID, TimeOfDay: tod, TimeZone: strings.TrimSpace(timeZone), Updated: now}
	if err := s.store.SetDigestSchedule(ctx, d); err != nil {
		return briefing.DigestSchedule{}, time.Time{}, err
	}
	if saved, err := s.store.DigestSchedule(ctx, channelID); err == nil {
		d = saved
	}
	s.register(channelID, sched)
	return d, sched.Next(now), nil
}

// Off stops a channel's daily digest.
func (s *Scheduler) Off(ctx context.Context, channelID string) error {
	if err := s.store.DeleteDigestSchedule(ctx, channelID); err != nil {
		return err
	}
	s.unregister(channelID)
	return nil
}

// Show returns a channel's schedule and when it fires next (ENOTFOUND when
// the channel has none).
func (s *Scheduler) Show(ctx context.Context, channelID string) (briefing.DigestSchedule, time.Time, error) {
	d, err := s.store.DigestSchedule(ctx, channelID)
	if err != nil {
		return d, time.Time{}, err
	}
	sched, _, err := ParseSchedule(d.TimeOfDay, d.TimeZone)
	if err != nil {
		return d, time.Time{}, err
	}
	return d, sched.Next(s.cfg.Now()), nil
}

// Now builds the channel's digest of everything since its previous one
// (or the last Window) and posts it at once.
func (s *Scheduler) Now(ctx context.Context, channelID string) (*briefing.Digest, error) {
	now := s.cfg.Now()
	since := now.Add(-s.cfg.Window)
	zone := ""
	if d, err := s.store.DigestSchedule(ctx, channelID); err == nil {
		zone = d.TimeZone
		if !d.LastSent.IsZero() && d.LastSent.Before(now) {
			since = d.LastSent
		}
	}
	dg, err := Build(ctx, s.store, channelID, since, now, s.cfg.MaxItems)
	if err != nil {
		return nil, err
	}
	dg.TimeZone = zone
	key := "digest-now:" + channelID + ":" + strconv.FormatInt(now.UnixMilli(), 10)
	outcome, err := delivery.Once(ctx, s.store, s.confirmer(), channelID, key, now, func(ctx context.Context) error {
		return s.poster.PostDigest(ctx, channelID, dg, key)
	})
	if err != nil {
		return nil, err
	}
	if outcome == delivery.Posted {
		if err := s.store.MarkDigestSent(ctx, channelID, now); err != nil {
			return dg, err
		}
	}
	return dg, nil
}

// DigestKey is the idempotency key of a channel's scheduled digest of one
// day: the date of its scheduled time in the channel's time zone, and the
// zone (scheduled's Location). A digest is sent once per day and zone, so
// a channel whose zone changes after that day's digest still gets the new
// zone's digest of the same date.
func DigestKey(channelID string, scheduled time.Time) string {
	return "digest:" + channelID + ":" + scheduled.Format("2006-01-02") + "@" + scheduled.Location().String()
}

// Start sends the digests missed while redline was down that are still
// within the grace window (and logs those skipped), then runs the daily
// schedules until Stop.
//
// The schedules start after the catch-up, and compute their first firing
// from then; a channel due while the catch-up was posting (or while
// Start was reading the schedules) would wait a day. So once the schedules
// run, every channel with a time that passed since Start began is run
// once more: what was caught up is found sent, what fell in between goes
// out.
func (s *Scheduler) Start(ctx context.Context) error {
	begun := s.cfg.Now()
	schedules, err := s.store.DigestSchedules(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	if s.cron != nil {
		s.mu.Unlock()
		return briefing.Errorf(briefing.EINTERNAL, "the digest scheduler is already running")
	}
	s.runCtx = ctx
	s.cron = cron.New(cron.WithLocation(time.UTC))
	s.mu.Unlock()

	usable := make(map[string]cron.Schedule, len(schedules))
	for _, d := range schedules {
		sched, _, err := ParseSchedule(d.TimeOfDay, d.TimeZone)
		if err != nil {
			s.cfg.Logger.Error("digest schedule cannot be used", "channel", d.ChannelID, "time", d.TimeOfDay, "zone", d.TimeZone, "err", err)
			continue
		}
		usable[d.ChannelID] = sched
		s.RunDue(ctx, d.ChannelID)
	}
	for _, d := range schedules {
		if sched, ok := usable[d.ChannelID]; ok {
			s.register(d.ChannelID, sched)
		}
	}
	s.mu.Lock()
	s.cron.Schedule(cron.Every(time.Minute), cron.FuncJob(func() { s.RetryFailed(ctx) }))
	s.cron.Start()
	s.mu.Unlock()

	for _, d := range schedules {
		sched, ok := usable[d.ChannelID]
		if !ok || ctx.Err() != nil {
			continue
		}
		if last := lastFire(sched, s.cfg.Now()); last.After(begun) {
			s.RunDue(ctx, d.ChannelID)
		}
	}
	return nil
}

// Stop stops the schedules and waits for a digest being sent.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	c := s.cron
	s.cron = nil
	s.entries = make(map[string]cron.EntryID)
	s.mu.Unlock()
	if c != nil {
		<-c.Stop().Done()
	}
}

func (s *Scheduler) register(channelID string, sched cron.Schedule) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cron == nil {
		return
	}
	if id, ok := s.entries[channelID]; ok {
		s.cron.Remove(id)
	}
	ctx := s.runCtx
	s.entries[channelID] = s.cron.Schedule(sched, cron.FuncJob(func() { s.RunDue(ctx, channelID) }))
}

func (s *Scheduler) unregister(channelID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok := s.entries[channelID]; ok && s.cron != nil {
		s.cron.Remove(id)
	}
	delete(s.entries, channelID)
}

// lastFire returns the latest time at or before now that sched fires.
func lastFire(sched cron.Schedule, now time.Time) time.Time {
	var prev time.Time
	// A daily schedule fires at least once in any 49 hours, DST included.
	for t := sched.Next(now.Add(-49 * time.Hour)); !t.IsZero() && !t.After(now); t = sched.Next(t) {
		prev = t
	}
	return prev
}

// Result says what RunDue did for a channel.
type Result struct {
	Scheduled time.Time // the digest's scheduled time; zero when none is due
	Key       string    // its idempotency key
	Outcome   string    // "posted", "already sent", "interrupted earlier, not resent", "skipped", "failed", or "" when nothing was due
	Digest    *briefing.Digest
}

// RunDue sends the channel's most recent scheduled digest if it is due:
// not sent yet, scheduled after the schedule was set, and no older than the
// grace window. Cron calls it at the scheduled time; Start calls it to
// catch up after downtime.
func (s *Scheduler) RunDue(ctx context.Context, channelID string) Result {
	release, ok := s.hold(ctx, channelID)
	if !ok {
		return Result{}
	}
	defer release()
	res, err := s.runDue(ctx, channelID)
	if err != nil {
		s.cfg.Logger.Error("daily digest not sent", "channel", channelID, "scheduled", res.Scheduled, "err", err)
	}
	return res
}

func (s *Scheduler) runDue(ctx context.Context, channelID string) (Result, error) {
	now := s.cfg.Now()
	d, err := s.store.DigestSchedule(ctx, channelID)
	if err != nil {
		return Result{}, err
	}
	sched, _, err := ParseSchedule(d.TimeOfDay, d.TimeZone)
	if err != nil {
		return Result{}, err
	}
	scheduled := lastFire(sched, now)
	if scheduled.IsZero() || scheduled.Before(d.Updated) {
		return Result{}, nil
	}
	loc, _ := time.LoadLocation(d.TimeZone) // ParseSchedule checked it
	res := Result{Scheduled: scheduled, Key: DigestKey(channelID, scheduled.In(loc))}
	status, err := s.store.DeliveryStatus(ctx, res.Key)
	if err != nil {
		return res, err
	}
	if status == delivery.Sent {
		res.Outcome = delivery.AlreadySent.String()
		return res, nil
	}
	if status == "" && now.Sub(scheduled) > s.cfg.Grace {
		res.Outcome = "skipped"
		s.cfg.Logger.Warn("daily digest skipped: it was missed while redline was down and is past the grace window",
			"channel", channelID, "scheduled", scheduled, "grace", s.cfg.Grace)
		return res, nil
	}

	since := d.LastSent
	if since.IsZero() || !since.Before(now) {
		since = scheduled.Add(-s.cfg.Window)
	}
	dg, err := Build(ctx, s.store, channelID, since, now, s.cfg.MaxItems)
	if err != nil {
		res.Outcome = delivery.Failed.String()
		return res, err
	}
	dg.TimeZone = d.TimeZone
	res.Digest = dg
	var postErr error
	outcome, err := delivery.Once(ctx, s.store, s.confirmer(), channelID, res.Key, now, func(ctx context.Context) error {
		postErr = s.poster.PostDigest(ctx, channelID, dg, res.Key)
		return postErr
	})
	res.Outcome = outcome.String()
	if postErr != nil && ctx.Err() == nil {
		// Retried (RetryFailed) until the grace window ends: still today's digest.
		s.failures.Failed(ctx, briefing.PostFailure{Key: res.Key, ChannelID: channelID, Kind: briefing.PostDigest,
			Deadline: scheduled.Add(s.cfg.Grace)}, postErr, now, "today's digest")
	}
	if err != nil {
		return res, err
	}
	if outcome == delivery.Posted || outcome == delivery.AlreadySent {
		s.failures.Succeeded(ctx, channelID, briefing.PostDigest, 0)
	}
	if outcome == delivery.MaybeSent {
		s.cfg.Logger.Warn("daily digest was interrupted between sending and recording; not sending it again",
			"channel", channelID, "key", res.Key)
	}
	switch outcome {
	case delivery.Posted:
		err = s.store.MarkDigestSent(ctx, channelID, now)
	case delivery.MaybeSent:
		// The interrupted digest covered up to some time after its schedule;
		// counting from the schedule may repeat a few warnings but loses none.
		err = s.store.MarkDigestSent(ctx, channelID, scheduled)
	}
	return res, err
}

// LastFailure returns the channel's latest digest that could not be
// posted, while it is on record (until a digest goes out); false when none.
func (s *Scheduler) LastFailure(ctx context.Context, channelID string) (briefing.PostFailure, bool, error) {
	fs, err := s.store.ChannelPostFailures(ctx, channelID)
	if err != nil {
		return briefing.PostFailure{}, false, err
	}
	for _, f := range fs {
		if f.Kind == briefing.PostDigest {
			return f, true, nil
		}
	}
	return briefing.PostFailure{}, false, nil
}

// RetryFailed tries again each channel's digest whose post failed and is
// due for another try (delivery.Backoff), while it is within its grace
// window: a digest Discord refused at 08:00 still comes that day. Start
// runs it every minute.
func (s *Scheduler) RetryFailed(ctx context.Context) {
	due, err := s.failures.Due(ctx, briefing.PostDigest, s.cfg.Now())
	if err != nil {
		s.cfg.Logger.Error("listing the digests to retry", "err", err)
		return
	}
	seen := map[string]bool{}
	for _, f := range due {
		if seen[f.ChannelID] || ctx.Err() != nil {
			continue
		}
		seen[f.ChannelID] = true
		res := s.RunDue(ctx, f.ChannelID)
		if res.Key != f.Key && res.Outcome != delivery.Failed.String() {
			// The failed digest is no longer the one due (a new day began,
			// or the schedule changed): it will not be sent; stop retrying.
			s.failures.Succeeded(ctx, f.ChannelID, briefing.PostDigest, 0)
		}
	}
}

// hold waits until no other digest of the channel is being sent (the
// schedule firing while Start catches up, say), so that two runs never
// both find the digest unsent. It fails only when ctx ends first.
func (s *Scheduler) hold(ctx context.Context, channelID string) (release func(), ok bool) {
	for {
		s.mu.Lock()
		busy, taken := s.running[channelID]
		if !taken {
			mine := make(chan struct{})
			s.running[channelID] = mine
			s.mu.Unlock()
			return func() {
				s.mu.Lock()
				delete(s.running, channelID)
				s.mu.Unlock()
				close(mine)
			}, true
		}
		s.mu.Unlock()
		select {
		case <-busy:
		case <-ctx.Done():
			return nil, false
		}
	}
}

func (s *Scheduler) confirmer() delivery.Confirmer {
	c, _ := s.poster.(delivery.Confirmer)
	return c
}
