package connstring

import (
	"time"
)

// optionTable maps lowercased option names to their description. Every option
// of the uri-options specification is here.
var optionTable = buildOptionTable()

func buildOptionTable() map[string]*option {
	table := map[string]*option{}
	for _, o := range optionList() {
		table[lowerASCII(o.name)] = o
	}
	return table
}

func optionList() []*option {
	list := []*option{
		{name: "appname", set: setAppName},
		{name: "authMechanism", set: setAuthMechanism},
		{name: "authMechanismProperties", set: setAuthMechanismProperties, secret: true},
		{name: "authSource", set: setAuthSource, allowEmpty: true},
		{name: "compressors", set: setCompressors},
		{name: "zlibCompressionLevel", set: optIntField(func(c *Config) *Optional[int] { return &c.ZlibCompressionLevel }, -1, 9)},
		{name: "replicaSet", set: stringField(func(c *Config) *string { return &c.ReplicaSet })},
		{name: "directConnection", set: optBoolField(func(c *Config) *Optional[bool] { return &c.DirectConnection })},
		{name: "loadBalanced", set: optBoolField(func(c *Config) *Optional[bool] { return &c.LoadBalanced })},
		{name: "srvServiceName", set: setSRVServiceName},
		{name: "srvMaxHosts", set: intField(func(c *Config) *int { return &c.SRVMaxHosts }, 0, maxInt32)},
		{name: "maxAdaptiveRetries", set: optIntField(func(c *Config) *Optional[int] { return &c.MaxAdaptiveRetries }, 0, maxInt32)},
		{name: "enableOverloadRetargeting", set: boolField(func(c *Config) *bool { return &c.EnableOverloadRetargeting })},
	}
	list = append(list, tlsOptions()...)
	list = append(list, timeoutOptions()...)
	list = append(list, poolOptions()...)
	list = append(list, concernOptions()...)
	return append(list, proxyOptions()...)
}

func tlsOptions() []*option {
	return []*option{
		{name: "tls", set: setTLS},
		{name: "ssl", set: setTLS},
		{name: "tlsInsecure", set: boolField(func(c *Config) *bool { return &c.TLSInsecure })},
		{name: "tlsAllowInvalidCertificates", set: boolField(func(c *Config) *bool { return &c.TLSAllowInvalidCertificates })},
		{name: "tlsAllowInvalidHostnames", set: boolField(func(c *Config) *bool { return &c.TLSAllowInvalidHostnames })},
		{name: "tlsCAFile", set: stringField(func(c *Config) *string { return &c.TLSCAFile })},
		{name: "tlsCertificateKeyFile", set: stringField(func(c *Config) *string { return &c.TLSCertificateKeyFile })},
		{name: "tlsCertificateKeyFilePassword", set: stringField(func(c *Config) *string { return &c.TLSCertificateKeyFilePassword }), secret: true},
		{name: "tlsDisableOCSPEndpointCheck", set: boolField(func(c *Config) *bool { return &c.TLSDisableOCSPEndpointCheck })},
		{name: "tlsDisableCertificateRevocationCheck", set: boolField(func(c *Config) *bool { return &c.TLSDisableCertificateRevocationCheck })},
	}
}

func timeoutOptions() []*option {
	return []*option{
		{name: "timeoutMS", set: optMSField(func(c *Config) *Optional[time.Duration] { return &c.Timeout }, 64, 0)},
		{name: "connectTimeoutMS", set: optMSField(func(c *Config) *Optional[time.Duration] { return &c.ConnectTimeout }, 32, 0)},
		{name: "socketTimeoutMS", set: msField(func(c *Config) *time.Duration { return &c.SocketTimeout }, 32, 0)},
		{name: "serverSelectionTimeoutMS", set: msField(func(c *Config) *time.Duration { return &c.ServerSelectionTimeout }, 32, 1)},
		{name: "serverSelectionTryOnce", set: optBoolField(func(c *Config) *Optional[bool] { return &c.ServerSelectionTryOnce })},
		{name: "heartbeatFrequencyMS", set: msField(func(c *Config) *time.Duration { return &c.HeartbeatFrequency }, 32, 500)},
		{name: "localThresholdMS", set: optMSField(func(c *Config) *Optional[time.Duration] { return &c.LocalThreshold }, 32, 0)},
		{name: "serverMonitoringMode", set: oneOf(func(c *Config) *string { return &c.ServerMonitoringMode }, "auto", "stream", "poll")},
	}
}

func poolOptions() []*option {
	return []*option{
		{name: "maxPoolSize", set: optIntField(func(c *Config) *Optional[int] { return &c.MaxPoolSize }, 0, maxInt32)},
		{name: "minPoolSize", set: intField(func(c *Config) *int { return &c.MinPoolSize }, 0, maxInt32)},
		{name: "maxConnecting", set: intField(func(c *Config) *int { return &c.MaxConnecting }, 1, maxInt32)},
		{name: "maxIdleTimeMS", set: msField(func(c *Config) *time.Duration { return &c.MaxIdleTime }, 32, 0)},
		{name: "waitQueueTimeoutMS", set: msField(func(c *Config) *time.Duration { return &c.WaitQueueTimeout }, 32, 1)},
	}
}

func concernOptions() []*option {
	return []*option{
		{name: "readPreference", set: oneOf(func(c *Config) *string { return &c.ReadPreference }, readPreferenceModes...)},
		{name: "readPreferenceTags", set: setReadPreferenceTags, list: true, allowEmpty: true},
		{name: "maxStalenessSeconds", set: setMaxStaleness},
		{name: "readConcernLevel", set: stringField(func(c *Config) *string { return &c.ReadConcernLevel })},
		{name: "w", set: setW},
		{name: "journal", set: optBoolField(func(c *Config) *Optional[bool] { return &c.Journal })},
		{name: "wTimeoutMS", set: msField(func(c *Config) *time.Duration { return &c.WTimeout }, 64, 0)},
		{name: "retryReads", set: optBoolField(func(c *Config) *Optional[bool] { return &c.RetryReads })},
		{name: "retryWrites", set: optBoolField(func(c *Config) *Optional[bool] { return &c.RetryWrites })},
	}
}

func proxyOptions() []*option {
	return []*option{
		{name: "proxyHost", set: stringField(func(c *Config) *string { return &c.ProxyHost }), once: true},
		{name: "proxyPort", set: intField(func(c *Config) *int { return &c.ProxyPort }, 0, 65535), once: true},
		{name: "proxyUsername", set: stringField(func(c *Config) *string { return &c.ProxyUsername }), once: true},
		{name: "proxyPassword", set: stringField(func(c *Config) *string { return &c.ProxyPassword }), once: true, secret: true},
	}
}

const maxInt32 = 1<<31 - 1

var readPreferenceModes = []string{"primary", "primaryPreferred", "secondary", "secondaryPreferred", "nearest"}
