package storage

import (
	"context"
	"testing"
	"time"

	"redline/briefing"
)

func TestDigestSchedules(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	if _, err := s.DigestSchedule(ctx, "c1"); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Fatalf("missing schedule: %v", err)
	}
	d := briefing.DigestSchedule{GuildID: "g", ChannelID: "c1", TimeOfDay: "08:00", TimeZone: "Europe/Berlin", Updated: feedsT0}
	if err := s.SetDigestSchedule(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDigestSent(ctx, "c1", feedsT0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDigestSent(ctx, "c1", feedsT0.Add(time.Hour)); err != nil { // an older one never moves it back
		t.Fatal(err)
	}
	d.TimeOfDay, d.Updated = "18:30", feedsT0.Add(3*time.Hour)
	if err := s.SetDigestSchedule(ctx, d); err != nil {
		t.Fatal(err)
	}
	got, err := s.DigestSchedule(ctx, "c1")
	if err != nil || got.TimeOfDay != "18:30" || !got.LastSent.Equal(feedsT0.Add(2*time.Hour)) || !got.Updated.Equal(feedsT0.Add(3*time.Hour)) {
		t.Fatalf("schedule = %+v, %v", got, err)
	}
	all, err := s.DigestSchedules(ctx)
	if err != nil || len(all) != 1 {
		t.Fatalf("all = %+v, %v", all, err)
	}
	if err := s.DeleteDigestSchedule(ctx, "c1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDigestSchedule(ctx, "c1"); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Fatalf("deleting twice: %v", err)
	}
}
