package connstring

import (
	"strconv"
	"strings"
)

// appendOptions writes every set option under its specification name.
func (c *Config) appendOptions(q *query) {
	c.appendAuthOptions(q)
	q.str("appname", c.AppName)
	q.str("replicaSet", c.ReplicaSet)
	q.optBool("directConnection", c.DirectConnection)
	q.optBool("loadBalanced", c.LoadBalanced)
	q.str("srvServiceName", c.SRVServiceName)
	q.num("srvMaxHosts", c.SRVMaxHosts)
	c.appendTLSOptions(q)
	q.optMS("timeoutMS", c.Timeout)
	q.optMS("connectTimeoutMS", c.ConnectTimeout)
	q.ms("socketTimeoutMS", c.SocketTimeout)
	q.ms("serverSelectionTimeoutMS", c.ServerSelectionTimeout)
	q.optBool("serverSelectionTryOnce", c.ServerSelectionTryOnce)
	q.ms("heartbeatFrequencyMS", c.HeartbeatFrequency)
	q.optMS("localThresholdMS", c.LocalThreshold)
	q.str("serverMonitoringMode", c.ServerMonitoringMode)
	q.optNum("maxPoolSize", c.MaxPoolSize)
	q.num("minPoolSize", c.MinPoolSize)
	q.num("maxConnecting", c.MaxConnecting)
	q.ms("maxIdleTimeMS", c.MaxIdleTime)
	q.ms("waitQueueTimeoutMS", c.WaitQueueTimeout)
	c.appendConcernOptions(q)
	if len(c.Compressors) > 0 {
		q.str("compressors", strings.Join(c.Compressors, ","))
	}
	q.optNum("zlibCompressionLevel", c.ZlibCompressionLevel)
	q.str("proxyHost", c.ProxyHost)
	q.num("proxyPort", c.ProxyPort)
	q.str("proxyUsername", c.ProxyUsername)
	q.secret("proxyPassword", c.ProxyPassword)
	q.optNum("maxAdaptiveRetries", c.MaxAdaptiveRetries)
	q.flag("enableOverloadRetargeting", c.EnableOverloadRetargeting)
}

func (c *Config) appendAuthOptions(q *query) {
	if cr := c.Credential; cr != nil {
		q.str("authMechanism", cr.Mechanism)
		if len(cr.MechanismProperties) > 0 {
			q.key("authMechanismProperties")
			q.buf = appendKeyValues(q.buf, redactProperties(cr.MechanismProperties))
		}
	}
	q.str("authSource", c.AuthSource)
}

// redactProperties hides the values of secret mechanism properties.
func redactProperties(props map[string]string) map[string]string {
	if _, ok := props["AWS_SESSION_TOKEN"]; !ok {
		return props
	}
	out := make(map[string]string, len(props))
	for k, v := range props {
		out[k] = v
	}
	out["AWS_SESSION_TOKEN"] = redacted
	return out
}

func (c *Config) appendTLSOptions(q *query) {
	// mongodb+srv implies TLS, so only tls=false needs saying there.
	if c.SRVHost != "" && !c.TLS {
		q.key("tls")
		q.buf = append(q.buf, "false"...)
	}
	if c.SRVHost == "" {
		q.flag("tls", c.TLS)
	}
	q.flag("tlsInsecure", c.TLSInsecure)
	q.flag("tlsAllowInvalidCertificates", c.TLSAllowInvalidCertificates)
	q.flag("tlsAllowInvalidHostnames", c.TLSAllowInvalidHostnames)
	q.str("tlsCAFile", c.TLSCAFile)
	q.str("tlsCertificateKeyFile", c.TLSCertificateKeyFile)
	q.secret("tlsCertificateKeyFilePassword", c.TLSCertificateKeyFilePassword)
	q.flag("tlsDisableOCSPEndpointCheck", c.TLSDisableOCSPEndpointCheck)
	q.flag("tlsDisableCertificateRevocationCheck", c.TLSDisableCertificateRevocationCheck)
}

func (c *Config) appendConcernOptions(q *query) {
	q.str("readPreference", c.ReadPreference)
	for _, set := range c.ReadPreferenceTags {
		q.key("readPreferenceTags")
		q.buf = appendKeyValues(q.buf, set)
	}
	if c.MaxStaleness > 0 {
		q.key("maxStalenessSeconds")
		q.buf = strconv.AppendInt(q.buf, int64(c.MaxStaleness.Seconds()), 10)
	}
	q.str("readConcernLevel", c.ReadConcernLevel)
	if w, ok := c.W.Get(); ok {
		q.key("w")
		if w.Tag != "" {
			q.buf = appendEscaped(q.buf, w.Tag)
		} else {
			q.buf = strconv.AppendInt(q.buf, int64(w.N), 10)
		}
	}
	q.optBool("journal", c.Journal)
	q.ms("wTimeoutMS", c.WTimeout)
	q.optBool("retryReads", c.RetryReads)
	q.optBool("retryWrites", c.RetryWrites)
}
