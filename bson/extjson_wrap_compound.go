package bson

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"slices"
	"strconv"
)

// The wrappers below write their parts straight into dst in the order the
// keys come and, when the JSON order differs from the BSON order, rotate
// the bytes into place, so that no part needs a buffer of its own.

// parseBinaryWrapper reads {"$binary": {"base64": …, "subType": …}} or the
// legacy {"$binary": "<base64>", "$type": "<hex>"} in either key order.
func (p *extParser) parseBinaryWrapper(dst []byte) ([]byte, error) {
	objAt, hdr := p.pos, len(dst)
	dst = append(dst, 0, 0, 0, 0, 0) // length and subtype, patched below
	var subtype, legacyType byte
	dataSeen, legacy, typeAt := false, false, -1
	err := p.members(func(key []byte, at int) (err error) {
		switch {
		case string(key) == "$binary" && !dataSeen:
			dataSeen = true
			if p.peek() != '"' {
				dst, subtype, err = p.binaryBody(dst)
				return err
			}
			if p.canonicalOnly {
				return p.wrongType("$binary", `an object {"base64": …, "subType": …}`)
			}
			legacy = true
			dst, err = p.appendBase64(dst, "$binary")
			return err
		case string(key) == "$type" && !p.canonicalOnly && typeAt < 0:
			typeAt = at
			legacyType, err = p.subtypeValue("$type")
			return err
		case string(key) == "$binary" || string(key) == "$type":
			return p.duplicate(at, string(key))
		}
		return p.unexpectedKey(at, key, "$binary")
	})
	switch {
	case err != nil:
		return dst, err
	case !dataSeen:
		return dst, p.errAt(objAt, `missing key "$binary"`)
	case legacy && typeAt < 0:
		return dst, p.errAt(objAt, `legacy {"$binary": "<base64>"} needs a "$type" key`)
	case !legacy && typeAt >= 0:
		return dst, p.errAt(typeAt, `unexpected key "$type" in a $binary wrapper`)
	case legacy:
		subtype = legacyType
	}
	return finishBinary(dst, hdr, subtype), nil
}

// binaryBody reads {"base64": …, "subType": …}, appending the data.
func (p *extParser) binaryBody(dst []byte) ([]byte, byte, error) {
	if p.peek() != '{' {
		return dst, 0, p.wrongType("$binary", `an object {"base64": …, "subType": …}`)
	}
	objAt := p.pos
	var subtype byte
	dataSeen, typeSeen := false, false
	err := p.members(func(key []byte, at int) (err error) {
		switch {
		case string(key) == "base64" && !dataSeen:
			dataSeen = true
			dst, err = p.appendBase64(dst, "base64")
		case string(key) == "subType" && !typeSeen:
			typeSeen = true
			subtype, err = p.subtypeValue("subType")
		case string(key) == "base64" || string(key) == "subType":
			err = p.duplicate(at, string(key))
		default:
			err = p.unexpectedKey(at, key, "$binary")
		}
		return err
	})
	switch {
	case err != nil:
	case !dataSeen:
		err = p.errAt(objAt, `missing key "base64" in a $binary wrapper`)
	case !typeSeen:
		err = p.errAt(objAt, `missing key "subType" in a $binary wrapper`)
	}
	return dst, subtype, err
}

// finishBinary patches the header reserved at hdr; subtype 2 also gets the
// inner length it repeats before the data.
func finishBinary(dst []byte, hdr int, subtype byte) []byte {
	n := len(dst) - hdr - 5
	if subtype == BinaryBinaryOld {
		dst = append(dst, 0, 0, 0, 0)
		copy(dst[hdr+9:], dst[hdr+5:hdr+5+n])
		binary.LittleEndian.PutUint32(dst[hdr+5:], uint32(n))
		n += 4
	}
	binary.LittleEndian.PutUint32(dst[hdr:], uint32(n))
	dst[hdr+4] = subtype
	return dst
}

// appendBase64 decodes a padded standard base64 string into dst.
func (p *extParser) appendBase64(dst []byte, name string) ([]byte, error) {
	at := p.pos
	s, err := p.stringValue(name)
	if err != nil {
		return dst, err
	}
	start := len(dst)
	dst = slices.Grow(dst, base64.StdEncoding.DecodedLen(len(s)))
	n, err := base64.StdEncoding.Decode(dst[start:start+base64.StdEncoding.DecodedLen(len(s))], s)
	if err != nil {
		return dst, p.errAt(at, strconv.Quote(name)+" is not padded standard base64: "+err.Error())
	}
	return dst[:start+n], nil
}

// subtypeValue reads a binary subtype: one or two hexadecimal digits.
func (p *extParser) subtypeValue(name string) (byte, error) {
	at := p.pos
	s, err := p.stringValue(name)
	if err != nil {
		return 0, err
	}
	var b byte
	ok := len(s) == 1 || len(s) == 2
	for _, c := range s {
		d, isHex := hexValue(c)
		ok = ok && isHex
		b = b<<4 | d
	}
	if !ok {
		return 0, p.errAt(at, strconv.Quote(name)+" must be one or two hexadecimal digits")
	}
	return b, nil
}

// parseRegexWrapper reads {"$regularExpression": {"pattern": …, "options": …}}.
func (p *extParser) parseRegexWrapper(dst []byte) ([]byte, error) {
	err := p.single("$regularExpression", func() (err error) {
		if p.peek() != '{' {
			return p.wrongType("$regularExpression", `an object {"pattern": …, "options": …}`)
		}
		dst, err = p.parseRegexBody(dst, "pattern", "options")
		return err
	})
	return dst, err
}

// parseRegexBody reads an object of exactly the two string members named
// patKey and optKey as a BSON regex with sorted options.
func (p *extParser) parseRegexBody(dst []byte, patKey, optKey string) ([]byte, error) {
	objAt, start := p.pos, len(dst)
	patLen, optLen, optFirst := -1, -1, false
	err := p.members(func(key []byte, at int) (err error) {
		s := len(dst)
		switch {
		case string(key) == patKey && patLen < 0:
			dst, err = p.appendCStringValue(dst, patKey)
			patLen = len(dst) - s
		case string(key) == optKey && optLen < 0:
			if dst, err = p.appendCStringValue(dst, optKey); err == nil {
				optLen, optFirst = len(dst)-s, patLen < 0
				sortBytes(dst[s : len(dst)-1])
			}
		case string(key) == patKey || string(key) == optKey:
			err = p.duplicate(at, string(key))
		default:
			err = p.unexpectedKey(at, key, "regular expression")
		}
		return err
	})
	switch {
	case err != nil:
		return dst, err
	case patLen < 0:
		return dst, p.errAt(objAt, "missing key "+strconv.Quote(patKey)+" in a regular expression")
	case optLen < 0:
		return dst, p.errAt(objAt, "missing key "+strconv.Quote(optKey)+" in a regular expression")
	}
	if optFirst {
		rotateLeft(dst[start:], optLen)
	}
	return dst, nil
}

// appendCStringValue decodes the string value of name as a cstring.
func (p *extParser) appendCStringValue(dst []byte, name string) ([]byte, error) {
	at := p.pos
	if p.peek() != '"' {
		return dst, p.wrongType(name, "a string")
	}
	start := len(dst)
	dst, err := p.appendString(dst)
	if err != nil {
		return dst, err
	}
	if bytes.IndexByte(dst[start:], 0) >= 0 {
		return dst, p.errAt(at, strconv.Quote(name)+" contains a NUL byte")
	}
	return append(dst, 0), nil
}

// rotateLeft moves the first k bytes of b to its end, in place.
func rotateLeft(b []byte, k int) {
	slices.Reverse(b[:k])
	slices.Reverse(b[k:])
	slices.Reverse(b)
}
