package testutil

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recorder is a testing.TB that records a Fatalf or Skipf and stops there,
// as the real ones do.
type recorder struct {
	testing.TB
	failed, skipped bool
	msg             string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed, r.msg = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (r *recorder) Skipf(format string, args ...any) {
	r.skipped, r.msg = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func record(t *testing.T, fn func(testing.TB)) *recorder {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() { defer close(done); fn(r) }()
	<-done
	return r
}

// TestSharedDirUnderCI: an absent ../shared skips the test (saying so)
// except under CI=true, where it fails.
func TestSharedDirUnderCI(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "shared", "questionnaires")
	if r := record(t, func(tb testing.TB) { sharedDir(tb, missing, false) }); !r.skipped || r.failed || !strings.Contains(r.msg, "is absent") {
		t.Errorf("outside CI: %+v", r)
	}
	if r := record(t, func(tb testing.TB) { sharedDir(tb, missing, true) }); !r.failed || r.skipped || !strings.Contains(r.msg, "CI=true") {
		t.Errorf("under CI: %+v", r)
	}
	present := t.TempDir()
	for _, ci := range []bool{false, true} {
		var got string
		if r := record(t, func(tb testing.TB) { got = sharedDir(tb, present, ci) }); r.failed || r.skipped || got != present {
			t.Errorf("present, ci=%v: %+v %q", ci, r, got)
		}
	}
}
