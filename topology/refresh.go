package topology

import "github.com/cwal-go/cwal/description"

// refresh recomputes the fields derived from all servers: wire protocol
// compatibility and the logical session timeout.
func (d *Description) refresh() {
	d.CompatibilityErr = nil
	if d.Kind != LoadBalanced {
		d.CompatibilityErr = compatibility(d.Servers)
	}
	d.LogicalSessionTimeoutMinutes = sessionTimeout(d.Servers)
}

// compatibility returns a *CompatibilityError for the first known server
// (in address order) whose wire range misses the driver's.
func compatibility(servers []description.Server) error {
	for _, s := range servers {
		if s.Type == description.Unknown {
			continue
		}
		if s.MinWireVersion > MaxSupportedWireVersion || s.MaxWireVersion < MinSupportedWireVersion {
			return &CompatibilityError{Addr: s.Addr, MinWireVersion: s.MinWireVersion, MaxWireVersion: s.MaxWireVersion}
		}
	}
	return nil
}

// sessionTimeout is the smallest timeout among data-bearing servers, or
// nil when any of them has none, or there is none.
func sessionTimeout(servers []description.Server) *int64 {
	var least *int64
	for _, s := range servers {
		if !s.Type.DataBearing() {
			continue
		}
		if s.LogicalSessionTimeoutMinutes == nil {
			return nil
		}
		if least == nil || *s.LogicalSessionTimeoutMinutes < *least {
			least = s.LogicalSessionTimeoutMinutes
		}
	}
	return least
}
