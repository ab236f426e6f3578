package topology_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/cwal-go/cwal/connstring"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
)

func TestRuntimeConfigFromConnString(t *testing.T) {
	cs, err := connstring.Parse("mongodb://a,b:27018/?replicaSet=rs&heartbeatFrequencyMS=600&localThresholdMS=0" +
		"&serverSelectionTimeoutMS=1500&serverMonitoringMode=poll&connectTimeoutMS=2000&appname=app&maxPoolSize=7")
	if err != nil {
		t.Fatal(err)
	}
	rc, err := topology.RuntimeConfigFromConnString(cs)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case !slices.Equal(rc.Seeds, []string{"a:27017", "b:27018"}):
		t.Errorf("seeds %v", rc.Seeds)
	case rc.SetName != "rs" || rc.HeartbeatFrequency != 600*time.Millisecond || rc.LocalThreshold >= 0:
		t.Errorf("SDAM settings %+v", rc.Config)
	case rc.ServerSelectionTimeout != 1500*time.Millisecond || rc.MonitoringMode != topology.MonitorPoll:
		t.Errorf("selection timeout %v, mode %v", rc.ServerSelectionTimeout, rc.MonitoringMode)
	case rc.Conn.ConnectTimeout != 2*time.Second || rc.Conn.AppName != "app" || rc.Pool.MaxPoolSize != 7:
		t.Errorf("connection settings %+v, pool %+v", rc.Conn, rc.Pool)
	case rc.SRV.Host != "":
		t.Errorf("SRV polling for a mongodb:// URI: %+v", rc.SRV)
	}
	cs.ServerMonitoringMode = "sometimes"
	if _, err := topology.RuntimeConfigFromConnString(cs); !errors.Is(err, topology.ErrInvalidConfig) {
		t.Errorf("bad monitoring mode: %v", err)
	}
}

func TestParseMonitoringMode(t *testing.T) {
	for s, want := range map[string]topology.MonitoringMode{"": topology.MonitorAuto, "auto": topology.MonitorAuto,
		"stream": topology.MonitorStream, "Poll": topology.MonitorPoll} {
		if got, err := topology.ParseMonitoringMode(s); err != nil || got != want {
			t.Errorf("%q: %v %v", s, got, err)
		}
	}
	if _, err := topology.ParseMonitoringMode("push"); !errors.Is(err, topology.ErrInvalidConfig) {
		t.Errorf("push: %v", err)
	}
	if topology.MonitorPoll.String() != "poll" {
		t.Error(topology.MonitorPoll.String())
	}
}

func TestNewRejectsInvalidConfig(t *testing.T) {
	_, err := topology.New(topology.RuntimeConfig{Config: topology.Config{Seeds: []string{"a", "b"}, Direct: true}})
	if !errors.Is(err, topology.ErrInvalidConfig) {
		t.Fatalf("got %v", err)
	}
}

// TestLoadBalancedSelectsAtOnce: a load balancer is never monitored; it is
// selectable as soon as the topology connects.
func TestLoadBalancedSelectsAtOnce(t *testing.T) {
	rec := newRecorder()
	topo := startTopology(t, rec, func(c *topology.RuntimeConfig) {
		c.LoadBalanced = true
		c.NewPool = func(string, topology.PoolErrorFunc) topology.ServerPool { return &fakePool{} }
	}, "lb.example.com:27017")
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	s, err := topo.SelectServer(ctx, topology.Criteria{Write: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.DecInFlight()
	if s.Description().Type != description.LoadBalancer || s.InFlight() != 1 {
		t.Errorf("server %v with %d operations", s.Description().Type, s.InFlight())
	}
	if n := countType[topology.ServerHeartbeatStartedEvent](rec.snapshot()); n != 0 {
		t.Errorf("%d heartbeats in load-balanced mode", n)
	}
}
