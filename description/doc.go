// Package description holds what the driver knows about one server: the
// ServerDescription of the Server Discovery and Monitoring (SDAM)
// specification, filled from a hello (or legacy hello) reply.
//
//	s := description.NewServer("db1.example.com:27017", reply)
//	if s.Type == description.RSPrimary { ... }
//
// NewServer never panics and never fails: a reply that is not ok, is
// malformed or has a field of the wrong type yields a Server of type
// Unknown whose Error says what was wrong, which is exactly what the SDAM
// state machine needs to process next.
//
// A Server is a plain value. NewServer copies the reply, so the Server does
// not refer to the caller's buffer, which connections reuse. Equal compares
// two descriptions by the SDAM "server description equality" rule, which
// decides whether a change is worth an event.
package description
