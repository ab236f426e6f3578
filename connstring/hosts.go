package connstring

import (
	"net"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"
)

// HostKind says how a host was written.
type HostKind uint8

// The kinds of host a connection string can name.
const (
	// KindHostname is a DNS name (the default for anything that is not an IP
	// address or a socket path).
	KindHostname HostKind = iota
	// KindIPv4 is a dotted-decimal IPv4 address.
	KindIPv4
	// KindIPLiteral is an IPv6 address written in brackets, e.g. [::1].
	KindIPLiteral
	// KindUnix is a Unix domain socket path ending in ".sock".
	KindUnix
)

// String returns the name used by the connection string tests: "hostname",
// "ipv4", "ip_literal" or "unix".
func (k HostKind) String() string {
	switch k {
	case KindIPv4:
		return "ipv4"
	case KindIPLiteral:
		return "ip_literal"
	case KindUnix:
		return "unix"
	default:
		return "hostname"
	}
}

// Host is one seed address. It implements net.Addr.
type Host struct {
	// Kind says how Name is to be read.
	Kind HostKind
	// Name is the host name (lowercase ASCII), the IP address without
	// brackets, or the socket path.
	Name string
	// Port is the TCP port, DefaultPort when the URI gave none; 0 for a Unix
	// socket.
	Port int
}

// Network returns "unix" for a socket path and "tcp" otherwise.
func (h Host) Network() string {
	if h.Kind == KindUnix {
		return "unix"
	}
	return "tcp"
}

// String returns the address to dial: "name:port", "[v6]:port" or the socket
// path.
func (h Host) String() string {
	if h.Kind == KindUnix {
		return h.Name
	}
	return net.JoinHostPort(h.Name, strconv.Itoa(h.Port))
}

// parseHosts splits the host list at commas and parses each host. Errors
// name the host by position, never by text: when userinfo holds an unescaped
// "/" or "?", pieces of the password end up in the host list.
func parseHosts(s string) ([]Host, error) {
	if s == "" {
		return nil, syntaxErr("host", "no host given")
	}
	parts := strings.Split(s, ",")
	hosts := make([]Host, 0, len(parts))
	for i, p := range parts {
		h, reason := parseHost(p)
		if reason != "" {
			if len(parts) > 1 {
				reason = "host " + strconv.Itoa(i+1) + ": " + reason
			}
			return nil, syntaxErr("host", reason)
		}
		hosts = append(hosts, h)
	}
	return hosts, nil
}

// parseHost parses one "host[:port]" or "[v6][:port]" still percent-encoded.
// It returns a reason when the host is invalid.
func parseHost(s string) (Host, string) {
	if s == "" {
		return Host{}, "empty host"
	}
	if s[0] == '[' {
		return parseIPLiteral(s)
	}
	name, port, hasPort := s, "", false
	if i := strings.IndexByte(s, ':'); i >= 0 {
		name, port, hasPort = s[:i], s[i+1:], true
	}
	dec, ok := unescape(name)
	if !ok {
		return Host{}, "invalid percent-encoding"
	}
	if strings.Contains(dec, "/") {
		return unixHost(dec, hasPort)
	}
	p, reason := parsePort(port, hasPort)
	if reason != "" {
		return Host{}, reason
	}
	return namedHost(dec, p)
}

// namedHost classifies a decoded name as IPv4 address or host name.
func namedHost(name string, port int) (Host, string) {
	if name == "" {
		return Host{}, "empty host name"
	}
	if addr, err := netip.ParseAddr(name); err == nil && addr.Is4() {
		return Host{Kind: KindIPv4, Name: name, Port: port}, ""
	}
	if !utf8.ValidString(name) {
		return Host{}, "host name is not valid UTF-8"
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c <= ' ' || c == 0x7f || strings.IndexByte(`"#%:<>?@[\]^{|}`+"`,", c) >= 0 {
			return Host{}, "invalid character " + strconv.QuoteRune(rune(c)) + " in host name"
		}
	}
	return Host{Kind: KindHostname, Name: lowerASCII(name), Port: port}, ""
}

// unixHost accepts a decoded socket path; the spec requires the ".sock"
// suffix so that a path cannot be confused with a database name.
func unixHost(path string, hasPort bool) (Host, string) {
	if !strings.HasSuffix(lowerASCII(path), ".sock") {
		return Host{}, "unsupported host: a Unix domain socket path must end in .sock and be percent-encoded"
	}
	if hasPort {
		return Host{}, "a Unix domain socket cannot have a port"
	}
	return Host{Kind: KindUnix, Name: path}, ""
}

// parseIPLiteral parses "[addr]" or "[addr]:port".
func parseIPLiteral(s string) (Host, string) {
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return Host{}, "missing ']' in IP literal"
	}
	addrText, rest := s[1:end], s[end+1:]
	dec, ok := unescape(addrText)
	if !ok {
		return Host{}, "invalid percent-encoding in IP literal"
	}
	addr, err := netip.ParseAddr(dec)
	if err != nil || !addr.Is6() {
		return Host{}, "invalid IPv6 address in brackets"
	}
	if rest != "" && rest[0] != ':' {
		return Host{}, "unexpected text after IP literal"
	}
	port, reason := parsePort(strings.TrimPrefix(rest, ":"), rest != "")
	if reason != "" {
		return Host{}, reason
	}
	return Host{Kind: KindIPLiteral, Name: dec, Port: port}, ""
}

// parsePort parses a port when present; a colon with nothing after it is an
// error, no colon gives DefaultPort.
func parsePort(s string, present bool) (int, string) {
	if !present {
		return DefaultPort, ""
	}
	if s == "" || len(s) > 5 {
		return 0, "invalid port"
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, "invalid port"
		}
	}
	p, _ := strconv.Atoi(s)
	if p < 1 || p > 65535 {
		return 0, "port out of range 1-65535"
	}
	return p, ""
}
