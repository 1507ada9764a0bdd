// Package attack is vouch's hostile-input regression corpus: each case
// generates a hostile input in a temporary folder, runs the built vouch
// binary on it under a time and memory limit, and checks that vouch fails
// (or succeeds) as it should: the exit code, one line on stderr (no panic,
// no goroutine dump), the inputs unchanged and nothing under the output
// name when it fails.
package attack

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var (
	vouch  string       // the built binary
	prlim  string       // prlimit, when installed
	nCases atomic.Int64 // cases run
)

// memLimit bounds a child's address space (prlimit --as) and GOMEMLIMIT
// its heap: a read that is not bounded fails the case instead of the machine.
// Go reserves address space well beyond what it uses (a 600-sheet fill
// peaks at 4.6 GB of it for 480 MB resident): the bound is on that.
const (
	memLimit   = 8 << 30
	goMemLimit = "768MiB"
	caseTime   = 30 * time.Second
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "vouch-attack-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	vouch = filepath.Join(dir, "vouch")
	build := exec.Command("go", "build", "-o", vouch, "../..")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build vouch:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	prlim, _ = exec.LookPath("prlimit")
	if prlim == "" && os.Getenv("CI") == "true" {
		fmt.Fprintln(os.Stderr, "prlimit is not installed (CI=true): .ci/run installs util-linux")
		os.RemoveAll(dir)
		os.Exit(1)
	}
	if prlim == "" {
		fmt.Fprintln(os.Stderr, "attack: prlimit is not installed: the cases run without an address-space limit (GOMEMLIMIT only)")
	}
	start := time.Now()
	code := m.Run()
	fmt.Fprintf(os.Stderr, "attack: %d cases in %s\n", nCases.Load(), time.Since(start).Round(time.Millisecond))
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of vouch did.
type result struct {
	code           int
	stdout, stderr string
	took           time.Duration
}

// run runs vouch in dir with the args, bounded in time and memory.
func run(t *testing.T, dir string, limit time.Duration, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	name, argv := vouch, args
	if prlim != "" {
		name, argv = prlim, append([]string{fmt.Sprintf("--as=%d", memLimit), "--", vouch}, args...)
	}
	cmd := exec.CommandContext(ctx, name, argv...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOMEMLIMIT="+goMemLimit, "HOME="+dir, "NO_COLOR=1", "VOUCH_CATALOG=")
	cmd.Env = filterEnv(cmd.Env)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: so.String(), stderr: se.String(), took: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("vouch %s: still running after %s (killed)", strings.Join(args, " "), limit)
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("vouch %s: %v", strings.Join(args, " "), err)
	}
	return r
}

// filterEnv drops VOUCH_* settings of the calling shell (and an empty
// VOUCH_CATALOG): each case runs with only what it sets up.
func filterEnv(env []string) []string {
	out := env[:0]
	for _, e := range env {
		if strings.HasPrefix(e, "VOUCH_") {
			continue
		}
		out = append(out, e)
	}
	return out
}

func hashFile(path string) string {
	fi, err := os.Lstat(path)
	if err != nil {
		return "absent"
	}
	if !fi.Mode().IsRegular() {
		return fi.Mode().String() // a FIFO, a link, a folder: never read
	}
	f, err := os.Open(path)
	if err != nil {
		return "unreadable"
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f)
	return fmt.Sprintf("%x", h.Sum(nil))
}

// hostile is one attack case.
type hostile struct {
	name string
	// setup makes the case's files in dir and returns vouch's arguments,
	// the inputs that must stay unchanged and the output that must not
	// appear on failure ("" for none).
	setup func(t *testing.T, dir string) (args, inputs []string, out string)
	code  int    // the exit code wanted
	msg   string // a substring of the one-line error (code != 0)
	// lines allows one error line per problem found (catalog validation
	// lists them all, each with its file and line): each starts "error: ".
	lines bool
	// check, when set, looks at what a successful (or failed) run left.
	check func(t *testing.T, dir string, r result)
	limit time.Duration
}

// runCases runs each case as a subtest, in parallel.
func runCases(t *testing.T, cases []hostile) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			nCases.Add(1)
			dir := t.TempDir()
			args, inputs, out := c.setup(t, dir)
			before := map[string]string{}
			for _, in := range inputs {
				before[in] = hashFile(filepath.Join(dir, in))
			}
			limit := c.limit
			if limit == 0 {
				limit = caseTime
			}
			r := run(t, dir, limit, args...)
			t.Logf("exit %d in %s: %s", r.code, r.took.Round(time.Millisecond), strings.TrimSpace(r.stderr))
			for _, bad := range []string{"panic:", "goroutine ", "runtime error", "fatal error"} {
				if strings.Contains(r.stderr, bad) || strings.Contains(r.stdout, bad) {
					t.Fatalf("vouch %s: %q in its output:\n%s", strings.Join(args, " "), bad, r.stderr)
				}
			}
			if r.code != c.code {
				t.Fatalf("vouch %s: exit %d, want %d\nstderr: %s\nstdout: %.2000s", strings.Join(args, " "), r.code, c.code, r.stderr, r.stdout)
			}
			if c.code != 0 {
				msg := strings.TrimRight(r.stderr, "\n")
				if i := strings.LastIndex(msg, "\nRun 'vouch "); c.code == 2 && i >= 0 && strings.HasSuffix(msg, "for usage.") {
					msg = msg[:i] // a usage error names the help to read
				}
				if c.lines && msg != "" {
					for _, l := range strings.Split(msg, "\n") {
						if !strings.HasPrefix(l, "error: ") {
							t.Errorf("vouch %s: stderr line %q is not an error line", strings.Join(args, " "), l)
						}
					}
				} else if msg == "" || strings.Contains(msg, "\n") {
					t.Errorf("vouch %s: want one line on stderr, got %q", strings.Join(args, " "), r.stderr)
				}
				if c.msg != "" && !strings.Contains(msg, c.msg) {
					t.Errorf("vouch %s: stderr %q does not say %q", strings.Join(args, " "), msg, c.msg)
				}
				if out != "" {
					if _, err := os.Lstat(filepath.Join(dir, out)); err == nil && !contains(inputs, out) {
						t.Errorf("vouch %s failed but left %s", strings.Join(args, " "), out)
					}
				}
			}
			for _, in := range inputs {
				if h := hashFile(filepath.Join(dir, in)); h != before[in] {
					t.Errorf("vouch %s changed its input %s", strings.Join(args, " "), in)
				}
			}
			if c.check != nil {
				c.check(t, dir, r)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fill is the argument list of a fill of in to out.
func fill(in, out string, more ...string) []string {
	return append([]string{"questionnaire", "fill", in, "--out", out}, more...)
}
