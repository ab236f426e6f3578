// Command specrun runs unified specification test suites with cwal's
// client against a deployment and prints pass/skip/fail counts per file:
//
//	go run ./spec-tests/cmd/specrun [-uri URI] [-spec DIR] [-v] [suites...]
//
// The deployment is -uri, else $MONGODB_URI, else an embedded mongotest
// server. Suites are specification directories such as "crud" or
// "unified-test-format/valid-pass"; none given runs unified.DefaultSuites.
// The exit status is 1 when a test failed.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/spec-tests/unified"
)

func main() {
	uri := flag.String("uri", os.Getenv("MONGODB_URI"), "connection string of the deployment (default $MONGODB_URI, else an embedded mongotest)")
	spec := flag.String("spec", "", "root of a mongodb/specifications checkout (default $MONGO_SPEC_DIR or ../shared/specifications beside the repository)")
	verbose := flag.Bool("v", false, "print every failure and skip with its reason")
	flag.Parse()
	os.Exit(run(*uri, *spec, *verbose, flag.Args()))
}

func run(uri, spec string, verbose bool, suites []string) int {
	ctx := context.Background()
	if spec == "" {
		dir, err := unified.FindSpecDir(".")
		if err != nil {
			fmt.Fprintln(os.Stderr, "specrun:", err)
			return 2
		}
		spec = dir
	}
	if uri == "" {
		srv := mongotest.NewServer()
		defer srv.Close()
		uri = srv.URI()
	}
	if len(suites) == 0 {
		suites = unified.DefaultSuites
	}
	r, err := unified.NewRunner(ctx, uri)
	if err != nil {
		fmt.Fprintln(os.Stderr, "specrun:", err)
		return 2
	}
	defer r.Close(ctx)
	rep := unified.NewReport("unified")
	err = r.RunSuites(ctx, spec, suites, rep, func(ref unified.FileRef, res unified.TestResult) {
		report(ref, res, verbose)
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "specrun:", err)
		return 2
	}
	_ = rep.Print(os.Stdout)
	if rep.Totals().Failed > 0 {
		return 1
	}
	return 0
}

// report prints a failure always and a skip with -v.
func report(ref unified.FileRef, res unified.TestResult, verbose bool) {
	switch {
	case res.Outcome == unified.Failed:
		fmt.Printf("FAIL %s / %s: %v\n", ref.Key(), res.Test, res.Err)
	case res.Outcome == unified.Skipped && verbose:
		fmt.Printf("SKIP %s / %s: %s\n", ref.Key(), res.Test, res.Reason)
	}
}
