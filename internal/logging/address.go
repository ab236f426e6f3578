package logging

import (
	"log/slog"
	"strconv"
	"strings"
)

// defaultPort is MongoDB's port, implied by an address without one.
const defaultPort = 27017

// hostPort appends serverHost and serverPort for addr ("host:port",
// "[v6]:port", a bare host, or a Unix socket path, which has no port).
func hostPort(attrs []slog.Attr, addr string) []slog.Attr {
	host, port, ok := splitAddr(addr)
	attrs = append(attrs, slog.String("serverHost", host))
	if ok {
		attrs = append(attrs, slog.Int64("serverPort", port))
	}
	return attrs
}

// splitAddr splits addr into host and port; ok is false for a Unix socket.
func splitAddr(addr string) (host string, port int64, ok bool) {
	if strings.HasSuffix(addr, ".sock") || strings.HasPrefix(addr, "/") {
		return addr, 0, false
	}
	host = addr
	rest := ""
	if strings.HasPrefix(addr, "[") {
		end := strings.IndexByte(addr, ']')
		if end < 0 {
			return addr, defaultPort, true
		}
		host, rest = addr[1:end], addr[end+1:]
	} else if i := strings.LastIndexByte(addr, ':'); i >= 0 && strings.Count(addr, ":") == 1 {
		host, rest = addr[:i], addr[i:]
	}
	if p, err := strconv.ParseInt(strings.TrimPrefix(rest, ":"), 10, 64); err == nil {
		return host, p, true
	}
	return host, defaultPort, true
}
