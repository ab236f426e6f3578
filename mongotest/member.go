package mongotest

import (
	"context"
	"sync"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// member is this server's place in its deployment: its host name, its
// role, and the topology version that streaming hello waits on. Every
// piece of topology state lives here so that multi-member replica sets can
// grow out of it.
type member struct {
	host string
	rs   *replset // nil for a standalone

	mu        sync.Mutex
	processID bson.ObjectID
	counter   int64
	primary   bool
	changed   chan struct{} // closed when the topology version changes
}

// replset is the replica-set configuration the member belongs to.
type replset struct {
	name       string
	version    int32
	electionID bson.ObjectID
	term       int64
	members    []*member
}

func newMember(host string, setName string, standalone bool) *member {
	m := &member{host: host, processID: bson.NewObjectID(), primary: true, changed: make(chan struct{})}
	if !standalone {
		m.rs = &replset{name: setName, version: 1, term: 1,
			electionID: electionID(1), members: []*member{m}}
	}
	return m
}

// electionID is mongod's 7fffffff + term form of an election id.
func electionID(term int64) bson.ObjectID {
	var id bson.ObjectID
	id[0], id[1], id[2], id[3] = 0x7f, 0xff, 0xff, 0xff
	for i := 0; i < 8; i++ {
		id[11-i] = byte(term >> (8 * i))
	}
	return id
}

// topologyVersion returns the current version.
func (m *member) topologyVersion() (bson.ObjectID, int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.processID, m.counter
}

// isPrimary reports whether the member accepts writes.
func (m *member) isPrimary() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.primary
}

// bump changes the topology version and wakes streaming hellos.
func (m *member) bump() {
	m.mu.Lock()
	m.counter++
	close(m.changed)
	m.changed = make(chan struct{})
	m.mu.Unlock()
}

// awaitChange blocks until the topology version differs from (pid,
// counter), d has passed, or ctx ends. It returns at once when the
// caller's version is already stale.
func (m *member) awaitChange(ctx context.Context, pid bson.ObjectID, counter int64, d time.Duration) {
	m.mu.Lock()
	stale := pid != m.processID || counter != m.counter
	ch := m.changed
	m.mu.Unlock()
	if stale {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ch:
	case <-t.C:
	case <-ctx.Done():
	}
}
