package unified

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/pool"
)

// commandMonitor feeds a client's command monitoring events to rec. The
// event documents are views valid during the callback only, so they are
// copied.
func commandMonitor(rec *EventRecorder) *operation.CommandMonitor {
	return &operation.CommandMonitor{
		Started: func(e operation.CommandStartedEvent) {
			ev := commandEvent("commandStartedEvent", e.CommandEvent)
			ev.Command = append(bson.Raw(nil), e.Command...)
			rec.Record(ev)
		},
		Succeeded: func(e operation.CommandSucceededEvent) {
			ev := commandEvent("commandSucceededEvent", e.CommandEvent)
			ev.Reply = append(bson.Raw(nil), e.Reply...)
			ev.Duration = e.Duration
			rec.Record(ev)
		},
		Failed: func(e operation.CommandFailedEvent) {
			ev := commandEvent("commandFailedEvent", e.CommandEvent)
			ev.Failure = e.Failure
			ev.Duration = e.Duration
			rec.Record(ev)
		},
	}
}

func commandEvent(name string, c operation.CommandEvent) *CommandEvent {
	ev := &CommandEvent{
		Name: name, CommandName: c.CommandName, DatabaseName: c.DatabaseName,
		RequestID: c.RequestID, OperationID: c.OperationID, Address: c.Address,
		ServerConnectionID: c.ServerConnectionID,
	}
	if c.ServiceID != nil {
		ev.ServiceID = *c.ServiceID
	}
	return ev
}

// poolEvents feeds a client's CMAP events to rec.
func poolEvents(rec *EventRecorder) *pool.Events {
	cm := func(name, addr string, id int64) *CMAPEvent {
		return &CMAPEvent{Name: name, Address: addr, ConnectionID: id}
	}
	return &pool.Events{
		PoolCreated: func(e pool.PoolCreatedEvent) { rec.Record(cm("poolCreatedEvent", e.Address, 0)) },
		PoolReady:   func(e pool.PoolReadyEvent) { rec.Record(cm("poolReadyEvent", e.Address, 0)) },
		PoolCleared: func(e pool.PoolClearedEvent) {
			ev := cm("poolClearedEvent", e.Address, 0)
			ev.InterruptInUseConnections = e.InterruptInUseConnections
			if e.ServiceID != nil {
				ev.ServiceID = *e.ServiceID
			}
			rec.Record(ev)
		},
		PoolClosed: func(e pool.PoolClosedEvent) { rec.Record(cm("poolClosedEvent", e.Address, 0)) },
		ConnectionCreated: func(e pool.ConnectionCreatedEvent) {
			rec.Record(cm("connectionCreatedEvent", e.Address, e.ConnectionID))
		},
		ConnectionReady: func(e pool.ConnectionReadyEvent) { rec.Record(cm("connectionReadyEvent", e.Address, e.ConnectionID)) },
		ConnectionClosed: func(e pool.ConnectionClosedEvent) {
			ev := cm("connectionClosedEvent", e.Address, e.ConnectionID)
			ev.Reason = e.Reason
			rec.Record(ev)
		},
		CheckOutStarted: func(e pool.CheckOutStartedEvent) { rec.Record(cm("connectionCheckOutStartedEvent", e.Address, 0)) },
		CheckOutFailed: func(e pool.CheckOutFailedEvent) {
			ev := cm("connectionCheckOutFailedEvent", e.Address, 0)
			ev.Reason = e.Reason
			ev.Duration = e.Duration
			rec.Record(ev)
		},
		CheckedOut: func(e pool.CheckedOutEvent) { rec.Record(cm("connectionCheckedOutEvent", e.Address, e.ConnectionID)) },
		CheckedIn:  func(e pool.CheckedInEvent) { rec.Record(cm("connectionCheckedInEvent", e.Address, e.ConnectionID)) },
	}
}
