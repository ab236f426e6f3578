package connstring

import (
	"strconv"
	"strings"
	"time"
)

// maxAppNameLen is the handshake limit on client.application.name.
const maxAppNameLen = 128

func setAppName(p *parser, v string) error {
	if len(v) > maxAppNameLen {
		return optionErr("appname", "is longer than 128 bytes")
	}
	p.cfg.AppName = v
	return nil
}

func setAuthMechanism(p *parser, v string) error {
	p.mechanism = upperASCII(v)
	return nil
}

// setAuthMechanismProperties keeps the well-formed items: the spec tests want
// "TOKEN_RESOURCE:a,b" to lose only the stray "b" (with a warning). Property
// names are case-insensitive; they are stored in upper case.
func setAuthMechanismProperties(p *parser, v string) error {
	kv, bad := parseKeyValues(v)
	if bad > 0 {
		p.warn("authMechanismProperties: " + strconv.Itoa(bad) + " item(s) without KEY:value ignored (a value cannot contain a comma)")
	}
	props := make(map[string]string, len(kv))
	for _, item := range kv {
		key := upperASCII(item[0])
		if item[1] == "" {
			p.warn("authMechanismProperties: property " + strconv.Quote(key) + " has an empty value and is ignored")
			continue
		}
		if _, dup := props[key]; dup {
			p.warn("authMechanismProperties: property " + strconv.Quote(key) + " repeated; the last value is used")
		}
		props[key] = item[1]
	}
	p.props = props
	return nil
}

func setAuthSource(p *parser, v string) error {
	if v == "" {
		return credErr("authSource", "cannot be empty")
	}
	p.cfg.AuthSource = v
	return nil
}

// knownCompressors are the compressors of the OP_COMPRESSED spec the driver
// implements.
var knownCompressors = []string{"snappy", "zlib", "zstd"}

func setCompressors(p *parser, v string) error {
	var list []string
	for _, name := range strings.Split(v, ",") {
		lname := lowerASCII(name)
		switch {
		case !contains(knownCompressors, lname):
			p.warn("compressors: unsupported compressor " + strconv.Quote(name) + " ignored")
		case !contains(list, lname):
			list = append(list, lname)
		}
	}
	p.cfg.Compressors = list
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func setSRVServiceName(p *parser, v string) error {
	if why := checkServiceName(v); why != "" {
		p.invalid(v, why)
		return nil
	}
	p.cfg.SRVServiceName = v
	return nil
}

// checkServiceName applies RFC 6335 section 5.1 (letters, digits and
// hyphens, at least one letter, no hyphen at either end or doubled), with the
// initial DNS seedlist spec's exception that the name may be longer than 15
// characters as long as "_name" fits a 63-byte DNS label.
func checkServiceName(s string) string {
	if s == "" || len(s) > 62 {
		return "must be 1 to 62 characters long"
	}
	letter := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			letter = true
		case '0' <= c && c <= '9', c == '-':
		default:
			return "may contain only letters, digits and hyphens"
		}
	}
	if !letter || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return "must contain a letter and no leading, trailing or doubled hyphen"
	}
	return ""
}

func setTLS(p *parser, v string) error {
	b, ok := parseBool(v)
	if !ok {
		p.invalid(v, `must be "true" or "false"`)
		return nil
	}
	p.tlsValues = append(p.tlsValues, b)
	p.cfg.TLS = b
	return nil
}

// setReadPreferenceTags appends one tag set; an empty value is the empty tag
// set, which matches any server.
func setReadPreferenceTags(p *parser, v string) error {
	set := TagSet{}
	if v != "" {
		kv, bad := parseKeyValues(v)
		if bad > 0 {
			p.invalid(v, "must be a list of name:value pairs")
			return nil
		}
		for _, item := range kv {
			set[item[0]] = item[1]
		}
	}
	p.cfg.ReadPreferenceTags = append(p.cfg.ReadPreferenceTags, set)
	return nil
}

func setMaxStaleness(p *parser, v string) error {
	n, why := parseInt(v, 32, -1)
	if why == "" && n == 0 {
		why = "must be -1 (no maximum) or a positive number of seconds"
	}
	switch {
	case why != "":
		p.invalid(v, why)
	case n == -1:
		p.cfg.MaxStaleness = 0
	default:
		p.cfg.MaxStaleness = time.Duration(n) * time.Second
	}
	return nil
}

// setW takes a number when the value looks like one and a tag otherwise. A
// negative w is an error (read-write-concern connection string tests).
func setW(p *parser, v string) error {
	if !looksNumeric(v) {
		p.cfg.W = Some(WValue{Tag: v})
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 32)
	switch {
	case err != nil:
		p.invalid(v, "is too large")
	case n < 0:
		return optionErr("w", "cannot be negative")
	default:
		p.cfg.W = Some(WValue{N: int(n)})
	}
	return nil
}

func looksNumeric(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - ('a' - 'A')
		}
	}
	return string(b)
}
