package session

import "time"

// SetNow replaces the pool's clock, for staleness tests.
func SetNow(p *Pool, now func() time.Time) { p.now = now }
