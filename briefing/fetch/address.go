package fetch

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// blockedPrefixes are the address ranges that no page from a stranger may
// make redline connect to: its own machine, the networks behind it, and
// ranges that are not ordinary public unicast. netip's own predicates
// (loopback, private, link-local, multicast, unspecified) are checked too.
var blockedPrefixes = mustPrefixes(
	"0.0.0.0/8",       // "this network"
	"10.0.0.0/8",      // RFC 1918
	"100.64.0.0/10",   // carrier-grade NAT
	"127.0.0.0/8",     // loopback
	"169.254.0.0/16",  // link-local (cloud metadata services)
	"172.16.0.0/12",   // RFC 1918
	"192.0.0.0/24",    // IETF protocol assignments
	"192.0.2.0/24",    // documentation
	"192.88.99.0/24",  // 6to4 relay anycast
	"192.168.0.0/16",  // RFC 1918
	"198.18.0.0/15",   // benchmarking
	"198.51.100.0/24", // documentation
	"203.0.113.0/24",  // documentation
	"224.0.0.0/4",     // multicast
	"240.0.0.0/4",     // reserved, and the broadcast address
	"::/96",           // IPv4-compatible (deprecated), unspecified, loopback
	"::ffff:0:0/96",   // IPv4-mapped: checked again unmapped, blocked if it slips through
	"64:ff9b:1::/48",  // local-use NAT64
	"100::/64",        // discard-only
	"2001::/23",       // IETF protocol assignments, Teredo
	"2001:db8::/32",   // documentation
	"2002::/16",       // 6to4: embeds an arbitrary IPv4 address
	"fc00::/7",        // unique-local
	"fe80::/10",       // link-local
	"fec0::/10",       // site-local (deprecated)
	"ff00::/8",        // multicast
	"::ffff:0:0:0/96", // IPv4-translated (SIIT)
	"2001:10::/28",    // ORCHID
	"3fff::/20",       // documentation (RFC 9637)
	"5f00::/16",       // segment routing SIDs
)

func mustPrefixes(list ...string) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(list))
	for _, s := range list {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}

// IsPublic reports whether addr is an ordinary public unicast address that
// redline may connect to without an explicit allow-list entry.
func IsPublic(addr netip.Addr) bool {
	if !addr.IsValid() {
		return false
	}
	addr = addr.WithZone("")
	if addr.Is4In6() {
		// An IPv4-mapped address reaches the IPv4 host: judge that host.
		return IsPublic(addr.Unmap())
	}
	if addr.Is6() && netip.MustParsePrefix("64:ff9b::/96").Contains(addr) {
		// NAT64 well-known prefix: the last 32 bits are the IPv4 target.
		b := addr.As16()
		return IsPublic(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	}
	if addr.IsLoopback() || addr.IsPrivate() || addr.IsUnspecified() ||
		addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() ||
		addr.IsInterfaceLocalMulticast() || addr.IsMulticast() || !addr.IsGlobalUnicast() {
		return false
	}
	for _, p := range blockedPrefixes {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}

// allowList opens addresses that IsPublic refuses, for tests and intranets.
// Entries are host names or IP addresses, optionally with a port
// ("intranet.example", "127.0.0.1:8080", "[::1]:9000"), or CIDR prefixes
// ("10.1.0.0/16").
type allowList struct {
	hosts    map[string]bool // "host" or "host:port", lower-case
	prefixes []netip.Prefix
}

func parseAllowList(entries []string) (allowList, error) {
	al := allowList{hosts: map[string]bool{}}
	for _, e := range entries {
		e = strings.ToLower(strings.TrimSpace(e))
		if e == "" {
			continue
		}
		if strings.Contains(e, "/") {
			p, err := netip.ParsePrefix(e)
			if err != nil {
				return allowList{}, fmt.Errorf("allow-list entry %q is not a CIDR prefix such as 10.1.0.0/16: %w", e, err)
			}
			al.prefixes = append(al.prefixes, p.Masked())
			continue
		}
		if host, port, err := net.SplitHostPort(e); err == nil {
			al.hosts[net.JoinHostPort(host, port)] = true
			continue
		}
		al.hosts[strings.Trim(e, "[]")] = true
	}
	return al, nil
}

// allowsHost reports whether the host (and port) the user asked for is
// listed; it is checked before name resolution.
func (al allowList) allowsHost(host, port string) bool {
	host = strings.ToLower(strings.Trim(host, "[]"))
	return al.hosts[host] || al.hosts[net.JoinHostPort(host, port)]
}

// allowsAddr reports whether a resolved IP address lies in a listed prefix.
func (al allowList) allowsAddr(addr netip.Addr) bool {
	addr = addr.WithZone("").Unmap()
	for _, p := range al.prefixes {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
