package bson

import (
	"unsafe"
)

// Boxing a float64, string or D into an interface value allocates once per
// value, which would be most of the cost of decoding a document into D. In
// pure mode (see decState.setPure) values are instead stored in slabs, one
// allocation per type per call sized by the scan's totals, and the interface
// values point into them.
//
// Building such an interface value needs unsafe: it writes the two words of
// an empty interface (type, pointer to the value), the layout every Go
// release has used. This is sound because nothing else ever writes a slab
// slot once it is boxed (an interface value is immutable: type assertions
// copy out), and the garbage collector keeps a whole slab alive for any
// pointer into it — which is also the cost: one retained value retains
// its slab.

// eface is the memory layout of an empty interface value.
type eface struct {
	typ  unsafe.Pointer
	data unsafe.Pointer
}

// typeWord returns the type word of x's dynamic type.
func typeWord(x any) unsafe.Pointer { return (*eface)(unsafe.Pointer(&x)).typ }

// boxAt returns an interface value of the dynamic type typ whose value is
// *p. p must point to a value of that type that is never written again.
func boxAt(typ, p unsafe.Pointer) (x any) {
	*(*eface)(unsafe.Pointer(&x)) = eface{typ: typ, data: p}
	return x
}

var (
	typFloat64  = typeWord(float64(0))
	typInt32    = typeWord(int32(0))
	typInt64    = typeWord(int64(0))
	typString   = typeWord("")
	typD        = typeWord(D(nil))
	typA        = typeWord(A(nil))
	typObjectID = typeWord(ObjectID{})
	typDateTime = typeWord(DateTime(0))
)

// slab hands out slots of a block of T, allocating a new block of the
// requested size when the current one is used up.
type slab[T any] struct{ buf []T }

func (s *slab[T]) next(size int) *T {
	if len(s.buf) == 0 {
		s.buf = make([]T, max(size, 1))
	}
	p := &s.buf[0]
	s.buf = s.buf[1:]
	return p
}

// take returns n consecutive slots, capped so that appending to them
// cannot overwrite the next ones.
func (s *slab[T]) take(n, size int) []T {
	if len(s.buf) < n {
		s.buf = make([]T, max(size, n))
	}
	out := s.buf[:n:n]
	s.buf = s.buf[n:]
	return out
}

// decSlabs are the slabs of one decode call.
type decSlabs struct {
	f64  slab[float64]
	i32  slab[int32]
	i64  slab[int64]
	str  slab[string]
	oid  slab[ObjectID]
	dt   slab[DateTime]
	ds   slab[D]
	as   slab[A]
	es   slab[E]
	vals slab[any]
}

// The box functions return x as an interface value, from a slab in pure
// mode. Each slab is sized by what the scan counted and not yet used.

func (d *decState) boxFloat64(x float64) any {
	if !d.pure {
		return x
	}
	p := d.slabs.f64.next(d.nType[TypeDouble])
	*p = x
	return boxAt(typFloat64, unsafe.Pointer(p))
}

func (d *decState) boxInt32(x int32) any {
	if !d.pure || uint32(x) < 256 { // the runtime boxes small values for free
		return x
	}
	p := d.slabs.i32.next(d.nType[TypeInt32])
	*p = x
	return boxAt(typInt32, unsafe.Pointer(p))
}

func (d *decState) boxInt64(x int64) any {
	if !d.pure {
		return x
	}
	p := d.slabs.i64.next(d.nType[TypeInt64])
	*p = x
	return boxAt(typInt64, unsafe.Pointer(p))
}

func (d *decState) boxString(x string) any {
	if !d.pure {
		return x
	}
	p := d.slabs.str.next(d.nType[TypeString])
	*p = x
	return boxAt(typString, unsafe.Pointer(p))
}

func (d *decState) boxObjectID(x ObjectID) any {
	if !d.pure {
		return x
	}
	p := d.slabs.oid.next(d.nType[TypeObjectID])
	*p = x
	return boxAt(typObjectID, unsafe.Pointer(p))
}

func (d *decState) boxDateTime(x DateTime) any {
	if !d.pure {
		return x
	}
	p := d.slabs.dt.next(d.nType[TypeDateTime])
	*p = x
	return boxAt(typDateTime, unsafe.Pointer(p))
}

func (d *decState) boxD(x D) any {
	if !d.pure {
		return x
	}
	p := d.slabs.ds.next(d.docs)
	*p = x
	return boxAt(typD, unsafe.Pointer(p))
}

func (d *decState) boxA(x A) any {
	if !d.pure {
		return x
	}
	p := d.slabs.as.next(d.arrs)
	*p = x
	return boxAt(typA, unsafe.Pointer(p))
}

// elems returns the E slots of a document with n elements.
func (d *decState) elems(n int) []E {
	if !d.pure {
		return make([]E, n)
	}
	return d.slabs.es.take(n, d.docElems)
}

// values returns the slots of an array with n values.
func (d *decState) values(n int) []any {
	if !d.pure {
		return make([]any, n)
	}
	return d.slabs.vals.take(n, d.arrElems)
}

// maxArenaString and arenaChunk bound the string arena: longer strings get
// their own allocation, and a chunk never exceeds arenaChunk bytes, so a
// struct that keeps one short string of a large document does not keep a
// large block alive.
const (
	maxArenaString = 512
	arenaChunk     = 4096
)

// newString returns b as a string. Outside pure mode, short strings are
// copied into a per-call arena so that a struct with many string fields
// costs one allocation instead of one per field; the strings then share
// (and keep alive) their chunk. The arena is append-only, so the bytes
// under a string are never written again.
func (d *decState) newString(b []byte) string {
	n := len(b)
	if n == 0 {
		return ""
	}
	if n > maxArenaString {
		return string(b)
	}
	if cap(d.arena)-len(d.arena) < n {
		d.arena = make([]byte, 0, max(n, min(d.strBytes, arenaChunk)))
	}
	start := len(d.arena)
	d.arena = append(d.arena, b...)
	d.strBytes -= n
	return unsafe.String(&d.arena[start], n)
}
