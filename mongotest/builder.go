package mongotest

import (
	"strconv"

	"github.com/cwal-go/cwal/bson"
)

// builder appends one BSON document, with nested documents and arrays.
// Inside an array the key argument is ignored and indexes are generated.
type builder struct {
	b     []byte
	stack []frame
	inner [6]frame // the stack's first frames, so a reply allocates only its bytes
}

type frame struct {
	start int
	next  int // next array index, or -1 inside a document
}

func newBuilder(buf []byte) *builder {
	bl := &builder{b: buf[:0]}
	bl.b, _ = bson.AppendDocumentStart(bl.b)
	bl.stack = append(bl.inner[:0], frame{start: 0, next: -1})
	return bl
}

// key returns the key for the next element: k in a document, the next
// index in an array.
func (bl *builder) key(k string) string {
	top := &bl.stack[len(bl.stack)-1]
	if top.next < 0 {
		return k
	}
	k = strconv.Itoa(top.next)
	top.next++
	return k
}

func (bl *builder) int32(k string, v int32) *builder {
	bl.b = bson.AppendInt32Element(bl.b, bl.key(k), v)
	return bl
}

func (bl *builder) int64(k string, v int64) *builder {
	bl.b = bson.AppendInt64Element(bl.b, bl.key(k), v)
	return bl
}

func (bl *builder) double(k string, v float64) *builder {
	bl.b = bson.AppendDoubleElement(bl.b, bl.key(k), v)
	return bl
}

func (bl *builder) str(k, v string) *builder {
	bl.b = bson.AppendStringElement(bl.b, bl.key(k), v)
	return bl
}

func (bl *builder) bool(k string, v bool) *builder {
	bl.b = bson.AppendBooleanElement(bl.b, bl.key(k), v)
	return bl
}

func (bl *builder) null(k string) *builder {
	bl.b = bson.AppendNullElement(bl.b, bl.key(k))
	return bl
}

func (bl *builder) value(k string, v bson.RawValue) *builder {
	bl.b = bson.AppendValueElement(bl.b, bl.key(k), v)
	return bl
}

func (bl *builder) doc(k string, d bson.Raw) *builder {
	bl.b = bson.AppendDocumentElement(bl.b, bl.key(k), d)
	return bl
}

func (bl *builder) objectID(k string, id bson.ObjectID) *builder {
	bl.b = bson.AppendObjectIDElement(bl.b, bl.key(k), id)
	return bl
}

func (bl *builder) dateTime(k string, ms int64) *builder {
	bl.b = bson.AppendDateTimeElement(bl.b, bl.key(k), ms)
	return bl
}

func (bl *builder) timestamp(k string, t, i uint32) *builder {
	bl.b = bson.AppendTimestampElement(bl.b, bl.key(k), t, i)
	return bl
}

func (bl *builder) binary(k string, subtype byte, data []byte) *builder {
	bl.b = bson.AppendBinaryElement(bl.b, bl.key(k), subtype, data)
	return bl
}

// strs appends an array of strings.
func (bl *builder) strs(k string, vs []string) *builder {
	bl.startArray(k)
	for _, v := range vs {
		bl.str("", v)
	}
	return bl.end()
}

// docs appends an array of documents.
func (bl *builder) docs(k string, ds []bson.Raw) *builder {
	// One growth for the whole batch: a batch may be 16 MiB, and growing
	// by appends would copy it several times over.
	n := 16 + len(k)
	for _, d := range ds {
		n += len(d) + 8
	}
	bl.b = growReply(bl.b, n)
	bl.startArray(k)
	for i, d := range ds {
		// The index key is appended in place: strconv.Itoa would
		// allocate a string per document of a large batch.
		bl.b = append(bl.b, byte(bson.TypeEmbeddedDoc))
		bl.b = append(strconv.AppendInt(bl.b, int64(i), 10), 0)
		bl.b = append(bl.b, d...)
	}
	bl.stack[len(bl.stack)-1].next += len(ds)
	return bl.end()
}

func (bl *builder) startDoc(k string) *builder {
	var start int
	bl.b, start = bson.AppendDocumentElementStart(bl.b, bl.key(k))
	bl.stack = append(bl.stack, frame{start: start, next: -1})
	return bl
}

func (bl *builder) startArray(k string) *builder {
	var start int
	bl.b, start = bson.AppendArrayElementStart(bl.b, bl.key(k))
	bl.stack = append(bl.stack, frame{start: start, next: 0})
	return bl
}

// end closes the innermost open document or array.
func (bl *builder) end() *builder {
	top := bl.stack[len(bl.stack)-1]
	bl.stack = bl.stack[:len(bl.stack)-1]
	bl.b = bson.AppendDocumentEnd(bl.b, top.start)
	return bl
}

// finish closes every open level and returns the document.
func (bl *builder) finish() bson.Raw {
	for len(bl.stack) > 0 {
		bl.end()
	}
	return bl.b
}

// size returns the number of bytes written so far.
func (bl *builder) size() int { return len(bl.b) }

// rawDoc builds a small document from alternating keys and values of the
// types builder understands; for tests of the server's own replies.
func rawDoc(fn func(bl *builder)) bson.Raw {
	bl := newBuilder(nil)
	fn(bl)
	return bl.finish()
}
