package bson

import (
	"reflect"
)

// encodeFunc appends the value bytes of v to dst and returns their type.
// The caller has written the element header with a placeholder type byte
// and patches it with the returned type, so no encoder needs to know its key.
type encodeFunc func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error)

// decodeFunc stores the value of BSON type t, whose bytes are b (a view into
// the validated input d.doc), into the settable v.
type decodeFunc func(d *decState, t Type, b []byte, v reflect.Value) error

// codec is the compiled encoder and decoder of one Go type. Codecs are
// built once per type and registry state and cached; codecs of composite
// types point at the codecs of their parts, which is how recursive types
// work: a part may still be under construction when its pointer is taken.
type codec struct {
	enc encodeFunc
	dec decodeFunc
	// empty reports whether a value is empty for omitempty.
	empty func(e *encState, v reflect.Value) bool
}

// codecFor returns the compiled codec of t, building it on first use.
func (s *regState) codecFor(t reflect.Type) *codec {
	if c, ok := s.cache.Load(t); ok {
		return c.(*codec)
	}
	return s.build(t)
}

// build compiles t and every type it needs that is not compiled yet, then
// publishes them all at once: a codec is visible to other goroutines only
// when every codec it points at is complete.
func (s *regState) build(t reflect.Type) *codec {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	if c, ok := s.cache.Load(t); ok {
		return c.(*codec)
	}
	s.building = map[reflect.Type]*codec{}
	c := s.codecLocked(t)
	for bt, bc := range s.building {
		s.cache.Store(bt, bc)
	}
	s.building = nil
	return c
}

// codecLocked returns the codec of t during a build (buildMu held).
func (s *regState) codecLocked(t reflect.Type) *codec {
	if c, ok := s.cache.Load(t); ok {
		return c.(*codec)
	}
	if c := s.building[t]; c != nil {
		return c
	}
	c := &codec{}
	s.building[t] = c
	c.enc = s.encoderFor(t)
	c.dec = s.decoderFor(t)
	c.empty = emptyFunc(t)
	return c
}

// errEncoder returns an encoder that fails with err for every value.
func errEncoder(err error) encodeFunc {
	return func(_ *encState, dst []byte, _ reflect.Value) (Type, []byte, error) {
		return 0, dst, err
	}
}

// errDecoder returns a decoder that fails with err for every value.
func errDecoder(err error) decodeFunc {
	return func(_ *decState, _ Type, _ []byte, _ reflect.Value) error {
		return err
	}
}

// isDocish reports whether values of t carry a document (and so an entry in
// the decoder's table of element counts).
func isDocish(t Type) bool {
	return t == TypeEmbeddedDoc || t == TypeArray || t == TypeCodeWithScope
}
