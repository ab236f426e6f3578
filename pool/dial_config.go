package pool

import (
	"github.com/cwal-go/cwal/connstring"
)

// ConnConfigFromConnString translates the connection options of a parsed
// connection string: timeouts, TLS, application name, compressors,
// credential and load-balanced mode. Options of other layers (pool sizes,
// read preference...) are left to them. It fails when the TLS files cannot
// be read or the credential is invalid.
func ConnConfigFromConnString(cs *connstring.Config) (ConnConfig, error) {
	cfg := ConnConfig{
		SocketTimeout: cs.SocketTimeout,
		AppName:       cs.AppName,
		Compressors:   cs.Compressors,
		LoadBalanced:  cs.LoadBalanced.Or(false),
	}
	if d, ok := cs.ConnectTimeout.Get(); ok {
		cfg.ConnectTimeout = d
		if d == 0 {
			cfg.ConnectTimeout = -1 // connectTimeoutMS=0 means no limit
		}
	}
	if lvl, ok := cs.ZlibCompressionLevel.Get(); ok {
		cfg.ZlibLevel = lvl
		if lvl == 0 {
			cfg.ZlibLevel = ZlibLevelNone
		}
	}
	if cs.TLS {
		t, err := NewTLSConfig(TLSOptions{
			CAFile:                     cs.TLSCAFile,
			CertificateKeyFile:         cs.TLSCertificateKeyFile,
			CertificateKeyFilePassword: cs.TLSCertificateKeyFilePassword,
			Insecure:                   cs.TLSInsecure,
			AllowInvalidCertificates:   cs.TLSAllowInvalidCertificates,
			AllowInvalidHostnames:      cs.TLSAllowInvalidHostnames,
		})
		if err != nil {
			return ConnConfig{}, err
		}
		cfg.TLS = t
	}
	if c := cs.Credential; c != nil {
		a, err := NewAuthenticator(Credential{
			Username:            c.Username,
			Password:            c.Password,
			Source:              c.Source,
			Mechanism:           c.Mechanism,
			MechanismProperties: c.MechanismProperties,
		})
		if err != nil {
			return ConnConfig{}, err
		}
		cfg.Auth = a
	}
	return cfg, nil
}
