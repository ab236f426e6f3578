package connstring_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/cwal-go/cwal/connstring"
)

func Example() {
	cfg, err := connstring.Parse("mongodb://app:s3cret@db1.example.com,db2.example.com:27018/shop" +
		"?replicaSet=rs0&w=majority&maxPoolSize=0&retryWrites=false&fsync=true")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range cfg.Hosts {
		fmt.Println("host:", h)
	}
	fmt.Println("database:", cfg.Database, "auth source:", cfg.Credential.Source)
	if n, ok := cfg.MaxPoolSize.Get(); ok && n == 0 {
		fmt.Println("pool: unlimited")
	}
	fmt.Println("retry writes:", cfg.RetryWrites.Or(true))
	fmt.Println("warnings:", cfg.Warnings)

	// Edit before connecting, then check the result again.
	cfg.ConnectTimeout = connstring.Some(5 * time.Second)
	if err := cfg.Validate(); err != nil {
		fmt.Println(err)
	}
	fmt.Println(cfg) // the password is redacted
	// Output:
	// host: db1.example.com:27017
	// host: db2.example.com:27018
	// database: shop auth source: shop
	// pool: unlimited
	// retry writes: false
	// warnings: [unsupported option "fsync" ignored]
	// mongodb://app:xxxxx@db1.example.com:27017,db2.example.com:27018/shop?replicaSet=rs0&connectTimeoutMS=5000&maxPoolSize=0&w=majority&retryWrites=false
}

func ExampleParse_error() {
	_, err := connstring.Parse("mongodb://localhost/?tlsInsecure=true&tlsAllowInvalidHostnames=true")
	var e *connstring.Error
	if errors.As(err, &e) && errors.Is(err, connstring.ErrInvalidOption) {
		fmt.Println("bad option:", e.Field)
	}
	// Output:
	// bad option: tlsInsecure
}

// staticDNS answers every SRV query with two hosts and has no TXT record.
type staticDNS struct{}

func (staticDNS) LookupSRV(_ context.Context, service, proto, name string) (string, []*net.SRV, error) {
	return "", []*net.SRV{
		{Target: "node1." + name + ".", Port: 27017},
		{Target: "node2." + name + ".", Port: 27017},
	}, nil
}

func (staticDNS) LookupTXT(context.Context, string) ([]string, error) {
	return nil, &net.DNSError{Err: "no such host", IsNotFound: true}
}

func ExampleParseAndResolve() {
	// Pass nil (or net.DefaultResolver) to use the system DNS.
	cfg, err := connstring.ParseAndResolve(context.Background(), "mongodb+srv://cluster0.example.com/", staticDNS{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.Hosts, "TLS:", cfg.TLS, "SRV host:", cfg.SRVHost)
	// Output:
	// [node1.cluster0.example.com:27017 node2.cluster0.example.com:27017] TLS: true SRV host: cluster0.example.com
}
