package operation

import (
	"slices"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
	"github.com/cwal-go/cwal/wire"
)

// encode builds the OP_MSG for cmd into the execution's buffer: the body
// (the command's elements, then the command-agnostic fields), then the
// batch's document sequences. The message is a view into x.buf.
func (x *execution) encode(desc description.Server, cmd Command, b Batched, follow bool) (msg []byte, reqID int32, err error) {
	var flags wire.MsgFlags
	if x.unack && !follow {
		flags |= wire.MoreToCome
	}
	if err := x.checkSession(desc); err != nil {
		return nil, 0, err
	}
	reqID = wire.NextRequestID()
	buf, start := wire.BeginMsg(x.buf[:0], reqID, 0, flags)
	buf = append(buf, 0) // kind 0: the body
	buf, doc := bson.AppendDocumentStart(buf)
	buf, err = cmd.AppendBody(buf, desc)
	if err != nil {
		x.buf = buf[:0]
		return nil, 0, err
	}
	buf = x.appendEnvelope(buf, desc, cmd, follow)
	buf = bson.AppendDocumentEnd(buf, doc)
	if b != nil {
		buf = b.AppendSequences(buf)
	}
	buf, err = wire.FinishMsg(buf, start, false)
	x.buf = buf
	if err != nil {
		return nil, 0, err
	}
	return buf[start:], reqID, nil
}

// appendEnvelope appends the command-agnostic fields, in the order the
// specifications list them: $db, the Stable API fields, lsid, txnNumber,
// readConcern, writeConcern, $clusterTime, $readPreference.
func (x *execution) appendEnvelope(dst []byte, desc description.Server, cmd Command, follow bool) []byte {
	t := cmd.Traits()
	dst = bson.AppendStringElement(dst, "$db", cmd.Database())
	dst = x.api.AppendElements(dst)
	if x.sess != nil && supportsSessions(desc) {
		if lsid := x.sess.LSID(); len(lsid) > 0 {
			dst = bson.AppendDocumentElement(dst, "lsid", lsid)
		}
	}
	if x.txn != 0 && !follow {
		dst = bson.AppendInt64Element(dst, "txnNumber", x.txn)
	}
	// The session may add afterClusterTime or snapshot (session_envelope.go).
	dst = x.appendReadConcern(dst, cmd, t)
	if t.WriteConcern && !x.opts.WriteConcern.IsZero() {
		dst = x.opts.WriteConcern.appendElement(dst)
	}
	if ct := x.clusterTime(); len(ct) > 0 {
		dst = bson.AppendDocumentElement(dst, "$clusterTime", ct)
	}
	if rp, ok := readPrefToSend(x.kind(), desc, t, x.opts.ReadPref); ok {
		dst = appendReadPref(dst, rp)
	}
	return dst
}

// readPrefToSend decides $readPreference by the server selection
// specification: never for writes or a standalone; to a mongos or a load
// balancer, and in a replica set, only when the mode is not primary; in a
// Single topology to any other server type, primaryPreferred in place of
// primary so that a secondary accepts the read.
func readPrefToSend(kind topology.Kind, desc description.Server, t Traits, rp topology.ReadPref) (topology.ReadPref, bool) {
	if !t.ReadPreference || t.Write || desc.Type == description.Standalone {
		return rp, false
	}
	isRouter := desc.Type == description.Mongos || desc.Type == description.LoadBalancer
	if kind == topology.Single && !isRouter {
		if rp.Mode == topology.Primary {
			return topology.ReadPref{Mode: topology.PrimaryPreferred}, true
		}
		return rp, true
	}
	return rp, rp.Mode != topology.Primary
}

// appendReadPref appends the $readPreference document: mode, tags (each
// tag set with its names sorted, for a stable encoding) and
// maxStalenessSeconds.
func appendReadPref(dst []byte, rp topology.ReadPref) []byte {
	dst, start := bson.AppendDocumentElementStart(dst, "$readPreference")
	dst = bson.AppendStringElement(dst, "mode", rp.Mode.String())
	if len(rp.TagSets) > 0 {
		var arr int
		dst, arr = bson.AppendArrayElementStart(dst, "tags")
		for i, ts := range rp.TagSets {
			dst = bson.AppendArrayHeader(dst, bson.TypeEmbeddedDoc, i)
			var set int
			dst, set = bson.AppendDocumentStart(dst)
			names := make([]string, 0, len(ts))
			for k := range ts {
				names = append(names, k)
			}
			slices.Sort(names)
			for _, k := range names {
				dst = bson.AppendStringElement(dst, k, ts[k])
			}
			dst = bson.AppendDocumentEnd(dst, set)
		}
		dst = bson.AppendDocumentEnd(dst, arr)
	}
	if rp.MaxStaleness > 0 {
		dst = bson.AppendInt64Element(dst, "maxStalenessSeconds", int64(rp.MaxStaleness/time.Second))
	}
	return bson.AppendDocumentEnd(dst, start)
}
