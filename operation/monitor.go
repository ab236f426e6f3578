package operation

import (
	"errors"
	"strings"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// CommandMonitor receives the command monitoring events of the command
// logging and monitoring specification; a nil field means the event is
// not wanted. Callbacks run synchronously on the operation's goroutine:
// they must return quickly. Every Started event is followed by exactly one
// Succeeded or Failed event with the same RequestID.
type CommandMonitor struct {
	Started   func(CommandStartedEvent)
	Succeeded func(CommandSucceededEvent)
	Failed    func(CommandFailedEvent)
}

// CommandEvent holds what every command monitoring event reports.
type CommandEvent struct {
	CommandName  string
	DatabaseName string
	// RequestID is the OP_MSG request id; it pairs a Started event with
	// its outcome.
	RequestID int64
	// OperationID links the commands of one Execute: batches, retries and
	// follow-ups.
	OperationID int64
	// Address is the server's address; ConnectionID the driver's id for
	// the connection, ServerConnectionID the server's (0 if unknown).
	Address            string
	ConnectionID       int64
	ServerConnectionID int64
	// ServiceID is the service behind a load balancer; nil otherwise.
	ServiceID *bson.ObjectID
}

// CommandStartedEvent: a command is about to be sent.
type CommandStartedEvent struct {
	CommandEvent
	// Command is the command as sent, its document sequences included as
	// arrays named by their identifiers. It is an empty document for the
	// sensitive commands (authentication, user management, and hello with
	// speculativeAuthenticate). A view valid during the callback only.
	Command bson.Raw
}

// CommandSucceededEvent: the server replied ok: 1 (write errors
// included), or an unacknowledged write was sent.
type CommandSucceededEvent struct {
	CommandEvent
	Duration time.Duration
	// Reply is the reply document ({ok: 1} for an unacknowledged write);
	// empty for the sensitive commands. A view valid during the callback
	// only.
	Reply bson.Raw
}

// CommandFailedEvent: the server replied ok: 0 or the exchange failed.
type CommandFailedEvent struct {
	CommandEvent
	Duration time.Duration
	// Failure is the error. For a sensitive command, a *ServerError keeps
	// only its code, code name and labels.
	Failure error
}

// emptyDoc is the redacted form of a sensitive command or reply.
var emptyDoc = bson.Raw{5, 0, 0, 0, 0}

// okDoc is the reply reported for an unacknowledged write.
var okDoc = bson.Raw{13, 0, 0, 0, 0x10, 'o', 'k', 0, 1, 0, 0, 0, 0}

// sensitiveCommands are redacted in monitoring events (command logging and
// monitoring specification, Security).
var sensitiveCommands = []string{
	"authenticate", "saslStart", "saslContinue", "getnonce", "createUser",
	"updateUser", "copydbgetnonce", "copydbsaslstart", "copydb",
}

// isSensitive reports whether the events of the command named name with
// body body must be redacted.
func isSensitive(name string, body bson.Raw) bool {
	for _, s := range sensitiveCommands {
		if strings.EqualFold(name, s) {
			return true
		}
	}
	if name == "hello" || strings.EqualFold(name, "isMaster") {
		return !body.Lookup("speculativeAuthenticate").IsZero()
	}
	return false
}

// redactFailure keeps only the code, code name and labels of a server
// error.
func redactFailure(err error) error {
	var se *ServerError
	if errors.As(err, &se) {
		return &ServerError{Code: se.Code, CodeName: se.CodeName, Labels: se.Labels}
	}
	return err
}
