package topology

import (
	"errors"
	"slices"
	"strconv"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// AppErrorKind classifies an application error for SDAM error handling.
type AppErrorKind uint8

// The kinds of application errors.
const (
	// CommandFailure is an error reply: ok: 0, or ok: 1 with a
	// writeConcernError (whose code and message then count). writeErrors
	// never count.
	CommandFailure AppErrorKind = iota
	// NetworkFailure is a network error other than a timeout.
	NetworkFailure
	// NetworkTimeout is a network timeout.
	NetworkTimeout
)

// SystemOverloadedError is the error label the pool adds to network errors
// met while establishing a connection (connection monitoring and pooling
// specification, backpressure): such errors leave the topology alone.
const SystemOverloadedError = "SystemOverloadedError"

// AppError is what SDAM error handling needs to know about an error an
// application operation met on a server.
type AppError struct {
	// Addr is the server the operation ran on (normalized by HandleError
	// as description.NormalizeAddr does).
	Addr string
	// ServiceID is the service behind a load balancer the connection was
	// bound to; nil outside load-balanced mode or before the handshake
	// said.
	ServiceID *bson.ObjectID
	// Generation is the generation of the connection the error happened
	// on; for an error before the handshake completed, the pool's
	// generation when the connection attempt started.
	Generation uint64
	// PoolGeneration is the pool's current generation (of ServiceID's
	// connections in load-balanced mode). An error from an older
	// generation is stale: the pool was cleared since.
	PoolGeneration uint64
	// HandshakeDone reports that the connection had completed its
	// handshake, hello and authentication.
	HandshakeDone bool
	// Kind says what failed.
	Kind AppErrorKind
	// Code and Message are the server's error code (0 when the reply has
	// none) and errmsg, for a CommandFailure.
	Code    int32
	Message string
	// TopologyVersion is the reply's topologyVersion, nil when absent.
	TopologyVersion *description.TopologyVersion
	// Labels are the error labels (errorLabels, and those the driver
	// added, such as SystemOverloadedError).
	Labels []string
	// Err is the error itself, kept as the Error of the Unknown
	// description the server may get; nil makes one from the fields.
	Err error
}

// SetReply fills Kind, Code, Message, TopologyVersion and Labels from a
// command reply and reports whether the reply is an error at all: ok: 0,
// or a writeConcernError (whose code and errmsg are then used). writeErrors
// are never looked at: they concern documents, not the server's state.
func (e *AppError) SetReply(reply bson.Raw) bool {
	wce, hasWCE := reply.Lookup("writeConcernError").DocumentOK()
	if okField(reply) && !hasWCE {
		return false
	}
	e.Kind = CommandFailure
	src := reply
	if okField(reply) {
		src = wce
	}
	e.Code = int32Field(src.Lookup("code"))
	e.Message, _ = src.Lookup("errmsg").StringValueOK()
	e.TopologyVersion = topologyVersion(reply.Lookup("topologyVersion"))
	e.Labels = appendLabels(e.Labels, reply.Lookup("errorLabels"))
	if hasWCE {
		e.Labels = appendLabels(e.Labels, wce.Lookup("errorLabels"))
	}
	return true
}

// error returns the error to keep in the server's description.
func (e *AppError) error() error {
	if e.Err != nil {
		return e.Err
	}
	switch e.Kind {
	case NetworkFailure:
		return errors.New("topology: network error on " + e.Addr)
	case NetworkTimeout:
		return errors.New("topology: network timeout on " + e.Addr)
	}
	return errors.New("topology: command error on " + e.Addr + ": " + e.Message + " (code " + strconv.Itoa(int(e.Code)) + ")")
}

// HandleError applies the SDAM error handling to an application error. It
// ignores stale errors (older connection generation, or a state change
// reply whose topologyVersion is not newer than the server's) and servers
// no longer in the topology.
//
// A state change error ("not writable primary", "node is recovering")
// marks the server Unknown, with the reply's topologyVersion, and requests
// an immediate check; a "node is shutting down" one also clears the pool.
// A non-timeout network error, or any error before the handshake completed,
// marks the server Unknown, clears its pool and cancels its monitor's
// check, unless it carries the SystemOverloadedError label. Other errors
// (a timeout after the handshake, an ordinary command error) change
// nothing.
//
// In load-balanced mode the server is never marked Unknown, a pool clear
// applies to the error's service only, and an error without a ServiceID
// (met before the handshake's hello told it) is ignored.
func (f *FSM) HandleError(e AppError) Outcome {
	e.Addr = description.NormalizeAddr(e.Addr)
	cur, ok := f.desc.Server(e.Addr)
	lb := f.desc.Kind == LoadBalanced
	if !ok || f.closed || e.Generation < e.PoolGeneration || (lb && e.ServiceID == nil) ||
		description.CompareTopologyVersion(cur.TopologyVersion, e.TopologyVersion) <= 0 {
		return Outcome{}
	}
	var out Outcome
	switch {
	case e.Kind == CommandFailure && IsStateChange(e.Code, e.Message):
		if !lb {
			out = f.apply(description.Server{Addr: e.Addr, Error: e.error(), TopologyVersion: e.TopologyVersion})
		}
		if IsShutdown(e.Code) {
			out.Actions = append(out.Actions, clearAction(e, lb))
		}
		if !lb {
			out.act(RequestCheck, e.Addr)
		}
	case e.Kind == NetworkFailure || !e.HandshakeDone:
		if slices.Contains(e.Labels, SystemOverloadedError) {
			return Outcome{}
		}
		if !lb {
			out = f.apply(description.Server{Addr: e.Addr, Error: e.error()})
		}
		out.Actions = append(out.Actions, clearAction(e, lb))
		if !lb {
			out.act(CancelCheck, e.Addr)
		}
	}
	return out
}

// clearAction is the ClearPool action for e: the service's connections
// only in load-balanced mode.
func clearAction(e AppError, lb bool) Action {
	a := Action{Kind: ClearPool, Addr: e.Addr}
	if lb {
		a.ServiceID = e.ServiceID
	}
	return a
}
