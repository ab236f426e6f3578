package connstring

import (
	"strconv"
)

// Validate checks the credential against the rules of its mechanism (auth
// spec, "MongoCredential Properties"). Error texts name properties, never
// the password.
func (c *Credential) Validate() error {
	switch c.Mechanism {
	case "", MechanismSCRAMSHA1, MechanismSCRAMSHA256, MechanismPLAIN:
		return c.validatePassword()
	case MechanismGSSAPI:
		return c.validateGSSAPI()
	case MechanismX509:
		if c.PasswordSet {
			return credErr("password", "MONGODB-X509 does not take a password")
		}
		return c.check(true, nil)
	case MechanismAWS:
		// Since 2025 the auth spec takes AWS credentials only from the
		// environment or an SDK provider, never from the URI.
		if c.Username != "" || c.PasswordSet {
			return credErr("userinfo", "MONGODB-AWS takes its credentials from the environment, not from the connection string")
		}
		return c.check(true, nil)
	case MechanismOIDC:
		return c.validateOIDC()
	}
	return credErr("authMechanism", "unsupported mechanism "+strconv.Quote(c.Mechanism))
}

// validatePassword covers the username/password mechanisms. A password is
// required when SCRAM or PLAIN is named; with no mechanism the spec tests
// accept "user@host" (the application may supply the password in code).
func (c *Credential) validatePassword() error {
	name := c.Mechanism
	if name == "" {
		name = "the default mechanism"
	}
	if c.Username == "" {
		return credErr("username", name+" requires a username")
	}
	if c.Mechanism != "" && !c.PasswordSet {
		return credErr("password", name+" requires a password")
	}
	return c.check(false, nil)
}

var gssapiProperties = []string{"SERVICE_NAME", "CANONICALIZE_HOST_NAME", "SERVICE_REALM", "SERVICE_HOST"}

func (c *Credential) validateGSSAPI() error {
	if c.Username == "" {
		return credErr("username", "GSSAPI requires a username")
	}
	if v, ok := c.MechanismProperties["CANONICALIZE_HOST_NAME"]; ok {
		switch v {
		case "none", "forward", "forwardAndReverse", "true", "false":
		default:
			return credErr("authMechanismProperties", `CANONICALIZE_HOST_NAME must be "none", "forward" or "forwardAndReverse"`)
		}
	}
	return c.check(true, gssapiProperties)
}

var oidcProperties = []string{"ENVIRONMENT", "TOKEN_RESOURCE"}

// validateOIDC applies the built-in environment rules. A URI alone cannot
// carry an OIDC callback, so ENVIRONMENT is required here.
func (c *Credential) validateOIDC() error {
	if c.PasswordSet {
		return credErr("password", "MONGODB-OIDC does not take a password")
	}
	if err := c.check(true, oidcProperties); err != nil {
		return err
	}
	env, hasEnv := c.MechanismProperties["ENVIRONMENT"]
	_, hasResource := c.MechanismProperties["TOKEN_RESOURCE"]
	switch {
	case !hasEnv:
		return credErr("authMechanismProperties", "MONGODB-OIDC requires ENVIRONMENT (test, azure, gcp or k8s)")
	case env != "test" && env != "azure" && env != "gcp" && env != "k8s":
		return credErr("authMechanismProperties", "unsupported MONGODB-OIDC ENVIRONMENT "+strconv.Quote(env))
	case (env == "azure" || env == "gcp") != hasResource:
		return credErr("authMechanismProperties", "TOKEN_RESOURCE is required with ENVIRONMENT azure or gcp and not allowed otherwise")
	case env == "test" && c.Username != "":
		return credErr("username", "MONGODB-OIDC ENVIRONMENT test does not take a username")
	}
	return nil
}

// check verifies the source ($external when external is true) and that every
// mechanism property is one of allowed.
func (c *Credential) check(external bool, allowed []string) error {
	if external && c.Source != "" && c.Source != "$external" {
		return credErr("authSource", c.mechanismName()+` requires authSource "$external"`)
	}
	for k := range c.MechanismProperties {
		if !contains(allowed, k) {
			return credErr("authMechanismProperties", "property "+strconv.Quote(k)+" is not supported by "+c.mechanismName())
		}
	}
	return nil
}

func (c *Credential) mechanismName() string {
	if c.Mechanism == "" {
		return "the default mechanism"
	}
	return c.Mechanism
}
