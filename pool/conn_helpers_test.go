package pool_test

import (
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/wire"
)

// msgOf wraps a command (with its $db) in an OP_MSG.
func opMsg(t testing.TB, body bson.Raw, flags wire.MsgFlags) []byte {
	t.Helper()
	m, err := wire.AppendMsg(nil, wire.NextRequestID(), 0, flags, body, false)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func opMsgBody(t testing.TB, msg []byte) bson.Raw {
	t.Helper()
	m, err := wire.ParseMsg(msg)
	if err != nil {
		t.Fatal(err)
	}
	return m.Body
}
