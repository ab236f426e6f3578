package bson

import (
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Leaf encoders shared by the interface fast path and the compiled codecs.

// validKey reports whether k can be a BSON key: no NUL, valid UTF-8.
func validKey(k string) bool {
	return strings.IndexByte(k, 0) < 0 && utf8.ValidString(k)
}

// appendKey appends an element header with a placeholder type byte (patched
// by the caller at the returned position) and checks the key.
func appendKey(dst []byte, key string) ([]byte, int, bool) {
	pos := len(dst)
	dst = append(dst, 0)
	dst = append(dst, key...)
	dst = append(dst, 0)
	return dst, pos, plainText(key, true) || validKey(key)
}

// plainText reports whether s is all ASCII (and, with nul, has no zero
// byte), reading a word at a time: the common case of keys and strings is
// settled in a few operations, the rest go to the exact checks. It reads
// the source string rather than the bytes just appended, whose words
// would stall on store forwarding.
func plainText(s string, nul bool) bool {
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	if len(b) < 8 {
		for _, c := range b {
			if c >= utf8.RuneSelf || (nul && c == 0) {
				return false
			}
		}
		return true
	}
	// Whole words, then one word ending at the end (overlapping is harmless).
	acc := flags(binary.LittleEndian.Uint64(b[len(b)-8:]), nul)
	for ; len(b) > 8; b = b[8:] {
		acc |= flags(binary.LittleEndian.Uint64(b), nul)
	}
	return acc&highs == 0
}

// flags sets the high bit of the bytes of x that are >= 0x80, and with nul
// of (at least the first) zero byte.
func flags(x uint64, nul bool) uint64 {
	if nul {
		return x | (x-lows)&^x
	}
	return x
}

func appendStringValue(dst []byte, s string) (Type, []byte, error) {
	return appendStringTyped(dst, TypeString, s)
}

// appendStringTyped appends a string-shaped value (string, JavaScript,
// symbol). Decoding rejects invalid UTF-8, so encoding does too: what
// Marshal writes, Unmarshal reads back.
func appendStringTyped(dst []byte, t Type, s string) (Type, []byte, error) {
	if !plainText(s, false) && !utf8.ValidString(s) {
		return 0, dst, ErrInvalidUTF8
	}
	return t, AppendString(dst, s), nil
}

func fitsInt32(n int64) bool { return n >= math.MinInt32 && n <= math.MaxInt32 }

// appendInt encodes a Go int: int32 when it fits, as the official driver does.
func appendInt(dst []byte, n int64) (Type, []byte, error) {
	if fitsInt32(n) {
		return TypeInt32, AppendInt32(dst, int32(n)), nil
	}
	return TypeInt64, AppendInt64(dst, n), nil
}

// appendInt64 encodes an int64: always int64 unless minsize is in force.
func (e *encState) appendInt64(dst []byte, n int64) (Type, []byte, error) {
	if e.minSize && fitsInt32(n) {
		return TypeInt32, AppendInt32(dst, int32(n)), nil
	}
	return TypeInt64, AppendInt64(dst, n), nil
}

// appendUint encodes uint, uint32 and uint64 as int64 (int32 under minsize
// when it fits); values above math.MaxInt64 have no BSON form.
func (e *encState) appendUint(dst []byte, u uint64) (Type, []byte, error) {
	if e.minSize && u <= math.MaxInt32 {
		return TypeInt32, AppendInt32(dst, int32(u)), nil
	}
	if u > math.MaxInt64 {
		return 0, dst, ErrOverflow
	}
	return TypeInt64, AppendInt64(dst, int64(u)), nil
}

// appendBytes encodes []byte as generic binary; nil is null by default.
func (e *encState) appendBytes(dst []byte, b []byte) (Type, []byte, error) {
	if b == nil && !e.s.opts.NilByteSliceAsEmpty {
		return TypeNull, dst, nil
	}
	return TypeBinary, AppendBinary(dst, BinaryGeneric, b), nil
}

// framedDoc reports whether b is framed as one document: its length prefix
// is len(b), at least 5, and it ends with NUL. The contents are trusted;
// validating every Raw on every Marshal would cost a second pass.
func framedDoc(b []byte) bool {
	n, ok := readInt32(b, 0)
	return ok && n >= 5 && int(n) == len(b) && b[n-1] == 0
}

// appendRawDoc copies an encoded document or array.
func appendRawDoc(dst []byte, b []byte, t Type) (Type, []byte, error) {
	if !framedDoc(b) {
		return 0, dst, ErrBadEncoding
	}
	return t, append(dst, b...), nil
}

// appendRawValue copies an encoded value after checking that its bytes are
// exactly one value of its type.
func appendRawValue(dst []byte, v RawValue) (Type, []byte, error) {
	if !v.Type.Valid() {
		return 0, dst, ErrBadEncoding
	}
	n, err := valueLen(v.Type, v.Value, 0, 0)
	if err != nil || n != len(v.Value) {
		return 0, dst, ErrBadEncoding
	}
	return v.Type, append(dst, v.Value...), nil
}

// appendRegexValue appends a regex with its options sorted, as the official
// driver writes them (and MongoDB expects).
func appendRegexValue(dst []byte, r Regex) (Type, []byte, error) {
	if strings.IndexByte(r.Pattern, 0) >= 0 || strings.IndexByte(r.Options, 0) >= 0 {
		return 0, dst, ErrInvalidKey
	}
	if !utf8.ValidString(r.Pattern) || !utf8.ValidString(r.Options) {
		return 0, dst, ErrInvalidUTF8
	}
	return TypeRegex, AppendRegex(dst, r.Pattern, sortedOptions(r.Options)), nil
}

func sortedOptions(o string) string {
	for i := 1; i < len(o); i++ {
		if o[i] < o[i-1] {
			r := []rune(o)
			slices.Sort(r)
			return string(r)
		}
	}
	return o
}

func appendDBPointerValue(dst []byte, p DBPointer) (Type, []byte, error) {
	if !utf8.ValidString(p.DB) {
		return 0, dst, ErrInvalidUTF8
	}
	return TypeDBPointer, AppendDBPointer(dst, p.DB, p.Pointer), nil
}

// appendCodeWithScope encodes the code and then the scope in place, patching
// the total length afterwards.
func (e *encState) appendCodeWithScope(dst []byte, c CodeWithScope) (Type, []byte, error) {
	if !utf8.ValidString(string(c.Code)) {
		return 0, dst, ErrInvalidUTF8
	}
	start := len(dst)
	dst = append(dst, 0, 0, 0, 0)
	dst = AppendString(dst, string(c.Code))
	st, out, err := e.appendAny(dst, c.Scope)
	if err != nil {
		return 0, dst, withPath(err, "$scope", true)
	}
	if st != TypeEmbeddedDoc {
		return 0, dst, &MarshalError{Path: "$scope", Err: ErrNotDocument}
	}
	putUint32(out[start:], uint32(len(out)-start))
	return TypeCodeWithScope, out, nil
}

func putUint32(b []byte, v uint32) {
	_ = b[3]
	b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
}
