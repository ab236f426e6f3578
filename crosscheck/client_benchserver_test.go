package crosscheck

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// benchServerURI returns BENCH_MONGODB_URI, or starts cmd/mongotest in a
// child process on a free port (stopped at cleanup) and returns its URI.
func benchServerURI(b *testing.B) string {
	b.Helper()
	if uri := os.Getenv("BENCH_MONGODB_URI"); uri != "" {
		return uri
	}
	bin := filepath.Join(b.TempDir(), "mongotest")
	build := exec.Command("go", "build", "-o", bin, "github.com/cwal-go/cwal/cmd/mongotest")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building cmd/mongotest: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-port", "0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("reading the mongotest URI: %v", err)
	}
	return strings.TrimSpace(line)
}
