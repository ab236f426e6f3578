package topology

import (
	"errors"
	"slices"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// Defaults of the settings a Config leaves zero.
const (
	DefaultHeartbeatFrequency = 10 * time.Second
	DefaultLocalThreshold     = 15 * time.Millisecond
	// MinHeartbeatFrequency is the SDAM minHeartbeatFrequencyMS: monitors
	// never check a server more often, and HeartbeatFrequency may not be
	// smaller.
	MinHeartbeatFrequency = 500 * time.Millisecond
)

// ErrInvalidConfig is a Config the SDAM specification forbids; the
// *ConfigError says why.
var ErrInvalidConfig = errors.New("topology: invalid configuration")

// ConfigError is an invalid Config.
type ConfigError struct {
	Problem string
}

func (e *ConfigError) Error() string { return "topology: invalid configuration: " + e.Problem }

// Unwrap returns ErrInvalidConfig.
func (e *ConfigError) Unwrap() error { return ErrInvalidConfig }

// Config is what the SDAM state machine needs to know about the client's
// settings. The zero value of each field means the default.
type Config struct {
	// Seeds is the seed list; addresses are normalized with
	// description.NormalizeAddr and duplicates dropped.
	Seeds []string
	// SetName is the replicaSet option: the required replica set name.
	SetName string
	// Direct is directConnection=true: the topology is Single and stays
	// so, whatever the server is.
	Direct bool
	// LoadBalanced is loadBalanced=true: the one seed is a load balancer,
	// never monitored.
	LoadBalanced bool
	// HeartbeatFrequency is heartbeatFrequencyMS; 0 means 10 s. Server
	// selection uses it to estimate staleness.
	HeartbeatFrequency time.Duration
	// LocalThreshold is localThresholdMS, the width of the latency window;
	// 0 means 15 ms and a negative value means a window of zero width
	// (only the fastest servers), the URI's localThresholdMS=0.
	LocalThreshold time.Duration
	// ID identifies the topology in events; the zero value asks NewFSM to
	// generate one.
	ID bson.ObjectID
}

// Validate reports a combination of options the SDAM and load balancer
// specifications forbid. The error is a *ConfigError.
func (c Config) Validate() error {
	seeds := normalizeSeeds(c.Seeds)
	switch {
	case len(seeds) == 0:
		return &ConfigError{Problem: "no seeds"}
	case c.Direct && len(seeds) > 1:
		return &ConfigError{Problem: "a direct connection takes exactly one seed"}
	case c.LoadBalanced && len(seeds) > 1:
		return &ConfigError{Problem: "load-balanced mode takes exactly one seed"}
	case c.LoadBalanced && c.Direct:
		return &ConfigError{Problem: "load-balanced mode cannot be a direct connection"}
	case c.LoadBalanced && c.SetName != "":
		return &ConfigError{Problem: "load-balanced mode cannot require a replica set name"}
	case c.HeartbeatFrequency != 0 && c.HeartbeatFrequency < MinHeartbeatFrequency:
		return &ConfigError{Problem: "heartbeat frequency " + c.HeartbeatFrequency.String() + " is below the minimum of 500ms"}
	}
	return nil
}

// initialKind is the starting topology type of the SDAM "initial
// TopologyType" table.
func (c Config) initialKind() Kind {
	switch {
	case c.LoadBalanced:
		return LoadBalanced
	case c.Direct:
		return Single
	case c.SetName != "":
		return ReplicaSetNoPrimary
	}
	return Unknown
}

// heartbeat returns the effective heartbeat frequency.
func (c Config) heartbeat() time.Duration {
	if c.HeartbeatFrequency > 0 {
		return c.HeartbeatFrequency
	}
	return DefaultHeartbeatFrequency
}

// localThreshold returns the effective latency window width.
func (c Config) localThreshold() time.Duration {
	switch {
	case c.LocalThreshold < 0:
		return 0
	case c.LocalThreshold == 0:
		return DefaultLocalThreshold
	}
	return c.LocalThreshold
}

// normalizeSeeds returns the seeds normalized, without duplicates, in
// their first order.
func normalizeSeeds(seeds []string) []string {
	out := make([]string, 0, len(seeds))
	for _, s := range seeds {
		a := description.NormalizeAddr(s)
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}
