package mongotest

import (
	"github.com/cwal-go/cwal/bson"
)

// cmdConfigureFailPoint sets a fail point: {configureFailPoint: name,
// mode: "alwaysOn" | "off" | {times: n} | {skip: n} |
// {activationProbability: p}, data: {...}}.
func cmdConfigureFailPoint(r *request, bl *builder) error {
	name, ok := r.arg("configureFailPoint").StringValueOK()
	if !ok {
		return typeMismatch(r.name, "configureFailPoint", r.arg("configureFailPoint"), "string")
	}
	fp, err := parseFailPointMode(r.arg("mode"))
	if err != nil {
		return err
	}
	if d, ok := r.arg("data").DocumentOK(); ok {
		fp.data = append(bson.Raw(nil), d...)
	} else if r.arg("data").Type != 0 {
		return typeMismatch(r.name, "data", r.arg("data"), "object")
	}
	if name == "failCommand" && fp.mode != "off" {
		if _, ok := fp.data.Lookup("failCommands").ArrayOK(); !ok {
			return errorf(codeBadValue, "'failCommands' must be an array of strings")
		}
	}
	// Logged before set: once installed, fp belongs to the fail point
	// table and commands on other connections update it under its lock.
	r.c.srv.log.Debug("fail point set", "name", name, "mode", fp.mode, "n", fp.n)
	count := r.c.srv.fail.set(name, fp)
	bl.int64("count", count)
	return nil
}

func parseFailPointMode(v bson.RawValue) (*failPoint, error) {
	if s, ok := v.StringValueOK(); ok {
		switch s {
		case "alwaysOn", "off":
			return &failPoint{mode: s}, nil
		}
		return nil, errorf(codeBadValue, "unknown mode: %s", s)
	}
	d, ok := v.DocumentOK()
	if !ok {
		return nil, errorf(codeTypeMismatch, "'mode' must be a string or JSON object")
	}
	if n, ok := d.Lookup("times").AsInt64OK(); ok {
		if n < 0 {
			return nil, errorf(codeBadValue, "'times' option to 'mode' must be positive")
		}
		if n == 0 {
			return &failPoint{mode: "off"}, nil
		}
		return &failPoint{mode: "times", n: n}, nil
	}
	if n, ok := d.Lookup("skip").AsInt64OK(); ok {
		if n < 0 {
			return nil, errorf(codeBadValue, "'skip' option to 'mode' must be positive")
		}
		return &failPoint{mode: "skip", n: n}, nil
	}
	if p, ok := d.Lookup("activationProbability").AsFloat64OK(); ok {
		if p < 0 || p > 1 {
			return nil, errorf(codeBadValue, "'activationProbability' option to 'mode' must be between 0 and 1")
		}
		return &failPoint{mode: "activationProbability", p: p}, nil
	}
	return nil, errorf(codeBadValue, "'mode' must be one of 'off', 'alwaysOn', 'times', and 'skip'")
}
