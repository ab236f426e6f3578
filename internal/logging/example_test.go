package logging_test

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/cwal-go/cwal/internal/logging"
	"github.com/cwal-go/cwal/operation"
)

// Options set in code win over the environment. This example turns the
// precedence around, as the logging specification asks drivers to show:
// the code's levels are only defaults, and MONGODB_LOG_* variables, when
// set, replace them.
func Example_environmentOverridesCode() {
	env := map[string]string{"MONGODB_LOG_COMMAND": "off"} // stands in for os.Getenv
	defaults := logging.Options{
		Handler: slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
			Level: logging.LevelTrace.Slog(),
			ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
				if a.Key == slog.TimeKey {
					return slog.Attr{} // keep the output stable
				}
				return a
			},
		}),
		Levels: map[logging.Component]logging.Level{
			logging.ComponentCommand:    logging.LevelDebug,
			logging.ComponentConnection: logging.LevelDebug,
		},
	}
	lg := logging.New(logging.FromEnv(func(k string) string { return env[k] }).Merge(defaults))

	fmt.Println(lg.Enabled(logging.ComponentCommand, logging.LevelDebug))
	// With its component off, CommandMonitor hands back the monitor it was
	// given: no callbacks to skip at run time.
	fmt.Println(lg.CommandMonitor(operation.CommandMonitor{}).Started == nil)
	lg.PoolEvents(nil).CheckedIn(poolCheckedIn("localhost:27017", 1))
	// Output:
	// false
	// true
	// level=DEBUG msg="Connection checked in" component=connection serverHost=localhost serverPort=27017 driverConnectionId=1
}
