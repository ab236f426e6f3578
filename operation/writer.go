package operation

import (
	"encoding/binary"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// bodyWriter appends a command's elements, skipping options left at their
// zero value and checking the framing of the documents it is given. The
// first problem sticks and is returned by done.
type bodyWriter struct {
	b   []byte
	cmd string
	err error
}

// fail records a problem with a field.
func (w *bodyWriter) fail(field, problem string) {
	if w.err == nil {
		w.err = &ArgumentError{Command: w.cmd, Field: field, Problem: problem}
	}
}

// done returns the buffer and the first problem.
func (w *bodyWriter) done() ([]byte, error) { return w.b, w.err }

func (w *bodyWriter) str(key, v string) { w.b = bson.AppendStringElement(w.b, key, v) }

func (w *bodyWriter) strIf(key, v string) {
	if v != "" {
		w.str(key, v)
	}
}

func (w *bodyWriter) int32(key string, n int32) { w.b = bson.AppendInt32Element(w.b, key, n) }

func (w *bodyWriter) int64(key string, n int64) { w.b = bson.AppendInt64Element(w.b, key, n) }

// int64If appends n as an int64 when it is not 0.
func (w *bodyWriter) int64If(key string, n int64) {
	if n != 0 {
		w.int64(key, n)
	}
}

// boolIf appends key: true when b is set; false is the server's default.
func (w *bodyWriter) boolIf(key string, b bool) {
	if b {
		w.b = bson.AppendBooleanElement(w.b, key, true)
	}
}

func (w *bodyWriter) optBool(key string, o Optional[bool]) {
	if o.Set {
		w.b = bson.AppendBooleanElement(w.b, key, o.Value)
	}
}

// maxTime appends maxTimeMS when d is positive.
func (w *bodyWriter) maxTime(d time.Duration) {
	if d > 0 {
		w.int64("maxTimeMS", durationMS(d))
	}
}

// doc appends a document option when it is set.
func (w *bodyWriter) doc(key string, d bson.Raw) {
	if len(d) > 0 {
		w.docAlways(key, d)
	}
}

// docAlways appends a required document; nil is sent as {}.
func (w *bodyWriter) docAlways(key string, d bson.Raw) {
	if len(d) == 0 {
		d = emptyDoc
	}
	if !framed(d) {
		w.fail(key, "not a BSON document (bad length or terminator)")
		return
	}
	w.b = bson.AppendDocumentElement(w.b, key, d)
}

// array appends an encoded array when it is set.
func (w *bodyWriter) array(key string, a bson.RawArray) {
	if len(a) == 0 {
		return
	}
	if !framed(a) {
		w.fail(key, "not a BSON array (bad length or terminator)")
		return
	}
	w.b = bson.AppendArrayElement(w.b, key, a)
}

// value appends any BSON value when it is set (Type not 0): comment, hint,
// an update that is a document or a pipeline.
func (w *bodyWriter) value(key string, v bson.RawValue) {
	if v.Type == 0 {
		return
	}
	if (v.Type == bson.TypeEmbeddedDoc || v.Type == bson.TypeArray) && !framed(v.Value) {
		w.fail(key, "not a well-framed "+v.Type.String())
		return
	}
	w.b = bson.AppendValueElement(w.b, key, v)
}

// framed checks a document's length prefix and terminator: enough for the
// message to stay parseable; the server validates the contents.
func framed(d []byte) bool {
	return len(d) >= 5 && int(binary.LittleEndian.Uint32(d)) == len(d) && d[len(d)-1] == 0
}

// DocValue returns d as a BSON value of type embedded document, for the
// options that take a document or something else (Update, Hint).
func DocValue(d bson.Raw) bson.RawValue {
	return bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: d}
}

// ArrayValue returns a as a BSON value of type array, for an update given
// as an aggregation pipeline.
func ArrayValue(a bson.RawArray) bson.RawValue {
	return bson.RawValue{Type: bson.TypeArray, Value: a}
}

// StringValue returns s as a BSON string value, for a hint given by index
// name or a comment.
func StringValue(s string) bson.RawValue {
	return bson.RawValue{Type: bson.TypeString, Value: bson.AppendString(nil, s)}
}
