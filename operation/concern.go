package operation

import (
	"errors"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// ReadConcern is a read concern. The zero value sends none, leaving the
// server's default.
type ReadConcern struct {
	// Level is "local", "majority", "linearizable", "available" or
	// "snapshot", passed to the server as given; "" sends no readConcern.
	Level string
}

// IsZero reports whether rc sends nothing.
func (rc ReadConcern) IsZero() bool { return rc.Level == "" }

// appendElement appends rc as the "readConcern" element.
func (rc ReadConcern) appendElement(dst []byte) []byte {
	dst, start := bson.AppendDocumentElementStart(dst, "readConcern")
	dst = bson.AppendStringElement(dst, "level", rc.Level)
	return bson.AppendDocumentEnd(dst, start)
}

// WValue is the w of a write concern: a number of members or a tag name.
type WValue struct {
	// N is the number of members that must acknowledge; used when Tag is
	// "". 0 asks for no acknowledgment.
	N int
	// Tag is "majority" or the name of a custom write concern.
	Tag string
}

// WriteConcern is a write concern. The zero value sends none, leaving the
// server's default (w: 1, or the deployment's configured default).
type WriteConcern struct {
	// W is the w field; unset sends none.
	W Optional[WValue]
	// Journal is the j field; unset sends none.
	Journal Optional[bool]
	// WTimeout is wtimeout; 0 sends none.
	WTimeout time.Duration
}

// ErrInvalidWriteConcern reports a write concern the server would refuse
// or that contradicts itself, such as w: 0 with j: true.
var ErrInvalidWriteConcern = errors.New("operation: invalid write concern")

// IsZero reports whether wc sends nothing.
func (wc WriteConcern) IsZero() bool {
	return !wc.W.Set && !wc.Journal.Set && wc.WTimeout == 0
}

// Acknowledged reports whether the server replies to writes made with wc:
// false only for w: 0 without j: true.
func (wc WriteConcern) Acknowledged() bool {
	w, ok := wc.W.Get()
	return !ok || w.Tag != "" || w.N != 0 || wc.Journal.Or(false)
}

// Validate reports a write concern that cannot be sent: a negative w or
// wtimeout, and w: 0 with j: true (the read-write-concern specification
// makes it an error).
func (wc WriteConcern) Validate() error {
	w, ok := wc.W.Get()
	switch {
	case ok && w.Tag == "" && w.N < 0:
		return errors.Join(ErrInvalidWriteConcern, errors.New("w is negative"))
	case wc.WTimeout < 0:
		return errors.Join(ErrInvalidWriteConcern, errors.New("wtimeout is negative"))
	case ok && w.Tag == "" && w.N == 0 && wc.Journal.Or(false):
		return errors.Join(ErrInvalidWriteConcern, errors.New("w: 0 with j: true"))
	}
	return nil
}

// appendElement appends wc as the "writeConcern" element.
func (wc WriteConcern) appendElement(dst []byte) []byte {
	dst, start := bson.AppendDocumentElementStart(dst, "writeConcern")
	if w, ok := wc.W.Get(); ok {
		if w.Tag != "" {
			dst = bson.AppendStringElement(dst, "w", w.Tag)
		} else {
			dst = bson.AppendInt32Element(dst, "w", int32(w.N))
		}
	}
	if j, ok := wc.Journal.Get(); ok {
		dst = bson.AppendBooleanElement(dst, "j", j)
	}
	if wc.WTimeout > 0 {
		dst = bson.AppendInt64Element(dst, "wtimeout", durationMS(wc.WTimeout))
	}
	return bson.AppendDocumentEnd(dst, start)
}

// durationMS converts d to whole milliseconds, rounding a positive
// duration under a millisecond up to 1 so that it is not read as "none".
func durationMS(d time.Duration) int64 {
	ms := d.Milliseconds()
	if ms == 0 && d > 0 {
		return 1
	}
	return ms
}
