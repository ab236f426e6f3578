package wire_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/wire"
)

func TestQueryExactBytes(t *testing.T) {
	hello := doc("isMaster", 1)
	// A legacy hello as older drivers send it.
	want := cat(le32(16+4+len("admin.$cmd")+1+8+len(hello)), le32(7), le32(0), le32(2004),
		le32(int(wire.QuerySecondaryOK)), []byte("admin.$cmd\x00"), le32(0), le32(-1), hello)
	q := wire.Query{Header: wire.Header{RequestID: 7}, Flags: wire.QuerySecondaryOK,
		FullCollectionName: "admin.$cmd", NumberToReturn: -1, Query: hello}
	got, err := wire.AppendQuery(nil, q)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("AppendQuery = % x, %v\nwant % x", got, err, want)
	}
	p, err := wire.ParseQuery(want)
	if err != nil {
		t.Fatal(err)
	}
	q.Header = wire.Header{Length: int32(len(want)), RequestID: 7, OpCode: wire.OpQuery}
	if p.Header != q.Header || p.Flags != q.Flags || p.FullCollectionName != q.FullCollectionName ||
		p.NumberToSkip != 0 || p.NumberToReturn != -1 || !bytes.Equal(p.Query, hello) || p.ReturnFieldsSelector != nil {
		t.Errorf("ParseQuery = %+v", p)
	}
}

func TestQueryWithSelector(t *testing.T) {
	q := wire.Query{Header: wire.Header{RequestID: 1, ResponseTo: 2}, Flags: wire.QueryExhaust | wire.QueryPartial,
		FullCollectionName: "db.coll", NumberToSkip: 3, NumberToReturn: 4,
		Query: doc("a", 1), ReturnFieldsSelector: doc("b", 1)}
	b, err := wire.AppendQuery(nil, q)
	if err != nil {
		t.Fatal(err)
	}
	p, err := wire.ParseQuery(b)
	if err != nil {
		t.Fatal(err)
	}
	if p.Header.ResponseTo != 2 || p.Flags != q.Flags || p.NumberToSkip != 3 || p.NumberToReturn != 4 ||
		!bytes.Equal(p.ReturnFieldsSelector, q.ReturnFieldsSelector) {
		t.Errorf("ParseQuery = %+v", p)
	}
}

func TestQueryErrors(t *testing.T) {
	hello := doc("isMaster", 1)
	frame := func(rest ...[]byte) []byte {
		r := cat(rest...)
		return cat(le32(16+len(r)), le32(1), le32(0), le32(2004), r)
	}
	tests := []struct {
		name   string
		msg    []byte
		cause  error
		offset int
		field  string
	}{
		{"wrong opcode", cat(le32(16), le32(1), le32(0), le32(2013)), wire.ErrMalformed, 12, "opCode"},
		{"no flags", frame([]byte{0, 0}), wire.ErrTruncated, 16, "flags"},
		{"name without NUL", frame(le32(0), []byte("admin.$cmd")), wire.ErrMalformed, 20, "fullCollectionName"},
		{"no skip/return", frame(le32(0), []byte("a.b\x00"), le32(0)), wire.ErrTruncated, 24, "numberToSkip"},
		{"no query", frame(le32(0), []byte("a.b\x00"), le32(0), le32(1)), wire.ErrTruncated, 32, "query"},
		{"query lies", frame(le32(0), []byte("a.b\x00"), le32(0), le32(1), le32(100), hello[4:]), wire.ErrTruncated, 32, "query"},
		{"selector lies", frame(le32(0), []byte("a.b\x00"), le32(0), le32(1), hello, le32(3)), wire.ErrMalformed, 32 + len(hello), "returnFieldsSelector"},
		{"trailing bytes", frame(le32(0), []byte("a.b\x00"), le32(0), le32(1), hello, hello, []byte{0}), wire.ErrMalformed, 32 + 2*len(hello), "returnFieldsSelector"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := wire.ParseQuery(tt.msg)
			wantMessageError(t, err, tt.cause, tt.offset, tt.field)
		})
	}
	_, err := wire.AppendQuery(nil, wire.Query{FullCollectionName: "a\x00b", Query: hello})
	wantMessageError(t, err, wire.ErrMalformed, -1, "fullCollectionName")
	out, err := wire.AppendQuery([]byte("keep"), wire.Query{FullCollectionName: "a.b", Query: hello[:5]})
	wantMessageError(t, err, wire.ErrTruncated, -1, "query")
	if string(out) != "keep" {
		t.Errorf("on error dst = %q", out)
	}
}

func TestReplyRoundTrip(t *testing.T) {
	docs := []bson.Raw{doc("ok", 1), doc("n", 2)}
	b, err := wire.AppendReply([]byte("pre"), 9, 7, wire.ReplyAwaitCapable, 1<<40, 5, docs...)
	if err != nil {
		t.Fatal(err)
	}
	b = b[3:]
	want := cat(le32(16+20+len(docs[0])+len(docs[1])), le32(9), le32(7), le32(1),
		le32(int(wire.ReplyAwaitCapable)), []byte{0, 0, 0, 0, 0, 1, 0, 0}, le32(5), le32(2), docs[0], docs[1])
	if !bytes.Equal(b, want) {
		t.Fatalf("AppendReply = % x\nwant % x", b, want)
	}
	r, err := wire.ParseReply(b)
	if err != nil {
		t.Fatal(err)
	}
	if r.Header.ResponseTo != 7 || r.Flags != wire.ReplyAwaitCapable || r.CursorID != 1<<40 ||
		r.StartingFrom != 5 || r.NumberReturned != 2 {
		t.Errorf("ParseReply = %+v", r)
	}
	got := slices.Collect(r.All())
	it := r.Documents()
	for i, d := range docs {
		n, ok := it.Next()
		if !ok || !bytes.Equal(n, d) || !bytes.Equal(got[i], d) {
			t.Errorf("doc %d = % x / % x", i, n, got[i])
		}
	}
	if len(got) != 2 {
		t.Errorf("All yielded %d docs", len(got))
	}
	empty, err := wire.AppendReply(nil, 1, 1, wire.ReplyQueryFailure, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := wire.ParseReply(empty); err != nil || r.NumberReturned != 0 || len(slices.Collect(r.All())) != 0 {
		t.Errorf("empty reply: %+v, %v", r, err)
	}
}

func TestReplyErrors(t *testing.T) {
	d := doc("ok", 1)
	frame := func(n int, rest ...[]byte) []byte {
		r := cat(le32(0), make([]byte, 8), le32(0), le32(n), cat(rest...))
		return cat(le32(16+len(r)), le32(1), le32(0), le32(1), r)
	}
	tests := []struct {
		name   string
		msg    []byte
		cause  error
		offset int
		field  string
	}{
		{"wrong opcode", cat(le32(16), le32(1), le32(0), le32(2004)), wire.ErrMalformed, 12, "opCode"},
		{"prefix cut", frame(0)[:30], wire.ErrMalformed, 0, "messageLength"},
		{"prefix short", cat(le32(30), le32(1), le32(0), le32(1), make([]byte, 14)), wire.ErrTruncated, 16, "responseFlags"},
		{"count too high", frame(2, d), wire.ErrMalformed, 32, "numberReturned"},
		{"count negative", frame(-1), wire.ErrMalformed, 32, "numberReturned"},
		{"doc lies", frame(1, le32(len(d)+1), d[4:]), wire.ErrTruncated, 36, "document"},
		{"doc without final NUL", frame(1, le32(5), []byte{3}), wire.ErrMalformed, 40, "document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := wire.ParseReply(tt.msg)
			wantMessageError(t, err, tt.cause, tt.offset, tt.field)
		})
	}
	out, err := wire.AppendReply([]byte("keep"), 1, 1, 0, 0, 0, d[:6])
	wantMessageError(t, err, wire.ErrTruncated, -1, "document")
	if string(out) != "keep" {
		t.Errorf("on error dst = %q", out)
	}
}
