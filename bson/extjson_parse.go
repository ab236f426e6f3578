package bson

import (
	"bytes"
	"encoding/binary"
	"strconv"
)

// parseTop parses the whole input: one object, then only whitespace. The
// top-level object is always a document, even when its keys look like a
// type wrapper (the corpus has {"$key": …} and {"$regex": …} at the top).
func (p *extParser) parseTop(dst []byte) ([]byte, error) {
	p.skipWS()
	if p.peek() != '{' {
		return dst, p.errAt(p.pos, "expected an object at the top level, found "+p.found())
	}
	dst, err := p.parseDocument(dst, 0, true)
	if err != nil {
		return dst, err
	}
	p.skipWS()
	if p.pos != len(p.data) {
		return dst, p.errAt(p.pos, "unexpected "+p.found()+" after the top-level object")
	}
	return dst, nil
}

// parseDocument parses the object at pos as a BSON document at the given
// nesting depth. Each element's type byte is written as a placeholder and
// patched once its value has been parsed. Below the top level, a
// type-wrapper key among other keys is an error (the specification: an
// object holding a wrapper key must be exactly that wrapper).
func (p *extParser) parseDocument(dst []byte, depth int, top bool) ([]byte, error) {
	if depth > MaxNestingDepth {
		return dst, p.errAt(p.pos, "documents nested deeper than "+strconv.Itoa(MaxNestingDepth))
	}
	dst, start := AppendDocumentStart(dst)
	if err := p.expect('{'); err != nil {
		return dst, err
	}
	if p.peek() == '}' {
		p.pos++
		return AppendDocumentEnd(dst, start), nil
	}
	for {
		keyOff, tpos := p.pos, len(dst)
		var err error
		if dst, err = p.appendKey(append(dst, 0)); err != nil {
			return dst, err
		}
		if key := dst[tpos+1 : len(dst)-1]; !top && p.wrapperKindOf(key) != wrapNone {
			return dst, p.errAt(keyOff, "key "+strconv.Quote(string(key))+" belongs to a type wrapper and cannot be mixed with other keys")
		}
		if err := p.expect(':'); err != nil {
			return dst, err
		}
		var t Type
		if dst, t, err = p.parseValue(dst, depth+1); err != nil {
			return dst, err
		}
		dst[tpos] = byte(t)
		if more, err := p.nextMember('}'); err != nil || !more {
			return AppendDocumentEnd(dst, start), err
		}
	}
}

// nextMember consumes the ',' between members (true) or the closing
// bracket (false).
func (p *extParser) nextMember(close byte) (bool, error) {
	p.skipWS()
	switch p.peek() {
	case ',':
		p.pos++
		p.skipWS()
		return true, nil
	case close:
		p.pos++
		return false, nil
	}
	return false, p.errAt(p.pos, "expected ',' or "+strconv.QuoteRune(rune(close))+", found "+p.found())
}

// appendKey decodes a member name into dst as a cstring; BSON keys cannot
// hold a NUL byte.
func (p *extParser) appendKey(dst []byte) ([]byte, error) {
	at, start := p.pos, len(dst)
	if p.peek() != '"' {
		return dst, p.errAt(p.pos, "expected a member name in quotes, found "+p.found())
	}
	dst, err := p.appendString(dst)
	if err != nil {
		return dst, err
	}
	if bytes.IndexByte(dst[start:], 0) >= 0 {
		return dst, p.errAt(at, "key contains a NUL byte")
	}
	return append(dst, 0), nil
}

// parseArray parses the array at pos as a BSON array with keys "0", "1", ….
func (p *extParser) parseArray(dst []byte, depth int) ([]byte, error) {
	if depth > MaxNestingDepth {
		return dst, p.errAt(p.pos, "documents nested deeper than "+strconv.Itoa(MaxNestingDepth))
	}
	dst, start := AppendDocumentStart(dst)
	if err := p.expect('['); err != nil {
		return dst, err
	}
	if p.peek() == ']' {
		p.pos++
		return AppendDocumentEnd(dst, start), nil
	}
	for i := 0; ; i++ {
		tpos := len(dst)
		dst = AppendArrayHeader(dst, 0, i)
		var t Type
		var err error
		if dst, t, err = p.parseValue(dst, depth+1); err != nil {
			return dst, err
		}
		dst[tpos] = byte(t)
		if more, err := p.nextMember(']'); err != nil || !more {
			return AppendDocumentEnd(dst, start), err
		}
	}
}

// parseValue parses one value and appends its BSON encoding (without a
// header), returning its type. depth is the nesting depth a document
// value would have.
func (p *extParser) parseValue(dst []byte, depth int) ([]byte, Type, error) {
	p.skipWS()
	var err error
	switch c := p.peek(); {
	case c == '"':
		dst, err = p.appendBSONString(dst)
		return dst, TypeString, err
	case c == '{':
		return p.parseObject(dst, depth)
	case c == '[':
		dst, err = p.parseArray(dst, depth)
		return dst, TypeArray, err
	case c == 't':
		return AppendBoolean(dst, true), TypeBoolean, p.literal("true")
	case c == 'f':
		return AppendBoolean(dst, false), TypeBoolean, p.literal("false")
	case c == 'n':
		return dst, TypeNull, p.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return p.appendNumber(dst)
	}
	return dst, 0, p.errAt(p.pos, "expected a value, found "+p.found())
}

// appendBSONString decodes the JSON string at pos as a BSON string value.
func (p *extParser) appendBSONString(dst []byte) ([]byte, error) {
	lenPos := len(dst)
	dst, err := p.appendString(append(dst, 0, 0, 0, 0))
	if err != nil {
		return dst, err
	}
	dst = append(dst, 0)
	binary.LittleEndian.PutUint32(dst[lenPos:], uint32(len(dst)-lenPos-4))
	return dst, nil
}

// appendNumber parses a bare JSON number, a relaxed-mode form: an integer
// becomes the smallest of int32 and int64 that holds it, anything else
// (and an integer too large for int64) a double.
func (p *extParser) appendNumber(dst []byte) ([]byte, Type, error) {
	at := p.pos
	if p.canonicalOnly {
		return dst, 0, p.errAt(at, "bare number in canonical extended JSON; use $numberInt, $numberLong or $numberDouble")
	}
	start, isInt, err := p.scanNumber()
	if err != nil {
		return dst, 0, err
	}
	text := p.data[start:p.pos]
	if isInt {
		if n, err := strconv.ParseInt(string(text), 10, 64); err == nil {
			if n == int64(int32(n)) {
				return AppendInt32(dst, int32(n)), TypeInt32, nil
			}
			return AppendInt64(dst, n), TypeInt64, nil
		}
	}
	f, err := strconv.ParseFloat(string(text), 64)
	if err != nil {
		return dst, 0, p.errAt(at, "number "+string(text)+" is out of the range of a double")
	}
	return AppendDouble(dst, f), TypeDouble, nil
}
