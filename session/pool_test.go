package session_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/session"
)

func TestPoolLIFO(t *testing.T) {
	p := session.NewPool(nil)
	a, b := p.Get(), p.Get()
	if bytes.Equal(a.LSID(), b.LSID()) {
		t.Fatal("two live sessions share an lsid")
	}
	p.Put(a)
	p.Put(b)
	if got := p.Get(); got != b {
		t.Fatal("the most recently returned session should come first")
	}
	if got := p.Get(); got != a {
		t.Fatal("then the one returned before it")
	}
	if p.Len() != 0 {
		t.Fatalf("Len %d", p.Len())
	}
}

func TestPoolDiscardsDirty(t *testing.T) {
	p := session.NewPool(nil)
	s := p.Get()
	s.Observe(nil, errors.New("a server error is not a network error"))
	if s.Dirty() {
		t.Fatal("dirty after a non-network error")
	}
	s.Observe(nil, &pool.NetError{Err: errors.New("reset")})
	if !s.Dirty() {
		t.Fatal("not dirty after a network error")
	}
	// A later success does not clean it.
	s.Observe(bson.Raw{5, 0, 0, 0, 0}, nil)
	p.Put(s)
	if p.Len() != 0 {
		t.Fatal("a dirty session went back to the pool")
	}
}

func TestPoolStale(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	p := session.NewPool(func() time.Duration { return 30 * time.Minute })
	session.SetNow(p, func() time.Time { return now })
	old, young := p.Get(), p.Get()
	p.Put(old)
	now = now.Add(20 * time.Minute)
	p.Put(young)
	// old has 10 minutes left, young 30: both are handed out.
	now = now.Add(9*time.Minute + 30*time.Second)
	// old now has 30 s left: Put drops it from the back of the queue.
	fresh := p.Get() // young
	if fresh != young {
		t.Fatal("young session not reused")
	}
	p.Put(fresh)
	if p.Len() != 1 {
		t.Fatalf("Len %d, want the stale session dropped", p.Len())
	}
	// Get skips a session about to expire and makes a new one.
	now = now.Add(29*time.Minute + 30*time.Second)
	if s := p.Get(); s == young {
		t.Fatal("handed out a session with under a minute left")
	}
}

func TestPoolClose(t *testing.T) {
	p := session.NewPool(nil)
	a, b, c := p.Get(), p.Get(), p.Get()
	p.Put(a)
	p.Put(b)
	ids := p.Close()
	if len(ids) != 2 || !bytes.Equal(ids[0], b.LSID()) || !bytes.Equal(ids[1], a.LSID()) {
		t.Fatalf("Close returned %d ids, want b then a", len(ids))
	}
	p.Put(c)
	if p.Len() != 0 || p.Get() != nil {
		t.Fatal("a closed pool keeps or hands out sessions")
	}
}

func TestServerSessionLSID(t *testing.T) {
	s := session.NewPool(nil).Get()
	id := s.LSID().Lookup("id")
	b, ok := id.BinaryOK()
	if !ok || b.Subtype != 4 || len(b.Data) != 16 || b.Data[6]>>4 != 4 {
		t.Fatalf("lsid %s is not {id: UUID v4}", s.LSID())
	}
	if s.NextTxnNumber() != 1 || s.NextTxnNumber() != 2 || s.TxnNumber() != 2 {
		t.Fatal("txnNumber does not count from 1")
	}
}
