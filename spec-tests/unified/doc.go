// Package unified reads and checks MongoDB unified test format files
// (source/unified-test-format in the mongodb/specifications repository).
//
// It holds the parts of a unified test runner that do not need a client:
//
//   - the file model: Load and Parse turn a JSON test file into a File whose
//     arguments, expected results and expected events stay exact BSON;
//   - the matcher: Match applies the "Evaluating Matches" rules, including the
//     $$ special operators;
//   - runOnRequirements: Satisfied decides whether a server meets them;
//   - event and log expectations: MatchEvents and MatchLogMessages compare
//     what a client recorded (Event, LogMessage) with what a test expects;
//   - error expectations: CheckError compares an operation's error with an
//     expectError block;
//   - the plumbing a runner needs: EntityMap, OpTable, Thread, the skip list
//     (Skips) and per-file counts (Report).
//
// The client plugs in through OpFunc, the error interfaces (ServerError,
// LabeledError, TimeoutError, BulkWriteError) and the recorders
// (EventRecorder, LogRecorder).
package unified
