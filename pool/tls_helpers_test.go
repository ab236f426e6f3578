package pool_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// testPKI is a certificate authority made at test time, with a server and
// a client certificate, written as PEM files.
type testPKI struct {
	caCert   *x509.Certificate
	caKey    *ecdsa.PrivateKey
	caFile   string
	dir      string
	serverTL tls.Certificate
}

func newTestPKI(t *testing.T, serverNames ...string) *testPKI {
	t.Helper()
	key := pkiKey(t)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "cwal test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(der)
	p := &testPKI{caCert: ca, caKey: key, dir: t.TempDir()}
	p.caFile = p.write(t, "ca.pem", pkiPEM("CERTIFICATE", der))
	certPEM, keyPEM := p.issue(t, pkix.Name{CommonName: "server"}, serverNames, x509.ExtKeyUsageServerAuth)
	if p.serverTL, err = tls.X509KeyPair(certPEM, keyPEM); err != nil {
		t.Fatal(err)
	}
	return p
}

func pkiKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

var pkiSerial int64 = 1

// issue signs a certificate for subject and names (DNS names or IPs).
func (p *testPKI) issue(t *testing.T, subject pkix.Name, names []string, usage x509.ExtKeyUsage) (certPEM, keyPEM []byte) {
	t.Helper()
	key := pkiKey(t)
	pkiSerial++
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(pkiSerial),
		Subject:      subject,
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{usage},
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.caCert, &key.PublicKey, p.caKey)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pkiPEM("CERTIFICATE", der), pkiPEM("PRIVATE KEY", kder)
}

func pkiPEM(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

func (p *testPKI) write(t *testing.T, name string, data ...[]byte) string {
	t.Helper()
	path := filepath.Join(p.dir, name)
	var all []byte
	for _, d := range data {
		all = append(all, d...)
	}
	if err := os.WriteFile(path, all, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// serverConfig is the fake server's TLS configuration; it asks for client
// certificates signed by the CA and records the SNI it receives.
func (p *testPKI) serverConfig(sni *string) *tls.Config {
	pool := x509.NewCertPool()
	pool.AddCert(p.caCert)
	return &tls.Config{
		Certificates: []tls.Certificate{p.serverTL},
		ClientCAs:    pool,
		ClientAuth:   tls.VerifyClientCertIfGiven,
		GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
			if sni != nil {
				*sni = h.ServerName
			}
			return nil, nil
		},
	}
}
