package pool

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"
)

// TLSOptions are the tls* options of a connection string.
type TLSOptions struct {
	// CAFile is tlsCAFile: PEM certificates of the authorities to trust
	// instead of the system's.
	CAFile string
	// CertificateKeyFile is tlsCertificateKeyFile: the client certificate
	// (and chain) and its private key, PEM, for MONGODB-X509 or servers
	// that require client certificates.
	CertificateKeyFile string
	// CertificateKeyFilePassword decrypts a legacy encrypted private key
	// (a PEM block with "Proc-Type: 4,ENCRYPTED" headers). PKCS#8
	// "ENCRYPTED PRIVATE KEY" blocks are not supported by Go's standard
	// library and are refused with an error saying so.
	CertificateKeyFilePassword string
	// Insecure is tlsInsecure: accept any certificate and host name.
	Insecure bool
	// AllowInvalidCertificates is tlsAllowInvalidCertificates: accept any
	// certificate (and so any host name).
	AllowInvalidCertificates bool
	// AllowInvalidHostnames is tlsAllowInvalidHostnames: verify the
	// certificate chain but not that it names the host.
	AllowInvalidHostnames bool
}

// NewTLSConfig builds the TLS configuration for the options: TLS 1.2 at
// least, the CA file as roots, the client certificate, and the relaxed
// verifications asked for. Dial sets the server name per host.
func NewTLSConfig(o TLSOptions) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if o.CAFile != "" {
		pool, err := loadCAFile(o.CAFile)
		if err != nil {
			return nil, err
		}
		cfg.RootCAs = pool
	}
	if o.CertificateKeyFile != "" {
		cert, err := loadKeyPair(o.CertificateKeyFile, o.CertificateKeyFilePassword)
		if err != nil {
			return nil, err
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	switch {
	case o.Insecure || o.AllowInvalidCertificates:
		cfg.InsecureSkipVerify = true
	case o.AllowInvalidHostnames:
		// Skip the standard verification, which always checks the name,
		// and verify the chain alone.
		cfg.InsecureSkipVerify = true
		roots := cfg.RootCAs
		cfg.VerifyConnection = func(cs tls.ConnectionState) error { return verifyChain(cs, roots) }
	}
	return cfg, nil
}

// verifyChain checks the peer's chain against roots (nil: the system's)
// without a host name.
func verifyChain(cs tls.ConnectionState, roots *x509.CertPool) error {
	if len(cs.PeerCertificates) == 0 {
		return errors.New("pool: the server presented no certificate")
	}
	opts := x509.VerifyOptions{Roots: roots, Intermediates: x509.NewCertPool()}
	for _, c := range cs.PeerCertificates[1:] {
		opts.Intermediates.AddCert(c)
	}
	_, err := cs.PeerCertificates[0].Verify(opts)
	return err
}

func loadCAFile(path string) (*x509.CertPool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("pool: tlsCAFile: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, fmt.Errorf("pool: tlsCAFile %s holds no PEM certificate", path)
	}
	return pool, nil
}

// loadKeyPair reads a PEM file holding certificates and one private key,
// decrypting a legacy encrypted key with password.
func loadKeyPair(path, password string) (tls.Certificate, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("pool: tlsCertificateKeyFile: %w", err)
	}
	var certPEM, keyPEM []byte
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type == "CERTIFICATE" {
			certPEM = append(certPEM, pem.EncodeToMemory(block)...)
			continue
		}
		if keyPEM != nil || !strings.HasSuffix(block.Type, "PRIVATE KEY") {
			continue // the first key is the one; skip EC PARAMETERS and the like
		}
		if keyPEM, err = decodeKey(block, password); err != nil {
			return tls.Certificate{}, fmt.Errorf("pool: tlsCertificateKeyFile %s: %w", path, err)
		}
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("pool: tlsCertificateKeyFile %s: %w", path, err)
	}
	return cert, nil
}

// decodeKey returns a key block as plain PEM, decrypting it if needed.
func decodeKey(block *pem.Block, password string) ([]byte, error) {
	if block.Type == "ENCRYPTED PRIVATE KEY" {
		return nil, errors.New("encrypted PKCS#8 keys are not supported; convert the key with `openssl pkcs8 -topk8 -nocrypt` or to a legacy encrypted PEM")
	}
	//lint:ignore SA1019 legacy PEM encryption is what tlsCertificateKeyFilePassword means; it is insecure but widely used
	if !x509.IsEncryptedPEMBlock(block) {
		return pem.EncodeToMemory(block), nil
	}
	if password == "" {
		return nil, errors.New("the private key is encrypted and tlsCertificateKeyFilePassword is empty")
	}
	//lint:ignore SA1019 see above
	der, err := x509.DecryptPEMBlock(block, []byte(password))
	if err != nil {
		return nil, errors.New("cannot decrypt the private key (wrong tlsCertificateKeyFilePassword?)")
	}
	return pem.EncodeToMemory(&pem.Block{Type: block.Type, Bytes: der}), nil
}
