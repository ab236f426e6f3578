package pool_test

import (
	"testing"
	"time"

	"github.com/cwal-go/cwal/connstring"
	"github.com/cwal-go/cwal/pool"
)

// TestConfigFromConnString is CMAP prose test 3: every pool option can be
// given in the URI.
func TestConfigFromConnString(t *testing.T) {
	for _, tc := range []struct {
		uri  string
		want pool.Options
	}{
		{"mongodb://h/", pool.Options{}},
		{"mongodb://h/?maxPoolSize=50&minPoolSize=5&maxConnecting=3&maxIdleTimeMS=100&waitQueueTimeoutMS=200",
			pool.Options{MaxPoolSize: 50, MinPoolSize: 5, MaxConnecting: 3, MaxIdleTime: 100 * time.Millisecond, WaitQueueTimeout: 200 * time.Millisecond}},
		{"mongodb://h/?maxPoolSize=0", pool.Options{MaxPoolSize: pool.NoLimit}},
	} {
		cs, err := connstring.Parse(tc.uri)
		if err != nil {
			t.Fatalf("%s: %v", tc.uri, err)
		}
		cfg, err := pool.ConfigFromConnString("h:27017", cs)
		if err != nil {
			t.Fatalf("%s: %v", tc.uri, err)
		}
		got := pool.Options{MaxPoolSize: cfg.MaxPoolSize, MinPoolSize: cfg.MinPoolSize, MaxConnecting: cfg.MaxConnecting,
			MaxIdleTime: cfg.MaxIdleTime, WaitQueueTimeout: cfg.WaitQueueTimeout}
		if got != tc.want || cfg.Address != "h:27017" {
			t.Errorf("%s: %+v, want %+v", tc.uri, got, tc.want)
		}
		// The created event reports the options as given.
		var created pool.PoolCreatedEvent
		cfg.Dial = (&memDialer{}).Dial
		cfg.Events = &pool.Events{PoolCreated: func(e pool.PoolCreatedEvent) { created = e }}
		p := pool.New(cfg)
		closePool(t, p)
		if created.Options != tc.want {
			t.Errorf("%s: PoolCreated options %+v, want %+v", tc.uri, created.Options, tc.want)
		}
	}
}

// TestUnlimitedPool: NoLimit lets the pool grow past the default size.
func TestUnlimitedPool(t *testing.T) {
	p, _ := newMemPool(t, pool.Config{MaxPoolSize: pool.NoLimit, MaxConnecting: 50})
	var conns []*pool.Conn
	for i := 0; i < pool.DefaultMaxPoolSize+10; i++ {
		conns = append(conns, mustCheckout(t, p, pool.OwnerOperation))
	}
	if s := p.Stats(); s.InUse != pool.DefaultMaxPoolSize+10 {
		t.Errorf("in use %d", s.InUse)
	}
	for _, c := range conns {
		_ = p.Checkin(c)
	}
}
