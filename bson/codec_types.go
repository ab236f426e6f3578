package bson

import (
	"encoding/json"
	"net/url"
	"reflect"
	"time"
)

// The reflect.Types the codecs single out.
var (
	tD             = reflect.TypeFor[D]()
	tM             = reflect.TypeFor[M]()
	tA             = reflect.TypeFor[A]()
	tE             = reflect.TypeFor[E]()
	tRaw           = reflect.TypeFor[Raw]()
	tRawValue      = reflect.TypeFor[RawValue]()
	tRawArray      = reflect.TypeFor[RawArray]()
	tObjectID      = reflect.TypeFor[ObjectID]()
	tDateTime      = reflect.TypeFor[DateTime]()
	tTime          = reflect.TypeFor[time.Time]()
	tBinary        = reflect.TypeFor[Binary]()
	tDecimal128    = reflect.TypeFor[Decimal128]()
	tTimestamp     = reflect.TypeFor[Timestamp]()
	tNull          = reflect.TypeFor[Null]()
	tUndefined     = reflect.TypeFor[Undefined]()
	tMinKey        = reflect.TypeFor[MinKey]()
	tMaxKey        = reflect.TypeFor[MaxKey]()
	tRegex         = reflect.TypeFor[Regex]()
	tJavaScript    = reflect.TypeFor[JavaScript]()
	tSymbol        = reflect.TypeFor[Symbol]()
	tDBPointer     = reflect.TypeFor[DBPointer]()
	tCodeWithScope = reflect.TypeFor[CodeWithScope]()
	tVector        = reflect.TypeFor[Vector]()
	tJSONNumber    = reflect.TypeFor[json.Number]()
	tURL           = reflect.TypeFor[url.URL]()
	tByteSlice     = reflect.TypeFor[[]byte]()
	tEmpty         = reflect.TypeFor[any]()
	tString        = reflect.TypeFor[string]()

	tMarshaler        = reflect.TypeFor[Marshaler]()
	tValueMarshaler   = reflect.TypeFor[ValueMarshaler]()
	tUnmarshaler      = reflect.TypeFor[Unmarshaler]()
	tValueUnmarshaler = reflect.TypeFor[ValueUnmarshaler]()
	tZeroer           = reflect.TypeFor[interface{ IsZero() bool }]()
)

// valueAs returns the value held by v, whose type has T's underlying type,
// as a T. It goes through a pointer when v is addressable because
// reflect.Value.Interface copies an addressable value into a new allocation.
func valueAs[T any](v reflect.Value) T {
	pt := reflect.TypeFor[*T]()
	if v.CanAddr() {
		p := v.Addr()
		if p.Type() != pt {
			p = p.Convert(pt)
		}
		return *p.Interface().(*T)
	}
	if t := pt.Elem(); v.Type() != t {
		v = v.Convert(t)
	}
	return v.Interface().(T)
}

// ifaceOf returns v (or its address when that is what implements iface) as
// an interface value, avoiding the copy Interface makes of addressable values.
func ifaceOf(v reflect.Value) any {
	if v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface && v.CanAddr() {
		return v.Addr().Interface()
	}
	return v.Interface()
}
