package logging

import (
	"log/slog"
	"time"

	"github.com/cwal-go/cwal/pool"
)

// The reason texts the CMAP specification requires in log messages, by
// the pool's event reasons.
var (
	closedReasons = map[string]string{
		pool.ReasonStale:      "Connection became stale because the pool was cleared",
		pool.ReasonIdle:       "Connection has been available but unused for longer than the configured max idle time",
		pool.ReasonError:      "An error occurred while using the connection",
		pool.ReasonPoolClosed: "Connection pool was closed",
	}
	checkoutReasons = map[string]string{
		pool.FailedPoolClosed:      "Connection pool was closed",
		pool.FailedTimeout:         "Wait queue timeout elapsed without a connection becoming available",
		pool.FailedConnectionError: "An error occurred while trying to establish a new connection",
	}
)

// wrap returns a callback that logs e and then passes it on to next.
func wrap[E any](log func(E), next func(E)) func(E) {
	if next == nil {
		return log
	}
	return func(e E) {
		log(e)
		next(e)
	}
}

// PoolEvents returns pool callbacks that log the connection component's
// messages (all at debug) and then call next's (nil next means none).
// When the component is off it returns next itself.
func (l *Logger) PoolEvents(next *pool.Events) *pool.Events {
	if !l.Enabled(ComponentConnection, LevelDebug) {
		return next
	}
	var n pool.Events
	if next != nil {
		n = *next
	}
	return &pool.Events{
		PoolCreated:       wrap(l.poolCreated, n.PoolCreated),
		PoolReady:         wrap(l.poolReady, n.PoolReady),
		PoolCleared:       wrap(l.poolCleared, n.PoolCleared),
		PoolClosed:        wrap(l.poolClosed, n.PoolClosed),
		ConnectionCreated: wrap(l.connCreated, n.ConnectionCreated),
		ConnectionReady:   wrap(l.connReady, n.ConnectionReady),
		ConnectionClosed:  wrap(l.connClosed, n.ConnectionClosed),
		CheckOutStarted:   wrap(l.checkOutStarted, n.CheckOutStarted),
		CheckOutFailed:    wrap(l.checkOutFailed, n.CheckOutFailed),
		CheckedOut:        wrap(l.checkedOut, n.CheckedOut),
		CheckedIn:         wrap(l.checkedIn, n.CheckedIn),
	}
}

// connLog emits one connection message for the pool at addr.
func (l *Logger) connLog(msg, addr string, extra ...slog.Attr) {
	attrs := hostPort(make([]slog.Attr, 0, 2+len(extra)), addr)
	l.emit(ComponentConnection, LevelDebug, msg, append(attrs, extra...)...)
}

func ms(key string, d time.Duration) slog.Attr {
	return slog.Int64(key, d.Milliseconds())
}

func (l *Logger) poolCreated(e pool.PoolCreatedEvent) {
	o := e.Options
	l.connLog("Connection pool created", e.Address,
		ms("maxIdleTimeMS", o.MaxIdleTime),
		slog.Int64("minPoolSize", int64(o.MinPoolSize)),
		slog.Int64("maxPoolSize", int64(max(o.MaxPoolSize, 0))), // NoLimit is the URI's 0
		slog.Int64("maxConnecting", int64(o.MaxConnecting)),
		ms("waitQueueTimeoutMS", o.WaitQueueTimeout))
}

func (l *Logger) poolReady(e pool.PoolReadyEvent) {
	l.connLog("Connection pool ready", e.Address)
}

func (l *Logger) poolCleared(e pool.PoolClearedEvent) {
	if e.ServiceID != nil {
		l.connLog("Connection pool cleared", e.Address, slog.String("serviceId", e.ServiceID.Hex()))
		return
	}
	l.connLog("Connection pool cleared", e.Address)
}

func (l *Logger) poolClosed(e pool.PoolClosedEvent) {
	l.connLog("Connection pool closed", e.Address)
}

func (l *Logger) connCreated(e pool.ConnectionCreatedEvent) {
	l.connLog("Connection created", e.Address, slog.Int64("driverConnectionId", e.ConnectionID))
}

func (l *Logger) connReady(e pool.ConnectionReadyEvent) {
	l.connLog("Connection ready", e.Address,
		slog.Int64("driverConnectionId", e.ConnectionID), durationMS(e.Duration))
}

func (l *Logger) connClosed(e pool.ConnectionClosedEvent) {
	attrs := []slog.Attr{
		slog.Int64("driverConnectionId", e.ConnectionID),
		slog.String("reason", reasonText(closedReasons, e.Reason)),
	}
	if e.Err != nil {
		attrs = append(attrs, slog.String("error", l.errorText(e.Err)))
	}
	l.connLog("Connection closed", e.Address, attrs...)
}

func (l *Logger) checkOutStarted(e pool.CheckOutStartedEvent) {
	l.connLog("Connection checkout started", e.Address)
}

func (l *Logger) checkOutFailed(e pool.CheckOutFailedEvent) {
	attrs := []slog.Attr{
		slog.String("reason", reasonText(checkoutReasons, e.Reason)),
		durationMS(e.Duration),
	}
	if e.Err != nil {
		attrs = append(attrs, slog.String("error", l.errorText(e.Err)))
	}
	l.connLog("Connection checkout failed", e.Address, attrs...)
}

func (l *Logger) checkedOut(e pool.CheckedOutEvent) {
	l.connLog("Connection checked out", e.Address,
		slog.Int64("driverConnectionId", e.ConnectionID), durationMS(e.Duration))
}

func (l *Logger) checkedIn(e pool.CheckedInEvent) {
	l.connLog("Connection checked in", e.Address, slog.Int64("driverConnectionId", e.ConnectionID))
}

// reasonText maps a pool reason to the specification's sentence, keeping
// an unknown reason as it is rather than dropping it.
func reasonText(texts map[string]string, reason string) string {
	if t, ok := texts[reason]; ok {
		return t
	}
	return reason
}
