//go:build !race

package pool_test

// raceEnabled reports a build with the race detector, which allows at most
// 8,128 live goroutines: the storm test shrinks under it.
const raceEnabled = false
