package connstring

import (
	"strconv"
	"time"
)

// String returns the Config as a connection string with every secret (the
// password, proxyPassword, tlsCertificateKeyFilePassword, AWS_SESSION_TOKEN)
// replaced by "xxxxx". Parsing the result gives the same Config apart from
// those secrets and Warnings. A resolved mongodb+srv Config is written with
// its SRV host, not the resolved hosts. Durations are written in whole
// milliseconds (seconds for maxStalenessSeconds).
//
// String and GoString have value receivers so that printing a Config value,
// not only a pointer, goes through them.
func (c Config) String() string {
	return string(c.appendURI(make([]byte, 0, 128)))
}

// GoString is String, so that %#v does not print secrets either.
func (c Config) GoString() string {
	return "connstring.Config(" + strconv.Quote(c.String()) + ")"
}

func (c *Config) appendURI(dst []byte) []byte {
	if c.SRVHost != "" {
		dst = append(dst, schemeSRV...)
	} else {
		dst = append(dst, schemeMongoDB...)
	}
	if cr := c.Credential; cr != nil && (cr.Username != "" || cr.PasswordSet) {
		dst = appendEscaped(dst, cr.Username)
		if cr.PasswordSet {
			dst = append(dst, ':')
			dst = append(dst, redacted...)
		}
		dst = append(dst, '@')
	}
	dst = c.appendHosts(dst)
	dst = append(dst, '/')
	dst = appendEscaped(dst, c.Database)
	q := query{buf: dst}
	c.appendOptions(&q)
	return q.buf
}

func (c *Config) appendHosts(dst []byte) []byte {
	if c.SRVHost != "" {
		return appendEscaped(dst, c.SRVHost)
	}
	for i, h := range c.Hosts {
		if i > 0 {
			dst = append(dst, ',')
		}
		switch h.Kind {
		case KindUnix:
			dst = appendEscaped(dst, h.Name)
			continue
		case KindIPLiteral:
			dst = append(dst, '[')
			dst = appendEscaped(dst, h.Name)
			dst = append(dst, ']')
		default:
			dst = appendEscaped(dst, h.Name)
		}
		dst = append(dst, ':')
		dst = strconv.AppendInt(dst, int64(h.Port), 10)
	}
	return dst
}

// query appends "?k=v&k=v".
type query struct {
	buf []byte
	n   int
}

func (q *query) key(name string) {
	if q.n == 0 {
		q.buf = append(q.buf, '?')
	} else {
		q.buf = append(q.buf, '&')
	}
	q.n++
	q.buf = append(q.buf, name...)
	q.buf = append(q.buf, '=')
}

func (q *query) str(name, v string) {
	if v != "" {
		q.key(name)
		q.buf = appendEscaped(q.buf, v)
	}
}

func (q *query) secret(name, v string) {
	if v != "" {
		q.key(name)
		q.buf = append(q.buf, redacted...)
	}
}

func (q *query) flag(name string, v bool) {
	if v {
		q.key(name)
		q.buf = append(q.buf, "true"...)
	}
}

func (q *query) optBool(name string, v Optional[bool]) {
	if v.Set {
		q.key(name)
		q.buf = strconv.AppendBool(q.buf, v.Value)
	}
}

func (q *query) num(name string, v int) {
	if v != 0 {
		q.key(name)
		q.buf = strconv.AppendInt(q.buf, int64(v), 10)
	}
}

func (q *query) optNum(name string, v Optional[int]) {
	if v.Set {
		q.key(name)
		q.buf = strconv.AppendInt(q.buf, int64(v.Value), 10)
	}
}

func (q *query) ms(name string, d time.Duration) {
	if d != 0 {
		q.key(name)
		q.buf = strconv.AppendInt(q.buf, d.Milliseconds(), 10)
	}
}

func (q *query) optMS(name string, d Optional[time.Duration]) {
	if d.Set {
		q.key(name)
		q.buf = strconv.AppendInt(q.buf, d.Value.Milliseconds(), 10)
	}
}
