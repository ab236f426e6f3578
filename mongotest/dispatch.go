package mongotest

import (
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// command describes one server command.
type command struct {
	run func(r *request, bl *builder) error
	// noAuth commands run before authentication (handshake, auth, ping).
	noAuth bool
	// adminOnly commands must run against the admin database.
	adminOnly bool
	// write commands are de-duplicated as retryable writes and refused
	// by a member that is not primary.
	write bool
	// fields lists the command-specific fields besides the command name
	// and the generic arguments; nil accepts any field.
	fields []string
}

// genericArgs are the fields mongod accepts on every command.
var genericArgs = map[string]bool{
	"$db": true, "maxTimeMS": true, "readConcern": true, "writeConcern": true, "lsid": true,
	"txnNumber": true, "autocommit": true, "startTransaction": true, "stmtId": true, "stmtIds": true,
	"$clusterTime": true, "$audit": true, "$client": true, "$readPreference": true,
	"apiVersion": true, "apiStrict": true, "apiDeprecationErrors": true, "comment": true,
	"clientOperationKey": true, "mayBypassWriteConcern": true, "txnRetryCounter": true,
	"$queryOptions": true, "databaseVersion": true, "shardVersion": true, "rawData": true,
	"maxTimeMSOpOnly": true, "readOnly": true, "versionContext": true, "allowImplicitCollectionCreation": true,
}

func isHello(name string) bool {
	return name == "hello" || name == "isMaster" || name == "ismaster"
}

// dispatch runs a request through authentication, fail points, retryable
// write de-duplication and the handler, and returns the reply body.
// closeConn asks the caller to close the connection without replying.
func (c *conn) dispatch(req *request) (reply bson.Raw, closeConn bool) {
	cmd, cerr := c.lookup(req)
	if cerr != nil {
		return c.failUnknown(req, cerr)
	}
	c.srv.sessions.touch(req)
	c.clockBefore(req, cmd)
	if isHello(req.name) {
		// The handshake's metadata is recorded before fail points are
		// checked, so that failCommand's appName filter matches the very
		// hello that names the application, as on mongod.
		if err := c.recordHandshake(req); err != nil {
			return errorBody(err), false
		}
	}
	fp, early, closeConn := c.failPoints(req)
	if early != nil || closeConn {
		return early, closeConn
	}
	if sess := c.srv.txns.checkout(req); sess != nil {
		defer sess.mu.Unlock()
		if cached, ok := sess.replay(req); ok {
			return replayedReply(req, cached, fp), false
		}
		if failed, closeConn, hit := c.failTransactionalWrite(req); hit {
			return failed, closeConn
		}
		reply = c.execute(cmd, req, fp)
		if reply.Lookup("ok").Double() == 1 {
			sess.store(req, storedReply(reply, fp)) // a copy: the reply's buffer is reused
		}
		return reply, false
	}
	return c.execute(cmd, req, fp), false
}

// failUnknown replies to a command that cannot run. A command mongod has
// and mongotest lacks (authenticate, createUser, ...) still meets
// failCommand first, as it would on mongod, so that tests can make it fail
// or drop the connection.
func (c *conn) failUnknown(req *request, cerr *cmdError) (reply bson.Raw, closeConn bool) {
	c.clockBefore(req, nil)
	if cerr.Code == codeCommandNotFound && req.name != "" {
		if _, early, closeConn := c.failPoints(req); early != nil || closeConn {
			return early, closeConn
		}
	}
	return errorBody(cerr), false
}

// failPoints applies the fail points that act before a command runs. It
// returns the failCommand hit (for writeConcernError, applied after), or
// the reply that replaces the command's, or closeConn.
func (c *conn) failPoints(req *request) (fp *fpHit, reply bson.Raw, closeConn bool) {
	if err := maxTimeAlwaysTimeOut(c.srv, req); err != nil {
		return nil, errorBody(err), false
	}
	fp = c.srv.fail.match(req)
	if fp == nil {
		return nil, nil, false
	}
	if fp.block > 0 {
		if err := c.block(req, fp.block); err != nil {
			return nil, errorBody(err), false
		}
	}
	if fp.closeConn {
		return nil, nil, true
	}
	if fp.err != nil {
		return nil, errorBody(fp.err), false
	}
	return fp, nil, false
}

// execute runs the handler and completes its reply: ok, or the error
// document, and any write concern error.
func (c *conn) execute(cmd *command, req *request, fp *fpHit) bson.Raw {
	bl := newBuilder(c.takeReplyBuf())
	if err := c.runCommand(cmd, req, bl); err != nil {
		ce := toCmdError(err)
		addRetryableLabel(req, ce)
		c.srv.log.Debug("command failed", "conn", c.id, "command", req.name, "db", req.db, "code", ce.Code, "errmsg", ce.Msg)
		return errorBody(ce)
	}
	if fp != nil && fp.wce != nil {
		bl.doc("writeConcernError", fp.wce)
		if labels := wceLabels(req, fp.wce); len(labels) > 0 {
			bl.strs("errorLabels", labels)
		}
	} else if wce := writeConcernProblem(req, cmd); wce != nil {
		bl.doc("writeConcernError", wce)
	}
	bl.double("ok", 1)
	req.recyclable = true
	return bl.finish()
}

// lookup finds the command and checks what must hold before it runs.
func (c *conn) lookup(req *request) (*command, *cmdError) {
	if req.name == "" {
		return nil, errorf(codeCommandNotFound, "no such command: ''")
	}
	if !req.legacy && req.body.Lookup("$db").Type == 0 {
		return nil, errorf(codeLocationNoDB, "OP_MSG requests require a $db argument")
	}
	cmd, ok := c.srv.commands[req.name]
	if !ok {
		return nil, errorf(codeCommandNotFound, "no such command: '%s'", req.name)
	}
	if !cmd.noAuth && c.srv.users.required() && !c.authenticated() {
		return nil, errorf(codeUnauthorized, "Command %s requires authentication", req.name)
	}
	if cmd.adminOnly && req.db != "admin" {
		return nil, errorf(codeUnauthorized, "%s may only be run against the admin database.", req.name)
	}
	if err := checkFields(req, cmd); err != nil {
		return nil, err
	}
	if err := checkAPIVersion(req); err != nil {
		return nil, err
	}
	if err := checkSnapshotReadConcern(req); err != nil {
		return nil, err
	}
	if cmd.write && !c.srv.member.isPrimary() {
		return nil, &cmdError{Code: codeNotWritablePrimary, Msg: "not primary"}
	}
	return cmd, nil
}

func checkFields(req *request, cmd *command) *cmdError {
	if cmd.fields == nil {
		return nil
	}
	it := req.body.Iter()
	it.Next()
	for it.Next() {
		k := it.KeyBytes() // compared without a string copy per field
		if genericArgs[string(k)] || containsBytes(cmd.fields, k) {
			continue
		}
		return errorf(codeUnknownField, "BSON field '%s.%s' is an unknown field.", req.name, k)
	}
	return nil
}

func containsBytes(list []string, s []byte) bool {
	for _, x := range list {
		if x == string(s) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// codeAPIVersionError is mongod's error for a bad apiVersion.
const codeAPIVersionError = 322

// runCommand runs the handler, recovering from a panic so that one bad
// command cannot take the server down. The error names where the panic
// happened, for bug reports.
func (c *conn) runCommand(cmd *command, req *request, bl *builder) (err error) {
	defer func() {
		if p := recover(); p != nil {
			where := panicSite()
			c.srv.log.Error("command panicked", "command", req.name, "panic", p, "at", where, "stack", string(debug.Stack()))
			err = errorf(codeInternalError, "internal error in %s: %v (at %s)", req.name, p, where)
		}
	}()
	return cmd.run(req, bl)
}

// panicSite returns file:line of the frame that panicked, skipping the
// runtime and this package's recovery.
func panicSite() string {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") {
			return filepath.Base(filepath.Dir(f.File)) + "/" + filepath.Base(f.File) + ":" + strconv.Itoa(f.Line)
		}
		if !more {
			return "unknown"
		}
	}
}
