package topology

import "testing"

func TestOnFaaS(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"AWS_EXECUTION_ENV": "AWS_Lambda_java8"}, true},
		{map[string]string{"AWS_EXECUTION_ENV": "EC2"}, false},
		{map[string]string{"AWS_LAMBDA_RUNTIME_API": "x"}, true},
		{map[string]string{"FUNCTIONS_WORKER_RUNTIME": "node"}, true},
		{map[string]string{"K_SERVICE": "svc"}, true},
		{map[string]string{"FUNCTION_NAME": "f"}, true},
		{map[string]string{"VERCEL": "1", "AWS_LAMBDA_RUNTIME_API": "x"}, true},
		{map[string]string{"FUNCTIONS_WORKER_RUNTIME": "node", "K_SERVICE": "svc"}, false},
	}
	for _, tc := range cases {
		getenv := func(k string) string { return tc.env[k] }
		if got := onFaaS(getenv); got != tc.want {
			t.Errorf("%v: onFaaS %v, want %v", tc.env, got, tc.want)
		}
		if got := MonitorAuto.streaming(getenv); got == tc.want {
			t.Errorf("%v: auto streams %v", tc.env, got)
		}
		if !MonitorStream.streaming(getenv) || MonitorPoll.streaming(getenv) {
			t.Error("stream and poll must ignore the environment")
		}
	}
}
