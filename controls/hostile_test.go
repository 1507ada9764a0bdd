package controls

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// loadWithin loads dir and fails the test if that takes longer than d (a
// FIFO opened for reading blocks until a writer comes).
func loadWithin(t *testing.T, dir string, d time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := Load(context.Background(), os.DirFS(dir), dir)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatalf("Load of %s did not return within %s", dir, d)
		return nil
	}
}

// Defect 17.12: catalog files are read only when regular and bounded in size.
func TestLoadRefusesSpecialAndHugeFiles(t *testing.T) {
	t.Run("fifo", func(t *testing.T) {
		dir := writeCatalog(t, nil)
		if err := syscall.Mkfifo(filepath.Join(dir, "controls", "pipe.yaml"), 0o644); err != nil {
			t.Skipf("no FIFOs here: %v", err)
		}
		err := loadWithin(t, dir, 5*time.Second)
		if err == nil || !strings.Contains(err.Error(), "controls/pipe.yaml: not a regular file (a named pipe)") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("link to /dev/zero", func(t *testing.T) {
		if _, err := os.Stat("/dev/zero"); err != nil {
			t.Skip("no /dev/zero")
		}
		dir := writeCatalog(t, nil)
		if err := os.Symlink("/dev/zero", filepath.Join(dir, "controls", "zero.yaml")); err != nil {
			t.Fatal(err)
		}
		err := loadWithin(t, dir, 5*time.Second)
		if err == nil || !strings.Contains(err.Error(), "controls/zero.yaml: not a regular file (a device)") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("file over the bound", func(t *testing.T) {
		dir := writeCatalog(t, nil)
		p := filepath.Join(dir, LibraryFile)
		if err := os.Truncate(p, MaxFileSize+1); err != nil {
			t.Fatal(err)
		}
		err := loadWithin(t, dir, 5*time.Second)
		if err == nil || !strings.Contains(err.Error(), "library.yaml: too large") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("fifo in templates", func(t *testing.T) {
		dir := writeCatalog(t, nil)
		if err := os.MkdirAll(filepath.Join(dir, TemplatesDir), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(filepath.Join(dir, TemplatesDir, "dpa.md"), 0o644); err != nil {
			t.Skipf("no FIFOs here: %v", err)
		}
		if err := loadWithin(t, dir, 5*time.Second); err == nil || !strings.Contains(err.Error(), "templates/dpa.md: not a regular file") {
			t.Errorf("err = %v", err)
		}
	})
}

// Defect 17.18: controls/ as a regular file or a symlink to itself is an
// error, not "valid (0 controls)".
func TestLoadControlsNotAFolder(t *testing.T) {
	for name, make := range map[string]func(p string) error{
		"regular file": func(p string) error { return os.WriteFile(p, []byte("controls: []\n"), 0o644) },
		"self-symlink": func(p string) error { return os.Symlink("controls", p) },
	} {
		t.Run(name, func(t *testing.T) {
			dir := writeCatalog(t, nil)
			p := filepath.Join(dir, ControlsDir)
			if err := os.RemoveAll(p); err != nil {
				t.Fatal(err)
			}
			if err := make(p); err != nil {
				t.Fatal(err)
			}
			err := loadWithin(t, dir, 5*time.Second)
			if err == nil || !strings.Contains(err.Error(), dir+"/controls: ") {
				t.Fatalf("err = %v", err)
			}
			if strings.Contains(err.Error(), "stat ") || strings.Contains(err.Error(), "lstat ") {
				t.Errorf("Go's wording leaks: %v", err)
			}
		})
	}
}

// Defect 17.19: a misspelt top-level key names the key, not a Go struct type.
func TestMisspeltTopLevelKey(t *testing.T) {
	for file, src := range map[string]string{
		"controls/encryption.yaml": strings.Replace(controlsYAML, "controls:", "control:", 1),
		CertificationsFile:         "certification:\n  - id: soc2\n",
		LibraryFile:                "answer: []\n",
	} {
		_, err := Load(context.Background(), catalogFS(map[string]string{file: src}), "c")
		if err == nil {
			t.Fatalf("%s: no error", file)
		}
		msg := err.Error()
		if strings.Contains(msg, "struct") || strings.Contains(msg, "controls.") || !strings.Contains(msg, `unknown field "`) {
			t.Errorf("%s: %s", file, msg)
		}
	}
}

// Defect 17.16: a huge review_every is refused at load, not overflowed.
func TestPeriodBound(t *testing.T) {
	for _, s := range []string{"999999999999y", "101y", "1201m", "36526d", "5219w", "+12m", "1_0y"} {
		if _, err := ParsePeriod(s); err == nil {
			t.Errorf("%s accepted", s)
		}
	}
	for _, s := range []string{"100y", "1200m", "36525d", "5218w"} {
		if _, err := ParsePeriod(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	src := strings.Replace(controlsYAML, "    source: security-page § Encryption\n", "    source: security-page § Encryption\n    reviewed: 2026-01-01\n    review_every: 999999999999y\n", 1)
	_, err := Load(context.Background(), catalogFS(map[string]string{"controls/encryption.yaml": src}), "c")
	if err == nil || !strings.Contains(err.Error(), "longer than 100 years") {
		t.Errorf("err = %v", err)
	}
}

// Year 1 is Go's zero time ("unknown", or "today" to gaps): no date may be
// that early.
func TestDateRange(t *testing.T) {
	for _, s := range []string{"0001-01-01", "0000-01-01", "1899-12-31"} {
		if _, err := ParseDate(s); err == nil || !strings.Contains(err.Error(), "out of range") {
			t.Errorf("%s: %v", s, err)
		}
	}
	if _, err := ParseDate("1900-01-01"); err != nil {
		t.Error(err)
	}
}
