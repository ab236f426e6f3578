package pool

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// Misuse and state errors of a Conn.
var (
	// ErrConnClosed is returned by I/O on a connection after Close.
	ErrConnClosed = errors.New("pool: connection closed")
	// ErrConnBroken is returned by I/O on a connection that an earlier
	// failure left unusable; Conn.Err says which failure.
	ErrConnBroken = errors.New("pool: connection broken by an earlier error")
	// ErrConcurrentUse is returned when two goroutines use one Conn at
	// once. The second call fails without touching the connection.
	ErrConcurrentUse = errors.New("pool: connection used by two goroutines at once")
	// ErrReplyPending is returned by WriteMessage while the reply to an
	// earlier request has not been read, and by RunCommand likewise: the
	// next reply would be misattributed. Read it, or Drain.
	ErrReplyPending = errors.New("pool: a reply is still pending on the connection")
	// ErrNoReplyPending is returned by ReadMessage when no request awaits a
	// reply (none was sent, or it had moreToCome set).
	ErrNoReplyPending = errors.New("pool: no reply is pending on the connection")
	// ErrUnexpectedReply means the server sent a reply to another request,
	// or a message of another kind than OP_MSG; the connection is broken.
	ErrUnexpectedReply = errors.New("pool: unexpected reply")
	// ErrNoServiceID means load-balanced mode was requested but the server's
	// hello has no serviceId: it is not behind a load balancer that MongoDB
	// supports.
	ErrNoServiceID = errors.New("pool: load-balanced mode requested, but the server's hello reply has no serviceId")
)

// NetError is a failed read or write on a connection, or a failed dial.
// When the caller's context caused it, Err is ctx.Err() (so errors.Is(err,
// context.Canceled) and context.DeadlineExceeded work); otherwise it is the
// network error.
type NetError struct {
	Op     string // "dial", "tls handshake", "write" or "read"
	Addr   string // the server address
	ConnID int64  // the connection id, 0 for a dial
	Err    error
}

func (e *NetError) Error() string {
	s := "pool: " + e.Op + " " + e.Addr
	if e.ConnID != 0 {
		s += " (connection " + strconv.FormatInt(e.ConnID, 10) + ")"
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *NetError) Unwrap() error { return e.Err }

// Timeout reports a deadline: the context's, the socket timeout or the
// connect timeout. Network timeouts are retryable and never mean the
// server is gone for good.
func (e *NetError) Timeout() bool {
	if errors.Is(e.Err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(e.Err, &ne) && ne.Timeout()
}

// Temporary is Timeout; it exists for callers that test for the old
// net.Error method.
func (e *NetError) Temporary() bool { return e.Timeout() }

// Stage names a step of connection establishment.
type Stage uint8

// The steps of Dial, in order.
const (
	StageDial  Stage = iota + 1 // TCP or Unix socket connect
	StageTLS                    // TLS handshake
	StageHello                  // the initial hello
	StageAuth                   // authentication after the hello
)

func (s Stage) String() string {
	switch s {
	case StageDial:
		return "dial"
	case StageTLS:
		return "tls handshake"
	case StageHello:
		return "hello"
	case StageAuth:
		return "authentication"
	}
	return "stage(" + strconv.Itoa(int(s)) + ")"
}

// EstablishError is a failure of Dial: the step, the address and the
// cause (a *NetError, a *CommandError, an auth error...).
type EstablishError struct {
	Stage Stage
	Addr  string
	Err   error
}

func (e *EstablishError) Error() string {
	return "pool: connecting to " + e.Addr + ": " + e.Stage.String() + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *EstablishError) Unwrap() error { return e.Err }

// Backpressure reports whether the CMAP "backpressure-enabled" rule applies:
// a network error or network timeout during the connect, the I/O of the TLS
// handshake, or the hello. The pool then adds the SystemOverloadedError and
// RetryableError labels, so that SDAM does not clear the pool. It is false
// for authentication, DNS failures, certificate verification failures, a
// cancelled context and server replies.
func (e *EstablishError) Backpressure() bool {
	if e.Stage == StageAuth || errors.Is(e.Err, context.Canceled) {
		return false
	}
	var dnsErr *net.DNSError
	if errors.As(e.Err, &dnsErr) || isCertificateError(e.Err) {
		return false
	}
	var ne *NetError
	return errors.As(e.Err, &ne) && isIOError(ne.Err)
}

// isCertificateError recognizes a TLS failure that is about trust, not I/O.
func isCertificateError(err error) bool {
	var (
		cv    *tls.CertificateVerificationError
		ua    x509.UnknownAuthorityError
		hn    x509.HostnameError
		ci    x509.CertificateInvalidError
		alert tls.AlertError
		rh    tls.RecordHeaderError
	)
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &hn) ||
		errors.As(err, &ci) || errors.As(err, &alert) || errors.As(err, &rh)
}

// isIOError reports a network failure or timeout.
func isIOError(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne)
}

// CommandError is a reply with ok other than 1.
type CommandError struct {
	Code    int32
	Name    string   // codeName
	Message string   // errmsg
	Labels  []string // errorLabels
	// Reply is a copy of the whole reply document.
	Reply bson.Raw
}

func (e *CommandError) Error() string {
	var b strings.Builder
	b.WriteString("pool: command failed: ")
	b.WriteString(e.Message)
	if e.Name != "" || e.Code != 0 {
		b.WriteString(" (" + e.Name + " code " + strconv.Itoa(int(e.Code)) + ")")
	}
	return b.String()
}

// HasLabel reports whether the server attached the error label l.
func (e *CommandError) HasLabel(l string) bool {
	for _, x := range e.Labels {
		if x == l {
			return true
		}
	}
	return false
}

// commandError returns a *CommandError when reply is not ok: 1, else nil.
func commandError(reply bson.Raw) error {
	ok := reply.Lookup("ok")
	if f, isNum := ok.AsFloat64OK(); isNum && f == 1 {
		return nil
	}
	if b, isBool := ok.BooleanOK(); isBool && b {
		return nil
	}
	e := &CommandError{Reply: bson.Raw(append([]byte(nil), reply...))}
	n, _ := e.Reply.Lookup("code").AsInt64OK()
	e.Code = int32(n)
	e.Name, _ = e.Reply.Lookup("codeName").StringValueOK()
	e.Message, _ = e.Reply.Lookup("errmsg").StringValueOK()
	if e.Message == "" && ok.IsZero() {
		e.Message = "reply has no ok field"
	}
	it := e.Reply.Lookup("errorLabels").Array().Iter()
	for it.Next() {
		if s, ok := it.Value().StringValueOK(); ok {
			e.Labels = append(e.Labels, s)
		}
	}
	return e
}
