package bson

import (
	"maps"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
)

// EncoderFunc appends the BSON value of v to dst and returns its type and
// the extended buffer. v has the type the function was registered for.
type EncoderFunc func(dst []byte, v reflect.Value) (Type, []byte, error)

// DecoderFunc stores the BSON value (t, data) into v, which is settable and
// has the type the function was registered for. data is a view into the
// input, valid only during the call: copy what you keep.
type DecoderFunc func(t Type, data []byte, v reflect.Value) error

// Options changes how a Registry encodes and decodes. The zero value is the
// default, which matches the official Go driver's defaults.
type Options struct {
	// DocumentsAsM decodes embedded documents held in interface values (any,
	// A, the values of D and M) as M instead of D.
	DocumentsAsM bool
	// BinaryAsSlice decodes binary values of subtype 0x00 and 0x02 held in
	// interface values as []byte instead of Binary.
	BinaryAsSlice bool
	// AllowTruncatingDoubles lets a double with a fraction be stored in an
	// integer (the fraction is dropped) and in a float32 (precision is lost),
	// as the truncate struct tag does for one field.
	AllowTruncatingDoubles bool
	// ObjectIDAsHexString decodes an ObjectID into a string as its hex form.
	ObjectIDAsHexString bool
	// UseLocalTimeZone decodes datetimes into time.Time in the local time
	// zone instead of UTC.
	UseLocalTimeZone bool
	// ZeroMaps empties a non-nil map before decoding into it; by default
	// the decoded keys are added to what it holds.
	ZeroMaps bool
	// ZeroStructs zeroes a struct before decoding into it; by default the
	// fields absent from the document keep their values.
	ZeroStructs bool

	// IntMinSize encodes int64, uint, uint32 and uint64 as int32 when the
	// value fits, as the minsize struct tag does for one field.
	IntMinSize bool
	// NilSliceAsEmpty encodes a nil slice (other than []byte) as an empty
	// array instead of null.
	NilSliceAsEmpty bool
	// NilMapAsEmpty encodes a nil map as an empty document instead of null.
	NilMapAsEmpty bool
	// NilByteSliceAsEmpty encodes a nil []byte as empty binary instead of null.
	NilByteSliceAsEmpty bool
	// OmitEmpty treats every struct field as tagged omitempty.
	OmitEmpty bool
	// OmitZeroStruct makes omitempty consider a struct empty when all its
	// exported fields are empty; by default only a struct with an IsZero
	// method can be empty.
	OmitZeroStruct bool
}

// Registry holds custom encoders and decoders and the Options. Its
// Marshal and Unmarshal methods behave like the package functions, which use
// a default Registry that cannot be changed. A Registry is safe for
// concurrent use, including registering while others encode; a
// registration applies to the calls that start after it returns.
//
// Precedence when looking up a type: an encoder or decoder registered for
// that exact type; the built-in BSON types (ObjectID, time.Time, D, …);
// ValueMarshaler and Marshaler (ValueUnmarshaler and Unmarshaler when
// decoding); interface registrations in the order they were made; the
// default for the type's kind.
//
// The zero Registry is ready to use and equals NewRegistry(). A Registry
// must not be copied after first use.
type Registry struct {
	mu    sync.Mutex // serialises registrations
	state atomic.Pointer[regState]
}

// regState is one immutable configuration of a Registry plus its cache of
// compiled codecs. A registration replaces the whole state, so the hot path
// reads it with one atomic load and never locks.
type regState struct {
	opts     Options
	encs     map[reflect.Type]EncoderFunc
	decs     map[reflect.Type]DecoderFunc
	ifaceEnc []ifaceEncoder
	ifaceDec []ifaceDecoder
	// fast is false when a registration overrides one of the types that
	// the interface fast paths (appendAny, readAny) handle without a lookup.
	fast bool

	cache    sync.Map // reflect.Type → *codec
	buildMu  sync.Mutex
	building map[reflect.Type]*codec       // under buildMu
	structs  map[reflect.Type]structResult // under buildMu
}

type ifaceEncoder struct {
	iface reflect.Type
	fn    EncoderFunc
}

type ifaceDecoder struct {
	iface reflect.Type
	fn    DecoderFunc
}

// defaultRegistry serves the package-level functions. It is never
// registered on, so it behaves the same for every caller.
var defaultRegistry = NewRegistry()

// NewRegistry returns a Registry with the default codecs and Options.
func NewRegistry() *Registry {
	r := &Registry{}
	r.state.Store(&regState{fast: true})
	return r
}

// load returns the current state; the zero Registry starts with the default.
func (r *Registry) load() *regState {
	if s := r.state.Load(); s != nil {
		return s
	}
	r.state.CompareAndSwap(nil, &regState{fast: true})
	return r.state.Load()
}

// update replaces the state with a modified copy whose cache is empty.
func (r *Registry) update(change func(*regState)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	old := r.load()
	ns := &regState{
		opts:     old.opts,
		encs:     maps.Clone(old.encs),
		decs:     maps.Clone(old.decs),
		ifaceEnc: slices.Clone(old.ifaceEnc),
		ifaceDec: slices.Clone(old.ifaceDec),
	}
	if ns.encs == nil {
		ns.encs = map[reflect.Type]EncoderFunc{}
	}
	if ns.decs == nil {
		ns.decs = map[reflect.Type]DecoderFunc{}
	}
	change(ns)
	ns.fast = ns.computeFast()
	r.state.Store(ns)
}

// Options returns the registry's options.
func (r *Registry) Options() Options { return r.load().opts }

// SetOptions replaces the registry's options.
func (r *Registry) SetOptions(o Options) {
	r.update(func(s *regState) { s.opts = o })
}

// RegisterTypeEncoder makes fn encode values of exactly type t (not
// pointers to t nor types built on it). A nil fn removes the registration.
func (r *Registry) RegisterTypeEncoder(t reflect.Type, fn EncoderFunc) {
	r.update(func(s *regState) {
		if fn == nil {
			delete(s.encs, t)
			return
		}
		s.encs[t] = fn
	})
}

// RegisterTypeDecoder makes fn decode into values of exactly type t. A nil
// fn removes the registration.
func (r *Registry) RegisterTypeDecoder(t reflect.Type, fn DecoderFunc) {
	r.update(func(s *regState) {
		if fn == nil {
			delete(s.decs, t)
			return
		}
		s.decs[t] = fn
	})
}

// RegisterInterfaceEncoder makes fn encode values of every type that
// implements the interface type iface (for a type whose pointer implements
// it, addressable values are passed as that pointer). It panics if iface is
// not an interface type, as registering one is a programming error.
func (r *Registry) RegisterInterfaceEncoder(iface reflect.Type, fn EncoderFunc) {
	mustInterface(iface)
	r.update(func(s *regState) { s.ifaceEnc = append(s.ifaceEnc, ifaceEncoder{iface, fn}) })
}

// RegisterInterfaceDecoder makes fn decode into values of every type that
// implements iface, or whose pointer does (then fn gets the pointer). It
// panics if iface is not an interface type.
func (r *Registry) RegisterInterfaceDecoder(iface reflect.Type, fn DecoderFunc) {
	mustInterface(iface)
	r.update(func(s *regState) { s.ifaceDec = append(s.ifaceDec, ifaceDecoder{iface, fn}) })
}

func mustInterface(t reflect.Type) {
	if t == nil || t.Kind() != reflect.Interface {
		panic("bson: RegisterInterface needs an interface type, got " + typeString(t))
	}
}

func typeString(t reflect.Type) string {
	if t == nil {
		return "nil"
	}
	return t.String()
}

// computeFast reports whether no registration touches a type that the
// interface fast paths encode or decode directly. Interface registrations
// rank below the built-in types, and the fast path's other types (string,
// numbers, []any, …) have no methods, so only an empty interface can reach
// them.
func (s *regState) computeFast() bool {
	for _, t := range fastTypes {
		if s.encs[t] != nil || s.decs[t] != nil {
			return false
		}
	}
	for _, ie := range s.ifaceEnc {
		if ie.iface.NumMethod() == 0 {
			return false
		}
	}
	for _, id := range s.ifaceDec {
		if id.iface.NumMethod() == 0 {
			return false
		}
	}
	return true
}
