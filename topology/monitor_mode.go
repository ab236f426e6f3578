package topology

import (
	"strconv"
	"strings"

	"github.com/cwal-go/cwal/pool"
)

// MonitoringMode is serverMonitoringMode: which protocol monitors use.
type MonitoringMode uint8

// The monitoring modes of the server monitoring specification.
const (
	// MonitorAuto streams, except on a FaaS platform (AWS Lambda, Azure
	// Functions, Google Cloud Functions, Vercel) where it polls.
	MonitorAuto MonitoringMode = iota
	// MonitorStream streams hello replies from servers that support it
	// (MongoDB 4.4+), with a separate RTT monitor, and polls the others.
	MonitorStream
	// MonitorPoll sends one hello per heartbeat and never streams.
	MonitorPoll
)

var monitoringModeNames = [...]string{MonitorAuto: "auto", MonitorStream: "stream", MonitorPoll: "poll"}

// String returns the URI spelling, such as "stream".
func (m MonitoringMode) String() string {
	if int(m) < len(monitoringModeNames) {
		return monitoringModeNames[m]
	}
	return "MonitoringMode(" + strconv.Itoa(int(m)) + ")"
}

// ParseMonitoringMode reads a serverMonitoringMode value; "" means auto.
// Other values than "auto", "stream" and "poll" are a *ConfigError.
func ParseMonitoringMode(s string) (MonitoringMode, error) {
	if s == "" {
		return MonitorAuto, nil
	}
	for m, name := range monitoringModeNames {
		if strings.EqualFold(s, name) {
			return MonitoringMode(m), nil
		}
	}
	return MonitorAuto, &ConfigError{Problem: "serverMonitoringMode " + strconv.Quote(s) + " is not auto, stream or poll"}
}

// streaming reports whether monitors may use the streaming protocol.
func (m MonitoringMode) streaming(getenv func(string) string) bool {
	switch m {
	case MonitorStream:
		return true
	case MonitorPoll:
		return false
	}
	return !onFaaS(getenv)
}

// onFaaS reports whether the handshake specification's client.env rules
// find a function-as-a-service provider (the same rules the handshake uses).
func onFaaS(getenv func(string) string) bool {
	return pool.FaaSProvider(getenv) != ""
}
