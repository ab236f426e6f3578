package unified_test

import (
	"errors"
	"testing"

	"github.com/cwal-go/cwal/spec-tests/unified"
)

// acceptedInvalid lists files of unified-test-format/tests/invalid that
// Load accepts on purpose, with the reason.
var acceptedInvalid = map[string]string{
	"entity-additionalProperties.json":        "unknown entity kinds load as raw entities and fail when the test runs (EntityDescription.Err)",
	"entity-stream-additionalProperties.json": "the removed stream entity loads as an unknown kind and fails when the test runs",
	"entity-stream-hexBytes-pattern.json":     "the removed stream entity loads as an unknown kind and fails when the test runs",
	"entity-stream-hexBytes-required.json":    "the removed stream entity loads as an unknown kind and fails when the test runs",
	"entity-stream-hexBytes-type.json":        "the removed stream entity loads as an unknown kind and fails when the test runs",
	"entity-stream-id-required.json":          "the removed stream entity loads as an unknown kind and fails when the test runs",
	"entity-stream-id-type.json":              "the removed stream entity loads as an unknown kind and fails when the test runs",
}

// TestLoadAllSpecFiles loads every unified test file of the specifications:
// each file of a suite must parse, except that a file with a newer schema
// is reported as skipped; each file of unified-test-format/invalid must be
// rejected unless acceptedInvalid lists it.
func TestLoadAllSpecFiles(t *testing.T) {
	dir := specDir(t)
	refs, err := unified.Discover(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) < 700 {
		t.Fatalf("found only %d unified test files under %s", len(refs), dir)
	}
	report := unified.NewReport("unified-load")
	for _, ref := range refs {
		if ref.Suite == "unified-test-format/invalid" {
			checkInvalidFile(t, ref, report)
			continue
		}
		f, err := unified.Load(ref.Path)
		switch {
		case errors.Is(err, unified.ErrUnsupportedSchema):
			for _, test := range f.Tests {
				report.Skip(ref.Key(), test.Description, err.Error())
			}
			t.Logf("%s: skipped: %v", ref.Key(), err)
		case err != nil:
			report.Add(ref.Key(), unified.Failed)
			t.Errorf("%s: %v", ref.Key(), err)
		default:
			for range f.Tests {
				report.Add(ref.Key(), unified.Passed)
			}
		}
	}
	printReport(t, report)
	tot := report.Totals()
	t.Logf("%d files: %d tests loaded, %d skipped, %d failed", len(refs), tot.Passed, tot.Skipped, tot.Failed)
}

func checkInvalidFile(t *testing.T, ref unified.FileRef, report *unified.Report) {
	t.Helper()
	_, err := unified.Load(ref.Path)
	reason, listed := acceptedInvalid[ref.Name]
	switch {
	case errors.Is(err, unified.ErrUnsupportedSchema):
		report.Skip(ref.Key(), ref.Name, err.Error())
	case err == nil && listed:
		report.Skip(ref.Key(), ref.Name, reason)
	case err == nil:
		report.Add(ref.Key(), unified.Failed)
		t.Errorf("%s: invalid file was accepted", ref.Key())
	case listed:
		report.Add(ref.Key(), unified.Failed)
		t.Errorf("%s: now rejected (%v); remove it from acceptedInvalid", ref.Key(), err)
	default:
		var fe *unified.FormatError
		if !errors.As(err, &fe) {
			t.Errorf("%s: want a *FormatError, got %T %v", ref.Key(), err, err)
		}
		report.Add(ref.Key(), unified.Passed)
	}
}
