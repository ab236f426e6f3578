package operation

import (
	"context"

	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
)

// wireVersion50 is the wire version of MongoDB 5.0, from which secondaries
// run an aggregate with $out or $merge.
const wireVersion50 = 13

// selectWriteStage selects the server of a read that writes (an aggregate
// ending in $out or $merge, Traits.WriteStage) by the CRUD specification:
// with a non-primary read preference, a 5.0+ server selected by it runs
// the command and receives the read preference; a pre-5.0 one cannot, so
// the selection is made again as a write, on the primary, and no
// $readPreference is sent. The specification asks to look at every
// available server; a Deployment shows only the selected one, which is
// the one that matters when all servers share a version.
func (x *execution) selectWriteStage(ctx context.Context, c topology.Criteria) (Server, error) {
	if x.opts.ReadPref.Mode == topology.Primary {
		c.Write = true
		return x.d.SelectServer(ctx, c)
	}
	c.ReadPref = x.opts.ReadPref
	srv, err := x.d.SelectServer(ctx, c)
	if err != nil || runsWriteStage(srv.Description()) {
		return srv, err
	}
	srv.Done()
	x.opts.ReadPref = topology.ReadPref{} // the read preference used is primary
	c.Write, c.ReadPref = true, topology.ReadPref{}
	return x.d.SelectServer(ctx, c)
}

// runsWriteStage reports a server that runs an aggregate with $out or
// $merge under a non-primary read preference: 5.0+, or a load balancer
// (whose mongos are assumed 5.0+).
func runsWriteStage(desc description.Server) bool {
	return desc.Type == description.LoadBalancer || desc.MaxWireVersion >= wireVersion50
}
