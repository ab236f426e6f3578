package logging

// Component is one of the specification's logging components.
type Component int

// The components; their String is the name used in log records and in the
// unified test format.
const (
	ComponentCommand Component = iota
	ComponentTopology
	ComponentServerSelection
	ComponentConnection
	numComponents
)

// ComponentKey is the attribute key that names a record's component.
const ComponentKey = "component"

var componentNames = [numComponents]string{
	ComponentCommand:         "command",
	ComponentTopology:        "topology",
	ComponentServerSelection: "serverSelection",
	ComponentConnection:      "connection",
}

// componentEnv names each component's environment variable.
var componentEnv = [numComponents]string{
	ComponentCommand:         "MONGODB_LOG_COMMAND",
	ComponentTopology:        "MONGODB_LOG_TOPOLOGY",
	ComponentServerSelection: "MONGODB_LOG_SERVER_SELECTION",
	ComponentConnection:      "MONGODB_LOG_CONNECTION",
}

// String returns the component's name: "command", "topology",
// "serverSelection" or "connection".
func (c Component) String() string {
	if c < 0 || c >= numComponents {
		return "Component(" + itoa(int(c)) + ")"
	}
	return componentNames[c]
}

// ParseComponent reads a component name as String writes it.
func ParseComponent(s string) (Component, bool) {
	for c, name := range componentNames {
		if s == name {
			return Component(c), true
		}
	}
	return 0, false
}
