package bson

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// extParser reads extended JSON text and writes BSON. It is a hand-written
// recursive-descent parser over data; pos is the offset of the next unread
// byte. key and scratch are reused buffers for decoded wrapper keys and for
// strings that need converting (hex, base64, numbers) before they are
// written, so parsing allocates only when they grow.
type extParser struct {
	data          []byte
	pos           int
	canonicalOnly bool
	key           []byte
	scratch       []byte
}

func (p *extParser) errAt(off int, msg string) error {
	return &ExtJSONError{Offset: off, Msg: msg}
}

// peek returns the next byte, or 0 at the end of the input (0 is never
// valid where a token may start).
func (p *extParser) peek() byte {
	if p.pos < len(p.data) {
		return p.data[p.pos]
	}
	return 0
}

func (p *extParser) skipWS() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// found describes the byte at pos for error messages.
func (p *extParser) found() string {
	if p.pos >= len(p.data) {
		return "end of input"
	}
	if c := p.data[p.pos]; c >= utf8.RuneSelf {
		return "byte 0x" + hexByte(c)
	}
	return strconv.QuoteRune(rune(p.data[p.pos]))
}

// expect consumes c (after whitespace) or reports what was found instead.
func (p *extParser) expect(c byte) error {
	p.skipWS()
	if p.peek() != c {
		return p.errAt(p.pos, "expected "+strconv.QuoteRune(rune(c))+", found "+p.found())
	}
	p.pos++
	p.skipWS()
	return nil
}

// literal consumes the keyword word (true, false, null).
func (p *extParser) literal(word string) error {
	end := p.pos + len(word)
	if end > len(p.data) || string(p.data[p.pos:end]) != word {
		return p.errAt(p.pos, "invalid literal, expected "+word)
	}
	p.pos = end
	return nil
}

// appendString decodes the JSON string at pos, appending its UTF-8 bytes
// to dst. The text must be valid UTF-8 without raw control characters.
func (p *extParser) appendString(dst []byte) ([]byte, error) {
	open := p.pos
	if p.peek() != '"' {
		return dst, p.errAt(p.pos, "expected a string, found "+p.found())
	}
	p.pos++
	for {
		start := p.pos
		for p.pos < len(p.data) {
			if c := p.data[p.pos]; c == '"' || c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
				break
			}
			p.pos++
		}
		dst = append(dst, p.data[start:p.pos]...)
		if p.pos >= len(p.data) {
			return dst, p.errAt(open, "unterminated string")
		}
		switch c := p.data[p.pos]; {
		case c == '"':
			p.pos++
			return dst, nil
		case c == '\\':
			var err error
			if dst, err = p.appendEscape(dst); err != nil {
				return dst, err
			}
		case c < 0x20:
			return dst, p.errAt(p.pos, "control character "+strconv.Itoa(int(c))+" in a string must be escaped")
		default:
			r, n := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && n == 1 {
				return dst, p.errAt(p.pos, "invalid UTF-8 in a string")
			}
			dst = append(dst, p.data[p.pos:p.pos+n]...)
			p.pos += n
		}
	}
}

// appendEscape decodes the escape sequence at pos. A \u escape of half a
// surrogate pair without its other half becomes U+FFFD, as in encoding/json.
func (p *extParser) appendEscape(dst []byte) ([]byte, error) {
	at := p.pos
	if p.pos+1 >= len(p.data) {
		return dst, p.errAt(at, "unterminated escape sequence")
	}
	c := p.data[p.pos+1]
	p.pos += 2
	switch c {
	case '"', '\\', '/':
		return append(dst, c), nil
	case 'b':
		return append(dst, '\b'), nil
	case 'f':
		return append(dst, '\f'), nil
	case 'n':
		return append(dst, '\n'), nil
	case 'r':
		return append(dst, '\r'), nil
	case 't':
		return append(dst, '\t'), nil
	case 'u':
		r, ok := p.hex4()
		if !ok {
			return dst, p.errAt(at, `invalid \u escape`)
		}
		if utf16.IsSurrogate(r) {
			r = p.lowSurrogate(r)
		}
		return utf8.AppendRune(dst, r), nil
	}
	return dst, p.errAt(at, "invalid escape sequence \\"+string(rune(c)))
}

// lowSurrogate completes the pair that the high surrogate hi starts when a
// \u escape of a low surrogate follows.
func (p *extParser) lowSurrogate(hi rune) rune {
	save := p.pos
	if p.pos+1 < len(p.data) && p.data[p.pos] == '\\' && p.data[p.pos+1] == 'u' {
		p.pos += 2
		if lo, ok := p.hex4(); ok {
			if r := utf16.DecodeRune(hi, lo); r != utf8.RuneError {
				return r
			}
		}
	}
	p.pos = save
	return utf8.RuneError
}

// hex4 reads four hexadecimal digits.
func (p *extParser) hex4() (rune, bool) {
	if p.pos+4 > len(p.data) {
		return 0, false
	}
	var r rune
	for _, c := range p.data[p.pos : p.pos+4] {
		d, ok := hexValue(c)
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	p.pos += 4
	return r, true
}

func hexValue(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// scanNumber consumes a JSON number and reports whether it is an integer
// (no fraction and no exponent). The text is p.data[start:p.pos].
func (p *extParser) scanNumber() (start int, isInt bool, err error) {
	start = p.pos
	if p.peek() == '-' {
		p.pos++
	}
	switch c := p.peek(); {
	case c == '0':
		p.pos++
	case c >= '1' && c <= '9':
		p.digits()
	default:
		return start, false, p.errAt(p.pos, "invalid number: expected a digit, found "+p.found())
	}
	isInt = true
	if p.peek() == '.' {
		p.pos++
		if p.digits() == 0 {
			return start, false, p.errAt(p.pos, "invalid number: expected a digit after '.', found "+p.found())
		}
		isInt = false
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.pos++
		if c := p.peek(); c == '+' || c == '-' {
			p.pos++
		}
		if p.digits() == 0 {
			return start, false, p.errAt(p.pos, "invalid number: expected a digit in the exponent, found "+p.found())
		}
		isInt = false
	}
	return start, isInt, nil
}

func (p *extParser) digits() int {
	n := 0
	for c := p.peek(); c >= '0' && c <= '9'; c = p.peek() {
		p.pos++
		n++
	}
	return n
}

// skipStringLax moves past the string at pos without decoding it, for the
// look-ahead of classify; the strict parser reads it again later.
func (p *extParser) skipStringLax() bool {
	for p.pos++; p.pos < len(p.data); p.pos++ {
		switch p.data[p.pos] {
		case '\\':
			p.pos++
		case '"':
			p.pos++
			return true
		}
	}
	return false
}
