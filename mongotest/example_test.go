package mongotest_test

import (
	"fmt"
	"net"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/wire"
)

// A server is started per test and closed at the end; here a raw OP_MSG
// ping shows that it answers like mongod.
func Example() {
	s := mongotest.NewServer()
	defer s.Close()

	nc, err := net.Dial("tcp", s.Addr())
	if err != nil {
		panic(err)
	}
	defer nc.Close()
	body, _ := bson.Marshal(bson.D{{Key: "ping", Value: 1}, {Key: "$db", Value: "admin"}})
	msg, _ := wire.AppendMsg(nil, 1, 0, 0, body, false)
	nc.Write(msg)
	reply, _ := wire.ReadMessage(nc, nil, 0)
	m, _ := wire.ParseMsg(reply)
	fmt.Println(m.Body.Lookup("ok").Double(), s.ReplicaSetName())
	// Output: 1 rs0
}
