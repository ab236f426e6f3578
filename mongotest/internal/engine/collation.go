package engine

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cwal-go/cwal/bson"
)

// Collation is a parsed collation document. It approximates ICU with what
// the tests rely on: strength 1 ignores case and diacritics, strength 2
// ignores case, strength 3 (the default) orders by letters, then accents,
// then case with lower case first; numericOrdering compares digit runs as
// numbers. A nil *Collation, or locale "simple", is binary comparison.
type Collation struct {
	Locale          string
	Strength        int
	CaseLevel       bool
	NumericOrdering bool
}

// ParseCollation reads a collation option document. It returns nil for the
// simple locale, which compares strings bytewise.
func ParseCollation(spec bson.Raw) (*Collation, error) {
	c := &Collation{Strength: 3}
	it := spec.Iter()
	for it.Next() {
		if err := c.setField(it.Key(), it.Value()); err != nil {
			return nil, err
		}
	}
	if it.Err() != nil {
		return nil, malformed(it.Err())
	}
	if c.Locale == "" {
		return nil, errorf(40414, "BSON field 'locale' is missing but a required field")
	}
	if c.Locale == "simple" {
		return nil, nil
	}
	return c, nil
}

func (c *Collation) setField(key string, v bson.RawValue) error {
	switch key {
	case "locale":
		s, ok := v.StringValueOK()
		if !ok {
			return errorf(CodeTypeMismatch, "BSON field 'locale' is the wrong type '%s', expected type 'string'", typeName(v.Type))
		}
		c.Locale = s
	case "strength":
		n, ok := numExactInt64(v)
		if !ok || n < 1 || n > 5 {
			return badValue("unable to parse collation :: caused by :: Field 'strength' must be an integer 1 through 5. Got: %s", formatValue(v))
		}
		c.Strength = int(n)
	case "caseLevel":
		c.CaseLevel = truthy(v)
	case "numericOrdering":
		c.NumericOrdering = truthy(v)
	case "caseFirst", "alternate", "maxVariable", "normalization", "backwards", "version":
		// Accepted; the approximation ignores them.
	default:
		return errorf(40415, "BSON field 'collation.%s' is an unknown field.", key)
	}
	return nil
}

// compare orders two strings under c; a nil c compares bytes.
func (c *Collation) compare(a, b []byte) int {
	if c == nil {
		return bytes.Compare(a, b)
	}
	if x := c.compareLevel(a, b, 1); x != 0 || c.Strength == 1 && !c.CaseLevel {
		return x
	}
	if c.Strength >= 2 {
		if x := c.compareLevel(a, b, 2); x != 0 {
			return x
		}
	}
	if c.Strength == 2 && !c.CaseLevel {
		return 0
	}
	return c.compareLevel(a, b, 3)
}

// compareLevel compares the strings as seen at one ICU level: 1 = base
// letters, 2 = letters with accents, 3 = exact with lower case first.
func (c *Collation) compareLevel(a, b []byte, level int) int {
	for len(a) > 0 && len(b) > 0 {
		if c.NumericOrdering && isDigit(a[0]) && isDigit(b[0]) {
			var x int
			a, b, x = compareDigitRuns(a, b)
			if x != 0 {
				return x
			}
			continue
		}
		ra, na := utf8.DecodeRune(a)
		rb, nb := utf8.DecodeRune(b)
		a, b = a[na:], b[nb:]
		if x := cmpInt(int64(levelKey(ra, level)), int64(levelKey(rb, level))); x != 0 {
			return x
		}
	}
	return cmpInt(int64(len(a)), int64(len(b)))
}

// levelKey maps a rune to its weight at a level. At level 3 a lower-case
// letter sorts just before its upper-case form.
func levelKey(r rune, level int) rune {
	switch level {
	case 1:
		return unicode.ToLower(stripAccent(r))
	case 2:
		return unicode.ToLower(r)
	}
	if l := unicode.ToLower(r); l != r {
		return l*2 + 1
	}
	return r * 2
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func compareDigitRuns(a, b []byte) ([]byte, []byte, int) {
	ea, eb := digitEnd(a), digitEnd(b)
	da := bytes.TrimLeft(a[:ea], "0")
	db := bytes.TrimLeft(b[:eb], "0")
	if x := cmpInt(int64(len(da)), int64(len(db))); x != 0 {
		return a[ea:], b[eb:], x
	}
	return a[ea:], b[eb:], bytes.Compare(da, db)
}

func digitEnd(s []byte) int {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// key returns a string that is equal for two strings exactly when they are
// equal under c, for hashing ($group, $addToSet, distinct).
func (c *Collation) key(s []byte) string {
	if c == nil || c.Strength >= 3 || c.CaseLevel && c.Strength == 2 {
		return string(s)
	}
	var sb strings.Builder
	for _, r := range string(s) {
		if c.Strength == 1 {
			r = stripAccent(r)
		}
		if !c.CaseLevel {
			r = unicode.ToLower(r)
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// stripAccent maps common accented Latin letters to their base letter.
func stripAccent(r rune) rune {
	if r < 0xC0 || r > 0x17F {
		return r
	}
	if b, ok := accentBase[r]; ok {
		return b
	}
	return r
}

var accentBase = func() map[rune]rune {
	groups := map[rune]string{
		'a': "àáâãäåāăą", 'A': "ÀÁÂÃÄÅĀĂĄ", 'c': "çćĉċč", 'C': "ÇĆĈĊČ",
		'e': "èéêëēĕėęě", 'E': "ÈÉÊËĒĔĖĘĚ", 'i': "ìíîïĩīĭįı", 'I': "ÌÍÎÏĨĪĬĮİ",
		'n': "ñńņňŉ", 'N': "ÑŃŅŇ", 'o': "òóôõöøōŏő", 'O': "ÒÓÔÕÖØŌŎŐ",
		'u': "ùúûüũūŭůűų", 'U': "ÙÚÛÜŨŪŬŮŰŲ", 'y': "ýÿŷ", 'Y': "ÝŸŶ",
		's': "śŝşš", 'S': "ŚŜŞŠ", 'z': "źżž", 'Z': "ŹŻŽ", 'g': "ĝğġģ", 'G': "ĜĞĠĢ",
		'd': "ďđ", 'D': "ĎĐ", 'l': "ĺļľŀł", 'L': "ĹĻĽĿŁ", 'r': "ŕŗř", 'R': "ŔŖŘ",
		't': "ţťŧ", 'T': "ŢŤŦ", 'h': "ĥħ", 'H': "ĤĦ", 'j': "ĵ", 'J': "Ĵ", 'k': "ķ", 'K': "Ķ",
		'w': "ŵ", 'W': "Ŵ",
	}
	m := make(map[rune]rune)
	for base, s := range groups {
		for _, r := range s {
			m[r] = base
		}
	}
	return m
}()
