package connstring

import (
	"strconv"
	"strings"
)

// option describes one URI option.
type option struct {
	name string // the spelling of the specifications
	set  setter
	// list options append on every occurrence instead of replacing.
	list bool
	// once options may not repeat (the SOCKS5 spec makes that an error).
	once bool
	// allowEmpty options see empty values; for the others "key=" is ignored
	// with a warning, as the connection string spec requires.
	allowEmpty bool
	// secret options never have their value quoted in a warning.
	secret bool
}

// setter parses a decoded value into the Config. It returns an error only for
// what the specifications make fatal; invalid values become warnings.
type setter func(p *parser, v string) error

// options parses the query part: "&"-separated key=value pairs, keys
// case-insensitive, keys and values percent-decoded.
func (p *parser) options(query string) error {
	for _, pair := range strings.Split(query, "&") {
		if pair == "" {
			continue
		}
		rawKey, rawValue, ok := strings.Cut(pair, "=")
		key, okKey := unescape(rawKey)
		if !okKey {
			return syntaxErr("options", "invalid percent-encoding in an option name")
		}
		if !ok {
			return syntaxErr("options", "option "+strconv.Quote(key)+" has no '=' and value")
		}
		opt := optionTable[lowerASCII(key)]
		if opt == nil {
			p.warn("unsupported option " + strconv.Quote(key) + " ignored")
			continue
		}
		value, okValue := unescape(rawValue)
		if !okValue {
			return syntaxErr(opt.name, "invalid percent-encoding in the value")
		}
		if err := p.apply(opt, value); err != nil {
			return err
		}
	}
	return nil
}

// apply handles repetition and empty values, then runs the option's setter.
func (p *parser) apply(opt *option, value string) error {
	p.seen[opt.name]++
	if p.seen[opt.name] > 1 && !opt.list {
		switch {
		case opt.once:
			return optionErr(opt.name, "may be given only once")
		case opt.name != "tls" && opt.name != "ssl":
			// tls and ssl may repeat when they agree; finish checks that.
			p.warn("option " + strconv.Quote(opt.name) + " repeated; the last value is used")
		}
	}
	if value == "" && !opt.allowEmpty {
		p.warn("option " + strconv.Quote(opt.name) + " has an empty value and is ignored")
		return nil
	}
	p.cur = opt
	defer func() { p.cur = nil }()
	return opt.set(p, value)
}

func (p *parser) warn(msg string) {
	p.cfg.Warnings = append(p.cfg.Warnings, msg)
}

// invalid records an ignored value; the value is quoted unless the option is
// secret.
func (p *parser) invalid(v, why string) {
	msg := "option " + strconv.Quote(p.cur.name) + " ignored: "
	if p.cur.secret {
		msg += "invalid value"
	} else {
		msg += "invalid value " + strconv.Quote(v)
	}
	p.warn(msg + ": " + why)
}

// tlsConflicts lists the pairs of options that may not appear together, with
// any values (uri-options, "Conflicting TLS options").
var tlsConflicts = [][2]string{
	{"tlsInsecure", "tlsAllowInvalidCertificates"},
	{"tlsInsecure", "tlsAllowInvalidHostnames"},
	{"tlsInsecure", "tlsDisableOCSPEndpointCheck"},
	{"tlsInsecure", "tlsDisableCertificateRevocationCheck"},
	{"tlsAllowInvalidCertificates", "tlsDisableOCSPEndpointCheck"},
	{"tlsAllowInvalidCertificates", "tlsDisableCertificateRevocationCheck"},
	{"tlsDisableOCSPEndpointCheck", "tlsDisableCertificateRevocationCheck"},
}

// checkPresence applies the rules about which keys appeared, whatever their
// values.
func (p *parser) checkPresence() error {
	for _, pair := range tlsConflicts {
		if p.seen[pair[0]] > 0 && p.seen[pair[1]] > 0 {
			return optionErr(pair[0], "cannot be combined with "+pair[1])
		}
	}
	for i := 1; i < len(p.tlsValues); i++ {
		if p.tlsValues[i] != p.tlsValues[0] {
			return optionErr("tls", "all tls and ssl options must have the same value")
		}
	}
	if !p.srv {
		for _, name := range []string{"srvServiceName", "srvMaxHosts"} {
			if p.seen[name] > 0 {
				return optionErr(name, "is only allowed with a mongodb+srv URI")
			}
		}
	}
	return nil
}
