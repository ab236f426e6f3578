// Package connstring parses MongoDB connection strings into a plain Config.
//
//	cfg, err := connstring.Parse("mongodb://app:secret@db1,db2:27018/shop?replicaSet=rs0&w=majority")
//
// Parse follows the Connection String, URI Options, Auth and Initial DNS
// Seedlist Discovery specifications: option names are case-insensitive;
// user, password, hosts, database and option values are percent-decoded
// ("+" is not a space); hosts may be names, IPv4 addresses, bracketed IPv6
// literals or percent-encoded Unix socket paths ending in ".sock"; a missing
// port is 27017.
//
// # Warnings and errors
//
// What the specifications say to ignore (an unknown option, an out-of-range
// value, a repeated key, an unknown compressor) is skipped and described in
// Config.Warnings. Everything else fails with an *Error naming the option or
// URI part; errors.Is matches its kind (ErrSyntax, ErrInvalidOption,
// ErrInvalidCredential, ErrSRV). Neither warnings nor errors ever contain the
// password, and Config.String redacts it.
//
// # Defaults
//
// The zero value of a Config field means "the driver default"; the few
// options where zero is a meaningful explicit value (maxPoolSize=0, w=0,
// retryWrites=false, ...) are Optional. The caller may edit a Config and call
// Validate before connecting.
//
// TLS is off unless tls=true (or ssl=true) is given, or the URI is
// mongodb+srv; other tls* options never enable it by themselves. tlsInsecure
// relaxes both certificate and host name verification.
//
// # SRV
//
// A mongodb+srv URI needs DNS: Parse keeps the SRV host (Config.SRVHost) and
// leaves Hosts empty; ParseAndResolve, or Config.ResolveSRV, looks up the SRV
// and TXT records through a Resolver (*net.Resolver satisfies it, and tests
// pass a fake). ResolveSRVHosts resolves only the host list, for SRV polling.
//
// # Limits
//
// Values of authMechanismProperties and readPreferenceTags cannot contain a
// comma: the value is split at commas after decoding, so a TOKEN_RESOURCE with
// a comma must be set on the Credential in code. A MONGODB-OIDC URI must name
// a built-in ENVIRONMENT. Options are separated by "&" only (not the legacy
// ";"), and the legacy boolean spellings ("1", "yes", ...) are invalid values.
package connstring
