package topology_test

import (
	"slices"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
)

func TestHandleError(t *testing.T) {
	tv1 := &description.TopologyVersion{ProcessID: bson.ObjectID{1}, Counter: 1}
	tv2 := &description.TopologyVersion{ProcessID: bson.ObjectID{1}, Counter: 2}
	primary := `{"ok": 1, "isWritablePrimary": true, "setName": "rs", "hosts": ["a:27017"], "maxWireVersion": 21,
		"topologyVersion": {"processId": {"$oid": "010000000000000000000000"}, "counter": {"$numberLong": "1"}}}`
	tests := []struct {
		name     string
		err      topology.AppError
		wantType description.ServerType
		actions  []string
	}{
		{"not writable primary", topology.AppError{Code: 10107, TopologyVersion: tv2, HandshakeDone: true},
			description.Unknown, []string{"RequestCheck a:27017"}},
		{"shutting down clears the pool", topology.AppError{Code: 91, HandshakeDone: true},
			description.Unknown, []string{"ClearPool a:27017", "RequestCheck a:27017"}},
		{"legacy message without code", topology.AppError{Message: "not master", HandshakeDone: true},
			description.Unknown, []string{"RequestCheck a:27017"}},
		{"state change not newer than the server", topology.AppError{Code: 10107, TopologyVersion: tv1, HandshakeDone: true},
			description.RSPrimary, nil},
		{"stale generation", topology.AppError{Kind: topology.NetworkFailure, Generation: 1, PoolGeneration: 2, HandshakeDone: true},
			description.RSPrimary, nil},
		{"network error", topology.AppError{Kind: topology.NetworkFailure, HandshakeDone: true},
			description.Unknown, []string{"ClearPool a:27017", "CancelCheck a:27017"}},
		{"timeout after handshake", topology.AppError{Kind: topology.NetworkTimeout, HandshakeDone: true},
			description.RSPrimary, nil},
		{"auth failure", topology.AppError{Code: 18, Message: "Authentication failed"},
			description.Unknown, []string{"ClearPool a:27017", "CancelCheck a:27017"}},
		{"overloaded while connecting", topology.AppError{Kind: topology.NetworkTimeout, Labels: []string{topology.SystemOverloadedError}},
			description.RSPrimary, nil},
		{"ordinary command error", topology.AppError{Code: 11000, Message: "duplicate key", HandshakeDone: true},
			description.RSPrimary, nil},
		{"unknown server", topology.AppError{Addr: "z:27017", Kind: topology.NetworkFailure, HandshakeDone: true},
			description.RSPrimary, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := newFSM(t, topology.Config{Seeds: []string{"a"}, SetName: "rs"})
			f.Apply(hello(t, "a:27017", primary))
			if tt.err.Addr == "" {
				tt.err.Addr = "a:27017"
			}
			out := f.HandleError(tt.err)
			expectStrings(t, "actions", actions(out), tt.actions)
			s, _ := f.Description().Server("a:27017")
			if s.Type != tt.wantType {
				t.Fatalf("server type %v, want %v", s.Type, tt.wantType)
			}
			if tt.wantType == description.Unknown && (s.Error == nil || f.Description().Kind != topology.ReplicaSetNoPrimary) {
				t.Errorf("Unknown server error %v, topology %v", s.Error, f.Description().Kind)
			}
			if tt.err.TopologyVersion != nil && s.Type == description.Unknown && *s.TopologyVersion != *tt.err.TopologyVersion {
				t.Errorf("topologyVersion %+v, want the error's %+v", s.TopologyVersion, tt.err.TopologyVersion)
			}
		})
	}
}

func TestHandleErrorLoadBalanced(t *testing.T) {
	svc := bson.ObjectID{7}
	tests := []struct {
		name    string
		err     topology.AppError
		actions []string
	}{
		{"shutdown clears the service", topology.AppError{Code: 11600, ServiceID: &svc, HandshakeDone: true},
			[]string{"ClearPool lb:27017 service " + svc.Hex()}},
		{"not writable primary changes nothing", topology.AppError{Code: 10107, ServiceID: &svc, HandshakeDone: true}, nil},
		{"network error clears the service", topology.AppError{Kind: topology.NetworkFailure, ServiceID: &svc, HandshakeDone: true},
			[]string{"ClearPool lb:27017 service " + svc.Hex()}},
		{"error before hello has no service", topology.AppError{Kind: topology.NetworkFailure}, nil},
		{"shutdown before hello has no service", topology.AppError{Code: 91}, nil},
		{"timeout after the handshake", topology.AppError{Kind: topology.NetworkTimeout, ServiceID: &svc, HandshakeDone: true}, nil},
		{"auth error clears the service", topology.AppError{Code: 18, ServiceID: &svc},
			[]string{"ClearPool lb:27017 service " + svc.Hex()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := newFSM(t, topology.Config{Seeds: []string{"lb"}, LoadBalanced: true})
			tt.err.Addr = "lb:27017"
			out := f.HandleError(tt.err)
			expectStrings(t, "actions", actions(out), tt.actions)
			if s, _ := f.Description().Server("lb:27017"); s.Type != description.LoadBalancer || out.Changed || len(out.Events) > 0 {
				t.Errorf("load balancer description changed: %v, %+v", s.Type, out)
			}
		})
	}
}

func TestSetReply(t *testing.T) {
	tests := []struct {
		name   string
		reply  string
		isErr  bool
		code   int32
		msg    string
		labels []string
		tv     bool
	}{
		{"success", `{"ok": 1}`, false, 0, "", nil, false},
		{"write errors are not looked at", `{"ok": 1, "writeErrors": [{"code": 10107, "errmsg": "x"}]}`, false, 0, "", nil, false},
		{"command error", `{"ok": 0, "code": 10107, "errmsg": "not primary", "errorLabels": ["RetryableWriteError"],
			"topologyVersion": {"processId": {"$oid": "000000000000000000000001"}, "counter": {"$numberLong": "3"}}}`,
			true, 10107, "not primary", []string{"RetryableWriteError"}, true},
		{"write concern error", `{"ok": 1, "writeConcernError": {"code": 91, "errmsg": "shutting down", "errorLabels": ["X"]}, "errorLabels": ["Y"]}`,
			true, 91, "shutting down", []string{"Y", "X"}, false},
		{"double code", `{"ok": 0.0, "code": 11600.0}`, true, 11600, "", nil, false},
		{"malformed topology version", `{"ok": 0, "code": 1, "topologyVersion": 5}`, true, 1, "", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := bson.ParseExtJSON(nil, []byte(tt.reply), false)
			if err != nil {
				t.Fatal(err)
			}
			var e topology.AppError
			if got := e.SetReply(doc); got != tt.isErr {
				t.Fatalf("SetReply = %v, want %v", got, tt.isErr)
			}
			if e.Code != tt.code || e.Message != tt.msg || !slices.Equal(e.Labels, tt.labels) || (e.TopologyVersion != nil) != tt.tv {
				t.Errorf("got code %d msg %q labels %q tv %v", e.Code, e.Message, e.Labels, e.TopologyVersion)
			}
		})
	}
}

func TestStateChangeClassification(t *testing.T) {
	tests := []struct {
		code            int32
		msg             string
		recovering, nwp bool
		shutdown        bool
	}{
		{11600, "", true, false, true},
		{11602, "", true, false, false},
		{13436, "", true, false, false},
		{189, "", true, false, false},
		{91, "", true, false, true},
		{10107, "", false, true, false},
		{13435, "", false, true, false},
		{10058, "", false, true, false},
		{1, "not master", false, false, false}, // a code wins over the message
		{0, "not master", false, true, false},
		{0, "node is recovering", true, false, false},
		{0, "not master or secondary", true, false, false},
		{0, "duplicate key", false, false, false},
	}
	for _, tt := range tests {
		rec, nwp := topology.IsRecovering(tt.code, tt.msg), topology.IsNotWritablePrimary(tt.code, tt.msg)
		if rec != tt.recovering || nwp != tt.nwp || topology.IsShutdown(tt.code) != tt.shutdown ||
			topology.IsStateChange(tt.code, tt.msg) != (tt.recovering || tt.nwp) {
			t.Errorf("(%d, %q): recovering %v, not writable primary %v, shutdown %v", tt.code, tt.msg, rec, nwp, topology.IsShutdown(tt.code))
		}
	}
}
