package unified

import (
	"context"
	"log/slog"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/internal/logging"
)

// logHandler is a slog.Handler that turns the client's log records into
// LogMessages for a LogRecorder.
type logHandler struct {
	rec   *LogRecorder
	attrs []slog.Attr
}

func newLogHandler(rec *LogRecorder) *logHandler { return &logHandler{rec: rec} }

// Enabled lets every record through: the client filters by component and
// level itself, and the recorder filters again by observeLogMessages.
func (h *logHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &logHandler{rec: h.rec, attrs: append(append([]slog.Attr(nil), h.attrs...), attrs...)}
}

// WithGroup is not used by the driver's logger; groups are flattened.
func (h *logHandler) WithGroup(string) slog.Handler { return h }

func (h *logHandler) Handle(_ context.Context, r slog.Record) error {
	m := LogMessage{Level: specLevel(r.Level)}
	d := bson.D{{Key: "message", Value: r.Message}}
	add := func(a slog.Attr) bool {
		if a.Key == logging.ComponentKey {
			m.Component = a.Value.String()
			return true
		}
		d = append(d, bson.E{Key: a.Key, Value: attrValue(a.Value)})
		return true
	}
	for _, a := range h.attrs {
		add(a)
	}
	r.Attrs(add)
	b, err := bson.Marshal(d)
	if err != nil {
		return err
	}
	m.Data = b
	h.rec.Record(m)
	return nil
}

// specLevel names a slog level as the logging specification does.
func specLevel(l slog.Level) string {
	lv, ok := logging.LevelFromSlog(l)
	if !ok {
		return "debug"
	}
	if s := lv.String(); s != "warn" {
		return s
	}
	return "warning"
}

func attrValue(v slog.Value) any {
	switch v.Kind() {
	case slog.KindInt64:
		return v.Int64()
	case slog.KindUint64:
		return int64(v.Uint64())
	case slog.KindFloat64:
		return v.Float64()
	case slog.KindBool:
		return v.Bool()
	case slog.KindDuration:
		return float64(v.Duration()) / 1e6
	}
	return v.String()
}
