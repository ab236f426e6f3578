package pool

import "time"

// The emit helpers send one event when its callback is set; with no
// Events they cost a nil check, so the hot path stays allocation-free.

func (p *Pool) emitPoolCreated() {
	if p.ev != nil && p.ev.PoolCreated != nil {
		p.ev.PoolCreated(PoolCreatedEvent{Address: p.addr, Options: p.opts})
	}
}

func (p *Pool) emitPoolReady() {
	if p.ev != nil && p.ev.PoolReady != nil {
		p.ev.PoolReady(PoolReadyEvent{Address: p.addr})
	}
}

func (p *Pool) emitPoolClosed() {
	if p.ev != nil && p.ev.PoolClosed != nil {
		p.ev.PoolClosed(PoolClosedEvent{Address: p.addr})
	}
}

func (p *Pool) emitConnCreated(id int64) {
	if p.ev != nil && p.ev.ConnectionCreated != nil {
		p.ev.ConnectionCreated(ConnectionCreatedEvent{Address: p.addr, ConnectionID: id})
	}
}

func (p *Pool) emitConnReady(id int64, d time.Duration) {
	if p.ev != nil && p.ev.ConnectionReady != nil {
		p.ev.ConnectionReady(ConnectionReadyEvent{Address: p.addr, ConnectionID: id, Duration: d})
	}
}

func (p *Pool) emitConnClosed(id int64, reason string, err error) {
	if p.ev != nil && p.ev.ConnectionClosed != nil {
		p.ev.ConnectionClosed(ConnectionClosedEvent{Address: p.addr, ConnectionID: id, Reason: reason, Err: err})
	}
}

func (p *Pool) emitCheckOutStarted() {
	if p.ev != nil && p.ev.CheckOutStarted != nil {
		p.ev.CheckOutStarted(CheckOutStartedEvent{Address: p.addr})
	}
}

func (p *Pool) emitCheckOutFailed(reason string, err error, d time.Duration) {
	if p.ev != nil && p.ev.CheckOutFailed != nil {
		p.ev.CheckOutFailed(CheckOutFailedEvent{Address: p.addr, Reason: reason, Err: err, Duration: d})
	}
}

func (p *Pool) emitCheckedOut(id int64, d time.Duration) {
	if p.ev != nil && p.ev.CheckedOut != nil {
		p.ev.CheckedOut(CheckedOutEvent{Address: p.addr, ConnectionID: id, Duration: d})
	}
}

// wantsCheckedIn reports whether CheckedIn events are subscribed: Checkin
// then emits before handing the connection on, which takes the lock twice.
func (p *Pool) wantsCheckedIn() bool {
	return p.ev != nil && p.ev.CheckedIn != nil
}

func (p *Pool) emitCheckedIn(id int64) {
	if p.wantsCheckedIn() {
		p.ev.CheckedIn(CheckedInEvent{Address: p.addr, ConnectionID: id})
	}
}
