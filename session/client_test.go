package session_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/session"
)

// reply builds a reply document with operationTime and $clusterTime, and
// the snapshot time where a find (cursor) or distinct (top level) has it.
func reply(op bson.Timestamp, ct bson.Raw, cursorAt, topAt bson.Timestamp) bson.Raw {
	b, start := bson.AppendDocumentStart(nil)
	b = bson.AppendDoubleElement(b, "ok", 1)
	if !cursorAt.IsZero() {
		var cur int
		b, cur = bson.AppendDocumentElementStart(b, "cursor")
		b = bson.AppendTimestampElement(b, "atClusterTime", cursorAt.T, cursorAt.I)
		b = bson.AppendDocumentEnd(b, cur)
	}
	if !topAt.IsZero() {
		b = bson.AppendTimestampElement(b, "atClusterTime", topAt.T, topAt.I)
	}
	if !op.IsZero() {
		b = bson.AppendTimestampElement(b, "operationTime", op.T, op.I)
	}
	if ct != nil {
		b = bson.AppendDocumentElement(b, "$clusterTime", ct)
	}
	return bson.AppendDocumentEnd(b, start)
}

func TestStartOptions(t *testing.T) {
	p := session.NewPool(nil)
	cases := []struct {
		name string
		opts session.Options
		want error
	}{
		{"default", session.Options{}, nil},
		{"causal", session.Options{CausalConsistency: true}, nil},
		{"snapshot", session.Options{Snapshot: true}, nil},
		{"snapshot with time", session.Options{Snapshot: true, SnapshotTime: bson.Timestamp{T: 1}}, nil},
		{"snapshot and causal", session.Options{Snapshot: true, CausalConsistency: true}, session.ErrSnapshotCausal},
		{"time without snapshot", session.Options{SnapshotTime: bson.Timestamp{T: 1}}, session.ErrSnapshotTimeWithoutSnapshot},
		{"implicit drops causal", session.Options{Implicit: true, CausalConsistency: true}, nil},
	}
	for _, c := range cases {
		s, err := session.Start(p, c.opts)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if s != nil {
			s.End()
		}
	}
	p.Close()
	if _, err := session.Start(p, session.Options{}); !errors.Is(err, session.ErrPoolClosed) {
		t.Fatalf("Start on a closed pool: %v", err)
	}
}

func TestClientCausalReadConcern(t *testing.T) {
	p := session.NewPool(nil)
	s, _ := session.Start(p, session.Options{CausalConsistency: true})
	if _, ok := s.OperationTime(); ok {
		t.Fatal("a new session has an operation time")
	}
	if rc := s.SessionReadConcern(); rc != (operation.SessionReadConcern{}) {
		t.Fatalf("first read adds %+v", rc)
	}
	s.Observe(reply(bson.Timestamp{T: 5, I: 1}, clusterTime(5, 2, 0), bson.Timestamp{}, bson.Timestamp{}), nil)
	if ts, ok := s.OperationTime(); !ok || ts != (bson.Timestamp{T: 5, I: 1}) {
		t.Fatalf("operationTime %v %v", ts, ok)
	}
	if rc := s.SessionReadConcern(); rc.AfterClusterTime != (bson.Timestamp{T: 5, I: 1}) || rc.Snapshot {
		t.Fatalf("second read adds %+v", rc)
	}
	s.AdvanceOperationTime(bson.Timestamp{T: 4})
	s.AdvanceOperationTime(bson.Timestamp{T: 6})
	if ts, _ := s.OperationTime(); ts != (bson.Timestamp{T: 6}) {
		t.Fatalf("AdvanceOperationTime: %v", ts)
	}
	s.AdvanceClusterTime(clusterTime(1, 0, 0))
	if got := operation.ClusterTimeOf(s.ClusterTime()); got != (bson.Timestamp{T: 5, I: 2}) {
		t.Fatalf("session cluster time %v", got)
	}
	s.End()
	s.End()
	if !s.Ended() || p.Len() != 1 {
		t.Fatalf("End: ended %v, pool %d", s.Ended(), p.Len())
	}
}

func TestClientNotCausal(t *testing.T) {
	s, _ := session.Start(session.NewPool(nil), session.Options{})
	s.Observe(reply(bson.Timestamp{T: 5}, nil, bson.Timestamp{}, bson.Timestamp{}), nil)
	if rc := s.SessionReadConcern(); rc != (operation.SessionReadConcern{}) {
		t.Fatalf("a session without causal consistency adds %+v", rc)
	}
	if _, ok := s.SnapshotTime(); ok {
		t.Fatal("a non-snapshot session has a snapshot time")
	}
}

func TestClientSnapshotTime(t *testing.T) {
	for _, cursor := range []bool{true, false} {
		s, _ := session.Start(session.NewPool(nil), session.Options{Snapshot: true})
		if rc := s.SessionReadConcern(); !rc.Snapshot || !rc.AtClusterTime.IsZero() {
			t.Fatalf("first snapshot read adds %+v", rc)
		}
		at := bson.Timestamp{T: 7, I: 3}
		if cursor {
			s.Observe(reply(bson.Timestamp{T: 8}, nil, at, bson.Timestamp{}), nil)
		} else {
			s.Observe(reply(bson.Timestamp{T: 8}, nil, bson.Timestamp{}, at), nil)
		}
		// A later read does not move the snapshot.
		s.Observe(reply(bson.Timestamp{T: 9}, nil, bson.Timestamp{T: 9}, bson.Timestamp{}), nil)
		if got, ok := s.SnapshotTime(); !ok || got != at {
			t.Fatalf("cursor=%v: snapshot time %v %v", cursor, got, ok)
		}
		if rc := s.SessionReadConcern(); rc.AtClusterTime != at || !rc.AfterClusterTime.IsZero() {
			t.Fatalf("cursor=%v: later read adds %+v", cursor, rc)
		}
	}
}

func TestClientDirty(t *testing.T) {
	p := session.NewPool(nil)
	s, _ := session.Start(p, session.Options{})
	id := s.LSID()
	s.Observe(nil, &pool.NetError{Op: "read", Err: errors.New("reset")})
	if !s.Dirty() {
		t.Fatal("not dirty after a network error")
	}
	s.End()
	s2, _ := session.Start(p, session.Options{})
	if bytes.Equal(s2.LSID(), id) {
		t.Fatal("a dirty server session was reused")
	}
}
