package unified

import (
	"errors"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/operation"
)

// adaptError presents a client error through the interfaces CheckError
// reads: a *ServerError becomes a ServerError, a write exception a
// BulkWriteError; anything else stays a client error.
func adaptError(err error, partial bson.RawValue) error {
	if err == nil {
		return nil
	}
	var we *client.WriteException
	if errors.As(err, &we) {
		return &writeErr{err: err, we: we, partial: partial}
	}
	var bwe *client.BulkWriteException
	if errors.As(err, &bwe) && (len(bwe.WriteErrors) > 0 || len(bwe.WriteConcernErrors) > 0) {
		return &clientBulkErr{err: err, bwe: bwe, partial: partial}
	}
	var se *client.ServerError
	if errors.As(err, &se) {
		return &serverErr{err: err, se: se, partial: partial}
	}
	return &labeledErr{err: err, partial: partial}
}

// labeledErr is a client-side error; labels come from the driver.
// partial is the result a bulk write had when a batch failed with it.
type labeledErr struct {
	err     error
	partial bson.RawValue
}

func (e *labeledErr) Error() string                   { return e.err.Error() }
func (e *labeledErr) Unwrap() error                   { return e.err }
func (e *labeledErr) HasErrorLabel(label string) bool { return operation.HasErrorLabel(e.err, label) }
func (e *labeledErr) Timeout() bool                   { return client.IsTimeout(e.err) }
func (e *labeledErr) PartialResult() bson.RawValue    { return e.partial }

type serverErr struct {
	err     error
	se      *client.ServerError
	partial bson.RawValue
}

func (e *serverErr) Error() string                   { return e.err.Error() }
func (e *serverErr) Unwrap() error                   { return e.err }
func (e *serverErr) ErrorCode() int32                { return e.se.Code }
func (e *serverErr) ErrorCodeName() string           { return e.se.CodeName }
func (e *serverErr) ErrorReply() bson.Raw            { return e.se.Raw }
func (e *serverErr) HasErrorLabel(label string) bool { return operation.HasErrorLabel(e.err, label) }
func (e *serverErr) Timeout() bool                   { return client.IsTimeout(e.err) }
func (e *serverErr) PartialResult() bson.RawValue    { return e.partial }

type writeErr struct {
	err     error
	we      *client.WriteException
	partial bson.RawValue
}

func (e *writeErr) Error() string                   { return e.err.Error() }
func (e *writeErr) Unwrap() error                   { return e.err }
func (e *writeErr) HasErrorLabel(label string) bool { return operation.HasErrorLabel(e.err, label) }
func (e *writeErr) Timeout() bool                   { return client.IsTimeout(e.err) }
func (e *writeErr) PartialResult() bson.RawValue    { return e.partial }

func (e *writeErr) WriteErrorDocs() map[int]bson.Raw {
	out := map[int]bson.Raw{}
	for _, w := range e.we.WriteErrors {
		out[w.Index] = writeErrorDoc(&w)
	}
	return out
}

func (e *writeErr) WriteConcernErrorDocs() []bson.Raw {
	if e.we.WriteConcernError == nil {
		return nil
	}
	return []bson.Raw{wceDoc(e.we.WriteConcernError)}
}

type clientBulkErr struct {
	err     error
	bwe     *client.BulkWriteException
	partial bson.RawValue
}

func (e *clientBulkErr) Error() string { return e.err.Error() }
func (e *clientBulkErr) Unwrap() error { return e.err }
func (e *clientBulkErr) HasErrorLabel(label string) bool {
	return operation.HasErrorLabel(e.err, label)
}
func (e *clientBulkErr) Timeout() bool                { return client.IsTimeout(e.err) }
func (e *clientBulkErr) PartialResult() bson.RawValue { return e.partial }

func (e *clientBulkErr) WriteErrorDocs() map[int]bson.Raw {
	out := map[int]bson.Raw{}
	for i, w := range e.bwe.WriteErrors {
		out[i] = writeErrorDoc(&w)
	}
	return out
}

func (e *clientBulkErr) WriteConcernErrorDocs() []bson.Raw {
	out := make([]bson.Raw, 0, len(e.bwe.WriteConcernErrors))
	for i := range e.bwe.WriteConcernErrors {
		out = append(out, wceDoc(&e.bwe.WriteConcernErrors[i]))
	}
	return out
}

// writeErrorDoc presents a write error as the CRUD specification's
// WriteError: code, codeName, message and details.
func writeErrorDoc(w *client.WriteError) bson.Raw {
	return errorDoc(w.Code, w.CodeName, w.Message, w.Details)
}

// wceDoc presents a write concern error as the CRUD specification's
// WriteConcernError.
func wceDoc(w *client.WriteConcernError) bson.Raw {
	return errorDoc(w.Code, w.CodeName, w.Message, w.Details)
}

func errorDoc(code int32, codeName, msg string, details bson.Raw) bson.Raw {
	d := bson.D{{Key: "code", Value: code}, {Key: "codeName", Value: codeName}, {Key: "message", Value: msg}}
	if len(details) > 0 {
		d = append(d, bson.E{Key: "details", Value: details})
	}
	b, _ := bson.Marshal(d)
	return b
}
