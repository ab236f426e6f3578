package client

import (
	"context"

	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/session"
	"github.com/cwal-go/cwal/topology"
)

// StartImplicitSession and EndImplicitSession make the deployment an
// operation.SessionProvider: an implicit session is a pooled
// session.ServerSession, lent for one operation (or one cursor). Once the
// client is disconnecting there is none, and commands go without lsid.
func (d deployment) StartImplicitSession() (operation.Session, error) {
	if s := d.sessions.Get(); s != nil {
		return s, nil
	}
	return nil, nil
}

func (d deployment) EndImplicitSession(s operation.Session) {
	if ss, ok := s.(*session.ServerSession); ok {
		d.sessions.Put(ss)
	}
}

// endSessions tells the server the pooled sessions are over, in batches
// of operation.MaxEndSessions, ignoring errors (driver sessions
// specification), before the client closes.
func (c *Client) endSessions(ctx context.Context) {
	ids := c.dep.sessions.Close()
	eo := operation.ExecOptions{ReadPref: topology.ReadPref{Mode: topology.PrimaryPreferred}}
	for len(ids) > 0 {
		n := min(len(ids), operation.MaxEndSessions)
		_ = c.executeBackground(ctx, &operation.EndSessions{IDs: ids[:n]}, eo)
		ids = ids[n:]
	}
}
