package pool

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// The FaaS providers of the handshake specification, by client.env.name.
const (
	faasAWS    = "aws.lambda"
	faasAzure  = "azure.func"
	faasGCP    = "gcp.func"
	faasVercel = "vercel"
)

// environment is what the handshake reports about where the driver runs.
// Empty strings and zero numbers are omitted from the document.
type environment struct {
	faas              string
	timeoutSec        int32
	memoryMB          int32
	region            string
	containerRuntime  string // "docker"
	containerOrchestr string // "kubernetes"
}

// detectEnvironment reads the FaaS and container variables. getenv and
// dockerenv are parameters so tests can supply them.
func detectEnvironment(getenv func(string) string, dockerenv bool) environment {
	e := environment{faas: detectFaaS(getenv)}
	switch e.faas {
	case faasAWS:
		e.region = getenv("AWS_REGION")
		e.memoryMB = envInt32(getenv, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
	case faasGCP:
		e.memoryMB = envInt32(getenv, "FUNCTION_MEMORY_MB")
		e.timeoutSec = envInt32(getenv, "FUNCTION_TIMEOUT_SEC")
		e.region = getenv("FUNCTION_REGION")
	case faasVercel:
		e.region = getenv("VERCEL_REGION")
	}
	if dockerenv {
		e.containerRuntime = "docker"
	}
	if getenv("KUBERNETES_SERVICE_HOST") != "" {
		e.containerOrchestr = "kubernetes"
	}
	return e
}

// FaaSProvider applies the handshake specification's client.env rules to
// the environment read by getenv (os.Getenv when nil) and names the
// function-as-a-service provider it runs on ("aws.lambda", "azure.func",
// "gcp.func", "vercel"), or "" when none or an ambiguous mix is set. Vercel
// runs on AWS Lambda and wins over it. Server monitoring uses it to choose
// polling over streaming.
func FaaSProvider(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	return detectFaaS(getenv)
}

// detectFaaS is FaaSProvider with a non-nil getenv.
func detectFaaS(getenv func(string) string) string {
	var found []string
	if strings.HasPrefix(getenv("AWS_EXECUTION_ENV"), "AWS_Lambda_") || getenv("AWS_LAMBDA_RUNTIME_API") != "" {
		found = append(found, faasAWS)
	}
	if getenv("FUNCTIONS_WORKER_RUNTIME") != "" {
		found = append(found, faasAzure)
	}
	if getenv("K_SERVICE") != "" || getenv("FUNCTION_NAME") != "" {
		found = append(found, faasGCP)
	}
	if getenv("VERCEL") != "" {
		found = append(found, faasVercel)
	}
	switch {
	case len(found) == 1:
		return found[0]
	case len(found) == 2 && found[0] == faasAWS && found[1] == faasVercel:
		return faasVercel
	}
	return ""
}

// envInt32 reads an int32 variable; a missing or malformed one is 0
// (omitted), never an error.
func envInt32(getenv func(string) string, name string) int32 {
	n, err := strconv.ParseInt(getenv(name), 10, 32)
	if err != nil {
		return 0
	}
	return int32(n)
}

// hasDockerenv reports the /.dockerenv file Docker creates in containers.
func hasDockerenv() bool {
	_, err := os.Stat("/.dockerenv")
	return err == nil
}

// osInfo is the client.os document.
type osInfo struct{ typ, name, arch string }

// hostOS is computed once: it reads /etc/os-release on Linux.
var hostOS = sync.OnceValue(func() osInfo {
	return osInfo{typ: osType(runtime.GOOS), name: osName(), arch: machineArch(runtime.GOARCH)}
})

// osType maps GOOS to the uname -s style names the specification gives.
func osType(goos string) string {
	switch goos {
	case "linux", "android":
		return "Linux"
	case "darwin", "ios":
		return "Darwin"
	case "windows":
		return "Windows"
	case "freebsd", "openbsd", "netbsd", "dragonfly":
		return "BSD"
	case "solaris", "illumos", "aix":
		return "Unix"
	}
	return "unknown"
}

// osName is the distribution's PRETTY_NAME on Linux, else GOOS.
func osName() string {
	if runtime.GOOS != "linux" {
		return runtime.GOOS
	}
	f, err := os.Open("/etc/os-release")
	if err != nil {
		return runtime.GOOS
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "PRETTY_NAME="); ok {
			if u, err := strconv.Unquote(v); err == nil {
				return u
			}
			return strings.Trim(v, `"'`)
		}
	}
	return runtime.GOOS
}

// machineArch maps GOARCH to uname -m style names.
func machineArch(goarch string) string {
	switch goarch {
	case "amd64":
		return "x86_64"
	case "386":
		return "i386"
	case "arm64":
		if runtime.GOOS == "linux" {
			return "aarch64"
		}
	}
	return goarch
}
