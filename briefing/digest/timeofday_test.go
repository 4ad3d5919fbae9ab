package digest

import (
	"testing"

	"redline/briefing"
)

func TestParseTimeOfDay(t *testing.T) {
	for in, want := range map[string][2]int{
		"08:00": {8, 0}, "8:00": {8, 0}, "20:30": {20, 30}, "8am": {8, 0}, "8 AM": {8, 0}, "8:30pm": {20, 30},
		"12am": {0, 0}, "12pm": {12, 0}, "0830": {8, 30}, "8.15": {8, 15}, "noon": {12, 0}, " midnight ": {0, 0},
		"9 p.m.": {21, 0}, "23:59": {23, 59},
	} {
		h, m, err := ParseTimeOfDay(in)
		if err != nil || h != want[0] || m != want[1] {
			t.Errorf("ParseTimeOfDay(%q) = %d:%d, %v; want %d:%d", in, h, m, err, want[0], want[1])
		}
	}
	for _, in := range []string{"", "24:00", "8:60", "13pm", "0am", "8:5", "eight", "8:00:00", "-1", "8", "8h"} {
		if _, _, err := ParseTimeOfDay(in); briefing.ErrorCode(err) != briefing.EINVALID {
			t.Errorf("ParseTimeOfDay(%q) error %v, want EINVALID", in, err)
		}
	}
	if _, canon, err := ParseSchedule("8am", "Europe/Berlin"); err != nil || canon != "08:00" {
		t.Errorf("ParseSchedule(8am) = %q, %v; want 08:00", canon, err)
	}
}
