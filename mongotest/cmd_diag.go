package mongotest

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/cwal-go/cwal/bson"
)

var startTime = time.Now()

func cmdPing(r *request, bl *builder) error { return nil }

func cmdBuildInfo(r *request, bl *builder) error {
	v := r.c.srv.cfg.version
	bl.str("version", v).str("gitVersion", "mongotest")
	bl.startArray("versionArray")
	parts := strings.SplitN(v, ".", 3)
	for i := 0; i < 4; i++ {
		n := 0
		if i < len(parts) {
			n, _ = strconv.Atoi(strings.TrimFunc(parts[i], func(r rune) bool { return r < '0' || r > '9' }))
		}
		bl.int32("", int32(n))
	}
	bl.end()
	bl.str("javascriptEngine", "none").str("sysInfo", "deprecated").int32("bits", 64).bool("debug", false).
		int32("maxBsonObjectSize", maxBsonObjectSize).strs("storageEngines", []string{"wiredTiger"}).
		strs("modules", []string{})
	return nil
}

// serverParameters are the values getParameter reports.
func serverParameters(s *Server) map[string]func(bl *builder, k string) {
	return map[string]func(*builder, string){
		"featureCompatibilityVersion": func(bl *builder, k string) {
			bl.startDoc(k).str("version", fcv(s.cfg.version)).end()
		},
		"authenticationMechanisms":               func(bl *builder, k string) { bl.strs(k, []string{mechSHA1, mechSHA256}) },
		"requireApiVersion":                      func(bl *builder, k string) { bl.bool(k, false) },
		"transactionLifetimeLimitSeconds":        func(bl *builder, k string) { bl.int32(k, 60) },
		"maxTransactionLockRequestTimeoutMillis": func(bl *builder, k string) { bl.int32(k, 5) },
		"cursorTimeoutMillis":                    func(bl *builder, k string) { bl.int64(k, 600000) },
		"logLevel":                               func(bl *builder, k string) { bl.int32(k, 0) },
		"notablescan":                            func(bl *builder, k string) { bl.bool(k, false) },
		"enableTestCommands":                     func(bl *builder, k string) { bl.bool(k, true) },
		"maxBSONDepth":                           func(bl *builder, k string) { bl.int32(k, 200) },
	}
}

// fcv is the featureCompatibilityVersion of a server version: "8.0" for "8.0.4".
func fcv(version string) string {
	parts := strings.SplitN(version, ".", 3)
	if len(parts) < 2 {
		return version
	}
	return parts[0] + "." + parts[1]
}

func cmdGetParameter(r *request, bl *builder) error {
	params := serverParameters(r.c.srv)
	all := false
	if s, ok := r.arg("getParameter").StringValueOK(); ok && s == "*" {
		all = true
	} else if d, ok := r.arg("getParameter").DocumentOK(); ok && d.Lookup("allParameters").Boolean() {
		all = true
	}
	if all {
		for _, k := range sortedKeys(params) {
			params[k](bl, k)
		}
		return nil
	}
	found := false
	it := r.body.Iter()
	it.Next()
	for it.Next() {
		if fn, ok := params[it.Key()]; ok {
			fn(bl, it.Key())
			found = true
		}
	}
	if !found {
		return errorf(codeInvalidOptions, "no option found to get")
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

func cmdServerStatus(r *request, bl *builder) error {
	s := r.c.srv
	up := time.Since(startTime)
	host, _ := os.Hostname()
	bl.str("host", host).str("version", s.cfg.version).str("process", "mongod").
		int64("pid", int64(os.Getpid())).int64("uptime", int64(up.Seconds())).
		int64("uptimeMillis", up.Milliseconds()).dateTime("localTime", time.Now().UnixMilli())
	n := int32(s.NumConnections())
	bl.startDoc("connections").int32("current", n).int32("available", 1_000_000-n).
		int64("totalCreated", s.connIDs.Load()).int32("active", n).end()
	if rs := s.member.rs; rs != nil {
		bl.startDoc("repl").str("setName", rs.name).bool("isWritablePrimary", s.member.isPrimary()).
			str("me", s.member.host).end()
	}
	return nil
}

func cmdHostInfo(r *request, bl *builder) error {
	host, _ := os.Hostname()
	bl.startDoc("system").dateTime("currentTime", time.Now().UnixMilli()).str("hostname", host).
		int32("cpuAddrSize", 64).int32("numCores", int32(runtime.NumCPU())).str("cpuArch", runtime.GOARCH).end()
	bl.startDoc("os").str("type", runtime.GOOS).str("name", runtime.GOOS).end()
	bl.startDoc("extra").end()
	return nil
}

func cmdWhatsMyURI(r *request, bl *builder) error {
	bl.str("you", r.c.nc.RemoteAddr().String())
	return nil
}

func cmdGetCmdLineOpts(r *request, bl *builder) error {
	bl.strs("argv", []string{"mongotest"}).startDoc("parsed").end()
	return nil
}

func cmdGetLog(r *request, bl *builder) error {
	if s, _ := r.arg("getLog").StringValueOK(); s == "*" {
		bl.strs("names", []string{"global", "startupWarnings"})
		return nil
	}
	bl.int32("totalLinesWritten", 0).strs("log", []string{})
	return nil
}

// codeNoReplicationEnabled is replSetGetStatus's error on a standalone.
const codeNoReplicationEnabled = 76

func cmdReplSetGetStatus(r *request, bl *builder) error {
	m := r.c.srv.member
	if m.rs == nil {
		return errorf(codeNoReplicationEnabled, "not running with --replSet")
	}
	now := time.Now()
	bl.str("set", m.rs.name).dateTime("date", now.UnixMilli()).int32("myState", 1).int64("term", m.rs.term)
	bl.startArray("members")
	for i, mm := range m.rs.members {
		state, name := int32(2), "SECONDARY"
		if mm.isPrimary() {
			state, name = 1, "PRIMARY"
		}
		bl.startDoc("").int32("_id", int32(i)).str("name", mm.host).double("health", 1).
			int32("state", state).str("stateStr", name).int64("uptime", int64(time.Since(startTime).Seconds())).
			bool("self", mm == m).end()
	}
	bl.end()
	return nil
}

func cmdCurrentOp(r *request, bl *builder) error {
	bl.docs("inprog", []bson.Raw{})
	return nil
}

func cmdGetDefaultRWConcern(r *request, bl *builder) error {
	bl.startDoc("defaultReadConcern").str("level", "local").end()
	bl.startDoc("defaultWriteConcern").str("w", "majority").int32("wtimeout", 0).end()
	bl.str("defaultWriteConcernSource", "implicit").str("defaultReadConcernSource", "implicit")
	return nil
}
