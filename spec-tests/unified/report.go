package unified

import (
	"fmt"
	"io"
	"sort"
	"sync"
)

// Outcome is the result of one test.
type Outcome int

// The outcomes a report counts.
const (
	Passed Outcome = iota
	Skipped
	Failed
)

// Counts are the outcomes of the tests of one file.
type Counts struct {
	Passed, Skipped, Failed int
}

// Report counts test outcomes per file and prints one summary line per
// file, such as "unified crud/find.json: 3 passed, 1 skipped, 0 failed".
// It is safe for concurrent use.
type Report struct {
	name   string
	mu     sync.Mutex
	counts map[string]*Counts
	skips  map[string][]string
}

// NewReport returns an empty report whose lines start with name.
func NewReport(name string) *Report {
	return &Report{name: name, counts: map[string]*Counts{}, skips: map[string][]string{}}
}

// Add counts one test of file (a key such as "crud/find.json").
func (r *Report) Add(file string, o Outcome) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.file(file)
	switch o {
	case Passed:
		c.Passed++
	case Skipped:
		c.Skipped++
	default:
		c.Failed++
	}
}

// Skip counts a skipped test and keeps its reason for Skips.
func (r *Report) Skip(file, test, reason string) {
	r.Add(file, Skipped)
	r.mu.Lock()
	r.skips[file] = append(r.skips[file], fmt.Sprintf("%s: %s", test, reason))
	r.mu.Unlock()
}

func (r *Report) file(file string) *Counts {
	c, ok := r.counts[file]
	if !ok {
		c = &Counts{}
		r.counts[file] = c
	}
	return c
}

// File returns the counts of one file.
func (r *Report) File(file string) Counts {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.counts[file]; ok {
		return *c
	}
	return Counts{}
}

// Totals returns the counts over all files.
func (r *Report) Totals() Counts {
	r.mu.Lock()
	defer r.mu.Unlock()
	var t Counts
	for _, c := range r.counts {
		t.Passed += c.Passed
		t.Skipped += c.Skipped
		t.Failed += c.Failed
	}
	return t
}

// Lines returns one summary line per file, sorted by file.
func (r *Report) Lines() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	files := make([]string, 0, len(r.counts))
	for f := range r.counts {
		files = append(files, f)
	}
	sort.Strings(files)
	out := make([]string, len(files))
	for i, f := range files {
		c := r.counts[f]
		out[i] = fmt.Sprintf("%s %s: %d passed, %d skipped, %d failed", r.name, f, c.Passed, c.Skipped, c.Failed)
	}
	return out
}

// SkipReasons returns "test: reason" for each skipped test of file.
func (r *Report) SkipReasons(file string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.skips[file]...)
}

// Print writes the summary lines and a total line to w.
func (r *Report) Print(w io.Writer) error {
	for _, l := range r.Lines() {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	t := r.Totals()
	_, err := fmt.Fprintf(w, "%s total: %d passed, %d skipped, %d failed\n", r.name, t.Passed, t.Skipped, t.Failed)
	return err
}
