package unified

import (
	"encoding/json"
	"fmt"

	"github.com/cwal-go/cwal/bson"
)

// ExpectedLogsForClient is one entry of a test's expectLogMessages.
type ExpectedLogsForClient struct {
	Client   string
	Messages []ExpectedLogMessage
	// IgnoreMessages are removed from the observed messages before
	// Messages are compared.
	IgnoreMessages []ExpectedLogMessage
	// IgnoreExtraMessages allows observed messages after the expected ones.
	IgnoreExtraMessages bool
}

// ExpectedLogMessage is one expected log message.
type ExpectedLogMessage struct {
	Level     string
	Component string
	// Data is matched against the message's data as a root document.
	Data bson.Raw
	// FailureIsRedacted, when set, asserts that data holds a failure that
	// is (true) or is not (false) redacted.
	FailureIsRedacted *bool
}

func decodeExpectedLogs(d *decoder, path string, raw json.RawMessage) ExpectedLogsForClient {
	o := d.object(path, raw)
	o.require("client", "messages")
	e := ExpectedLogsForClient{
		Client:              o.str("client"),
		IgnoreExtraMessages: o.boolean("ignoreExtraMessages"),
		Messages:            decodeLogMessages(o, "messages"),
		IgnoreMessages:      decodeLogMessages(o, "ignoreMessages"),
	}
	o.close()
	return e
}

func decodeLogMessages(o *object, key string) []ExpectedLogMessage {
	out := []ExpectedLogMessage{}
	for i, r := range o.array(key, 0) {
		out = append(out, decodeLogMessage(o.d, fmt.Sprintf("%s[%d]", o.at(key), i), r))
	}
	return out
}

func decodeLogMessage(d *decoder, path string, raw json.RawMessage) ExpectedLogMessage {
	o := d.object(path, raw)
	o.require("level", "component", "data")
	m := ExpectedLogMessage{
		Level:             o.enum("level", LogLevels...),
		Component:         o.enum("component", LogComponents...),
		Data:              o.document("data"),
		FailureIsRedacted: o.boolPtr("failureIsRedacted"),
	}
	o.close()
	return m
}
