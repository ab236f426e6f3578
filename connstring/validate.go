package connstring

import (
	"strconv"
)

// Validate checks the rules that tie options together (uri-options, load
// balancer, initial DNS seedlist discovery, SOCKS5, write concern, max
// staleness and auth specs) and the ranges of edited values. Parse and
// ResolveSRV call it; call it again after editing a Config. Before SRV
// resolution the checks that need the host list are skipped.
//
// Option conflicts that depend on which keys a URI spelled (tlsInsecure=false
// with tlsAllowInvalidCertificates=false) are checked only by Parse; here a
// conflict needs both settings to be true.
func (c *Config) Validate() error {
	checks := []func() error{
		c.validateHosts, c.validateTopology, c.validateSRV, c.validateTLS,
		c.validateProxy, c.validateConcerns, c.validateReadPreference,
		c.validateDurations, c.validateCounts, c.validateNames,
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	if c.Credential != nil {
		return c.Credential.Validate()
	}
	return nil
}

func (c *Config) validateHosts() error {
	if len(c.Hosts) == 0 && c.SRVHost == "" {
		return syntaxErr("host", "no host given")
	}
	return nil
}

// validateTopology applies the directConnection and loadBalanced rules.
func (c *Config) validateTopology() error {
	direct := c.DirectConnection.Or(false)
	if direct && len(c.Hosts) > 1 {
		return optionErr("directConnection", "directConnection=true cannot be used with several hosts")
	}
	if direct && c.SRVHost != "" {
		return optionErr("directConnection", "directConnection=true cannot be used with a mongodb+srv URI")
	}
	if !c.LoadBalanced.Or(false) {
		return nil
	}
	switch {
	case len(c.Hosts) > 1:
		return optionErr("loadBalanced", "loadBalanced=true cannot be used with several hosts")
	case c.ReplicaSet != "":
		return optionErr("loadBalanced", "loadBalanced=true cannot be used with replicaSet")
	case direct:
		return optionErr("loadBalanced", "loadBalanced=true cannot be used with directConnection=true")
	}
	return nil
}

func (c *Config) validateSRV() error {
	if c.SRVHost == "" {
		if c.SRVServiceName != "" {
			return optionErr("srvServiceName", "is only allowed with a mongodb+srv URI")
		}
		if c.SRVMaxHosts != 0 {
			return optionErr("srvMaxHosts", "is only allowed with a mongodb+srv URI")
		}
	}
	if c.SRVServiceName != "" {
		if why := checkServiceName(c.SRVServiceName); why != "" {
			return optionErr("srvServiceName", why)
		}
	}
	switch {
	case c.SRVMaxHosts < 0:
		return optionErr("srvMaxHosts", "cannot be negative")
	case c.SRVMaxHosts > 0 && c.ReplicaSet != "":
		return optionErr("srvMaxHosts", "a positive srvMaxHosts cannot be used with replicaSet")
	case c.SRVMaxHosts > 0 && c.LoadBalanced.Or(false):
		return optionErr("srvMaxHosts", "a positive srvMaxHosts cannot be used with loadBalanced=true")
	}
	return nil
}

// validateTLS rejects insecure settings that overlap (uri-options,
// "Conflicting TLS options").
func (c *Config) validateTLS() error {
	set := map[string]bool{
		"tlsInsecure":                          c.TLSInsecure,
		"tlsAllowInvalidCertificates":          c.TLSAllowInvalidCertificates,
		"tlsAllowInvalidHostnames":             c.TLSAllowInvalidHostnames,
		"tlsDisableOCSPEndpointCheck":          c.TLSDisableOCSPEndpointCheck,
		"tlsDisableCertificateRevocationCheck": c.TLSDisableCertificateRevocationCheck,
	}
	for _, pair := range tlsConflicts {
		if set[pair[0]] && set[pair[1]] {
			return optionErr(pair[0], "cannot be combined with "+pair[1])
		}
	}
	return nil
}

// validateProxy applies the SOCKS5 spec: every proxy option needs proxyHost,
// and a user name needs a password and the reverse.
func (c *Config) validateProxy() error {
	if c.ProxyHost == "" {
		switch {
		case c.ProxyPort != 0:
			return optionErr("proxyPort", "requires proxyHost")
		case c.ProxyUsername != "":
			return optionErr("proxyUsername", "requires proxyHost")
		case c.ProxyPassword != "":
			return optionErr("proxyPassword", "requires proxyHost")
		}
	}
	if (c.ProxyUsername == "") != (c.ProxyPassword == "") {
		return optionErr("proxyUsername", "proxyUsername and proxyPassword must be given together")
	}
	if c.ProxyPort < 0 || c.ProxyPort > 65535 {
		return optionErr("proxyPort", "must be between 0 and 65535")
	}
	return nil
}

func (c *Config) validateConcerns() error {
	w, wSet := c.W.Get()
	if wSet && w.Tag == "" && w.N < 0 {
		return optionErr("w", "cannot be negative")
	}
	if wSet && w.Tag == "" && w.N == 0 && c.Journal.Or(false) {
		return optionErr("journal", "journal=true cannot be used with w=0")
	}
	return nil
}

// validateReadPreference: mode primary (the default) allows neither tags nor
// a maximum staleness (server selection and max staleness specs).
func (c *Config) validateReadPreference() error {
	if c.ReadPreference != "" && !contains(readPreferenceModes, c.ReadPreference) {
		return optionErr("readPreference", "unsupported mode "+strconv.Quote(c.ReadPreference))
	}
	if c.ReadPreference != "" && c.ReadPreference != "primary" {
		return nil
	}
	if c.MaxStaleness > 0 {
		return optionErr("maxStalenessSeconds", "cannot be used with read preference mode primary")
	}
	for _, set := range c.ReadPreferenceTags {
		if len(set) > 0 {
			return optionErr("readPreferenceTags", "cannot be used with read preference mode primary")
		}
	}
	return nil
}
