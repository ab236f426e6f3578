// Package logging emits the driver's structured log messages, as the
// MongoDB logging specification defines them, through a log/slog Handler.
//
// Four components log: command (command started, succeeded, failed),
// topology (SDAM monitoring and heartbeats), serverSelection and connection
// (CMAP). Each has its own minimum Level; a message is emitted when its
// Level is at least as severe as its component's.
//
// Configuration: build Options in code, fill what it leaves unset from the
// environment with Options.Merge(FromEnv(os.Getenv)), then call New. Options
// set in code win over the MONGODB_LOG_* variables, as the specification
// requires. To let the environment win instead, merge the other way:
// FromEnv(os.Getenv).Merge(code).
//
//	opts := logging.Options{Levels: map[logging.Component]logging.Level{
//		logging.ComponentCommand: logging.LevelDebug,
//	}}
//	lg := logging.New(opts.Merge(logging.FromEnv(os.Getenv)))
//	monitor := lg.CommandMonitor(operation.CommandMonitor{})
//	events := lg.PoolEvents(nil)
//	sdam := lg.TopologyEvents(nil)
//	rc.SelectionLogger = lg // a *Logger is a topology.SelectionLogger
//	defer lg.Close()        // closes a MONGODB_LOG_PATH file FromEnv named
//
// Records: the record's Message is the specification's message text
// ("Command started", "Connection pool created", ...); its attributes are
// the specification's fields under their exact names (commandName,
// requestId, serverHost, serverPort, durationMS, ...) with the attribute
// ComponentKey naming the component. Integer fields are int64, durationMS is
// a float64 of milliseconds, documents (command, reply) are relaxed extended
// JSON strings truncated to MaxDocumentLength bytes at a UTF-8 boundary with
// "..." appended, and errors are their Error() text. Absent optional fields
// (serverConnectionId, serviceId, a Unix socket's serverPort) are omitted,
// never null.
//
// Levels map to slog levels as follows (Level.Slog; LevelFromSlog inverts
// it): emergency 12, alert 11, critical 10, error 8 (slog.LevelError), warn
// 4 (slog.LevelWarn), notice 2, info 0 (slog.LevelInfo), debug -4
// (slog.LevelDebug), trace -8.
//
// A nil *Logger is valid and logs nothing; New returns nil when every
// component is off. The package keeps no global state.
package logging
