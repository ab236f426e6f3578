// Command specrun runs unified specification test suites with cwal's
// client against a deployment and prints pass/skip/fail counts per file:
//
//	go run ./spec-tests/cmd/specrun [-uri URI] [-embedded KIND] [-spec DIR] [-v] [suites...]
//
// The deployment is -uri, else $MONGODB_URI, else an embedded mongotest
// server: a one-member replica set, or with -embedded standalone a
// standalone server, or with -embedded auth a replica set that requires
// SCRAM authentication (the runner connects as a user it creates). Suites are specification directories such as "crud" or
// "unified-test-format/valid-pass"; none given runs unified.DefaultSuites.
// The exit status is 1 when a test failed.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/spec-tests/unified"
)

func main() {
	uri := flag.String("uri", os.Getenv("MONGODB_URI"), "connection string of the deployment (default $MONGODB_URI, else an embedded mongotest)")
	spec := flag.String("spec", "", "root of a mongodb/specifications checkout (default $MONGO_SPEC_DIR or ../shared/specifications beside the repository)")
	verbose := flag.Bool("v", false, "print every failure and skip with its reason")
	embedded := flag.String("embedded", "replset", "kind of embedded mongotest when no URI is given: replset, standalone or auth")
	flag.Parse()
	os.Exit(run(*uri, *spec, *embedded, *verbose, flag.Args()))
}

func run(uri, spec, embedded string, verbose bool, suites []string) int {
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
		var opts []mongotest.Option
		switch embedded {
		case "replset":
		case "standalone":
			opts = append(opts, mongotest.WithStandalone())
		case "auth":
			opts = append(opts, mongotest.WithUser("specrun", "specrun"))
		default:
			fmt.Fprintf(os.Stderr, "specrun: -embedded %q: want replset, standalone or auth\n", embedded)
			return 2
		}
		srv := mongotest.NewServer(opts...)
		defer srv.Close()
		uri = srv.URI()
		if embedded == "auth" {
			uri = strings.Replace(uri, "mongodb://", "mongodb://specrun:specrun@", 1)
		}
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
