package connstring

import (
	"time"
)

// DefaultPort is the port of a host given without one.
const DefaultPort = 27017

// Config is a parsed connection string. Parse fills it; the caller may edit it
// before connecting and call Validate again. Each field documents the URI
// option it comes from.
//
// The zero value of every field means "the driver default". Fields where zero
// is also a meaningful explicit value use Optional (see there). Durations are
// whole milliseconds when parsed (seconds for MaxStaleness); String writes
// them back truncated to that unit.
//
// Config is plain data: copying it shares Hosts, Compressors,
// ReadPreferenceTags, Warnings and the Credential.
type Config struct {
	// Hosts is the seed list, in URI order. For a mongodb+srv URI it is empty
	// until ResolveSRV fills it.
	Hosts []Host
	// SRVHost is the host of a mongodb+srv URI ("" for mongodb://). It is kept
	// after resolution so that an SRV poller can resolve it again.
	SRVHost string
	// SRVServiceName is srvServiceName; "" means "mongodb".
	SRVServiceName string
	// SRVMaxHosts is srvMaxHosts: how many SRV records to use; 0 means all.
	SRVMaxHosts int

	// Database is the path of the URI, percent-decoded; "" when absent. It is
	// the default database and, for some mechanisms, the default auth source.
	Database string
	// Credential is set when the URI asks for authentication (userinfo,
	// authMechanism or authMechanismProperties); nil means no authentication.
	Credential *Credential
	// AuthSource is the authSource option as given in the URI or in the SRV
	// TXT record. The source actually used is Credential.Source.
	AuthSource string

	// AppName is appname, sent in the handshake (at most 128 bytes).
	AppName string
	// ReplicaSet is replicaSet: the required replica set name.
	ReplicaSet string
	// DirectConnection is directConnection.
	DirectConnection Optional[bool]
	// LoadBalanced is loadBalanced.
	LoadBalanced Optional[bool]

	// TLS is tls (alias ssl). Parse sets it for mongodb+srv URIs unless the
	// URI says tls=false. Other tls* options never turn TLS on by themselves.
	TLS bool
	// TLSInsecure is tlsInsecure: skip certificate and host name verification.
	TLSInsecure bool
	// TLSAllowInvalidCertificates is tlsAllowInvalidCertificates.
	TLSAllowInvalidCertificates bool
	// TLSAllowInvalidHostnames is tlsAllowInvalidHostnames.
	TLSAllowInvalidHostnames bool
	// TLSCAFile is tlsCAFile: a PEM file of trusted certificate authorities.
	TLSCAFile string
	// TLSCertificateKeyFile is tlsCertificateKeyFile: the client certificate
	// and private key, PEM.
	TLSCertificateKeyFile string
	// TLSCertificateKeyFilePassword is tlsCertificateKeyFilePassword. String
	// redacts it.
	TLSCertificateKeyFilePassword string
	// TLSDisableOCSPEndpointCheck is tlsDisableOCSPEndpointCheck.
	TLSDisableOCSPEndpointCheck bool
	// TLSDisableCertificateRevocationCheck is
	// tlsDisableCertificateRevocationCheck.
	TLSDisableCertificateRevocationCheck bool

	// Timeout is timeoutMS, the client-side operation timeout; Some(0) means
	// no limit, unset means the feature is off.
	Timeout Optional[time.Duration]
	// ConnectTimeout is connectTimeoutMS; Some(0) means no limit.
	ConnectTimeout Optional[time.Duration]
	// SocketTimeout is socketTimeoutMS; 0 means no limit.
	SocketTimeout time.Duration
	// ServerSelectionTimeout is serverSelectionTimeoutMS.
	ServerSelectionTimeout time.Duration
	// ServerSelectionTryOnce is serverSelectionTryOnce.
	ServerSelectionTryOnce Optional[bool]
	// HeartbeatFrequency is heartbeatFrequencyMS (at least 500ms).
	HeartbeatFrequency time.Duration
	// LocalThreshold is localThresholdMS; Some(0) selects only the fastest.
	LocalThreshold Optional[time.Duration]
	// ServerMonitoringMode is serverMonitoringMode: "auto", "stream" or "poll".
	ServerMonitoringMode string

	// MaxPoolSize is maxPoolSize; Some(0) means no limit.
	MaxPoolSize Optional[int]
	// MinPoolSize is minPoolSize.
	MinPoolSize int
	// MaxConnecting is maxConnecting: concurrent connection handshakes per
	// pool.
	MaxConnecting int
	// MaxIdleTime is maxIdleTimeMS; 0 means idle connections are kept.
	MaxIdleTime time.Duration
	// WaitQueueTimeout is waitQueueTimeoutMS (deprecated by timeoutMS).
	WaitQueueTimeout time.Duration

	// ReadPreference is readPreference, in canonical case: "primary",
	// "primaryPreferred", "secondary", "secondaryPreferred" or "nearest".
	ReadPreference string
	// ReadPreferenceTags is the ordered list of readPreferenceTags; an empty
	// TagSet matches any server.
	ReadPreferenceTags []TagSet
	// MaxStaleness is maxStalenessSeconds; 0 means no maximum (the URI value
	// -1). The minimum of 90s is enforced by server selection, which knows
	// the heartbeat frequency.
	MaxStaleness time.Duration
	// ReadConcernLevel is readConcernLevel, passed to the server as given.
	ReadConcernLevel string
	// W is the write concern w.
	W Optional[WValue]
	// Journal is journal, the write concern j.
	Journal Optional[bool]
	// WTimeout is wTimeoutMS (deprecated by timeoutMS); 0 means none.
	WTimeout time.Duration
	// RetryReads is retryReads (default true).
	RetryReads Optional[bool]
	// RetryWrites is retryWrites (default true).
	RetryWrites Optional[bool]

	// Compressors is compressors, in preference order; only "snappy", "zlib"
	// and "zstd" are kept.
	Compressors []string
	// ZlibCompressionLevel is zlibCompressionLevel, -1 to 9.
	ZlibCompressionLevel Optional[int]

	// ProxyHost is proxyHost, a SOCKS5 proxy.
	ProxyHost string
	// ProxyPort is proxyPort; 0 means 1080.
	ProxyPort int
	// ProxyUsername is proxyUsername.
	ProxyUsername string
	// ProxyPassword is proxyPassword. String redacts it.
	ProxyPassword string

	// MaxAdaptiveRetries is maxAdaptiveRetries: overload retries (default 2).
	MaxAdaptiveRetries Optional[int]
	// EnableOverloadRetargeting is enableOverloadRetargeting.
	EnableOverloadRetargeting bool

	// Warnings lists what parsing ignored: unknown options, invalid values,
	// repeated keys. Messages never contain a password.
	Warnings []string
}

// WValue is the w of a write concern: a number of members or a tag name.
type WValue struct {
	// N is the number of members that must acknowledge; used when Tag is "".
	N int
	// Tag is "majority" or the name of a custom write concern. A URI value
	// that is a decimal integer is always read as N.
	Tag string
}

// TagSet is one read preference tag set: a server matches when it has every
// name with the same value.
type TagSet map[string]string

// NeedsResolution reports whether the Config comes from a mongodb+srv URI
// whose hosts have not been resolved yet.
func (c *Config) NeedsResolution() bool {
	return c.SRVHost != "" && len(c.Hosts) == 0
}
