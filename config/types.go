package config

import (
	"fmt"
	"log/slog"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// redacted is what a Secret prints instead of its value.
const redacted = "[redacted]"

// Secret holds a credential (the Discord token, the LLM API key). Every way of printing,
// logging or encoding it yields "[redacted]"; only Reveal returns the value,
// so the token cannot leak by accident through fmt, slog, JSON or YAML.
type Secret struct {
	value string // unexported so that reflection-free printers never see it
}

// NewSecret wraps value.
func NewSecret(value string) Secret { return Secret{value: value} }

// Reveal returns the secret value. Call it only where the value is handed
// to the service that needs it.
func (s Secret) Reveal() string { return s.value }

// IsZero reports whether no secret is set.
func (s Secret) IsZero() bool { return s.value == "" }

// String returns "[redacted]", or "" when no secret is set.
func (s Secret) String() string {
	if s.value == "" {
		return ""
	}
	return redacted
}

// GoString keeps %#v from printing the value.
func (s Secret) GoString() string { return "config.Secret(" + strconv.Quote(s.String()) + ")" }

// Format makes every fmt verb (%v, %+v, %#v, %s, %q, %x …) print the redacted form.
func (s Secret) Format(f fmt.State, verb rune) {
	switch verb {
	case 'v':
		if f.Flag('#') {
			fmt.Fprint(f, s.GoString())
			return
		}
		fmt.Fprint(f, s.String())
	case 'q':
		fmt.Fprint(f, strconv.Quote(s.String()))
	default:
		fmt.Fprint(f, s.String())
	}
}

// LogValue keeps log/slog from recording the value.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON encodes the redacted form.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(s.String())), nil }

// MarshalText encodes the redacted form (used by encoders that know no other method).
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// MarshalYAML encodes the redacted form.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// UnmarshalText sets the secret from configuration text. A "Bot " prefix,
// as copied from some guides, is dropped: the bot adds it itself.
func (s *Secret) UnmarshalText(text []byte) error {
	v := strings.TrimSpace(string(text))
	v = strings.TrimSpace(strings.TrimPrefix(v, "Bot "))
	s.value = v
	return nil
}

// ByteSize is a size in bytes, written "5MB", "512KiB" or a plain number of bytes.
type ByteSize int64

var byteUnits = []struct {
	suffix string
	factor int64
}{
	// Longest suffixes first so that "KiB" is not read as "B".
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30},
	{"kb", 1000}, {"mb", 1000 * 1000}, {"gb", 1000 * 1000 * 1000},
	{"k", 1000}, {"m", 1000 * 1000}, {"g", 1000 * 1000 * 1000},
	{"b", 1},
}

// ParseByteSize reads "5MB" (SI, 5,000,000), "512KiB" (binary, 524,288),
// "1.5MiB" or a plain number of bytes. Units are case-insensitive.
func ParseByteSize(s string) (ByteSize, error) {
	in := strings.ToLower(strings.TrimSpace(s))
	bad := fmt.Errorf("%q is not a size (use bytes or a unit: 512KiB, 5MB, 1GiB)", s)
	if in == "" {
		return 0, bad
	}
	factor := int64(1)
	for _, u := range byteUnits {
		if strings.HasSuffix(in, u.suffix) {
			factor = u.factor
			in = strings.TrimSpace(strings.TrimSuffix(in, u.suffix))
			break
		}
	}
	n, err := strconv.ParseFloat(in, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, bad
	}
	if n < 0 {
		return 0, fmt.Errorf("%q is negative; a size must be positive", s)
	}
	total := n * float64(factor)
	if total > math.MaxInt64/2 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return ByteSize(math.Round(total)), nil
}

// String writes the size with the largest unit that divides it exactly.
func (b ByteSize) String() string {
	for _, u := range []struct {
		suffix string
		factor int64
	}{{"GiB", 1 << 30}, {"GB", 1e9}, {"MiB", 1 << 20}, {"MB", 1e6}, {"KiB", 1 << 10}, {"KB", 1e3}} {
		if b != 0 && int64(b)%u.factor == 0 {
			return strconv.FormatInt(int64(b)/u.factor, 10) + u.suffix
		}
	}
	return strconv.FormatInt(int64(b), 10) + "B"
}

// UnmarshalText parses configuration text with ParseByteSize.
func (b *ByteSize) UnmarshalText(text []byte) error {
	v, err := ParseByteSize(string(text))
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// MarshalText writes the size as String does.
func (b ByteSize) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// RateLimit allows Count uses per Per (a sliding window). The zero value
// means no limit. It is written "5/10m" (five per ten minutes), "20 per 1h",
// "3/m" (a bare unit means one of it) or "off".
type RateLimit struct {
	Count int
	Per   time.Duration
}

// Enabled reports whether the limit restricts anything.
func (r RateLimit) Enabled() bool { return r.Count > 0 && r.Per > 0 }

// String writes the limit in the form ParseRateLimit reads.
func (r RateLimit) String() string {
	if !r.Enabled() {
		return "off"
	}
	return strconv.Itoa(r.Count) + "/" + FormatDuration(r.Per)
}

var rateLimitPattern = regexp.MustCompile(`^(\d+)\s*(?:/|per)\s*(\S+)$`)

// ParseRateLimit reads "5/10m", "5 per 10m", "3/h" or "off".
func ParseRateLimit(s string) (RateLimit, error) {
	in := strings.ToLower(strings.TrimSpace(s))
	switch in {
	case "off", "none", "0", "unlimited":
		return RateLimit{}, nil
	}
	bad := fmt.Errorf("%q is not a rate limit (use COUNT/WINDOW such as 5/10m, or off)", s)
	m := rateLimitPattern.FindStringSubmatch(in)
	if m == nil {
		return RateLimit{}, bad
	}
	count, err := strconv.Atoi(m[1])
	if err != nil || count < 1 || count > 100000 {
		return RateLimit{}, fmt.Errorf("%q: the count must be between 1 and 100000 (or use off)", s)
	}
	window := m[2]
	if window[0] < '0' || window[0] > '9' {
		window = "1" + window // "3/m" is three per minute
	}
	per, err := ParseDuration(window)
	if err != nil || per <= 0 {
		return RateLimit{}, bad
	}
	return RateLimit{Count: count, Per: per}, nil
}

// UnmarshalText parses configuration text with ParseRateLimit.
func (r *RateLimit) UnmarshalText(text []byte) error {
	v, err := ParseRateLimit(string(text))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// MarshalText writes the limit as String does.
func (r RateLimit) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

var daysPrefix = regexp.MustCompile(`^(\d+)d(.*)$`)

// ParseDuration reads Go durations ("20s", "1h30m") plus whole days
// ("7d", "1d12h"), which time.ParseDuration does not know.
func ParseDuration(s string) (time.Duration, error) {
	in := strings.TrimSpace(s)
	bad := fmt.Errorf("%q is not a duration (use a number with a unit: 30s, 15m, 6h, 7d)", s)
	if in == "" {
		return 0, bad
	}
	var days time.Duration
	if m := daysPrefix.FindStringSubmatch(in); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil || n > 100000 {
			return 0, bad
		}
		days = time.Duration(n) * 24 * time.Hour
		in = m[2]
		if in == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(in)
	if err != nil {
		return 0, bad
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative; a duration must be positive", s)
	}
	return days + d, nil
}

// FormatDuration writes d compactly ("10m", "6h", "7d", "1h30m").
func FormatDuration(d time.Duration) string {
	if d > 0 && d%(24*time.Hour) == 0 {
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
