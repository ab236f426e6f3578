package mongotest_test

import (
	"testing"

	"github.com/cwal-go/cwal/mongotest"
)

func TestHelloShape(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	r := c.cmd("admin", `{"hello": 1, "helloOk": true, "client": {"application": {"name": "app1"}}, "compression": ["zstd", "bogus", "snappy"]}`)
	expect(t, r, `{"helloOk": true, "isWritablePrimary": true, "topologyVersion": {"processId": {"$$type": "objectId"}, "counter": {"$$type": "long"}},
		"hosts": ["`+s.Addr()+`"], "setName": "rs0", "setVersion": 1, "secondary": false, "primary": "`+s.Addr()+`", "me": "`+s.Addr()+`",
		"electionId": {"$$type": "objectId"}, "lastWrite": {"opTime": {"$$exists": true}},
		"maxBsonObjectSize": 16777216, "maxMessageSizeBytes": 48000000, "maxWriteBatchSize": 100000,
		"localTime": {"$$type": "date"}, "logicalSessionTimeoutMinutes": 30, "connectionId": {"$$type": "long"},
		"minWireVersion": 0, "maxWireVersion": 25, "readOnly": false, "compression": ["zstd", "snappy"], "ok": 1.0,
		"msg": {"$$exists": false}, "saslSupportedMechs": {"$$exists": false}}`)
	r = c.cmd("admin", `{"isMaster": 1}`)
	expect(t, r, `{"ismaster": true, "isWritablePrimary": {"$$exists": false}, "helloOk": {"$$exists": false}, "ok": 1}`)
	r = c.cmd("admin", `{"hello": 1, "client": {"application": {"name": "again"}}}`)
	expect(t, r, `{"ok": 0, "code": 186}`)
}

func TestStandaloneHello(t *testing.T) {
	s := newServer(t, mongotest.WithStandalone())
	c := dial(t, s)
	expect(t, c.cmd("admin", `{"hello": 1}`), `{"isWritablePrimary": true, "setName": {"$$exists": false}, "hosts": {"$$exists": false}, "ok": 1}`)
}

func TestUnknownCommand(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	expect(t, c.cmd("test", `{"frobnicate": 1}`), `{"ok": 0, "errmsg": "no such command: 'frobnicate'", "code": 59, "codeName": "CommandNotFound"}`)
	expect(t, c.run(ext(t, `{"ping": 1}`), 0, nil), `{"ok": 0, "code": 40571}`)
	expect(t, c.cmd("test", `{"ping": 1}`), `{"ok": 1}`)
}
