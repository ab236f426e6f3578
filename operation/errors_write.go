package operation

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// WriteError is the failure of one document or statement of a write
// (writeErrors[] of the reply, or an error entry of the client bulkWrite's
// results cursor). It matches a ServerError target by code with
// errors.Is.
type WriteError struct {
	// Index is the position of the document or statement in the caller's
	// list, remapped across batches.
	Index    int
	Code     int32
	CodeName string
	Message  string // errmsg
	// Details is errInfo (document validation failures...), nil when
	// absent. It is a copy.
	Details bson.Raw
	// Raw is a copy of the whole error document: keyPattern and keyValue
	// of a duplicate key error are there.
	Raw bson.Raw
}

// Error describes the error.
func (e *WriteError) Error() string {
	return "write error at index " + strconv.Itoa(e.Index) + ": " + codeText(e.Code, e.CodeName) + e.Message
}

// Is matches a ServerError or *ServerError target by code and code name.
func (e *WriteError) Is(target error) bool {
	code, name, ok := codeTarget(target)
	return ok && matchCode(e.Code, e.CodeName, code, name)
}

// WriteConcernError is a writeConcernError of a reply: the writes were
// applied but the write concern was not satisfied (or could not be
// checked). It matches a ServerError target by code with errors.Is.
type WriteConcernError struct {
	Code     int32
	CodeName string
	Message  string // errmsg
	// Details is errInfo, nil when absent; a copy.
	Details bson.Raw
	// Labels are writeConcernError.errorLabels.
	Labels []string
	// Raw is a copy of the writeConcernError document.
	Raw bson.Raw
}

// Error describes the error.
func (e *WriteConcernError) Error() string {
	return "write concern error: " + codeText(e.Code, e.CodeName) + e.Message
}

// Is matches a ServerError or *ServerError target by code and code name.
func (e *WriteConcernError) Is(target error) bool {
	code, name, ok := codeTarget(target)
	return ok && matchCode(e.Code, e.CodeName, code, name)
}

// HasErrorLabel reports whether the write concern error carries label.
func (e *WriteConcernError) HasErrorLabel(label string) bool {
	return slices.Contains(e.Labels, label)
}

// WriteException is the error of an insert, update, delete or
// findAndModify whose command succeeded (ok: 1) but some of whose writes
// failed, or whose write concern failed. Across batches it holds every
// write error and the last write concern error.
type WriteException struct {
	WriteErrors []WriteError
	// WriteConcernError is nil when the write concern was satisfied.
	WriteConcernError *WriteConcernError
	// Labels are the reply's errorLabels and the write concern error's.
	Labels []string
}

// Error describes the error.
func (e *WriteException) Error() string {
	var b strings.Builder
	b.WriteString("write exception:")
	for i := range e.WriteErrors {
		if i == 3 {
			fmt.Fprintf(&b, " (and %d more)", len(e.WriteErrors)-3)
			break
		}
		b.WriteString(" [" + e.WriteErrors[i].Error() + "]")
	}
	if e.WriteConcernError != nil {
		b.WriteString(" [" + e.WriteConcernError.Error() + "]")
	}
	return b.String()
}

// HasErrorLabel reports whether the reply or its write concern error
// carried label.
func (e *WriteException) HasErrorLabel(label string) bool {
	return slices.Contains(e.Labels, label)
}

// Unwrap returns the write errors and the write concern error, so that
// errors.As finds a *WriteError and errors.Is matches their codes.
func (e *WriteException) Unwrap() []error {
	errs := make([]error, 0, len(e.WriteErrors)+1)
	for i := range e.WriteErrors {
		errs = append(errs, &e.WriteErrors[i])
	}
	if e.WriteConcernError != nil {
		errs = append(errs, e.WriteConcernError)
	}
	return errs
}

// BulkWriteException is the error of a client bulkWrite (MongoDB 8.0):
// a top-level error, the write concern errors of every batch, the write
// errors by index, and the results of the writes that succeeded.
type BulkWriteException struct {
	// Err is the top-level error that stopped the bulk write (a command or
	// network error, a failed getMore), nil when only writes failed.
	Err error
	// WriteConcernErrors lists one entry per batch whose write concern
	// failed.
	WriteConcernErrors []WriteConcernError
	// WriteErrors maps the index of a failed model to its error; an
	// ordered bulk write has at most one.
	WriteErrors map[int]WriteError
	// PartialResult holds the results of the writes that succeeded; nil
	// when it cannot be known that any did.
	PartialResult *BulkWriteResult
}

// Error describes the error.
func (e *BulkWriteException) Error() string {
	var b strings.Builder
	b.WriteString("bulk write exception:")
	if e.Err != nil {
		b.WriteString(" " + e.Err.Error() + ";")
	}
	fmt.Fprintf(&b, " %d write errors, %d write concern errors", len(e.WriteErrors), len(e.WriteConcernErrors))
	return b.String()
}

// Unwrap returns the top-level error, the write errors (in index order)
// and the write concern errors.
func (e *BulkWriteException) Unwrap() []error {
	var errs []error
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	idx := make([]int, 0, len(e.WriteErrors))
	for i := range e.WriteErrors {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	for _, i := range idx {
		we := e.WriteErrors[i]
		errs = append(errs, &we)
	}
	for i := range e.WriteConcernErrors {
		errs = append(errs, &e.WriteConcernErrors[i])
	}
	return errs
}

// codeText formats a code and its name for an error message.
func codeText(code int32, name string) string {
	s := "(code " + strconv.Itoa(int(code)) + ") "
	if name != "" {
		s = name + " " + s
	}
	return s
}

// parseWriteError reads one writeErrors[] entry, copying what it keeps.
func parseWriteError(doc bson.Raw, indexBase int) WriteError {
	we := WriteError{
		Index:    indexBase + int(int32Value(doc.Lookup("index"))),
		Code:     int32Value(doc.Lookup("code")),
		CodeName: doc.Lookup("codeName").StringValue(),
		Message:  doc.Lookup("errmsg").StringValue(),
		Raw:      bson.Raw(slices.Clone(doc)),
	}
	if d, ok := we.Raw.Lookup("errInfo").DocumentOK(); ok {
		we.Details = d
	}
	return we
}

// parseWriteConcernError reads a writeConcernError document, copying it.
func parseWriteConcernError(doc bson.Raw) *WriteConcernError {
	e := &WriteConcernError{
		Code:     int32Value(doc.Lookup("code")),
		CodeName: doc.Lookup("codeName").StringValue(),
		Message:  doc.Lookup("errmsg").StringValue(),
		Raw:      bson.Raw(slices.Clone(doc)),
	}
	if d, ok := e.Raw.Lookup("errInfo").DocumentOK(); ok {
		e.Details = d
	}
	e.Labels = appendLabels(e.Labels, doc.Lookup("errorLabels"))
	return e
}

// writeException reads the writeErrors and writeConcernError of a write
// command's reply; nil when it has neither. Write error indexes are offset
// by indexBase, the position of the batch in the caller's list.
func writeException(cmd string, reply bson.Raw, indexBase int) (*WriteException, error) {
	v, wce := reply.Lookup("writeErrors"), reply.Lookup("writeConcernError")
	if v.IsZero() && wce.IsZero() {
		return nil, nil
	}
	var we WriteException
	if !v.IsZero() {
		arr, ok := v.ArrayOK()
		if !ok {
			return nil, &ReplyError{Command: cmd, Field: "writeErrors", Problem: "not an array"}
		}
		it := arr.Iter()
		for it.Next() {
			d, ok := it.Value().DocumentOK()
			if !ok {
				return nil, &ReplyError{Command: cmd, Field: "writeErrors." + it.Key(), Problem: "not a document"}
			}
			we.WriteErrors = append(we.WriteErrors, parseWriteError(d, indexBase))
		}
	}
	if d, ok := wce.DocumentOK(); ok {
		we.WriteConcernError = parseWriteConcernError(d)
		we.Labels = append(we.Labels, we.WriteConcernError.Labels...)
	}
	if len(we.WriteErrors) == 0 && we.WriteConcernError == nil {
		return nil, nil
	}
	we.Labels = appendLabels(we.Labels, reply.Lookup("errorLabels"))
	return &we, nil
}
