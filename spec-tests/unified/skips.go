package unified

import "strings"

// Skips lists every test the runner deliberately does not run, with the
// reason. A key is "<suite>", "<suite>/<file>" or
// "<suite>/<file>/<test description>"; a suite key also covers its
// subsuites ("unified-test-format" covers "unified-test-format/valid-pass").
// Tests skipped by their own skipReason or unmet runOnRequirements are not
// listed here: the runner reports those reasons itself.
var Skips = map[string]string{
	// The runner's own list, runnerSkips (runner_skips.go), joins at init.
}

// SkipReason returns the reason a test is in Skips, looking up the test,
// then its file, then its suite and the suite's parents. test may be "" to
// ask about a whole file.
func SkipReason(suite, file, test string) (string, bool) {
	keys := make([]string, 0, 4)
	if test != "" {
		keys = append(keys, suite+"/"+file+"/"+test)
	}
	keys = append(keys, suite+"/"+file)
	for s := suite; s != ""; {
		keys = append(keys, s)
		i := strings.LastIndexByte(s, '/')
		if i < 0 {
			break
		}
		s = s[:i]
	}
	for _, k := range keys {
		if r, ok := Skips[k]; ok {
			return r, true
		}
	}
	return "", false
}
