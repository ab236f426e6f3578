package mongotest

import (
	"math/rand/v2"
	"sync"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// failPoints holds the fail points configureFailPoint set.
type failPoints struct {
	mu     sync.Mutex
	points map[string]*failPoint
}

// failPoint is one configured fail point: its mode and data.
type failPoint struct {
	mode    string  // "off", "alwaysOn", "times", "skip", "activationProbability"
	n       int64   // remaining times, or remaining skips
	p       float64 // activationProbability
	data    bson.Raw
	entered int64
}

// fpHit is what an activated failCommand does to one command.
type fpHit struct {
	block     time.Duration
	closeConn bool
	err       *cmdError
	wce       bson.Raw
}

func newFailPoints() *failPoints { return &failPoints{points: make(map[string]*failPoint)} }

// set installs or replaces a fail point and returns how many times the
// previous one was entered.
func (f *failPoints) set(name string, fp *failPoint) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	var count int64
	if old := f.points[name]; old != nil {
		count = old.entered
	}
	if fp.mode == "off" {
		delete(f.points, name)
	} else {
		f.points[name] = fp
	}
	return count
}

// activate reports whether the named fail point fires now, consuming one
// of its activations, and returns its data. applies filters on the data
// decide first whether the call counts at all.
func (f *failPoints) activate(name string, applies func(data bson.Raw) bool) (bson.Raw, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fp := f.points[name]
	if fp == nil || (applies != nil && !applies(fp.data)) {
		return nil, false
	}
	fp.entered++
	switch fp.mode {
	case "times":
		fp.n--
		if fp.n <= 0 {
			delete(f.points, name)
		}
	case "skip":
		if fp.n > 0 {
			fp.n--
			return nil, false
		}
	case "activationProbability":
		if rand.Float64() >= fp.p {
			return nil, false
		}
	}
	return fp.data, true
}

// match checks failCommand against a request and returns what to do, or
// nil when the fail point does not fire.
func (f *failPoints) match(req *request) *fpHit {
	if req.name == "configureFailPoint" {
		return nil
	}
	data, ok := f.activate("failCommand", func(data bson.Raw) bool { return failCommandApplies(req, data) })
	if !ok {
		return nil
	}
	return failCommandHit(req, data)
}

func failCommandApplies(req *request, data bson.Raw) bool {
	names, _ := data.Lookup("failCommands").ArrayOK()
	found := false
	it := bson.Raw(names).Iter()
	for it.Next() {
		n := it.Value().StringValue()
		if n == req.name || (isHello(n) && isHello(req.name)) {
			found = true
			break
		}
	}
	if !found {
		return false
	}
	if app, ok := data.Lookup("appName").StringValueOK(); ok && app != req.c.getAppName() {
		return false
	}
	if ns, ok := data.Lookup("namespace").StringValueOK(); ok && ns != commandNS(req) {
		return false
	}
	return true
}

func failCommandHit(req *request, data bson.Raw) *fpHit {
	h := &fpHit{}
	if data.Lookup("blockConnection").Boolean() {
		if ms, ok := data.Lookup("blockTimeMS").AsInt64OK(); ok && ms > 0 {
			h.block = time.Duration(ms) * time.Millisecond
		}
	}
	h.closeConn = data.Lookup("closeConnection").Boolean()
	if code, ok := data.Lookup("errorCode").AsInt64OK(); ok {
		h.err = &cmdError{Code: int32(code), Msg: "Failing command via 'failCommand' failpoint"}
		if labels, ok := data.Lookup("errorLabels").ArrayOK(); ok {
			h.err.Labels = stringList(bson.Raw(labels))
			if h.err.Labels == nil {
				h.err.Labels = []string{}
			}
		} else {
			addRetryableLabel(req, h.err)
		}
	}
	if wce, ok := data.Lookup("writeConcernError").DocumentOK(); ok {
		h.wce = wce
	}
	return h
}

func stringList(arr bson.Raw) []string {
	var out []string
	it := arr.Iter()
	for it.Next() {
		out = append(out, it.Value().StringValue())
	}
	return out
}

// commandNS is the "db.collection" a command targets, as failCommand's
// namespace filter compares it.
func commandNS(req *request) string {
	if coll, ok := req.body.Lookup(req.name).StringValueOK(); ok {
		return req.db + "." + coll
	}
	return req.db
}

// block sleeps for a blockConnection fail point. mongod's sleep honours
// maxTimeMS, so a shorter maxTimeMS ends it with MaxTimeMSExpired.
func (c *conn) block(req *request, d time.Duration) *cmdError {
	var limit time.Duration
	if ms, ok := req.arg("maxTimeMS").AsInt64OK(); ok && ms > 0 {
		limit = time.Duration(ms) * time.Millisecond
	}
	sleep := d
	if limit > 0 && limit < d {
		sleep = limit
	}
	t := time.NewTimer(sleep)
	defer t.Stop()
	select {
	case <-t.C:
	case <-req.ctx.Done():
		return errorf(codeInterrupted, "operation was interrupted")
	}
	if limit > 0 && limit < d {
		return errorf(codeMaxTimeMSExpired, "operation exceeded time limit")
	}
	return nil
}

// maxTimeAlwaysTimeOut applies the fail point of that name: every command
// with a maxTimeMS fails as if the time had run out.
func maxTimeAlwaysTimeOut(s *Server, req *request) *cmdError {
	if req.arg("maxTimeMS").Type == 0 || req.name == "configureFailPoint" {
		return nil
	}
	if _, ok := s.fail.activate("maxTimeAlwaysTimeOut", nil); !ok {
		return nil
	}
	return errorf(codeMaxTimeMSExpired, "operation exceeded time limit")
}
