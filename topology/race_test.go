//go:build race

package topology_test

// raceEnabled: the race detector changes allocation counts.
const raceEnabled = true
