package pool

import (
	"net"

	"github.com/cwal-go/cwal/description"
)

// WrapConn returns a Conn over a socket that is already connected, without
// running the handshake: for tests over an in-memory transport (net.Pipe)
// and for a Config.Dial that establishes connections its own way. The
// connection takes cfg.ID (or the next process-wide id), cfg.Generation
// and cfg.SocketTimeout; it has no compression and an empty description
// unless desc is given.
func WrapConn(nc net.Conn, addr string, cfg ConnConfig, desc *description.Server) *Conn {
	c := newConn(nc, description.NormalizeAddr(addr), &cfg)
	if desc != nil {
		c.desc = *desc
		if desc.MaxMessageSizeBytes > 0 {
			c.maxMsg = desc.MaxMessageSizeBytes
		}
	}
	return c
}
