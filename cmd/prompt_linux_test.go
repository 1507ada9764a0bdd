package cmd

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/vouchcli/vouch/internal/testutil"
)

// openPTY opens a pseudo-terminal pair: the test holds the master side, the
// program under test gets the slave as its terminal.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no pseudo-terminals (CI=true): %v", err)
		}
		t.Skipf("no pseudo-terminals here: %v; skipping (under CI=true this fails)", err)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatalf("unlockpt: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatalf("ptsname: %v", e)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close(); s.Close() })
	return m, s
}

// echoOn reports whether the terminal echoes what is typed.
func echoOn(t *testing.T, f *os.File) bool {
	t.Helper()
	var tio syscall.Termios
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&tio))); e != 0 {
		t.Fatalf("tcgets: %v", e)
	}
	return tio.Lflag&syscall.ECHO != 0
}

// TestInterruptAtPasswordPrompt: Ctrl-C typed at the --encrypt password
// prompt, or a SIGTERM sent meanwhile, ends vouch with 130, the terminal's
// echo back on and nothing written.
func TestInterruptAtPasswordPrompt(t *testing.T) {
	bin := testutil.BuildVouch(t)
	for _, how := range []string{"ctrl-c", "sigterm"} {
		t.Run(how, func(t *testing.T) {
			master, slave := openPTY(t)
			dir := t.TempDir()
			out := filepath.Join(dir, "acme-nda.pdf")
			cmd := exec.Command(bin, "nda", "--customer", "Acme Inc.", "--law", "the laws of Ireland", "--encrypt", "--out", out)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "VOUCH_CATALOG=", "XDG_CONFIG_HOME="+dir)
			cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			// Read the terminal until the prompt shows.
			var screen bytes.Buffer
			prompt := make(chan struct{})
			go func() {
				buf := make([]byte, 1024)
				signalled := false
				for {
					n, err := master.Read(buf)
					screen.Write(buf[:n])
					if !signalled && bytes.Contains(screen.Bytes(), []byte("PDF password: ")) {
						signalled = true
						close(prompt)
					}
					if err != nil {
						return
					}
				}
			}()
			select {
			case <-prompt:
			case <-time.After(20 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("no prompt; the terminal shows %q", screen.String())
			}
			time.Sleep(100 * time.Millisecond) // the read has started
			if how == "ctrl-c" {
				master.Write([]byte{3}) // the line discipline turns it into SIGINT
			} else {
				cmd.Process.Signal(syscall.SIGTERM)
			}
			select {
			case err := <-exited:
				code := cmd.ProcessState.ExitCode()
				if code != ExitInterrupted {
					t.Errorf("exit code %d (%v), want 130", code, err)
				}
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				<-exited
				t.Fatalf("vouch still waits at the prompt after %s", how)
			}
			if !echoOn(t, slave) {
				t.Error("the terminal's echo is left off")
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a document was written")
			}
		})
	}
}
