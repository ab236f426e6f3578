package bson

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// Decimal128 is a BSON 128-bit decimal (type 0x13): an IEEE 754-2008 decimal128
// value in the binary integer decimal (BID) encoding that MongoDB uses. It is an
// immutable value; == compares representations, so 2.0 and 2.00 differ, as they
// do on the server. The zero value is the number 0E-6176.
type Decimal128 struct {
	h, l uint64
}

// The exponent range of a finite Decimal128 with a coefficient of up to 34 digits.
const (
	MaxDecimal128Exp = 6111
	MinDecimal128Exp = -6176
)

const (
	dec128Bias      = 6176
	dec128MaxDigits = 34
	dec128SignBit   = uint64(1) << 63
	dec128CoefMask  = uint64(1)<<49 - 1
	// 10^34-1, the largest canonical coefficient, split into 64-bit halves.
	dec128MaxCoefHigh = 0x0001ed09bead87c0
	dec128MaxCoefLow  = 0x378d8e63ffffffff
	// The five bits after the sign say NaN (11111) or infinity (11110).
	dec128NaNBits = 0x1f
	dec128InfBits = 0x1e
	// Exponents beyond this only ever overflow, underflow or clamp, so
	// saturating there keeps the arithmetic below free of int64 overflow.
	dec128ExpLimit = int64(1) << 50
)

// Errors of Decimal128 parsing and conversion; they are wrapped in a
// *Decimal128Error by the parsers, so test them with errors.Is.
var (
	// ErrDecimal128Syntax: the string is not a numeric string of the specification.
	ErrDecimal128Syntax = errors.New("bson: invalid Decimal128 syntax")
	// ErrDecimal128Inexact: more than 34 significant digits would have to be rounded away.
	ErrDecimal128Inexact = errors.New("bson: Decimal128 needs inexact rounding")
	// ErrDecimal128Overflow: the exponent is too large even after clamping.
	ErrDecimal128Overflow = errors.New("bson: Decimal128 overflow")
	// ErrDecimal128Underflow: the exponent is too small and non-zero digits would be lost.
	ErrDecimal128Underflow = errors.New("bson: Decimal128 underflow")
	// ErrDecimal128NotFinite: the value is NaN or an infinity and has no coefficient.
	ErrDecimal128NotFinite = errors.New("bson: Decimal128 is not finite")
)

// Decimal128Error reports why a string is not an exact Decimal128.
type Decimal128Error struct {
	Input  string // the input, as given
	Offset int    // byte offset of the offending character, or -1 when the whole value is at fault
	Err    error  // one of the ErrDecimal128 sentinels
}

// Error names the input, the offset and the problem.
func (e *Decimal128Error) Error() string {
	in := e.Input
	if len(in) > 64 {
		in = in[:64] + "..."
	}
	switch {
	case e.Offset < 0:
		return fmt.Sprintf("%v: parsing %q", e.Err, in)
	case e.Offset >= len(e.Input):
		return fmt.Sprintf("%v: parsing %q: offset %d: unexpected end of input", e.Err, in, e.Offset)
	default:
		return fmt.Sprintf("%v: parsing %q: offset %d: unexpected %q", e.Err, in, e.Offset, e.Input[e.Offset])
	}
}

// Unwrap returns the sentinel error.
func (e *Decimal128Error) Unwrap() error { return e.Err }

// NewDecimal128 returns the Decimal128 whose high and low 64-bit words are h and l.
func NewDecimal128(h, l uint64) Decimal128 { return Decimal128{h: h, l: l} }

// GetBytes returns the high and low 64-bit words of d.
func (d Decimal128) GetBytes() (h, l uint64) { return d.h, d.l }

// IsNaN reports whether d is a NaN of any sign, signalling or quiet, with or without payload.
func (d Decimal128) IsNaN() bool { return d.h>>58&0x1f == dec128NaNBits }

// IsInf returns +1 if d is positive infinity, -1 if it is negative infinity, and 0 otherwise.
func (d Decimal128) IsInf() int {
	if d.h>>58&0x1f != dec128InfBits {
		return 0
	}
	if d.h&dec128SignBit != 0 {
		return -1
	}
	return 1
}

// IsZero reports whether d is the zero value Decimal128{} (0E-6176), as the
// official driver does, so that omitempty drops only unset fields. Numeric
// zeros with other exponents, such as "0" and "0.00", are not the zero value.
func (d Decimal128) IsZero() bool { return d.h == 0 && d.l == 0 }

// AppendDecimal128 appends the 16-byte BSON encoding of d (little-endian, low word first).
func AppendDecimal128(dst []byte, d Decimal128) []byte {
	dst = binary.LittleEndian.AppendUint64(dst, d.l)
	return binary.LittleEndian.AppendUint64(dst, d.h)
}

// ReadDecimal128 reads a Decimal128 from the first 16 bytes of src and returns
// it with the bytes that follow. Every 16-byte pattern is a Decimal128, so the
// only error is a short input, which wraps io.ErrUnexpectedEOF.
func ReadDecimal128(src []byte) (Decimal128, []byte, error) {
	if len(src) < 16 {
		return Decimal128{}, src, fmt.Errorf("bson: Decimal128 needs 16 bytes, have %d: %w", len(src), io.ErrUnexpectedEOF)
	}
	d := Decimal128{l: binary.LittleEndian.Uint64(src), h: binary.LittleEndian.Uint64(src[8:])}
	return d, src[16:], nil
}

// finite splits a finite d into sign, exponent and coefficient. Coefficients
// above 10^34-1, including every one in the 11-prefixed form, are not
// canonical and read as zero, as IEEE 754-2008 requires.
func (d Decimal128) finite() (neg bool, exp int, ch, cl uint64) {
	neg = d.h&dec128SignBit != 0
	if d.h>>61&3 == 3 {
		return neg, int(d.h>>47&0x3fff) - dec128Bias, 0, 0
	}
	exp = int(d.h>>49&0x3fff) - dec128Bias
	ch, cl = d.h&dec128CoefMask, d.l
	if ch > dec128MaxCoefHigh || (ch == dec128MaxCoefHigh && cl > dec128MaxCoefLow) {
		return neg, exp, 0, 0
	}
	return neg, exp, ch, cl
}

// dec128Finite encodes a canonical coefficient and an in-range exponent.
func dec128Finite(neg bool, exp int64, ch, cl uint64) Decimal128 {
	h := ch | uint64(exp+dec128Bias)<<49
	if neg {
		h |= dec128SignBit
	}
	return Decimal128{h: h, l: cl}
}

func dec128Special(neg bool, bits5 uint64) Decimal128 {
	h := bits5 << 58
	if neg {
		h |= dec128SignBit
	}
	return Decimal128{h: h}
}

// String returns d in the specification's to-string form: "NaN", "Infinity",
// "-Infinity", plain notation when the exponent is at most zero and the
// adjusted exponent at least -6, scientific notation ("1.23E+5") otherwise.
// Every NaN prints as "NaN", so sign and payload of a NaN do not survive.
func (d Decimal128) String() string {
	var buf [48]byte
	return string(d.appendString(buf[:0]))
}

// AppendText appends the String form of d to dst; it never fails
// (encoding.TextAppender).
func (d Decimal128) AppendText(dst []byte) ([]byte, error) { return d.appendString(dst), nil }

// MarshalText returns the String form of d (encoding.TextMarshaler).
func (d Decimal128) MarshalText() ([]byte, error) { return d.appendString(nil), nil }

// UnmarshalText sets d to ParseDecimal128(string(text)) (encoding.TextUnmarshaler);
// on error d is unchanged.
func (d *Decimal128) UnmarshalText(text []byte) error {
	v, err := ParseDecimal128(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func (d Decimal128) appendString(dst []byte) []byte {
	if d.IsNaN() {
		return append(dst, "NaN"...)
	}
	switch d.IsInf() {
	case 1:
		return append(dst, "Infinity"...)
	case -1:
		return append(dst, "-Infinity"...)
	}
	neg, exp, ch, cl := d.finite()
	if neg {
		dst = append(dst, '-')
	}
	var buf [40]byte
	digits := appendUint128(buf[:0], ch, cl)
	adjusted := exp + len(digits) - 1
	if exp > 0 || adjusted < -6 {
		return appendScientific(dst, digits, adjusted)
	}
	return appendPlain(dst, digits, exp)
}

// appendScientific writes d.ddd followed by E, the sign and the adjusted exponent.
func appendScientific(dst, digits []byte, adjusted int) []byte {
	dst = append(dst, digits[0])
	if len(digits) > 1 {
		dst = append(dst, '.')
		dst = append(dst, digits[1:]...)
	}
	dst = append(dst, 'E')
	if adjusted >= 0 {
		dst = append(dst, '+')
	}
	return strconv.AppendInt(dst, int64(adjusted), 10)
}

// appendPlain writes digits with the decimal point -exp places from the right (exp <= 0).
func appendPlain(dst, digits []byte, exp int) []byte {
	if exp == 0 {
		return append(dst, digits...)
	}
	point := len(digits) + exp
	if point > 0 {
		dst = append(dst, digits[:point]...)
		dst = append(dst, '.')
		return append(dst, digits[point:]...)
	}
	dst = append(dst, '0', '.')
	for ; point < 0; point++ {
		dst = append(dst, '0')
	}
	return append(dst, digits...)
}

// appendUint128 appends the decimal digits of h*2^64+l, without leading zeros.
func appendUint128(dst []byte, h, l uint64) []byte {
	const chunk = 10_000_000_000_000_000_000 // 10^19, the largest power of ten in a uint64
	var low [40]byte
	i := len(low)
	for h != 0 {
		var rem uint64
		h, rem = h/chunk, h%chunk
		l, rem = bits.Div64(rem, l, chunk)
		for j := 0; j < 19; j++ {
			i--
			low[i] = byte('0' + rem%10)
			rem /= 10
		}
	}
	if l != 0 || i == len(low) {
		dst = strconv.AppendUint(dst, l, 10)
	}
	return append(dst, low[i:]...)
}

// ParseDecimal128 parses s by the specification's numeric-string grammar: an
// optional sign, digits with an optional decimal point, an optional exponent
// ("e" or "E", optional sign, digits), or one of the case-insensitive names
// "Inf", "Infinity" and "NaN". No whitespace is allowed. A value whose exponent
// is out of range is clamped, and trailing zeros beyond 34 digits are
// dropped, when that keeps the value exact; otherwise the error wraps
// ErrDecimal128Overflow, ErrDecimal128Underflow or ErrDecimal128Inexact.
// Errors are *Decimal128Error values.
func ParseDecimal128(s string) (Decimal128, error) {
	i, neg := 0, false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		i, neg = 1, s[0] == '-'
	}
	switch rest := s[i:]; {
	case strings.EqualFold(rest, "inf"), strings.EqualFold(rest, "infinity"):
		return dec128Special(neg, dec128InfBits), nil
	case strings.EqualFold(rest, "nan"):
		return dec128Special(neg, dec128NaNBits), nil
	}
	mant, exp, off := scanDecimal128(s, i)
	if off >= 0 {
		return Decimal128{}, &Decimal128Error{Input: s, Offset: off, Err: ErrDecimal128Syntax}
	}
	d, err := dec128FromDigits(neg, mant, exp)
	if err != nil {
		return Decimal128{}, &Decimal128Error{Input: s, Offset: -1, Err: err}
	}
	return d, nil
}

// scanDecimal128 checks the finite-number syntax of s from i and returns the
// mantissa (digits and at most one '.') and the exponent of its last digit.
// off is the offset of the first bad byte, or -1 when s is well formed.
func scanDecimal128(s string, i int) (mant string, exp int64, off int) {
	start, digits, frac, dot := i, 0, int64(0), false
	for ; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			digits++
			if dot {
				frac++
			}
		} else if c == '.' && !dot {
			dot = true
		} else {
			break
		}
	}
	if digits == 0 {
		return "", 0, i
	}
	mant = s[start:i]
	if i < len(s) {
		if s[i] != 'e' && s[i] != 'E' {
			return "", 0, i
		}
		if exp, off = scanExponent(s, i+1); off >= 0 {
			return "", 0, off
		}
	}
	return mant, exp - frac, -1
}

// scanExponent reads an optionally signed run of digits filling the rest of
// s, saturating its magnitude at dec128ExpLimit.
func scanExponent(s string, i int) (exp int64, off int) {
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if i == len(s) {
		return 0, i
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, i
		}
		if exp < dec128ExpLimit {
			exp = exp*10 + int64(c-'0')
		}
	}
	exp = min(exp, dec128ExpLimit)
	if neg {
		exp = -exp
	}
	return exp, -1
}

// dec128FromDigits builds the Decimal128 of ±mant×10^exp, where mant holds at
// least one digit and at most one '.', which is skipped. It rounds and clamps
// only where the value stays exact, as the specification requires.
func dec128FromDigits(neg bool, mant string, exp int64) (Decimal128, error) {
	first := strings.IndexAny(mant, "123456789")
	if first < 0 {
		return dec128Finite(neg, min(max(exp, MinDecimal128Exp), MaxDecimal128Exp), 0, 0), nil
	}
	sig := mant[first:]
	nd := int64(len(sig) - strings.Count(sig, "."))
	tz := int64(trailingZeros(sig))
	if nd > dec128MaxDigits { // round away zeros only
		drop := nd - dec128MaxDigits
		if drop > tz {
			return Decimal128{}, ErrDecimal128Inexact
		}
		nd, tz, exp = nd-drop, tz-drop, exp+drop
	}
	if exp < MinDecimal128Exp {
		need := MinDecimal128Exp - exp
		if need > tz {
			return Decimal128{}, ErrDecimal128Underflow
		}
		nd, exp = nd-need, MinDecimal128Exp
	}
	pad := int64(0)
	if exp > MaxDecimal128Exp { // clamp: pay for a smaller exponent with zeros
		pad = exp - MaxDecimal128Exp
		if nd+pad > dec128MaxDigits {
			return Decimal128{}, ErrDecimal128Overflow
		}
		exp = MaxDecimal128Exp
	}
	ch, cl := coefficient(sig, int(nd), int(pad))
	return dec128Finite(neg, exp, ch, cl), nil
}

// trailingZeros counts the '0' digits at the end of s, skipping a '.'.
func trailingZeros(s string) int {
	n := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case '0':
			n++
		case '.':
		default:
			return n
		}
	}
	return n
}

// coefficient returns the first nd digits of sig followed by pad zeros as a
// 128-bit integer; nd+pad is at most 34, so it cannot overflow.
func coefficient(sig string, nd, pad int) (h, l uint64) {
	for i := 0; nd > 0; i++ {
		if sig[i] == '.' {
			continue
		}
		h, l = mul10Add(h, l, uint64(sig[i]-'0'))
		nd--
	}
	for ; pad > 0; pad-- {
		h, l = mul10Add(h, l, 0)
	}
	return h, l
}

func mul10Add(h, l, digit uint64) (uint64, uint64) {
	carry, lo := bits.Mul64(l, 10)
	lo, c := bits.Add64(lo, digit, 0)
	return h*10 + carry + c, lo
}

// BigInt returns the coefficient of d, carrying its sign, and its exponent:
// d = bi × 10^exp. A negative zero loses its sign. NaN and infinities give an
// error wrapping ErrDecimal128NotFinite.
func (d Decimal128) BigInt() (bi *big.Int, exp int, err error) {
	if d.IsNaN() || d.IsInf() != 0 {
		return nil, 0, fmt.Errorf("%w: %s", ErrDecimal128NotFinite, d)
	}
	neg, exp, ch, cl := d.finite()
	bi = new(big.Int).SetUint64(ch)
	bi.Lsh(bi, 64).Or(bi, new(big.Int).SetUint64(cl))
	if neg {
		bi.Neg(bi)
	}
	return bi, exp, nil
}

// ParseDecimal128FromBigInt returns bi × 10^exp as a Decimal128, with the same
// exact rounding and clamping as ParseDecimal128. It reports false when the
// value has no exact Decimal128 form or bi is nil.
func ParseDecimal128FromBigInt(bi *big.Int, exp int) (Decimal128, bool) {
	if bi == nil {
		return Decimal128{}, false
	}
	digits := bi.Text(10)
	neg := digits[0] == '-'
	if neg {
		digits = digits[1:]
	}
	e := min(max(int64(exp), -dec128ExpLimit), dec128ExpLimit)
	d, err := dec128FromDigits(neg, digits, e)
	return d, err == nil
}
