package mongotest

import (
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/internal/compressor"
)

// Limits hello reports.
const (
	maxBsonObjectSize   = 16 * 1024 * 1024
	maxWriteBatchSize   = 100_000
	sessionTimeoutMins  = 30
	codeMetadataMutated = 186 // ClientMetadataCannotBeMutated
)

// cmdHello answers hello, isMaster and ismaster: the handshake
// (compression, SCRAM mechanisms, speculative authentication; dispatch has
// recorded the client metadata) and the monitoring poll, awaitable when
// topologyVersion and maxAwaitTimeMS are given.
func cmdHello(r *request, bl *builder) error {
	c := r.c
	if err := c.awaitTopology(r); err != nil {
		return err
	}
	s := c.srv
	if r.arg("helloOk").Boolean() {
		bl.bool("helloOk", true)
	}
	primary := s.member.isPrimary()
	if r.name == "hello" {
		bl.bool("isWritablePrimary", primary)
	} else {
		bl.bool("ismaster", primary)
	}
	pid, counter := s.member.topologyVersion()
	bl.startDoc("topologyVersion").objectID("processId", pid).int64("counter", counter).end()
	appendReplSetInfo(bl, s.member)
	bl.int32("maxBsonObjectSize", maxBsonObjectSize).
		int32("maxMessageSizeBytes", maxMessageSize).
		int32("maxWriteBatchSize", maxWriteBatchSize).
		dateTime("localTime", time.Now().UnixMilli()).
		int32("logicalSessionTimeoutMinutes", sessionTimeoutMins).
		int64("connectionId", c.id).
		int32("minWireVersion", s.cfg.minWire).
		int32("maxWireVersion", s.cfg.maxWire).
		bool("readOnly", false)
	if comps := r.arg("compression"); comps.Type == bson.TypeArray {
		bl.strs("compression", c.negotiateCompression(bson.Raw(comps.Value)))
	}
	if u, ok := r.arg("saslSupportedMechs").StringValueOK(); ok {
		if mechs := s.users.mechanisms(u); mechs != nil {
			bl.strs("saslSupportedMechs", mechs)
		}
	}
	if spec, ok := r.arg("speculativeAuthenticate").DocumentOK(); ok {
		if reply := c.speculativeAuth(spec); reply != nil {
			bl.doc("speculativeAuthenticate", reply)
		}
	}
	return nil
}

// appendReplSetInfo writes the replica-set fields of hello.
func appendReplSetInfo(bl *builder, m *member) {
	rs := m.rs
	if rs == nil {
		return
	}
	hosts := make([]string, 0, len(rs.members))
	primary := ""
	for _, mm := range rs.members {
		hosts = append(hosts, mm.host)
		if mm.isPrimary() {
			primary = mm.host
		}
	}
	bl.strs("hosts", hosts).str("setName", rs.name).int32("setVersion", rs.version)
	isPrimary := m.isPrimary()
	bl.bool("secondary", !isPrimary)
	if primary != "" {
		bl.str("primary", primary)
	}
	bl.str("me", m.host)
	if isPrimary {
		bl.objectID("electionId", rs.electionID)
	}
	now := time.Now()
	ts := uint32(now.Unix())
	bl.startDoc("lastWrite").
		startDoc("opTime").timestamp("ts", ts, 1).int64("t", rs.term).end().
		dateTime("lastWriteDate", now.Truncate(time.Second).UnixMilli()).
		startDoc("majorityOpTime").timestamp("ts", ts, 1).int64("t", rs.term).end().
		dateTime("majorityWriteDate", now.Truncate(time.Second).UnixMilli()).
		end()
}

// recordHandshake keeps the client metadata of the first hello; mongod
// refuses to change it later. dispatch calls it before the fail points.
func (c *conn) recordHandshake(r *request) *cmdError {
	meta, ok := r.arg("client").DocumentOK()
	if !ok {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.auth.handshakeDone {
		return errorf(codeMetadataMutated, "The client metadata document may only be sent in the first hello")
	}
	c.auth.handshakeDone = true
	c.appName = meta.Lookup("application", "name").StringValue()
	return nil
}

// negotiateCompression keeps the client's compressors that the server
// supports, in the client's order, and remembers them.
func (c *conn) negotiateCompression(names bson.Raw) []string {
	out := []string{}
	var ids []compressor.ID
	it := names.Iter()
	for it.Next() {
		name := it.Value().StringValue()
		if id, ok := compressor.ByName(name); ok {
			out = append(out, name)
			ids = append(ids, id)
		}
	}
	c.mu.Lock()
	c.compressors = ids
	c.mu.Unlock()
	return out
}

// awaitTopology makes an awaitable hello wait for a topology change.
func (c *conn) awaitTopology(r *request) error {
	tv, ok := r.arg("topologyVersion").DocumentOK()
	maxAwait := r.arg("maxAwaitTimeMS")
	if !ok {
		if maxAwait.Type != 0 {
			return errorf(codeBadValue, "A request with a 'maxAwaitTimeMS' must also include a 'topologyVersion'")
		}
		return nil
	}
	if maxAwait.Type == 0 {
		return nil
	}
	ms, ok := maxAwait.AsInt64OK()
	if !ok || ms < 0 {
		return errorf(codeBadValue, "maxAwaitTimeMS must be a non-negative integer")
	}
	pid, _ := tv.Lookup("processId").ObjectIDOK()
	counter, _ := tv.Lookup("counter").AsInt64OK()
	c.srv.member.awaitChange(r.ctx, pid, counter, time.Duration(ms)*time.Millisecond)
	return r.ctx.Err()
}
