package session_test

import (
	"sync"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/session"
)

// clusterTime builds {clusterTime: Timestamp(t, i), signature: {keyId: k}}.
func clusterTime(t, i uint32, k int64) bson.Raw {
	b, start := bson.AppendDocumentStart(nil)
	b = bson.AppendTimestampElement(b, "clusterTime", t, i)
	b, sig := bson.AppendDocumentElementStart(b, "signature")
	b = bson.AppendInt64Element(b, "keyId", k)
	b = bson.AppendDocumentEnd(b, sig)
	return bson.AppendDocumentEnd(b, start)
}

func TestClusterClockAdvances(t *testing.T) {
	var c session.ClusterClock
	if c.ClusterTime() != nil {
		t.Fatal("a new clock has a cluster time")
	}
	steps := []struct {
		ct   bson.Raw
		want bson.Timestamp
	}{
		{clusterTime(10, 1, 1), bson.Timestamp{T: 10, I: 1}},
		{clusterTime(10, 2, 2), bson.Timestamp{T: 10, I: 2}},
		{clusterTime(9, 99, 3), bson.Timestamp{T: 10, I: 2}}, // older
		{clusterTime(10, 2, 4), bson.Timestamp{T: 10, I: 2}}, // equal: kept as is
		{bson.Raw{5, 0, 0, 0, 0}, bson.Timestamp{T: 10, I: 2}},
		{bson.Raw{1, 2}, bson.Timestamp{T: 10, I: 2}}, // malformed: ignored
		{clusterTime(11, 0, 5), bson.Timestamp{T: 11}},
	}
	for i, s := range steps {
		c.AdvanceClusterTime(s.ct)
		if got := operation.ClusterTimeOf(c.ClusterTime()); got != s.want {
			t.Fatalf("step %d: clusterTime %v, want %v", i, got, s.want)
		}
	}
	if k := c.ClusterTime().Lookup("signature", "keyId").Int64(); k != 5 {
		t.Fatalf("the signature of the kept time is %d", k)
	}
}

func TestClusterClockKeepsACopy(t *testing.T) {
	var c session.ClusterClock
	ct := clusterTime(3, 3, 1)
	c.AdvanceClusterTime(ct)
	ct[len(ct)-2] = 0xff // the reply buffer is reused
	if c.ClusterTime().Lookup("signature", "keyId").Int64() != 1 {
		t.Fatal("the clock kept a view into the caller's buffer")
	}
}

func TestClusterClockConcurrent(t *testing.T) {
	var c session.ClusterClock
	var wg sync.WaitGroup
	for g := uint32(0); g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := uint32(0); i < 200; i++ {
				c.AdvanceClusterTime(clusterTime(i, g, int64(g)))
				_ = c.ClusterTime()
			}
		}()
	}
	wg.Wait()
	if got := operation.ClusterTimeOf(c.ClusterTime()); got != (bson.Timestamp{T: 199, I: 7}) {
		t.Fatalf("final cluster time %v", got)
	}
}
