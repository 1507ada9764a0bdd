package attack

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignals: SIGINT or SIGTERM in the middle of a long fill (many sheets:
// reading, answering, writing notes) ends vouch with 130 within the grace
// period, and leaves no output (issue 17 #14).
func TestSignals(t *testing.T) {
	for _, c := range []struct {
		sig   syscall.Signal
		after time.Duration
	}{{syscall.SIGINT, 700 * time.Millisecond}, {syscall.SIGTERM, 700 * time.Millisecond}, {syscall.SIGINT, 2500 * time.Millisecond}} {
		sig := c.sig
		t.Run(sig.String()+" after "+c.after.String(), func(t *testing.T) {
			t.Parallel()
			nCases.Add(1)
			dir := t.TempDir()
			in := filepath.Join(dir, "in.xlsx")
			writeBook(t, in, manySheets(3000, 2))
			before := hashFile(in)
			cmd := exec.Command(vouch, fill("in.xlsx", "out.xlsx")...)
			cmd.Dir = dir
			cmd.Env = append(filterEnv(os.Environ()), "GOMEMLIMIT="+goMemLimit, "HOME="+dir)
			var se bytes.Buffer
			cmd.Stderr = &se
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(c.after)
			cmd.Process.Signal(sig)
			sent := time.Now()
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("vouch still running 10 s after %s", sig)
			}
			took := time.Since(sent)
			code := cmd.ProcessState.ExitCode()
			t.Logf("%s: exit %d after %s: %s", sig, code, took.Round(time.Millisecond), strings.TrimSpace(se.String()))
			if code == 0 {
				t.Fatalf("the fill finished before %s arrived: give the case more sheets", sig)
			}
			if code != 130 {
				t.Errorf("exit %d after %s, want 130", code, sig)
			}
			if took > 3*time.Second {
				t.Errorf("%s took %s to act on", sig, took)
			}
			if _, err := os.Lstat(filepath.Join(dir, "out.xlsx")); err == nil {
				t.Error("an interrupted fill left out.xlsx")
			}
			if hashFile(in) != before {
				t.Error("the input changed")
			}
			if strings.Contains(se.String(), "goroutine ") {
				t.Errorf("a stack trace: %s", se.String())
			}
		})
	}
}
