package topology

import (
	"strconv"
	"strings"
	"time"
)

// Mode is a read preference mode: which server types may serve a read. The
// zero value is Primary, the default.
type Mode uint8

// The read preference modes of the server selection specification.
const (
	// Primary reads only from the primary.
	Primary Mode = iota
	// PrimaryPreferred reads from the primary when there is one, otherwise
	// from an eligible secondary.
	PrimaryPreferred
	// Secondary reads only from eligible secondaries.
	Secondary
	// SecondaryPreferred reads from an eligible secondary when there is one,
	// otherwise from the primary.
	SecondaryPreferred
	// Nearest reads from any eligible member, primary or secondary.
	Nearest
)

var modeNames = [...]string{
	Primary:            "primary",
	PrimaryPreferred:   "primaryPreferred",
	Secondary:          "secondary",
	SecondaryPreferred: "secondaryPreferred",
	Nearest:            "nearest",
}

// String returns the mode as $readPreference spells it, such as
// "secondaryPreferred". An undefined value prints as "Mode(n)".
func (m Mode) String() string {
	if int(m) < len(modeNames) {
		return modeNames[m]
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// ParseMode returns the mode named by s, compared without regard to case
// ("secondaryPreferred", "SecondaryPreferred"); the error is a
// *ReadPrefError.
func ParseMode(s string) (Mode, error) {
	for m, name := range modeNames {
		if strings.EqualFold(name, s) {
			return Mode(m), nil
		}
	}
	return Primary, &ReadPrefError{Field: "mode", Problem: strconv.Quote(s) + " is not a read preference mode"}
}

// TagSet is one read preference tag set. It matches a server whose tags
// include every name with the same value; the empty TagSet matches every
// server.
type TagSet map[string]string

// Matches reports whether a server with the given tags matches t.
func (t TagSet) Matches(serverTags map[string]string) bool {
	for k, v := range t {
		if sv, ok := serverTags[k]; !ok || sv != v {
			return false
		}
	}
	return true
}

// ReadPref is a read preference. The zero value is mode primary without tag
// sets or maximum staleness. Hedged reads (deprecated by MongoDB 8.0) are
// not modelled.
type ReadPref struct {
	// Mode says which server types are candidates.
	Mode Mode
	// TagSets is tried in order: the first tag set that matches at least
	// one candidate selects the eligible servers. nil or empty makes every
	// candidate eligible (the same as the specification's default [{}]).
	TagSets []TagSet
	// MaxStaleness is maxStalenessSeconds: the largest estimated
	// replication lag of an eligible secondary. 0 means no maximum (the
	// specification's -1); a positive value must be whole seconds, at
	// least 90 s and at least the heartbeat frequency plus 10 s in a
	// replica set (checked by Select, which knows both).
	MaxStaleness time.Duration
}

// Smallest values of maxStalenessSeconds, from the max staleness
// specification: an idle primary writes a no-op every IdleWritePeriod, and
// no maximum below SmallestMaxStaleness is accepted.
const (
	IdleWritePeriod      = 10 * time.Second
	SmallestMaxStaleness = 90 * time.Second
)

// MaxStalenessFromSeconds converts a maxStalenessSeconds value as a user or
// a $readPreference document gives it into a ReadPref.MaxStaleness: -1
// means no maximum (0); 0 and other negative numbers are errors (a
// *ReadPrefError), since the specification knows no "zero staleness".
func MaxStalenessFromSeconds(n int64) (time.Duration, error) {
	switch {
	case n == -1:
		return 0, nil
	case n <= 0:
		return 0, &ReadPrefError{Field: "maxStalenessSeconds", Problem: strconv.FormatInt(n, 10) + " is neither -1 (no maximum) nor a positive number of seconds"}
	case n > int64(maxDurationSeconds):
		return 0, &ReadPrefError{Field: "maxStalenessSeconds", Problem: strconv.FormatInt(n, 10) + " is too large"}
	}
	return time.Duration(n) * time.Second, nil
}

const maxDurationSeconds = int64(1<<63-1) / int64(time.Second)

// Validate reports what makes rp invalid whatever the topology: an
// undefined mode, tag sets or a maximum staleness with mode primary (both
// forbidden by the specification), a negative or fractional maximum
// staleness. The error is a *ReadPrefError.
func (rp ReadPref) Validate() error {
	if int(rp.Mode) >= len(modeNames) {
		return &ReadPrefError{Field: "mode", Problem: rp.Mode.String() + " is not a read preference mode"}
	}
	if rp.MaxStaleness < 0 || rp.MaxStaleness%time.Second != 0 {
		return &ReadPrefError{Field: "maxStalenessSeconds", Problem: rp.MaxStaleness.String() + " is not a positive number of seconds"}
	}
	if rp.Mode != Primary {
		return nil
	}
	if rp.MaxStaleness > 0 {
		return &ReadPrefError{Field: "maxStalenessSeconds", Problem: "cannot be used with mode primary"}
	}
	for _, ts := range rp.TagSets {
		if len(ts) > 0 {
			return &ReadPrefError{Field: "tagSets", Problem: "a non-empty tag set cannot be used with mode primary"}
		}
	}
	return nil
}

// validateStaleness applies the replica-set-only rule: maxStalenessSeconds
// must be at least SmallestMaxStaleness and at least heartbeatFrequency +
// IdleWritePeriod, so that a secondary can ever be fresh enough.
func (rp ReadPref) validateStaleness(heartbeat time.Duration) error {
	if rp.MaxStaleness <= 0 {
		return nil
	}
	floor := max(SmallestMaxStaleness, heartbeat+IdleWritePeriod)
	if rp.MaxStaleness < floor {
		return &ReadPrefError{Field: "maxStalenessSeconds", Problem: "must be at least " +
			strconv.FormatInt(int64((floor+time.Second-1)/time.Second), 10) + " (90, and heartbeatFrequencyMS + 10 s), got " +
			strconv.FormatInt(int64(rp.MaxStaleness/time.Second), 10)}
	}
	return nil
}

// String describes rp for error and log messages, such as
// "secondary tagSets=[{dc:ny}] maxStalenessSeconds=120".
func (rp ReadPref) String() string {
	var b strings.Builder
	b.WriteString(rp.Mode.String())
	if len(rp.TagSets) > 0 {
		b.WriteString(" tagSets=[")
		for i, ts := range rp.TagSets {
			if i > 0 {
				b.WriteByte(',')
			}
			writeTagSet(&b, ts)
		}
		b.WriteByte(']')
	}
	if rp.MaxStaleness > 0 {
		b.WriteString(" maxStalenessSeconds=")
		b.WriteString(strconv.FormatInt(int64(rp.MaxStaleness/time.Second), 10))
	}
	return b.String()
}

// writeTagSet writes ts with sorted names so the text is stable.
func writeTagSet(b *strings.Builder, ts TagSet) {
	b.WriteByte('{')
	for i, k := range sortedKeys(ts) {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(k)
		b.WriteByte(':')
		b.WriteString(ts[k])
	}
	b.WriteByte('}')
}
