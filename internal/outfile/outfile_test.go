package outfile

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vouchcli/vouch/internal/testutil"
)

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func names(t *testing.T, dir string) string {
	t.Helper()
	return strings.Join(testutil.ListDir(t, dir), ",")
}

func TestSame(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write(t, "a.xlsx", "a")
	os.Symlink("a.xlsx", "link.xlsx")
	os.Link("a.xlsx", "hard.xlsx")
	os.Symlink("new.xlsx", "dangling.xlsx")
	os.Mkdir("sub", 0o755)
	tests := []struct {
		a, b string
		want bool
	}{
		{"a.xlsx", "./a.xlsx", true},
		{"a.xlsx", filepath.Join(dir, "a.xlsx"), true},
		{"a.xlsx", "sub/../a.xlsx", true},
		{"a.xlsx", "link.xlsx", true},
		{"a.xlsx", "hard.xlsx", true},
		{"new.xlsx", "./new.xlsx", true},    // neither exists yet
		{"dangling.xlsx", "new.xlsx", true}, // a symlink to a file not written yet
		{"sub/../new.xlsx", "dangling.xlsx", true},
		{"a.xlsx", "b.xlsx", false},
		{"new.xlsx", "sub/new.xlsx", false},
	}
	for _, tt := range tests {
		if got := Same(tt.a, tt.b); got != tt.want {
			t.Errorf("Same(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestLock(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.xlsx")
	ctx := context.Background()
	l, err := Acquire(ctx, out, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Acquire(ctx, out, false); !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "out.xlsx is being written by another vouch process") {
		t.Fatalf("second lock: %v", err)
	}
	// A waiting lock gets it once the first is released, and not before.
	got := make(chan error, 1)
	go func() {
		l2, err := Acquire(ctx, out, true)
		if err == nil {
			l2.Release()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("waiting lock returned while held: %v", err)
	case <-time.After(150 * time.Millisecond):
	}
	l.Release()
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	l.Release() // twice is harmless
	if n := names(t, dir); n != "" {
		t.Errorf("left behind: %s", n)
	}
	// A waiting lock ends with its context.
	l, _ = Acquire(ctx, out, false)
	defer l.Release()
	cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if _, err := Acquire(cctx, out, true); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("cancelled wait: %v", err)
	}
	// A name too long to take a prefix and suffix still gets a lock.
	long := filepath.Join(dir, strings.Repeat("é", 120)+".json")
	ll, err := Acquire(ctx, long, false)
	if err != nil {
		t.Fatal(err)
	}
	ll.Release()
}

func stage(t *testing.T, s *Set, final, content string) {
	t.Helper()
	tmp, err := s.Add(context.Background(), final)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(tmp) != filepath.Dir(final) || filepath.Ext(tmp) != filepath.Ext(final) || !strings.HasPrefix(filepath.Base(tmp), ".") {
		t.Errorf("temp name %s for %s", tmp, final)
	}
	if err := WriteTemp(tmp, func(w io.Writer) error { _, err := io.WriteString(w, content); return err }); err != nil {
		t.Fatal(err)
	}
}

func TestSetCommitsAllOrNone(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.json")

	s := NewSet(false)
	stage(t, s, a, "A")
	stage(t, s, b, "B")
	if n := names(t, dir); strings.Contains(n, "a.xlsx,") || strings.HasPrefix(n, "a.xlsx") {
		t.Errorf("final name before commit: %s", n)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := names(t, dir); n != "a.xlsx,b.json" {
		t.Errorf("after commit: %s", n)
	}

	// Without force, a name taken after the checks fails the commit, and
	// the output already moved is taken back.
	os.Remove(a)
	s = NewSet(false)
	stage(t, s, a, "A2")
	stage(t, s, b, "B2")
	err := s.Commit()
	if err == nil || !strings.Contains(err.Error(), "b.json already exists") {
		t.Fatalf("commit over a new file: %v", err)
	}
	if n := names(t, dir); n != "b.json" {
		t.Errorf("after a failed commit: %s", n)
	}
	if got, _ := os.ReadFile(b); string(got) != "B" {
		t.Errorf("b.json = %q, changed", got)
	}

	// With force, a failed commit gives a replaced output its old content back.
	write(t, a, "old A")
	os.Remove(b)
	os.Mkdir(b, 0o755) // a rename cannot replace a folder with a file
	os.WriteFile(filepath.Join(b, "x"), nil, 0o644)
	s = NewSet(true)
	stage(t, s, a, "A3")
	tmp, _ := s.Add(context.Background(), b)
	write(t, tmp, "B3")
	if err := s.Commit(); err == nil {
		t.Fatal("commit over a folder succeeded")
	}
	if got, _ := os.ReadFile(a); string(got) != "old A" {
		t.Errorf("a.xlsx = %q after the rollback, want its old content", got)
	}
	if n := names(t, dir); n != "a.xlsx,b.json" {
		t.Errorf("after a failed forced commit: %s", n)
	}

	// Abort leaves nothing.
	dir2 := t.TempDir()
	s = NewSet(false)
	stage(t, s, filepath.Join(dir2, "c.csv"), "C")
	s.Abort()
	if n := names(t, dir2); n != "" {
		t.Errorf("after abort: %s", n)
	}
}

// TestCleanup: when the process gives up on a step, the temporary files of
// the outputs not committed go (with those a writer made beside them), the
// locks are released, and no commit happens afterwards.
func TestCleanup(t *testing.T) {
	t.Cleanup(func() { active.Lock(); active.closed = false; active.Unlock() })
	dir := t.TempDir()
	done := NewSet(false)
	stage(t, done, filepath.Join(dir, "done.csv"), "D")
	if err := done.Commit(); err != nil {
		t.Fatal(err)
	}
	s := NewSet(false)
	out := filepath.Join(dir, "out.xlsx")
	stage(t, s, out, "A")
	tmp := s.items[0].tmp
	write(t, filepath.Join(dir, "."+filepath.Base(tmp)+".123456.tmp"), "half") // atomicfile's own temp file
	Cleanup()
	if n := names(t, dir); n != "done.csv" {
		t.Errorf("after Cleanup: %s", n)
	}
	if err := s.Commit(); !errors.Is(err, ErrClosed) {
		t.Errorf("commit after Cleanup: %v", err)
	}
	if _, err := NewSet(false).Add(context.Background(), out); !errors.Is(err, ErrClosed) {
		t.Errorf("add after Cleanup: %v", err)
	}
	if n := names(t, dir); n != "done.csv" {
		t.Errorf("after a refused commit: %s", n)
	}
}
