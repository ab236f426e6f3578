package unified

import (
	"fmt"
	"strings"
	"sync"

	"github.com/cwal-go/cwal/bson"
)

// LogMessage is one structured log message a client emitted, as the
// client's log handler adapter records it.
type LogMessage struct {
	// Component is "command", "topology", "serverSelection" or
	// "connection".
	Component string
	// Level is one of LogLevels.
	Level string
	// Data holds the message's key-value pairs, including "message".
	Data bson.Raw
}

// LevelSeverity returns the position of level in LogLevels (0 is the most
// severe), or -1 for an unknown level.
func LevelSeverity(level string) int {
	for i, l := range LogLevels {
		if l == level {
			return i
		}
	}
	return -1
}

// LogRecorder collects the log messages of one client entity that its
// observeLogMessages selects. It is safe for concurrent use.
type LogRecorder struct {
	mu       sync.Mutex
	maxLevel map[string]int
	stopped  bool
	messages []LogMessage
}

// NewLogRecorder returns a recorder for observeLogMessages, a map from
// component to the least severe level to keep.
func NewLogRecorder(observe map[string]string) *LogRecorder {
	r := &LogRecorder{maxLevel: map[string]int{}}
	for comp, level := range observe {
		r.maxLevel[comp] = LevelSeverity(level)
	}
	return r
}

// Enabled reports whether a message of this component and level would be
// kept, so a log handler can skip building it.
func (r *LogRecorder) Enabled(component, level string) bool {
	limit, ok := r.maxLevel[component]
	sev := LevelSeverity(level)
	return ok && sev >= 0 && sev <= limit
}

// Record keeps m if its component and level are observed.
func (r *LogRecorder) Record(m LogMessage) {
	if !r.Enabled(m.Component, m.Level) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.stopped {
		r.messages = append(r.messages, m)
	}
}

// Messages returns a copy of the recorded messages, oldest first.
func (r *LogRecorder) Messages() []LogMessage {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]LogMessage(nil), r.messages...)
}

// Stop makes the recorder ignore later messages.
func (r *LogRecorder) Stop() {
	r.mu.Lock()
	r.stopped = true
	r.mu.Unlock()
}

// LogMismatchError reports the first expected log message that was not
// observed as expected; Index is -1 when the counts differ.
type LogMismatchError struct {
	Client  string
	Index   int
	Problem string
	Err     error
}

// Error names the client, the message and the problem.
func (e *LogMismatchError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("client %q log messages: %s", e.Client, e.Problem)
	}
	return fmt.Sprintf("client %q log message %d: %s", e.Client, e.Index, e.Problem)
}

// Unwrap returns the underlying match error, if any.
func (e *LogMismatchError) Unwrap() error { return e.Err }

// LogMatchOptions configure MatchLogMessages.
type LogMatchOptions struct {
	MatchOptions
	// Redacted decides whether a failure value is redacted; nil means
	// DefaultRedacted.
	Redacted func(failure bson.RawValue) bool
}

// MatchLogMessages checks the messages observed on one client against an
// expectLogMessages entry: messages matching any of IgnoreMessages are
// dropped, the rest must match Messages in order, and unless
// IgnoreExtraMessages is set there may be no more of them. The error is a
// *LogMismatchError.
func MatchLogMessages(exp ExpectedLogsForClient, observed []LogMessage, opts LogMatchOptions) error {
	var got []LogMessage
	for _, m := range observed {
		if !matchesAny(exp.IgnoreMessages, m, opts) {
			got = append(got, m)
		}
	}
	if len(got) < len(exp.Messages) || (!exp.IgnoreExtraMessages && len(got) != len(exp.Messages)) {
		return &LogMismatchError{Client: exp.Client, Index: -1,
			Problem: fmt.Sprintf("expected %d message(s), observed %d: %s", len(exp.Messages), len(got), messageList(got))}
	}
	for i, want := range exp.Messages {
		if err := MatchLogMessage(want, got[i], opts); err != nil {
			return &LogMismatchError{Client: exp.Client, Index: i, Problem: err.Error(), Err: err}
		}
	}
	return nil
}

func matchesAny(list []ExpectedLogMessage, m LogMessage, opts LogMatchOptions) bool {
	for _, want := range list {
		if MatchLogMessage(want, m, opts) == nil {
			return true
		}
	}
	return false
}

func messageList(ms []LogMessage) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = fmt.Sprintf("%s/%s %q", m.Component, m.Level, m.Data.Lookup("message").StringValue())
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// MatchLogMessage checks one observed message against one expected message.
func MatchLogMessage(want ExpectedLogMessage, got LogMessage, opts LogMatchOptions) error {
	if want.Component != got.Component || want.Level != got.Level {
		return fmt.Errorf("expected a %s message at level %s, got %s at %s",
			want.Component, want.Level, got.Component, got.Level)
	}
	if err := MatchDocument(want.Data, got.Data, opts.MatchOptions); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if want.FailureIsRedacted == nil {
		return nil
	}
	failure := got.Data.Lookup("failure")
	if failure.IsZero() {
		return fmt.Errorf("expected a failure in the message data")
	}
	redacted := opts.Redacted
	if redacted == nil {
		redacted = DefaultRedacted
	}
	if r := redacted(failure); r != *want.FailureIsRedacted {
		return fmt.Errorf("expected failureIsRedacted %v, failure is %s", *want.FailureIsRedacted, describe(failure))
	}
	return nil
}

// DefaultRedacted reports a failure as redacted when it is null, an empty
// string or document, a document holding only code, codeName and
// errorLabels (the fields the specification lets a redacted server error
// keep), or a string containing "REDACTED".
func DefaultRedacted(failure bson.RawValue) bool {
	switch failure.Type {
	case bson.TypeNull:
		return true
	case bson.TypeString:
		s := failure.StringValue()
		return s == "" || strings.Contains(s, "REDACTED")
	case bson.TypeEmbeddedDoc:
		it := failure.Document().Iter()
		for it.Next() {
			switch it.Key() {
			case "code", "codeName", "errorLabels":
			default:
				return false
			}
		}
		return it.Err() == nil
	}
	return false
}
