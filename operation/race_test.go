//go:build race

package operation_test

// raceEnabled: the race detector changes allocation counts.
const raceEnabled = true
