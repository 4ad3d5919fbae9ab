package digest

import (
	"testing"
	"time"

	"redline/briefing"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// 08:00 in London is 08:00 UTC in winter (GMT) and 07:00 UTC in summer
// (BST). In 2026 the clocks go forward on 29 March and back on 25 October.
func TestLondonEightOClockAcrossClockChanges(t *testing.T) {
	sched, tod, err := ParseSchedule("8:00", "Europe/London")
	if err != nil || tod != "08:00" {
		t.Fatalf("ParseSchedule: %v, %q", err, tod)
	}
	for _, tc := range []struct {
		name  string
		after time.Time
		want  []time.Time
	}{
		{"March change", utc("2026-03-27T12:00:00Z"), []time.Time{
			utc("2026-03-28T08:00:00Z"), // Saturday, GMT
			utc("2026-03-29T07:00:00Z"), // Sunday, BST from 01:00 UTC
			utc("2026-03-30T07:00:00Z"),
		}},
		{"October change", utc("2026-10-23T12:00:00Z"), []time.Time{
			utc("2026-10-24T07:00:00Z"), // Saturday, BST
			utc("2026-10-25T08:00:00Z"), // Sunday, GMT from 01:00 UTC
			utc("2026-10-26T08:00:00Z"),
		}},
		{"from inside the March night", utc("2026-03-29T00:59:59Z"), []time.Time{utc("2026-03-29T07:00:00Z")}},
		{"from inside the October night", utc("2026-10-25T01:30:00Z"), []time.Time{utc("2026-10-25T08:00:00Z")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			at := tc.after
			for _, want := range tc.want {
				got := sched.Next(at)
				if !got.Equal(want) {
					t.Fatalf("Next(%s) = %s, want %s", at.UTC().Format(time.RFC3339), got.UTC().Format(time.RFC3339), want.Format(time.RFC3339))
				}
				// The catch-up logic finds the same instant looking back.
				if prev := lastFire(sched, want.Add(3*time.Hour)); !prev.Equal(want) {
					t.Fatalf("lastFire(%s) = %s, want %s", want.Add(3*time.Hour), prev, want)
				}
				at = got
			}
		})
	}
	loc, _ := time.LoadLocation("Europe/London")
	if k := DigestKey("c1", utc("2026-03-29T07:00:00Z").In(loc)); k != "digest:c1:2026-03-29@Europe/London" {
		t.Fatalf("DigestKey = %q", k)
	}
}

func TestMidnightScheduleKeysTheLocalDate(t *testing.T) {
	sched, _, err := ParseSchedule("00:30", "Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	next := sched.Next(utc("2026-06-01T12:00:00Z")) // 21:00 in Tokyo
	if !next.Equal(utc("2026-06-01T15:30:00Z")) {
		t.Fatalf("Next = %s", next)
	}
	loc, _ := time.LoadLocation("Asia/Tokyo")
	if k := DigestKey("c", next.In(loc)); k != "digest:c:2026-06-02@Asia/Tokyo" {
		t.Fatalf("key %q, want the local date 2026-06-02", k)
	}
}

func TestParseScheduleRejectsBadInput(t *testing.T) {
	for _, tc := range [][2]string{
		{"25:00", "UTC"}, {"08:60", "UTC"}, {"8", "UTC"}, {"08:5", "UTC"}, {"eight", "UTC"}, {"-1:00", "UTC"},
		{"08:00", "Mars/Olympus_Mons"}, {"08:00", ""}, {"08:00", "Local"}, {"08:00", "Europe/London 9 * * *"},
	} {
		_, _, err := ParseSchedule(tc[0], tc[1])
		if briefing.ErrorCode(err) != briefing.EINVALID || briefing.ErrorMessage(err) == "" {
			t.Errorf("ParseSchedule(%q, %q) = %v, want an EINVALID error", tc[0], tc[1], err)
		}
	}
	if _, tod, err := ParseSchedule(" 23:05 ", "America/New_York"); err != nil || tod != "23:05" {
		t.Fatalf("valid input refused: %v", err)
	}
}

// On every ordinary day the schedule is cron's own; on clock-change days a
// time in the change still fires exactly once on that local day.
func TestDailyScheduleMatchesCronAndFiresOncePerDay(t *testing.T) {
	for _, tc := range []struct{ tod, zone string }{
		{"08:00", "Europe/London"}, {"01:30", "Europe/London"}, {"02:30", "Europe/Berlin"},
		{"02:30", "America/New_York"}, {"00:00", "America/Santiago"}, {"23:45", "Australia/Sydney"}, {"08:00", "UTC"},
	} {
		sched, _, err := ParseSchedule(tc.tod, tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		d := sched.(daily)
		loc := d.spec.Location
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		days := map[string]int{}
		for range 365 {
			next := sched.Next(at)
			local := next.In(loc)
			days[local.Format("2006-01-02")]++
			// Wherever cron fires on the same local day, it fires at the same instant.
			if cronNext := d.spec.Next(at); cronNext.In(loc).Format("2006-01-02") == local.Format("2006-01-02") && !cronNext.Equal(next) {
				t.Fatalf("%s %s: after %s daily gives %s, cron %s", tc.tod, tc.zone, at, next, cronNext)
			}
			at = next
		}
		for day, n := range days {
			if n != 1 {
				t.Fatalf("%s %s fired %d times on %s", tc.tod, tc.zone, n, day)
			}
		}
		if len(days) != 365 {
			t.Fatalf("%s %s fired on %d days of 365", tc.tod, tc.zone, len(days))
		}
	}
	// The March change day in London has no 01:30; cron would skip the day.
	sched, _, _ := ParseSchedule("01:30", "Europe/London")
	got := sched.Next(utc("2026-03-28T12:00:00Z"))
	if got.Before(utc("2026-03-29T00:00:00Z")) || got.After(utc("2026-03-29T02:00:00Z")) {
		t.Fatalf("01:30 London on 29 March fires at %s", got.UTC())
	}
	// The October change day has 01:30 twice; it fires at the first (BST) only.
	got = sched.Next(utc("2026-10-24T12:00:00Z"))
	if !got.Equal(utc("2026-10-25T00:30:00Z")) || !sched.Next(got).Equal(utc("2026-10-26T01:30:00Z")) {
		t.Fatalf("01:30 London around 25 October: %s then %s", got.UTC(), sched.Next(got).UTC())
	}
}
