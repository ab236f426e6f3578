package topology

import (
	"context"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/cwal-go/cwal/description"
)

// srvPoller rescans the SRV records of a mongodb+srv topology (polling SRV
// records for mongos discovery) while the topology is Sharded or Unknown,
// and hands the hosts it finds to the state machine.
type srvPoller struct {
	t   *Topology
	cfg SRVConfig
}

func newSRVPoller(t *Topology) *srvPoller {
	cfg := t.cfg.SRV
	if cfg.Interval <= 0 {
		cfg.Interval = DefaultSRVInterval
	}
	if cfg.Resolver == nil {
		cfg.Resolver = net.DefaultResolver
	}
	return &srvPoller{t: t, cfg: cfg}
}

// run rescans every Interval, counted from the end of the previous scan;
// after a scan that found no usable host, every heartbeat instead.
func (p *srvPoller) run() {
	defer p.t.wg.Done()
	interval := p.cfg.Interval
	timer := time.NewTimer(interval)
	defer timer.Stop()
	for {
		select {
		case <-timer.C:
		case <-p.t.ctx.Done():
			return
		}
		interval = p.cfg.Interval
		if k := p.t.Description().Kind; k == Sharded || k == Unknown {
			if !p.rescan() {
				interval = p.t.cfg.heartbeat()
			}
		}
		timer.Reset(interval)
	}
}

// rescan looks the records up and applies them; false means the lookup
// failed or found no valid host, and the topology was left alone.
func (p *srvPoller) rescan() bool {
	ctx, cancel := context.WithTimeout(p.t.ctx, p.t.cfg.connectTimeoutOr(10*time.Second))
	defer cancel()
	hosts := lookupSRVHosts(ctx, p.cfg)
	if len(hosts) == 0 {
		return false
	}
	p.t.applySRVHosts(hosts, p.cfg.MaxHosts)
	return true
}

// applySRVHosts runs the state machine's SRV update under the lock.
func (t *Topology) applySRVHosts(hosts []string, maxHosts int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.phase != phaseConnected {
		return
	}
	t.perform(t.fsm.ApplySRVHosts(hosts, maxHosts))
}

// lookupSRVHosts returns the valid hosts of the SRV records, normalized.
// A record whose target is outside the SRV host's domain, or whose port is
// 0, is skipped (the specification forbids an error); a failed lookup
// gives none.
func lookupSRVHosts(ctx context.Context, cfg SRVConfig) []string {
	service := cfg.ServiceName
	if service == "" {
		service = "mongodb"
	}
	_, records, err := cfg.Resolver.LookupSRV(ctx, service, "tcp", cfg.Host)
	if err != nil {
		return nil
	}
	var hosts []string
	for _, rec := range records {
		target := strings.ToLower(strings.TrimSuffix(rec.Target, "."))
		if rec.Port == 0 || !inSRVDomain(cfg.Host, target) {
			continue
		}
		hosts = append(hosts, description.NormalizeAddr(net.JoinHostPort(target, strconv.Itoa(int(rec.Port)))))
	}
	return hosts
}

// inSRVDomain applies the parent domain rule of initial DNS seedlist
// discovery: the target must end in "." + the SRV host's domain (the host
// without its first label when it has three or more labels, else the
// whole host, in which case the target needs one more label).
func inSRVDomain(srvHost, target string) bool {
	domain := strings.ToLower(strings.TrimSuffix(srvHost, "."))
	if strings.Count(domain, ".") >= 2 {
		domain = domain[strings.IndexByte(domain, '.')+1:]
	}
	return strings.HasSuffix(target, "."+domain) && len(target) > len(domain)+1
}

// connectTimeoutOr returns connectTimeoutMS, or def when it is unlimited.
func (c *RuntimeConfig) connectTimeoutOr(def time.Duration) time.Duration {
	if d := c.connectTimeout(); d > 0 {
		return d
	}
	return def
}
