package operation_test

import (
	"context"
	"errors"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/wire"
)

// rcSession is an explicit session with a fixed SessionReadConcern and
// cluster time.
type rcSession struct {
	rc operation.SessionReadConcern
	ct bson.Raw
}

func (s *rcSession) LSID() bson.Raw                                   { return bson.Raw{5, 0, 0, 0, 0} }
func (s *rcSession) NextTxnNumber() int64                             { return 1 }
func (s *rcSession) Observe(bson.Raw, error)                          {}
func (s *rcSession) SessionReadConcern() operation.SessionReadConcern { return s.rc }
func (s *rcSession) ClusterTime() bson.Raw                            { return s.ct }
func (s *rcSession) AdvanceClusterTime(bson.Raw)                      {}

// capture answers ok and keeps a copy of the last command received.
func capture(t *testing.T, last *bson.Raw, reply string) script {
	r := ext(t, reply)
	return func(_ int, cmd bson.Raw, _ wire.Msg) bson.Raw {
		*last = append(bson.Raw(nil), cmd...)
		return r
	}
}

func TestSessionReadConcern(t *testing.T) {
	at, after := bson.Timestamp{T: 7, I: 1}, bson.Timestamp{T: 9, I: 2}
	find := func() operation.Command { return &operation.Find{DB: "d", Collection: "c"} }
	insert := func() operation.Command {
		return &operation.Insert{DB: "d", Collection: "c", Documents: []bson.Raw{ext(t, `{"_id": 1}`)}}
	}
	run := func() operation.Command { return &operation.RunCommand{DB: "d", Command: ext(t, `{"ping": 1}`)} }
	getMore := func() operation.Command { return &operation.GetMore{DB: "d", Collection: "c", CursorID: 5} }
	cases := []struct {
		name  string
		cmd   func() operation.Command
		level string
		sr    operation.SessionReadConcern
		want  string // the readConcern sent, "" for none
	}{
		{"plain find", find, "", operation.SessionReadConcern{}, ""},
		{"find with level", find, "majority", operation.SessionReadConcern{}, `{"level": "majority"}`},
		{"causal find", find, "", operation.SessionReadConcern{AfterClusterTime: after}, `{"afterClusterTime": {"$timestamp": {"t": 9, "i": 2}}}`},
		{"causal find with level", find, "majority", operation.SessionReadConcern{AfterClusterTime: after}, `{"level": "majority", "afterClusterTime": {"$timestamp": {"t": 9, "i": 2}}}`},
		{"causal insert", insert, "majority", operation.SessionReadConcern{AfterClusterTime: after}, `{"afterClusterTime": {"$timestamp": {"t": 9, "i": 2}}}`},
		{"causal runCommand", run, "majority", operation.SessionReadConcern{AfterClusterTime: after}, ""},
		{"causal getMore", getMore, "", operation.SessionReadConcern{AfterClusterTime: after}, ""},
		{"first snapshot find", find, "majority", operation.SessionReadConcern{Snapshot: true}, `{"level": "snapshot"}`},
		{"snapshot find", find, "", operation.SessionReadConcern{Snapshot: true, AtClusterTime: at}, `{"level": "snapshot", "atClusterTime": {"$timestamp": {"t": 7, "i": 1}}}`},
		{"snapshot insert", insert, "", operation.SessionReadConcern{Snapshot: true}, `{"level": "snapshot"}`},
		{"snapshot runCommand", run, "", operation.SessionReadConcern{Snapshot: true, AtClusterTime: at}, `{"level": "snapshot", "atClusterTime": {"$timestamp": {"t": 7, "i": 1}}}`},
		{"snapshot getMore", getMore, "", operation.SessionReadConcern{Snapshot: true, AtClusterTime: at}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got bson.Raw
			_, d := onePipe(t, capture(t, &got, `{"ok": 1, "n": 1, "cursor": {"id": 0, "ns": "d.c", "firstBatch": [], "nextBatch": []}}`))
			eo := operation.ExecOptions{Session: &rcSession{rc: c.sr}, ReadConcern: operation.ReadConcern{Level: c.level}}
			if err := operation.Execute(context.Background(), d, c.cmd(), eo); err != nil {
				t.Fatal(err)
			}
			rc := got.Lookup("readConcern")
			switch {
			case c.want == "" && !rc.IsZero():
				t.Fatalf("sent readConcern %s", rc)
			case c.want != "":
				sameDoc(t, rc.Document(), ext(t, c.want))
			}
		})
	}
}

// Sessions prose test 19 (with a scripted server in place of mongocryptd)
// and the snapshot reads 5.0 requirement: client errors, nothing sent.
func TestSessionServerSupport(t *testing.T) {
	cases := []struct {
		name   string
		noLSTM bool
		wire   int32
		sr     operation.SessionReadConcern
		want   error
		insert bool
	}{
		{"find without session support", true, 25, operation.SessionReadConcern{}, operation.ErrSessionsNotSupported, false},
		{"insert without session support", true, 25, operation.SessionReadConcern{}, operation.ErrSessionsNotSupported, true},
		{"snapshot on 4.4", false, 9, operation.SessionReadConcern{Snapshot: true}, operation.ErrSnapshotUnsupported, false},
		{"snapshot on 5.0", false, 13, operation.SessionReadConcern{Snapshot: true}, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got bson.Raw
			ps, d := onePipe(t, capture(t, &got, `{"ok": 1, "n": 1, "cursor": {"id": 0, "ns": "d.c", "firstBatch": []}}`))
			ps.desc.MaxWireVersion = c.wire
			if c.noLSTM {
				ps.desc.LogicalSessionTimeoutMinutes = nil
			}
			var cmd operation.Command = &operation.Find{DB: "d", Collection: "c"}
			if c.insert {
				cmd = &operation.Insert{DB: "d", Collection: "c", Documents: []bson.Raw{ext(t, `{}`)}}
			}
			err := operation.Execute(context.Background(), d, cmd, operation.ExecOptions{Session: &rcSession{rc: c.sr}})
			if !errors.Is(err, c.want) {
				t.Fatalf("error %v, want %v", err, c.want)
			}
			if sent := ps.commands() > 0; sent != (c.want == nil) {
				t.Fatalf("sent %v", sent)
			}
			ps.balanced(t)
		})
	}
}

// The greater of the deployment's and the session's cluster times is
// sent.
func TestSessionClusterTimeSent(t *testing.T) {
	ct := func(sec uint32) bson.Raw {
		b, s := bson.AppendDocumentStart(nil)
		b = bson.AppendTimestampElement(b, "clusterTime", sec, 0)
		return bson.AppendDocumentEnd(b, s)
	}
	for _, c := range []struct {
		sess uint32
		want uint32
	}{{0, 0}, {5, 5}} {
		var got bson.Raw
		_, d := onePipe(t, capture(t, &got, `{"ok": 1}`))
		var sct bson.Raw
		if c.sess != 0 {
			sct = ct(c.sess)
		}
		cmd := &operation.RunCommand{DB: "d", Command: ext(t, `{"ping": 1}`)}
		if err := operation.Execute(context.Background(), d, cmd, operation.ExecOptions{Session: &rcSession{ct: sct}}); err != nil {
			t.Fatal(err)
		}
		if sent := operation.ClusterTimeOf(got.Lookup("$clusterTime").Document()).T; sent != c.want {
			t.Fatalf("session %d: sent clusterTime %d", c.sess, sent)
		}
	}
}

// providerDeployment is a pipeDeployment that lends implicit sessions.
type providerDeployment struct {
	*pipeDeployment
	started, ended int
}

func (d *providerDeployment) StartImplicitSession() (operation.Session, error) {
	d.started++
	return &rcSession{}, nil
}

func (d *providerDeployment) EndImplicitSession(operation.Session) { d.ended++ }

// Sessions prose test 18: an implicit session is ignored (no lsid, no
// error) by a server without session support; with support it is sent.
func TestImplicitSessionServerSupport(t *testing.T) {
	for _, supported := range []bool{false, true} {
		var got bson.Raw
		ps, pd := onePipe(t, capture(t, &got, `{"ok": 1, "n": 1, "cursor": {"id": 0, "ns": "d.c", "firstBatch": []}}`))
		if !supported {
			ps.desc.LogicalSessionTimeoutMinutes = nil
		}
		d := &providerDeployment{pipeDeployment: pd}
		cmds := []operation.Command{
			&operation.Find{DB: "d", Collection: "c"},
			&operation.Insert{DB: "d", Collection: "c", Documents: []bson.Raw{ext(t, `{}`)}},
		}
		for _, cmd := range cmds {
			if err := operation.Execute(context.Background(), d, cmd, operation.ExecOptions{}); err != nil {
				t.Fatalf("%s: %v", cmd.Name(), err)
			}
			if has := !got.Lookup("lsid").IsZero(); has != supported {
				t.Fatalf("supported %v: %s sent lsid %v", supported, cmd.Name(), has)
			}
		}
		if d.started != d.ended {
			t.Fatalf("%d implicit sessions started, %d ended", d.started, d.ended)
		}
	}
}
