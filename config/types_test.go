package config

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"20s", 20 * time.Second, true},
		{"1h30m", 90 * time.Minute, true},
		{"7d", 168 * time.Hour, true},
		{"1d12h", 36 * time.Hour, true},
		{" 15m ", 15 * time.Minute, true},
		{"20", 0, false},
		{"-5s", 0, false},
		{"d", 0, false},
		{"", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	for d, want := range map[time.Duration]string{10 * time.Minute: "10m", 168 * time.Hour: "7d", 90 * time.Minute: "1h30m", 20 * time.Second: "20s", 6 * time.Hour: "6h"} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want ByteSize
		ok   bool
	}{
		{"5MB", 5000000, true},
		{"5mb", 5000000, true},
		{"512KiB", 524288, true},
		{"1.5MiB", 1572864, true},
		{"2 GiB", 2 << 30, true},
		{"1048576", 1048576, true},
		{"100B", 100, true},
		{"-1MB", 0, false},
		{"MB", 0, false},
		{"5 parsecs", 0, false},
		{"1e30GB", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseByteSize(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseByteSize(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	for b, want := range map[ByteSize]string{5000000: "5MB", 524288: "512KiB", 1000: "1KB", 7: "7B", 1 << 30: "1GiB"} {
		if b.String() != want {
			t.Errorf("%d.String() = %q, want %q", int64(b), b.String(), want)
		}
	}
}

func TestParseRateLimit(t *testing.T) {
	tests := []struct {
		in   string
		want RateLimit
		ok   bool
	}{
		{"5/10m", RateLimit{5, 10 * time.Minute}, true},
		{"20 per 1h", RateLimit{20, time.Hour}, true},
		{"3/m", RateLimit{3, time.Minute}, true},
		{"1/d", RateLimit{1, 24 * time.Hour}, true},
		{"off", RateLimit{}, true},
		{"0", RateLimit{}, true},
		{"5", RateLimit{}, false},
		{"0/10m", RateLimit{}, false},
		{"5/soon", RateLimit{}, false},
		{"five/10m", RateLimit{}, false},
	}
	for _, tt := range tests {
		got, err := ParseRateLimit(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseRateLimit(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	if s := (RateLimit{5, 10 * time.Minute}).String(); s != "5/10m" {
		t.Errorf("String = %q", s)
	}
	if (RateLimit{}).Enabled() || (RateLimit{}).String() != "off" {
		t.Errorf("the zero RateLimit must be off")
	}
}

func TestCheckAllowHost(t *testing.T) {
	for h, ok := range map[string]bool{
		"localhost":        true,
		"127.0.0.1":        true,
		"127.0.0.1:8080":   true,
		"[::1]:8443":       true,
		"::1":              true,
		"10.0.0.0/8":       true,
		"fd00::/8":         true,
		"news.intranet":    true,
		"news.intranet:80": true,
		"10.0.0.0/40":      false,
		"host:0":           false,
		"host:99999":       false,
		"http://host":      false,
		"bad host":         false,
		"":                 false,
	} {
		if err := checkAllowHost(h); (err == nil) != ok {
			t.Errorf("checkAllowHost(%q) = %v, want ok=%v", h, err, ok)
		}
	}
}

func TestClosestKey(t *testing.T) {
	keys := []string{"timeout", "max_body", "user_agent", "allow_hosts"}
	for in, want := range map[string]string{
		"timout":     "timeout",
		"maxbody":    "max_body",
		"USER-AGENT": "user_agent",
		"allowhost":  "allow_hosts",
		"proxy":      "",
		"colour":     "",
	} {
		if got := closest(in, keys); got != want {
			t.Errorf("closest(%q) = %q, want %q", in, got, want)
		}
	}
}
