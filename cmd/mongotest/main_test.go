package main

import (
	"strings"
	"testing"
)

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-user", "no-colon"},
		{"-port", "x"},
		{"-bogus"},
		{"-host", "256.0.0.1", "-port", "0"},
	} {
		if err := run(args); err == nil {
			t.Errorf("run(%s) succeeded", strings.Join(args, " "))
		}
	}
}
