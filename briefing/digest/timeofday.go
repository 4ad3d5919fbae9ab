package digest

import (
	"regexp"
	"strconv"
	"strings"

	"redline/briefing"
)

// timeOfDay matches what people type for a time of day: "08:00", "8.30",
// "0830", "8am", "8:30 pm".
var timeOfDay = regexp.MustCompile(`^(\d{1,2})(?:[:.h]?(\d{2}))?\s*(am|a\.m\.|pm|p\.m\.)?$`)

// ParseTimeOfDay reads a time of day as people type it — "08:00", "8:00",
// "20:30", "8am", "8:30 pm", "0830", "noon", "midnight" — and returns the
// hour (0–23) and minute. Errors are EINVALID and say what to type.
func ParseTimeOfDay(s string) (hour, minute int, err error) {
	bad := briefing.Errorf(briefing.EINVALID, "%q is not a time of day — give hours and minutes on a 24-hour clock, such as 08:00 or 18:30, or say 8am", s)
	in := strings.ToLower(strings.TrimSpace(s))
	switch in {
	case "noon", "midday":
		return 12, 0, nil
	case "midnight":
		return 0, 0, nil
	}
	m := timeOfDay.FindStringSubmatch(in)
	if m == nil {
		return 0, 0, bad
	}
	if m[2] == "" && m[3] == "" {
		return 0, 0, bad // a bare "8" could be morning or evening
	}
	hour, _ = strconv.Atoi(m[1])
	if m[2] != "" {
		minute, _ = strconv.Atoi(m[2])
	}
	switch ampm := strings.ReplaceAll(m[3], ".", ""); ampm {
	case "am", "pm":
		if hour < 1 || hour > 12 {
			return 0, 0, bad
		}
		hour %= 12
		if ampm == "pm" {
			hour += 12
		}
	}
	if hour > 23 || minute > 59 {
		return 0, 0, bad
	}
	return hour, minute, nil
}
