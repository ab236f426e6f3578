package bson

import (
	"strconv"
)

// wrapKind names the type wrapper an object is, or wrapNone for an
// ordinary document.
type wrapKind uint8

const (
	wrapNone wrapKind = iota
	wrapOID
	wrapSymbol
	wrapInt32
	wrapInt64
	wrapDouble
	wrapDecimal
	wrapBinary
	wrapCode // $code, alone or with $scope
	wrapTimestamp
	wrapRegex
	wrapLegacyRegex // {"$regex": string, "$options": string}
	wrapDBPointer
	wrapDate
	wrapMinKey
	wrapMaxKey
	wrapUndefined
	wrapUUID
)

// wrapperKindOf returns the wrapper that key belongs to. These are the keys
// of the conversion table (and $uuid); an object holding one of them must be
// exactly that wrapper. $regex, $options and $type are not among them: they
// are also query operators, so they make a wrapper only in the legacy shapes
// that classify recognises.
func (p *extParser) wrapperKindOf(key []byte) wrapKind {
	if len(key) < 2 || key[0] != '$' {
		return wrapNone
	}
	switch string(key) {
	case "$oid":
		return wrapOID
	case "$symbol":
		return wrapSymbol
	case "$numberInt":
		return wrapInt32
	case "$numberLong":
		return wrapInt64
	case "$numberDouble":
		return wrapDouble
	case "$numberDecimal":
		return wrapDecimal
	case "$binary":
		return wrapBinary
	case "$code", "$scope":
		return wrapCode
	case "$timestamp":
		return wrapTimestamp
	case "$regularExpression":
		return wrapRegex
	case "$dbPointer":
		return wrapDBPointer
	case "$date":
		return wrapDate
	case "$minKey":
		return wrapMinKey
	case "$maxKey":
		return wrapMaxKey
	case "$undefined":
		return wrapUndefined
	case "$uuid":
		return wrapUUID
	}
	return wrapNone
}

// parseObject parses an object below the top level: a type wrapper or an
// ordinary document.
func (p *extParser) parseObject(dst []byte, depth int) ([]byte, Type, error) {
	kind := p.classify()
	if kind == wrapNone {
		dst, err := p.parseDocument(dst, depth, false)
		return dst, TypeEmbeddedDoc, err
	}
	return p.parseWrapper(dst, depth, kind)
}

// classify looks ahead at the object at pos, without consuming it, to tell
// which wrapper it is. A wrapper key first decides at once. The legacy
// shapes start with $regex, $options or $type and need a look at the second
// member: {"$regex": string, "$options": string} is a regex and
// {"$type": string, "$binary": string} a binary, while the query operators
// ({"$regex": {…}, "$options": "i"}, {"$type": "string"}) stay documents.
// Only string values are skipped, so the look-ahead is short and parsing
// stays linear however the input nests. Any syntax error makes it answer
// wrapNone, so that the strict parser reports it; so does a non-string
// first value, after which a wrapper key can only be an error, which
// parseDocument reports.
func (p *extParser) classify() wrapKind {
	save := p.pos
	defer func() { p.pos = save }()
	p.pos++
	var regexStr, optionsStr bool
	for n := 0; n < 2; n++ {
		p.skipWS()
		var err error
		if p.key, err = p.appendString(p.key[:0]); err != nil {
			return wrapNone
		}
		if k := p.wrapperKindOf(p.key); k != wrapNone {
			return k
		}
		if n == 0 && (p.canonicalOnly || !isLegacyKey(p.key)) {
			return wrapNone
		}
		regexStr = regexStr || string(p.key) == "$regex"
		optionsStr = optionsStr || string(p.key) == "$options"
		if p.skipWS(); p.peek() != ':' {
			return wrapNone
		}
		p.pos++
		if p.skipWS(); p.peek() != '"' || !p.skipStringLax() {
			return wrapNone
		}
		if p.skipWS(); p.peek() != ',' {
			if n == 1 && p.peek() == '}' && regexStr && optionsStr {
				return wrapLegacyRegex
			}
			return wrapNone
		}
		p.pos++
	}
	return wrapNone
}

func isLegacyKey(key []byte) bool {
	switch string(key) {
	case "$regex", "$options", "$type":
		return true
	}
	return false
}

// parseWrapper parses the object at pos as the wrapper kind.
func (p *extParser) parseWrapper(dst []byte, depth int, kind wrapKind) ([]byte, Type, error) {
	var err error
	switch kind {
	case wrapBinary:
		dst, err = p.parseBinaryWrapper(dst)
		return dst, TypeBinary, err
	case wrapCode:
		return p.parseCodeWrapper(dst, depth)
	case wrapTimestamp:
		dst, err = p.parseTimestampWrapper(dst)
		return dst, TypeTimestamp, err
	case wrapRegex:
		dst, err = p.parseRegexWrapper(dst)
		return dst, TypeRegex, err
	case wrapLegacyRegex:
		dst, err = p.parseRegexBody(dst, "$regex", "$options")
		return dst, TypeRegex, err
	case wrapDBPointer:
		dst, err = p.parseDBPointerWrapper(dst)
		return dst, TypeDBPointer, err
	case wrapDate:
		dst, err = p.parseDateWrapper(dst)
		return dst, TypeDateTime, err
	}
	return p.parseScalarWrapper(dst, kind)
}

// members parses the object at pos, calling fn for each member with the
// decoded key and its offset and pos at the value, which fn must consume.
// The key is only valid until fn parses further.
func (p *extParser) members(fn func(key []byte, at int) error) error {
	if err := p.expect('{'); err != nil {
		return err
	}
	if p.peek() == '}' {
		p.pos++
		return nil
	}
	for {
		at := p.pos
		var err error
		if p.key, err = p.appendString(p.key[:0]); err != nil {
			return err
		}
		if err = p.expect(':'); err != nil {
			return err
		}
		if err = fn(p.key, at); err != nil {
			return err
		}
		if more, err := p.nextMember('}'); err != nil || !more {
			return err
		}
	}
}

// single parses a wrapper whose only key is name; value consumes the value.
func (p *extParser) single(name string, value func() error) error {
	at, seen := p.pos, false
	err := p.members(func(key []byte, keyAt int) error {
		if string(key) != name {
			return p.unexpectedKey(keyAt, key, name)
		}
		if seen {
			return p.errAt(keyAt, "duplicate key "+strconv.Quote(name))
		}
		seen = true
		return value()
	})
	if err == nil && !seen {
		return p.errAt(at, "missing key "+strconv.Quote(name))
	}
	return err
}

func (p *extParser) unexpectedKey(at int, key []byte, wrapper string) error {
	return p.errAt(at, "unexpected key "+strconv.Quote(string(key))+" in a "+wrapper+" wrapper")
}

// duplicate reports a key seen twice in one wrapper.
func (p *extParser) duplicate(at int, key string) error {
	return p.errAt(at, "duplicate key "+strconv.Quote(key))
}

// foundValue names the kind of value at pos for error messages.
func (p *extParser) foundValue() string {
	switch c := p.peek(); {
	case c == '"':
		return "a string"
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	case c == '-' || (c >= '0' && c <= '9'):
		return "a number"
	}
	return p.found()
}

// wrongType reports a wrapper value of the wrong JSON type.
func (p *extParser) wrongType(name, want string) error {
	return p.errAt(p.pos, strconv.Quote(name)+" must be "+want+", found "+p.foundValue())
}

// stringValue decodes the string value of name into p.scratch.
func (p *extParser) stringValue(name string) ([]byte, error) {
	if p.peek() != '"' {
		return nil, p.wrongType(name, "a string")
	}
	var err error
	p.scratch, err = p.appendString(p.scratch[:0])
	return p.scratch, err
}
