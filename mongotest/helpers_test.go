package mongotest_test

import (
	"bytes"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/internal/compressor"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/wire"
)

// client is a minimal wire-level client for the server's tests: it sends
// OP_MSG commands and reads replies, nothing more.
type client struct {
	t    testing.TB
	nc   net.Conn
	comp *compressor.Compressor
}

func dial(t testing.TB, s *mongotest.Server) *client {
	t.Helper()
	nc, err := net.DialTimeout("tcp", s.Addr(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	return &client{t: t, nc: nc}
}

// newServer starts a server closed at the end of the test.
func newServer(t testing.TB, opts ...mongotest.Option) *mongotest.Server {
	t.Helper()
	s := mongotest.NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// ext parses relaxed extended JSON into a document.
func ext(t testing.TB, s string) bson.Raw {
	t.Helper()
	b, err := bson.ParseExtJSON(nil, []byte(s), false)
	if err != nil {
		t.Fatalf("bad extended JSON %s: %v", s, err)
	}
	return b
}

// withDB appends $db to a command document.
func withDB(cmd bson.Raw, db string) bson.Raw {
	b := append(bson.Raw(nil), cmd[:len(cmd)-1]...)
	b = bson.AppendStringElement(b, "$db", db)
	b = append(b, 0)
	b[0], b[1], b[2], b[3] = byte(len(b)), byte(len(b)>>8), byte(len(b)>>16), byte(len(b)>>24)
	return b
}

// cmd runs a command given as extended JSON on db and returns the reply.
func (c *client) cmd(db, js string) bson.Raw {
	c.t.Helper()
	return c.run(withDB(ext(c.t, js), db), 0, nil)
}

// run sends a body (and optional sequences) and reads one reply.
func (c *client) run(body bson.Raw, flags wire.MsgFlags, seqs map[string][]bson.Raw) bson.Raw {
	c.t.Helper()
	b, start := wire.BeginMsg(nil, wire.NextRequestID(), 0, flags)
	b = wire.AppendBodySection(b, body)
	for id, docs := range seqs {
		var s int
		b, s = wire.BeginSequence(b, id)
		for _, d := range docs {
			b = wire.AppendSequenceDocument(b, d)
		}
		b = wire.EndSequence(b, s)
	}
	b, err := wire.FinishMsg(b, start, flags&wire.ChecksumPresent != 0)
	if err != nil {
		c.t.Fatal(err)
	}
	c.send(b)
	if flags&wire.MoreToCome != 0 {
		return nil
	}
	return c.read()
}

func (c *client) send(msg []byte) {
	c.t.Helper()
	if c.comp != nil {
		var err error
		if msg, err = wire.AppendCompressed(nil, msg, *c.comp); err != nil {
			c.t.Fatal(err)
		}
	}
	c.nc.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.nc.Write(msg); err != nil {
		c.t.Fatal(err)
	}
}

// read reads one OP_MSG reply and returns its body.
func (c *client) read() bson.Raw {
	c.t.Helper()
	m, err := c.readMsg()
	if err != nil {
		c.t.Fatal(err)
	}
	return m.Body
}

func (c *client) readMsg() (wire.Msg, error) {
	c.nc.SetReadDeadline(time.Now().Add(20 * time.Second))
	msg, err := wire.ReadMessage(c.nc, nil, 0)
	if err != nil {
		return wire.Msg{}, err
	}
	h, _ := wire.ParseHeader(msg)
	if h.OpCode == wire.OpCompressed {
		if msg, err = wire.AppendDecompressed(nil, msg, 0); err != nil {
			return wire.Msg{}, err
		}
	}
	m, err := wire.ParseMsg(msg)
	if err != nil {
		return wire.Msg{}, err
	}
	if err := m.Body.Validate(); err != nil {
		return wire.Msg{}, err
	}
	return m, nil
}

// expect checks that got matches want (extended JSON) as the unified test
// format matches: every field of want is present in got with an equal
// value (numbers by value), extra fields of documents are allowed,
// arrays match element by element. {"$$exists": bool} and
// {"$$type": "name"} match presence and type.
func expect(t testing.TB, got bson.Raw, want string) {
	t.Helper()
	if err := matchDoc(ext(t, want), got, ""); err != nil {
		t.Errorf("%v\n got: %s\nwant: %s", err, extJSON(got), want)
	}
}

func extJSON(d bson.Raw) string {
	b, err := bson.AppendExtJSON(nil, d, false)
	if err != nil {
		return fmt.Sprintf("<invalid: %v>", err)
	}
	return string(b)
}

func matchDoc(want, got bson.Raw, path string) error {
	it := want.Iter()
	for it.Next() {
		k, wv := it.Key(), it.Value()
		gv := got.Lookup(k)
		if err := matchValue(wv, gv, path+"."+k); err != nil {
			return err
		}
	}
	return nil
}

func matchValue(want, got bson.RawValue, path string) error {
	if d, ok := want.DocumentOK(); ok {
		if ex := d.Lookup("$$exists"); ex.Type != 0 {
			if ex.Boolean() != (got.Type != 0) {
				return fmt.Errorf("%s: exists=%v, want %v", path, got.Type != 0, ex.Boolean())
			}
			return nil
		}
		if ty := d.Lookup("$$type"); ty.Type != 0 {
			if typeName(got.Type) != ty.StringValue() {
				return fmt.Errorf("%s: type %s, want %s", path, typeName(got.Type), ty.StringValue())
			}
			return nil
		}
		g, ok := got.DocumentOK()
		if !ok {
			return fmt.Errorf("%s: got %s, want a document", path, got)
		}
		return matchDoc(d, g, path)
	}
	if got.Type == 0 {
		return fmt.Errorf("%s: missing", path)
	}
	if a, ok := want.ArrayOK(); ok {
		g, ok := got.ArrayOK()
		if !ok {
			return fmt.Errorf("%s: got %s, want an array", path, got)
		}
		wv, _ := a.Values()
		gv, _ := g.Values()
		if len(wv) != len(gv) {
			return fmt.Errorf("%s: %d elements, want %d", path, len(gv), len(wv))
		}
		for i := range wv {
			if err := matchValue(wv[i], gv[i], fmt.Sprintf("%s.%d", path, i)); err != nil {
				return err
			}
		}
		return nil
	}
	if want.Type.IsNumber() && got.Type.IsNumber() {
		wf, _ := want.AsFloat64OK()
		gf, _ := got.AsFloat64OK()
		if want.Type == bson.TypeInt64 || got.Type == bson.TypeInt64 {
			wi, _ := want.AsInt64OK()
			gi, _ := got.AsInt64OK()
			if wi != gi {
				return fmt.Errorf("%s: %v, want %v", path, gi, wi)
			}
			return nil
		}
		if wf != gf {
			return fmt.Errorf("%s: %v, want %v", path, gf, wf)
		}
		return nil
	}
	if want.Type != got.Type || !bytes.Equal(want.Value, got.Value) {
		return fmt.Errorf("%s: %s, want %s", path, got, want)
	}
	return nil
}

func typeName(t bson.Type) string {
	switch t {
	case bson.TypeInt32:
		return "int"
	case bson.TypeInt64:
		return "long"
	case bson.TypeDouble:
		return "double"
	case bson.TypeString:
		return "string"
	case bson.TypeObjectID:
		return "objectId"
	case bson.TypeBoolean:
		return "bool"
	case bson.TypeDateTime:
		return "date"
	case bson.TypeEmbeddedDoc:
		return "object"
	case bson.TypeArray:
		return "array"
	case bson.TypeBinary:
		return "binData"
	case bson.TypeTimestamp:
		return "timestamp"
	case bson.TypeNull:
		return "null"
	}
	return strings.ToLower(t.String())
}

// step is one command of a script and the reply it must get.
type step struct {
	db, cmd, want string
}

// runScript runs steps in order on one connection.
func runScript(t *testing.T, c *client, steps []step) {
	t.Helper()
	for i, s := range steps {
		db := s.db
		if db == "" {
			db = "test"
		}
		got := c.cmd(db, s.cmd)
		if err := matchDoc(ext(t, s.want), got, ""); err != nil {
			t.Errorf("step %d %s:\n%v\n got: %s\nwant: %s", i, s.cmd, err, extJSON(got), s.want)
		}
	}
}

func optServerVersion(v string) mongotest.Option { return mongotest.WithServerVersion(v) }

func optStandalone() mongotest.Option { return mongotest.WithStandalone() }

// mustMsg encodes a body-only OP_MSG.
func mustMsg(t testing.TB, body bson.Raw) []byte {
	t.Helper()
	return mustMsgFlags(t, body, 0)
}

func mustMsgFlags(t testing.TB, body bson.Raw, flags wire.MsgFlags) []byte {
	t.Helper()
	b, err := wire.AppendMsg(nil, wire.NextRequestID(), 0, flags, body, false)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func itoa(n int64) string { return fmt.Sprint(n) }

// docB builds command documents that extended JSON cannot express
// conveniently (binary payloads built at run time).
type docB struct{ b []byte }

func rawCmd(fn func(*docB)) bson.Raw {
	d := &docB{}
	var start int
	d.b, start = bson.AppendDocumentStart(nil)
	fn(d)
	return bson.AppendDocumentEnd(d.b, start)
}

func (d *docB) int32(k string, v int32) *docB { d.b = bson.AppendInt32Element(d.b, k, v); return d }
func (d *docB) str(k, v string) *docB         { d.b = bson.AppendStringElement(d.b, k, v); return d }
func (d *docB) bool(k string, v bool) *docB   { d.b = bson.AppendBooleanElement(d.b, k, v); return d }
func (d *docB) bin(k string, v []byte) *docB  { d.b = bson.AppendBinaryElement(d.b, k, 0, v); return d }
func (d *docB) sub(k string, fn func(*docB)) *docB {
	d.b = bson.AppendDocumentElement(d.b, k, rawCmd(fn))
	return d
}

func appendDocElem(b []byte, k string, d bson.Raw) []byte { return bson.AppendDocumentElement(b, k, d) }

func appendInt64Elem(b []byte, k string, n int64) []byte { return bson.AppendInt64Element(b, k, n) }
