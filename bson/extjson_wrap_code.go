package bson

import (
	"encoding/binary"
	"strconv"
)

// parseCodeWrapper reads {"$code": …} as JavaScript and {"$code": …,
// "$scope": {…}} (keys in either order) as code with scope. depth is the
// nesting depth of the scope document.
func (p *extParser) parseCodeWrapper(dst []byte, depth int) ([]byte, Type, error) {
	objAt, start := p.pos, len(dst)
	dst = append(dst, 0, 0, 0, 0) // code-with-scope length, dropped for plain code
	codeAt, scopeAt := -1, -1
	err := p.members(func(key []byte, at int) (err error) {
		switch {
		case string(key) == "$code" && codeAt < 0:
			if p.peek() != '"' {
				return p.wrongType("$code", "a string")
			}
			codeAt = len(dst)
			dst, err = p.appendBSONString(dst)
		case string(key) == "$scope" && scopeAt < 0:
			if p.peek() != '{' {
				return p.wrongType("$scope", "a document")
			}
			scopeAt = len(dst)
			dst, err = p.parseDocument(dst, depth, false)
		case string(key) == "$code" || string(key) == "$scope":
			err = p.duplicate(at, string(key))
		default:
			err = p.unexpectedKey(at, key, "$code")
		}
		return err
	})
	switch {
	case err != nil:
		return dst, 0, err
	case codeAt < 0:
		return dst, 0, p.errAt(objAt, `missing key "$code" beside "$scope"`)
	case scopeAt < 0:
		copy(dst[start:], dst[start+4:])
		return dst[:len(dst)-4], TypeJavaScript, nil
	case scopeAt < codeAt:
		rotateLeft(dst[start+4:], codeAt-scopeAt)
	}
	binary.LittleEndian.PutUint32(dst[start:], uint32(len(dst)-start))
	return dst, TypeCodeWithScope, nil
}

// parseDBPointerWrapper reads {"$dbPointer": {"$ref": …, "$id": {"$oid": …}}}.
func (p *extParser) parseDBPointerWrapper(dst []byte) ([]byte, error) {
	err := p.single("$dbPointer", func() (err error) {
		if p.peek() != '{' {
			return p.wrongType("$dbPointer", `an object {"$ref": …, "$id": …}`)
		}
		dst, err = p.dbPointerBody(dst)
		return err
	})
	return dst, err
}

func (p *extParser) dbPointerBody(dst []byte) ([]byte, error) {
	objAt, start := p.pos, len(dst)
	refSeen, idAt := false, -1
	err := p.members(func(key []byte, at int) (err error) {
		switch {
		case string(key) == "$ref" && !refSeen:
			if p.peek() != '"' {
				return p.wrongType("$ref", "a string")
			}
			refSeen = true
			dst, err = p.appendBSONString(dst)
		case string(key) == "$id" && idAt < 0:
			if p.peek() != '{' {
				return p.wrongType("$id", `an ObjectId {"$oid": …}`)
			}
			idAt = len(dst)
			err = p.single("$oid", func() (err error) { dst, err = p.objectIDValue(dst); return err })
		case string(key) == "$ref" || string(key) == "$id":
			err = p.duplicate(at, string(key))
		default:
			err = p.unexpectedKey(at, key, "$dbPointer")
		}
		return err
	})
	switch {
	case err != nil:
		return dst, err
	case !refSeen || idAt < 0:
		return dst, p.errAt(objAt, `a $dbPointer needs both "$ref" and "$id"`)
	case idAt == start: // the id came first; the namespace goes first in BSON
		rotateLeft(dst[start:], 12)
	}
	return dst, nil
}

// parseTimestampWrapper reads {"$timestamp": {"t": <uint32>, "i": <uint32>}}.
func (p *extParser) parseTimestampWrapper(dst []byte) ([]byte, error) {
	err := p.single("$timestamp", func() error {
		if p.peek() != '{' {
			return p.wrongType("$timestamp", `an object {"t": …, "i": …}`)
		}
		objAt := p.pos
		var t, i uint32
		tSeen, iSeen := false, false
		err := p.members(func(key []byte, at int) (err error) {
			switch {
			case string(key) == "t" && !tSeen:
				tSeen = true
				t, err = p.uint32Value("t")
			case string(key) == "i" && !iSeen:
				iSeen = true
				i, err = p.uint32Value("i")
			case string(key) == "t" || string(key) == "i":
				err = p.duplicate(at, string(key))
			default:
				err = p.unexpectedKey(at, key, "$timestamp")
			}
			return err
		})
		if err == nil && (!tSeen || !iSeen) {
			err = p.errAt(objAt, `a $timestamp needs both "t" and "i"`)
		}
		dst = AppendTimestamp(dst, t, i)
		return err
	})
	return dst, err
}

// uint32Value reads a JSON integer from 0 to 2^32-1.
func (p *extParser) uint32Value(name string) (uint32, error) {
	at := p.pos
	if c := p.peek(); c != '-' && (c < '0' || c > '9') {
		return 0, p.wrongType(name, "an integer from 0 to 4294967295")
	}
	start, isInt, err := p.scanNumber()
	if err != nil {
		return 0, err
	}
	n, perr := strconv.ParseUint(string(p.data[start:p.pos]), 10, 32)
	if !isInt || perr != nil {
		return 0, p.errAt(at, strconv.Quote(name)+" must be an integer from 0 to 4294967295, found "+string(p.data[start:p.pos]))
	}
	return uint32(n), nil
}
