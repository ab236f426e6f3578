package operation_test

import (
	"context"
	"net"
	"sync"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
	"github.com/cwal-go/cwal/wire"
)

// script answers the n-th command (from 0) a pipeServer receives; a nil
// reply closes the connection instead.
type script func(n int, cmd bson.Raw, m wire.Msg) bson.Raw

// pipeServer is a Server whose connections are in-memory pipes to a
// scripted responder built with the wire package: one pipe per checkout,
// closed at checkin.
type pipeServer struct {
	t      testing.TB
	desc   description.Server
	script script

	mu                        sync.Mutex
	n                         int
	checkouts, checkins, done int
	flags                     []wire.MsgFlags
	checkoutErrs              []error // returned by the next checkouts, in order
	errs                      []topology.AppError
	wg                        sync.WaitGroup
}

func newPipeServer(t testing.TB, addr string, s script) *pipeServer {
	lstm := int64(30)
	ps := &pipeServer{t: t, script: s, desc: description.Server{
		Addr: addr, Type: description.RSPrimary, MaxWireVersion: 25,
		MaxBSONObjectSize: 16 << 20, MaxMessageSizeBytes: 48_000_000, MaxWriteBatchSize: 100_000,
		LogicalSessionTimeoutMinutes: &lstm,
	}}
	t.Cleanup(ps.wg.Wait)
	return ps
}

func (p *pipeServer) Description() description.Server { return p.desc }

func (p *pipeServer) Checkout(context.Context) (*pool.Conn, error) {
	p.mu.Lock()
	if len(p.checkoutErrs) > 0 {
		err := p.checkoutErrs[0]
		p.checkoutErrs = p.checkoutErrs[1:]
		p.mu.Unlock()
		return nil, err
	}
	p.checkouts++
	p.mu.Unlock()
	cli, srv := net.Pipe()
	p.wg.Add(1)
	go p.serve(srv)
	d := p.desc
	d.ConnectionID = 1000
	return pool.WrapConn(cli, p.desc.Addr, pool.ConnConfig{}, &d), nil
}

func (p *pipeServer) Checkin(c *pool.Conn) error {
	p.mu.Lock()
	p.checkins++
	p.mu.Unlock()
	return c.Close()
}

func (p *pipeServer) HandleError(_ context.Context, e topology.AppError) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.errs = append(p.errs, e)
}

func (p *pipeServer) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
}

// serve answers the commands of one connection until it closes.
func (p *pipeServer) serve(nc net.Conn) {
	defer p.wg.Done()
	defer nc.Close()
	var buf []byte
	for {
		raw, err := wire.ReadMessage(nc, buf[:0], 0)
		if err != nil {
			return
		}
		buf = raw
		m, err := wire.ParseMsg(raw)
		if err != nil {
			p.t.Errorf("pipe server: %v", err)
			return
		}
		p.mu.Lock()
		n := p.n
		p.n++
		p.flags = append(p.flags, m.Flags)
		p.mu.Unlock()
		reply := p.script(n, m.Body, m)
		if m.Flags&wire.MoreToCome != 0 {
			continue
		}
		if reply == nil {
			return
		}
		out, err := wire.AppendMsg(nil, wire.NextRequestID(), m.Header.RequestID, 0, reply, false)
		if err != nil {
			p.t.Errorf("pipe server: %v", err)
			return
		}
		if _, err := nc.Write(out); err != nil {
			return
		}
	}
}

func (p *pipeServer) balanced(t testing.TB) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.checkouts != p.checkins {
		t.Fatalf("%d checkouts, %d checkins", p.checkouts, p.checkins)
	}
}

// pipeDeployment selects among pipe servers like testDeployment.
type pipeDeployment struct {
	kind     topology.Kind
	servers  []*pipeServer
	mu       sync.Mutex
	criteria []topology.Criteria
}

func (d *pipeDeployment) SelectServer(_ context.Context, c topology.Criteria) (operation.Server, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.criteria = append(d.criteria, c)
	for _, s := range d.servers {
		if !containsString(c.Deprioritized, s.desc.Addr) {
			return s, nil
		}
	}
	return d.servers[0], nil
}

func (d *pipeDeployment) Kind() topology.Kind { return d.kind }

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// commands returns the number of commands received.
func (p *pipeServer) commands() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}
