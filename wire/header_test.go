package wire_test

import (
	"sync"
	"testing"

	"github.com/cwal-go/cwal/wire"
)

func TestHeaderRoundTrip(t *testing.T) {
	h := wire.Header{Length: 1234, RequestID: -5, ResponseTo: 77, OpCode: wire.OpMsg}
	b := wire.AppendHeader([]byte("x"), h)
	want := cat([]byte("x"), le32(1234), le32(-5), le32(77), le32(2013))
	if string(b) != string(want) {
		t.Fatalf("AppendHeader = % x, want % x", b, want)
	}
	got, err := wire.ParseHeader(b[1:])
	if err != nil || got != h {
		t.Fatalf("ParseHeader = %+v, %v; want %+v", got, err, h)
	}
}

func TestParseHeaderErrors(t *testing.T) {
	_, err := wire.ParseHeader(make([]byte, 15))
	wantMessageError(t, err, wire.ErrTruncated, 0, "header")
	_, err = wire.ParseHeader(cat(le32(15), le32(0), le32(0), le32(2013)))
	wantMessageError(t, err, wire.ErrMalformed, 0, "messageLength")
	_, err = wire.ParseHeader(cat(le32(-1), le32(0), le32(0), le32(2013)))
	wantMessageError(t, err, wire.ErrMalformed, 0, "messageLength")
}

func TestOpCodeString(t *testing.T) {
	tests := map[wire.OpCode]string{
		wire.OpReply: "OP_REPLY", wire.OpQuery: "OP_QUERY", wire.OpCompressed: "OP_COMPRESSED",
		wire.OpMsg: "OP_MSG", 2010: "opcode(2010)",
	}
	for op, want := range tests {
		if got := op.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int32(op), got, want)
		}
	}
	if wire.OpReply != 1 || wire.OpQuery != 2004 || wire.OpCompressed != 2012 || wire.OpMsg != 2013 {
		t.Error("opcode values differ from the wire protocol")
	}
}

func TestFinishMessageErrors(t *testing.T) {
	_, err := wire.FinishMessage(make([]byte, 10), 0)
	wantMessageError(t, err, wire.ErrMalformed, 0, "header")
	_, err = wire.FinishMessage(make([]byte, 20), -1)
	wantMessageError(t, err, wire.ErrMalformed, 0, "header")
	b, err := wire.FinishMessage(make([]byte, 30), 4)
	if err != nil || b[4] != 26 {
		t.Fatalf("FinishMessage = %v, length byte %d, want 26", err, b[4])
	}
}

func TestNextRequestID(t *testing.T) {
	const goroutines, each = 4, 1000
	ids := make(chan int32, goroutines*each)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			prev := int32(0)
			for range each {
				id := wire.NextRequestID()
				if id <= 0 || id <= prev {
					t.Errorf("id %d after %d: want positive and increasing", id, prev)
				}
				prev = id
				ids <- id
			}
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[int32]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("id %d handed out twice", id)
		}
		seen[id] = true
	}
}
