package unified

import "github.com/cwal-go/cwal/connstring"

// uriHasCredential reports whether uri asks for authentication, which is
// how the runner knows the deployment has it on (runOnRequirements auth).
func uriHasCredential(uri string) bool {
	cs, err := connstring.Parse(uri)
	return err == nil && cs.Credential != nil
}
