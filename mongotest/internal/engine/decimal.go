package engine

import (
	"math"
	"math/big"
	"strconv"

	"github.com/cwal-go/cwal/bson"
)

// Decimal arithmetic on top of the bson package's exact conversions: values
// become coefficient × 10^exp big integers, results are rounded half-even to
// the 34 digits a Decimal128 holds.

var (
	decNaN    = mustDec("NaN")
	decPosInf = mustDec("Infinity")
	decNegInf = mustDec("-Infinity")
	bigTen    = big.NewInt(10)
)

func mustDec(s string) bson.Decimal128 {
	d, err := bson.ParseDecimal128(s)
	if err != nil {
		panic(err) // only called with constants
	}
	return d
}

// decFromFloat converts as the server does: to 15 significant digits.
func decFromFloat(f float64) bson.Decimal128 {
	switch {
	case math.IsNaN(f):
		return decNaN
	case math.IsInf(f, 1):
		return decPosInf
	case math.IsInf(f, -1):
		return decNegInf
	}
	d, err := bson.ParseDecimal128(strconv.FormatFloat(f, 'e', 14, 64))
	if err != nil {
		return decNaN
	}
	return d
}

func decFromInt(n int64) bson.Decimal128 {
	d, _ := bson.ParseDecimal128FromBigInt(big.NewInt(n), 0)
	return d
}

func decToFloat(d bson.Decimal128) float64 {
	switch {
	case d.IsNaN():
		return math.NaN()
	case d.IsInf() != 0:
		return math.Inf(d.IsInf())
	}
	f, _ := strconv.ParseFloat(d.String(), 64)
	return f
}

// decRat returns a finite decimal as an exact rational.
func decRat(d bson.Decimal128) (*big.Rat, bool) {
	bi, exp, err := d.BigInt()
	if err != nil {
		return nil, false
	}
	r := new(big.Rat).SetInt(bi)
	if exp != 0 {
		p := new(big.Int).Exp(bigTen, big.NewInt(int64(absInt(exp))), nil)
		if exp > 0 {
			r.Mul(r, new(big.Rat).SetInt(p))
		} else {
			r.Quo(r, new(big.Rat).SetInt(p))
		}
	}
	return r, true
}

func absInt(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// decRound builds coef × 10^exp, rounding the coefficient half-even to 34
// digits and saturating to ±Infinity when the exponent overflows.
func decRound(coef *big.Int, exp int) bson.Decimal128 {
	neg := coef.Sign() < 0
	c := new(big.Int).Abs(coef)
	digits := len(c.Text(10))
	if digits > 34 {
		drop := digits - 34
		div := new(big.Int).Exp(bigTen, big.NewInt(int64(drop)), nil)
		q, r := new(big.Int).QuoRem(c, div, new(big.Int))
		half := new(big.Int).Rsh(div, 1)
		if cmp := r.Cmp(half); cmp > 0 || (cmp == 0 && q.Bit(0) == 1) {
			q.Add(q, big.NewInt(1))
		}
		c, exp = q, exp+drop
		if len(c.Text(10)) > 34 { // 999.. rounded up to 1000..
			c.Quo(c, bigTen)
			exp++
		}
	}
	if neg {
		c.Neg(c)
	}
	if d, ok := bson.ParseDecimal128FromBigInt(c, exp); ok {
		return d
	}
	if exp > 0 {
		if neg {
			return decNegInf
		}
		return decPosInf
	}
	d, _ := bson.ParseDecimal128FromBigInt(big.NewInt(0), bson.MinDecimal128Exp)
	return d
}

// decFromRat rounds a rational to a Decimal128. An exact result keeps the
// exponent nearest to ideal (IEEE 754's preferred exponent, e.g. 1/4 is
// 0.25, 10/2 is 5); an inexact one carries 34 digits.
func decFromRat(r *big.Rat, ideal int) bson.Decimal128 {
	num, den := new(big.Int).Abs(r.Num()), r.Denom()
	shift := 36 - (len(num.Text(10)) - len(den.Text(10)))
	if shift < 0 {
		shift = 0
	}
	scaled := new(big.Int).Mul(num, new(big.Int).Exp(bigTen, big.NewInt(int64(shift)), nil))
	q, rem := new(big.Int).QuoRem(scaled, den, new(big.Int))
	exp := -shift
	if rem.Sign() == 0 {
		for exp < ideal && q.Sign() != 0 {
			d, m := new(big.Int).QuoRem(q, bigTen, new(big.Int))
			if m.Sign() != 0 {
				break
			}
			q, exp = d, exp+1
		}
		if q.Sign() == 0 {
			exp = ideal
		}
	}
	if r.Sign() < 0 {
		q.Neg(q)
	}
	return decRound(q, exp)
}

// decParts returns coefficient and exponent of a finite decimal.
func decParts(d bson.Decimal128) (*big.Int, int, bool) {
	bi, exp, err := d.BigInt()
	return bi, exp, err == nil
}

// decAlign scales a and b to their common (smaller) exponent.
func decAlign(ac *big.Int, ae int, bc *big.Int, be int) (*big.Int, *big.Int, int) {
	e := min(ae, be)
	scale := func(c *big.Int, ce int) *big.Int {
		if ce == e {
			return c
		}
		return new(big.Int).Mul(c, new(big.Int).Exp(bigTen, big.NewInt(int64(ce-e)), nil))
	}
	return scale(ac, ae), scale(bc, be), e
}

// decSpecialAdd handles NaN and infinities for addition; ok is false when
// both operands are finite.
func decSpecialAdd(a, b bson.Decimal128) (bson.Decimal128, bool) {
	switch {
	case a.IsNaN() || b.IsNaN():
		return decNaN, true
	case a.IsInf() != 0 && b.IsInf() != 0 && a.IsInf() != b.IsInf():
		return decNaN, true
	case a.IsInf() != 0:
		return a, true
	case b.IsInf() != 0:
		return b, true
	}
	return bson.Decimal128{}, false
}

func decAdd(a, b bson.Decimal128) bson.Decimal128 {
	if r, ok := decSpecialAdd(a, b); ok {
		return r
	}
	ac, ae, _ := decParts(a)
	bc, be, _ := decParts(b)
	x, y, e := decAlign(ac, ae, bc, be)
	return decRound(new(big.Int).Add(x, y), e)
}

func decNeg(d bson.Decimal128) bson.Decimal128 {
	h, l := d.GetBytes()
	return bson.NewDecimal128(h^(1<<63), l)
}

func decMul(a, b bson.Decimal128) bson.Decimal128 {
	if a.IsNaN() || b.IsNaN() {
		return decNaN
	}
	if a.IsInf() != 0 || b.IsInf() != 0 {
		sa, sb := decSign(a), decSign(b)
		if sa == 0 || sb == 0 {
			return decNaN
		}
		if sa*sb > 0 {
			return decPosInf
		}
		return decNegInf
	}
	ac, ae, _ := decParts(a)
	bc, be, _ := decParts(b)
	return decRound(new(big.Int).Mul(ac, bc), ae+be)
}

// decSign returns -1, 0 or +1; NaN gives 0.
func decSign(d bson.Decimal128) int {
	if d.IsNaN() {
		return 0
	}
	if i := d.IsInf(); i != 0 {
		return i
	}
	bi, _, _ := decParts(d)
	return bi.Sign()
}

// decQuo divides finite or infinite decimals; the caller rejects zero divisors.
func decQuo(a, b bson.Decimal128) bson.Decimal128 {
	if a.IsNaN() || b.IsNaN() || (a.IsInf() != 0 && b.IsInf() != 0) {
		return decNaN
	}
	if a.IsInf() != 0 {
		if a.IsInf()*decSign(b) > 0 {
			return decPosInf
		}
		return decNegInf
	}
	if b.IsInf() != 0 {
		return decFromInt(0)
	}
	ra, _ := decRat(a)
	rb, _ := decRat(b)
	_, ea, _ := decParts(a)
	_, eb, _ := decParts(b)
	return decFromRat(new(big.Rat).Quo(ra, rb), ea-eb)
}

// decInt64 converts a decimal with an integral value in range.
func decInt64(d bson.Decimal128) (int64, bool) {
	r, ok := decRat(d)
	if !ok || !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

type (
	bigRat = big.Rat
	bigInt = big.Int
)
