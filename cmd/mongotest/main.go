// Command mongotest runs the in-process MongoDB-compatible test server as
// a standalone process, so that any MongoDB tool can connect to it:
//
//	go run ./cmd/mongotest -port 27017 [-standalone] [-replset rs0] [-user name:password]...
//
// It prints the connection string on stdout and serves until SIGINT or
// SIGTERM. Data lives in memory and is lost at exit.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/cwal-go/cwal/mongotest"
)

// users collects repeated -user name:password flags.
type users []string

func (u *users) String() string { return strings.Join(*u, ",") }

func (u *users) Set(s string) error {
	if !strings.Contains(s, ":") {
		return fmt.Errorf("want name:password, got %q", s)
	}
	*u = append(*u, s)
	return nil
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "mongotest:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("mongotest", flag.ContinueOnError)
	host := fs.String("host", "127.0.0.1", "address to listen on")
	port := fs.Int("port", 27017, "port to listen on (0 picks a free one)")
	standalone := fs.Bool("standalone", false, "act as a standalone mongod instead of a one-member replica set")
	setName := fs.String("replset", "rs0", "replica set name")
	version := fs.String("version", "8.0.0", "server version to report")
	verbose := fs.Bool("v", false, "log connections and errors to stderr")
	var us users
	fs.Var(&us, "user", "add a user name:password on the admin database (repeatable); enables authentication")
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts := []mongotest.Option{
		mongotest.WithListenAddr(net.JoinHostPort(*host, strconv.Itoa(*port))),
		mongotest.WithServerVersion(*version),
	}
	if *standalone {
		opts = append(opts, mongotest.WithStandalone())
	} else {
		opts = append(opts, mongotest.WithReplicaSet(*setName))
	}
	for _, u := range us {
		name, pw, _ := strings.Cut(u, ":")
		opts = append(opts, mongotest.WithUser(name, pw))
	}
	if *verbose {
		opts = append(opts, mongotest.WithLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	s := mongotest.NewUnstartedServer(opts...)
	if err := s.StartErr(); err != nil {
		return err
	}
	defer s.Close()
	fmt.Println(s.URI())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}
