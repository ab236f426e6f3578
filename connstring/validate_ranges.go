package connstring

import (
	"strconv"
	"time"
)

// validateDurations rejects what no URI can produce: negative durations and a
// heartbeat below the SDAM minimum of 500ms.
func (c *Config) validateDurations() error {
	durations := []struct {
		name string
		d    time.Duration
	}{
		{"timeoutMS", c.Timeout.Value}, {"connectTimeoutMS", c.ConnectTimeout.Value},
		{"socketTimeoutMS", c.SocketTimeout}, {"serverSelectionTimeoutMS", c.ServerSelectionTimeout},
		{"heartbeatFrequencyMS", c.HeartbeatFrequency}, {"localThresholdMS", c.LocalThreshold.Value},
		{"maxIdleTimeMS", c.MaxIdleTime}, {"waitQueueTimeoutMS", c.WaitQueueTimeout},
		{"maxStalenessSeconds", c.MaxStaleness}, {"wTimeoutMS", c.WTimeout},
	}
	for _, d := range durations {
		if d.d < 0 {
			return optionErr(d.name, "cannot be negative")
		}
	}
	if c.HeartbeatFrequency > 0 && c.HeartbeatFrequency < 500*time.Millisecond {
		return optionErr("heartbeatFrequencyMS", "must be at least 500")
	}
	return nil
}

// validateCounts checks the integer options; a minPoolSize above an explicit
// positive maxPoolSize could never be satisfied.
func (c *Config) validateCounts() error {
	switch {
	case c.MaxPoolSize.Value < 0:
		return optionErr("maxPoolSize", "cannot be negative")
	case c.MinPoolSize < 0:
		return optionErr("minPoolSize", "cannot be negative")
	case c.MaxPoolSize.Set && c.MaxPoolSize.Value > 0 && c.MinPoolSize > c.MaxPoolSize.Value:
		return optionErr("minPoolSize", "cannot be greater than maxPoolSize ("+strconv.Itoa(c.MaxPoolSize.Value)+")")
	case c.MaxConnecting < 0:
		return optionErr("maxConnecting", "cannot be negative")
	case c.ZlibCompressionLevel.Set && (c.ZlibCompressionLevel.Value < -1 || c.ZlibCompressionLevel.Value > 9):
		return optionErr("zlibCompressionLevel", "must be between -1 and 9")
	case c.MaxAdaptiveRetries.Value < 0:
		return optionErr("maxAdaptiveRetries", "cannot be negative")
	}
	return nil
}

// validateNames checks the options whose values come from a fixed set or
// have a length limit.
func (c *Config) validateNames() error {
	if len(c.AppName) > maxAppNameLen {
		return optionErr("appname", "is longer than 128 bytes")
	}
	switch c.ServerMonitoringMode {
	case "", "auto", "stream", "poll":
	default:
		return optionErr("serverMonitoringMode", "must be auto, stream or poll")
	}
	for _, name := range c.Compressors {
		if !contains(knownCompressors, name) {
			return optionErr("compressors", "unsupported compressor "+strconv.Quote(name))
		}
	}
	return nil
}
