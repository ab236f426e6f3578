package connstring

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// parseBool accepts "true" and "false" in any case. The legacy spellings
// ("1", "yes", "t", ...) are not accepted: they are deprecated and the spec
// tests treat them as invalid values.
func parseBool(v string) (bool, bool) {
	switch {
	case strings.EqualFold(v, "true"):
		return true, true
	case strings.EqualFold(v, "false"):
		return false, true
	}
	return false, false
}

// parseInt parses a decimal integer of the given bit size and checks v >= min.
func parseInt(v string, bits int, min int64) (int64, string) {
	n, err := strconv.ParseInt(v, 10, bits)
	if err != nil {
		return 0, "must be an integer of " + strconv.Itoa(bits) + " bits"
	}
	if n < min {
		return 0, "must be at least " + strconv.FormatInt(min, 10)
	}
	return n, ""
}

// parseMS parses a count of milliseconds into a Duration.
func parseMS(v string, bits int, min int64) (time.Duration, string) {
	n, why := parseInt(v, bits, min)
	if why != "" {
		return 0, why
	}
	if n > math.MaxInt64/int64(time.Millisecond) || n < math.MinInt64/int64(time.Millisecond) {
		return 0, "is too large"
	}
	return time.Duration(n) * time.Millisecond, ""
}

func boolField(field func(*Config) *bool) setter {
	return func(p *parser, v string) error {
		if b, ok := parseBool(v); ok {
			*field(p.cfg) = b
		} else {
			p.invalid(v, `must be "true" or "false"`)
		}
		return nil
	}
}

func optBoolField(field func(*Config) *Optional[bool]) setter {
	return func(p *parser, v string) error {
		if b, ok := parseBool(v); ok {
			*field(p.cfg) = Some(b)
		} else {
			p.invalid(v, `must be "true" or "false"`)
		}
		return nil
	}
}

// intField sets a 32-bit integer in [min, max].
func intField(field func(*Config) *int, min, max int64) setter {
	return func(p *parser, v string) error {
		n, why := parseInt(v, 32, min)
		if why == "" && n > max {
			why = "must be at most " + strconv.FormatInt(max, 10)
		}
		if why != "" {
			p.invalid(v, why)
		} else {
			*field(p.cfg) = int(n)
		}
		return nil
	}
}

// optIntField sets a 32-bit integer in [min, max].
func optIntField(field func(*Config) *Optional[int], min, max int64) setter {
	return func(p *parser, v string) error {
		n, why := parseInt(v, 32, min)
		if why == "" && n > max {
			why = "must be at most " + strconv.FormatInt(max, 10)
		}
		if why != "" {
			p.invalid(v, why)
		} else {
			*field(p.cfg) = Some(int(n))
		}
		return nil
	}
}

// msField sets a duration given in milliseconds, an integer of bits bits of
// at least min.
func msField(field func(*Config) *time.Duration, bits int, min int64) setter {
	return func(p *parser, v string) error {
		if d, why := parseMS(v, bits, min); why != "" {
			p.invalid(v, why)
		} else {
			*field(p.cfg) = d
		}
		return nil
	}
}

func optMSField(field func(*Config) *Optional[time.Duration], bits int, min int64) setter {
	return func(p *parser, v string) error {
		if d, why := parseMS(v, bits, min); why != "" {
			p.invalid(v, why)
		} else {
			*field(p.cfg) = Some(d)
		}
		return nil
	}
}

func stringField(field func(*Config) *string) setter {
	return func(p *parser, v string) error {
		*field(p.cfg) = v
		return nil
	}
}

// oneOf sets a string that must be one of values (compared without case); the
// stored value has the canonical case of values.
func oneOf(field func(*Config) *string, values ...string) setter {
	return func(p *parser, v string) error {
		for _, want := range values {
			if strings.EqualFold(v, want) {
				*field(p.cfg) = want
				return nil
			}
		}
		p.invalid(v, "must be one of "+strings.Join(values, ", "))
		return nil
	}
}

// parseKeyValues splits "k1:v1,k2:v2" at commas, then each item at its first
// colon (values may hold colons, e.g. a URL). Items without a colon or with
// an empty key are reported in bad.
func parseKeyValues(v string) (kv [][2]string, bad int) {
	for _, item := range strings.Split(v, ",") {
		k, val, ok := strings.Cut(item, ":")
		if !ok || k == "" {
			bad++
			continue
		}
		kv = append(kv, [2]string{k, val})
	}
	return kv, bad
}
