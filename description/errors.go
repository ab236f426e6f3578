package description

import (
	"strconv"
)

// HelloError says why a hello reply produced an Unknown description: the
// server answered ok: 0 (Code, CodeName and Message are the server's), or
// the reply is malformed or has a field of the wrong type (Field names it).
type HelloError struct {
	// Field is the reply field at fault, "" when the reply as a whole is.
	Field string
	// Problem describes what is wrong, or the server's errmsg for ok: 0.
	Problem string
	// Code and CodeName are the server's error code and name for ok: 0.
	Code     int32
	CodeName string
}

func (e *HelloError) Error() string {
	s := "hello reply"
	if e.Field != "" {
		s += " field " + strconv.Quote(e.Field)
	}
	s += ": " + e.Problem
	if e.Code != 0 || e.CodeName != "" {
		s += " (" + e.CodeName + " code " + strconv.Itoa(int(e.Code)) + ")"
	}
	return s
}

func fieldErr(field, problem string) error {
	return &HelloError{Field: field, Problem: problem}
}
