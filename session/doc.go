// Package session implements the driver side of MongoDB logical sessions
// (driver sessions, causal consistency and snapshot reads
// specifications): the pool of server sessions a client reuses, the
// cluster clock it gossips, and the state of one client session.
//
// A Pool hands out ServerSessions most recently used first, drops those
// the server may already have expired and discards those a network error
// made dirty. A ServerSession is itself an operation.Session, which is
// what an implicit session is: an lsid and a transaction number borrowed
// for one operation.
//
// A Client is an explicit session: it holds a ServerSession from Start to
// End and adds the session's own cluster time, its operationTime (sent as
// afterClusterTime when causally consistent) and its snapshot time.
// A Client is not safe for concurrent use by several operations at once;
// its accessors may be called at any time.
//
// A ClusterClock keeps the greatest $clusterTime seen; it is safe for
// concurrent use.
package session
