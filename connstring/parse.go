package connstring

import (
	"strconv"
	"strings"
)

const (
	schemeMongoDB = "mongodb://"
	schemeSRV     = "mongodb+srv://"
)

// Parse parses a mongodb:// or mongodb+srv:// connection string without any
// network access. A mongodb+srv Config keeps the SRV host in SRVHost and has no
// Hosts until ResolveSRV (or use ParseAndResolve). Unknown options and invalid
// values that the specifications say to ignore are reported in
// Config.Warnings; anything else is an *Error.
func Parse(uri string) (*Config, error) {
	p := &parser{cfg: &Config{}, seen: map[string]int{}}
	if err := p.parse(uri); err != nil {
		return nil, err
	}
	return p.cfg, nil
}

// parser holds what is known only while parsing: which keys appeared and the
// ingredients of the credential.
type parser struct {
	cfg  *Config
	seen map[string]int // canonical option name → occurrences
	cur  *option        // the option being parsed, for warnings

	srv       bool
	tlsValues []bool // every tls= and ssl= value, to check they agree

	ui        userinfo
	hasUI     bool
	mechanism string
	props     map[string]string
}

func (p *parser) parse(uri string) error {
	rest, err := p.scheme(uri)
	if err != nil {
		return err
	}
	end := strings.IndexAny(rest, "/?")
	if end < 0 {
		end = len(rest)
	}
	authority, tail := rest[:end], rest[end:]
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		if p.ui, err = parseUserinfo(authority[:at]); err != nil {
			return err
		}
		p.hasUI = true
		authority = authority[at+1:]
	}
	if err := p.hosts(authority); err != nil {
		return err
	}
	query, err := p.database(tail)
	if err != nil {
		return err
	}
	if err := p.options(query); err != nil {
		return err
	}
	return p.finish()
}

// scheme checks the scheme (case-insensitively, as in RFC 3986) and returns
// what follows it.
func (p *parser) scheme(uri string) (string, error) {
	switch {
	case hasPrefixFold(uri, schemeMongoDB):
		return uri[len(schemeMongoDB):], nil
	case hasPrefixFold(uri, schemeSRV):
		p.srv = true
		return uri[len(schemeSRV):], nil
	}
	return "", syntaxErr("scheme", `the connection string must begin with "mongodb://" or "mongodb+srv://"`)
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// hosts parses the host list; a mongodb+srv URI takes exactly one host name
// without a port.
func (p *parser) hosts(s string) error {
	if !p.srv {
		hosts, err := parseHosts(s)
		p.cfg.Hosts = hosts
		return err
	}
	if strings.IndexByte(s, ',') >= 0 {
		return syntaxErr("host", "a mongodb+srv URI takes exactly one host name")
	}
	if strings.HasPrefix(s, "[") {
		return syntaxErr("host", "a mongodb+srv URI takes a host name, not an IP literal")
	}
	if strings.IndexByte(s, ':') >= 0 {
		return syntaxErr("host", "a mongodb+srv URI cannot have a port")
	}
	h, err := parseHosts(s)
	if err != nil {
		return err
	}
	if h[0].Kind != KindHostname {
		return syntaxErr("host", "a mongodb+srv URI takes a host name, not "+h[0].Kind.String())
	}
	for _, label := range strings.Split(h[0].Name, ".") {
		if label == "" {
			return syntaxErr("host", "the SRV host name has an empty label")
		}
	}
	p.cfg.SRVHost = h[0].Name
	return nil
}

// database decodes the path, if any, and returns the query after "?".
func (p *parser) database(tail string) (string, error) {
	path, query := tail, ""
	if i := strings.IndexByte(tail, '?'); i >= 0 {
		path, query = tail[:i], tail[i+1:]
	}
	path = strings.TrimPrefix(path, "/")
	db, ok := unescape(path)
	if !ok {
		return "", syntaxErr("database", "invalid percent-encoding in the database name")
	}
	// The text is not quoted in errors: a userinfo with an unescaped "/" puts
	// the password here.
	if i := strings.IndexAny(db, "/\\ \"$"); i >= 0 {
		return "", syntaxErr("database", "the database name cannot contain "+strconv.QuoteRune(rune(db[i])))
	}
	p.cfg.Database = db
	return query, nil
}

// finish applies what depends on the whole URI: defaults, conflicts between
// options, the credential, and the rules of Validate.
func (p *parser) finish() error {
	if err := p.checkPresence(); err != nil {
		return err
	}
	if p.srv && len(p.tlsValues) == 0 {
		p.cfg.TLS = true // mongodb+srv implies TLS unless the URI says otherwise
	}
	p.buildCredential()
	return p.cfg.Validate()
}
