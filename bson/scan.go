package bson

import (
	"bytes"
	"encoding/binary"
	"strconv"
)

// This file holds the bounds-checked primitives every reader uses. They
// return offsets into b; base is the offset of b within the outermost
// document so errors point at the right byte.

func readInt32(b []byte, off int) (int32, bool) {
	if off < 0 || off+4 > len(b) {
		return 0, false
	}
	return int32(binary.LittleEndian.Uint32(b[off:])), true
}

// cstringEnd returns the index of the NUL that ends the cstring at off.
func cstringEnd(b []byte, off int, base int) (int, error) {
	if off > len(b) {
		return 0, decodeErr(base+off, "truncated cstring")
	}
	i := bytes.IndexByte(b[off:], 0)
	if i < 0 {
		return 0, decodeErr(base+off, "cstring is not NUL-terminated")
	}
	return off + i, nil
}

// stringLen returns the total size (length prefix included) of the BSON
// string at off, checking its length prefix and terminator.
func stringLen(b []byte, off int, base int) (int, error) {
	n, ok := readInt32(b, off)
	if !ok {
		return 0, decodeErr(base+off, "truncated string length")
	}
	if n < 1 {
		return 0, decodeErr(base+off, "string length "+itoa(int(n))+" is less than 1")
	}
	end := off + 4 + int(n)
	if end > len(b) || end < off {
		return 0, decodeErr(base+off, "string length "+itoa(int(n))+" overruns the document")
	}
	if b[end-1] != 0 {
		return 0, decodeErr(base+end-1, "string is not NUL-terminated")
	}
	return 4 + int(n), nil
}

// docLen returns the size of the embedded document at off, checking that
// it fits and ends with NUL.
func docLen(b []byte, off int, base int) (int, error) {
	n, ok := readInt32(b, off)
	if !ok {
		return 0, decodeErr(base+off, "truncated document length")
	}
	if n < 5 {
		return 0, decodeErr(base+off, "document length "+itoa(int(n))+" is less than 5")
	}
	end := off + int(n)
	if end > len(b) || end < off {
		return 0, decodeErr(base+off, "document length "+itoa(int(n))+" overruns its container")
	}
	if b[end-1] != 0 {
		return 0, decodeErr(base+end-1, "document is not NUL-terminated")
	}
	return int(n), nil
}

// valueLen returns the size of the value of type t at off without looking
// inside embedded documents.
func valueLen(t Type, b []byte, off int, base int) (int, error) {
	if n := t.fixedSize(); n >= 0 {
		if off+n > len(b) {
			return 0, decodeErr(base+off, t.String()+" value is truncated")
		}
		return n, nil
	}
	switch t {
	case TypeString, TypeJavaScript, TypeSymbol:
		return stringLen(b, off, base)
	case TypeEmbeddedDoc, TypeArray:
		return docLen(b, off, base)
	case TypeBinary:
		return binaryLen(b, off, base)
	case TypeRegex:
		e1, err := cstringEnd(b, off, base)
		if err != nil {
			return 0, err
		}
		e2, err := cstringEnd(b, e1+1, base)
		if err != nil {
			return 0, err
		}
		return e2 + 1 - off, nil
	case TypeDBPointer:
		n, err := stringLen(b, off, base)
		if err != nil {
			return 0, err
		}
		if off+n+12 > len(b) {
			return 0, decodeErr(base+off+n, "dbPointer id is truncated")
		}
		return n + 12, nil
	case TypeCodeWithScope:
		return codeWithScopeLen(b, off, base)
	}
	return 0, decodeErr(base+off-1, "invalid element type 0x"+hexByte(byte(t)))
}

func binaryLen(b []byte, off int, base int) (int, error) {
	n, ok := readInt32(b, off)
	if !ok {
		return 0, decodeErr(base+off, "truncated binary length")
	}
	if n < 0 {
		return 0, decodeErr(base+off, "negative binary length")
	}
	end := off + 5 + int(n)
	if end > len(b) || end < off {
		return 0, decodeErr(base+off, "binary length "+itoa(int(n))+" overruns the document")
	}
	if b[off+4] == BinaryBinaryOld {
		inner, ok := readInt32(b, off+5)
		if !ok || n < 4 || int(inner) != int(n)-4 {
			return 0, decodeErr(base+off+5, "binary subtype 0x02 inner length does not match")
		}
	}
	return 5 + int(n), nil
}

func codeWithScopeLen(b []byte, off int, base int) (int, error) {
	n, ok := readInt32(b, off)
	if !ok {
		return 0, decodeErr(base+off, "truncated code-with-scope length")
	}
	// 4 (total) + 4+1 (empty string) + 5 (empty document)
	if n < 14 {
		return 0, decodeErr(base+off, "code-with-scope length "+itoa(int(n))+" is too small")
	}
	end := off + int(n)
	if end > len(b) || end < off {
		return 0, decodeErr(base+off, "code-with-scope length overruns the document")
	}
	inner := b[:end]
	sl, err := stringLen(inner, off+4, base)
	if err != nil {
		return 0, err
	}
	dl, err := docLen(inner, off+4+sl, base)
	if err != nil {
		return 0, err
	}
	if 4+sl+dl != int(n) {
		return 0, decodeErr(base+off, "code-with-scope length does not match its contents")
	}
	return int(n), nil
}

const hexDigits = "0123456789abcdef"

func hexByte(c byte) string { return string([]byte{hexDigits[c>>4], hexDigits[c&15]}) }

func itoa(n int) string { return strconv.Itoa(n) }
