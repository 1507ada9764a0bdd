package cmd

import (
	"bytes"
	"context"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// TestUnknownSubcommand: a misspelt or unknown subcommand, at any level, is a
// usage error with cobra's suggestions, not the group's help with exit 0.
func TestUnknownSubcommand(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"questionnaire", "fil", "x.xlsx"}, `unknown command "fil" for "vouch questionnaire"; did you mean fill?`},
		{[]string{"q", "inpsect"}, `did you mean inspect?`},
		{[]string{"controls", "export"}, `unknown command "export" for "vouch controls"`},
		{[]string{"contrls"}, `unknown command "contrls" for "vouch"; did you mean controls?`},
		{[]string{"completion", "tcsh"}, `unknown command "tcsh" for "vouch completion"`},
		{[]string{"packet", "verfy", "x"}, `did you mean verify?`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := run(t, tt.args...)
			if r.code != ExitUsage || !strings.Contains(r.err, tt.want) {
				t.Errorf("code %d, stderr %q; want 2 and %q", r.code, r.err, tt.want)
			}
			if r.out != "" {
				t.Errorf("stdout %q: a usage error prints no help on stdout", r.out)
			}
		})
	}
	// A group alone still shows its help.
	for _, g := range []string{"questionnaire", "controls", "completion"} {
		if r := run(t, g); r.code != 0 || !strings.Contains(r.out, "Available Commands") {
			t.Errorf("%s: %d %q", g, r.code, r.out)
		}
	}
}

// TestMinConfidenceRange: NaN passes a check written as "v < 0 || v > 1" and
// disabled the gate; 0 was read as the default 0.5. Both are usage errors.
func TestMinConfidenceRange(t *testing.T) {
	dir := t.TempDir()
	in := questionBook(t, dir, 0)
	for _, v := range []string{"NaN", "nan", "0", "-0", "+Inf", "-0.1", "1.01"} {
		r := run(t, "q", "fill", in, "--out", filepath.Join(dir, "o-"+v+".xlsx"), "--min-confidence", v)
		if r.code != ExitUsage || !strings.Contains(r.err, "--min-confidence") {
			t.Errorf("--min-confidence %s: code %d, %q", v, r.code, r.err)
		}
	}
	for _, v := range []string{"1", "0.01", "0.6"} {
		if r := run(t, "q", "fill", in, "--out", filepath.Join(dir, "ok-"+v+".xlsx"), "--min-confidence", v); r.code != 0 {
			t.Errorf("--min-confidence %s: code %d, %q", v, r.code, r.err)
		}
	}
}

func TestVersionFrom(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	rev := "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		name, ldflags string
		info          *debug.BuildInfo
		want          string
	}{
		{"ldflags win", "v1.4.0", &debug.BuildInfo{Main: debug.Module{Version: "v9.9.9"}}, "v1.4.0"},
		{"go install module@version", "dev", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{"go build in a clean checkout", "dev", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: settings("vcs", "git", "vcs.revision", rev, "vcs.modified", "false")}, "dev (0123456789ab)"},
		{"go build with edits", "dev", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: settings("vcs.revision", rev, "vcs.modified", "true")}, "dev (0123456789ab+dirty)"},
		{"no vcs", "dev", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
		{"no build info", "dev", nil, "dev"},
	}
	for _, tt := range tests {
		if got := versionFrom(tt.ldflags, tt.info); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestFinishGivesUpAfterGrace: after a signal, a step that returns in time
// gives its own exit code; one that ignores the context is given up after
// the grace period with 130, once its uncommitted outputs are cleaned up.
func TestFinishGivesUpAfterGrace(t *testing.T) {
	var errOut bytes.Buffer
	if code := finish(context.Background(), time.Second, &errOut, func() { t.Error("cleanup without a signal") }, func() int { return 3 }); code != 3 {
		t.Errorf("no signal: %d", code)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if code := finish(ctx, time.Second, &errOut, func() { t.Error("cleanup of a step that returned") }, func() int { <-ctx.Done(); return ExitInterrupted }); code != ExitInterrupted {
		t.Errorf("step that returns: %d", code)
	}
	release := make(chan struct{})
	defer close(release)
	cleaned := false
	start := time.Now()
	code := finish(ctx, 200*time.Millisecond, &errOut, func() { cleaned = true }, func() int { <-release; return 0 })
	if code != ExitInterrupted || !cleaned || !strings.Contains(errOut.String(), "vouch: interrupted") {
		t.Errorf("stuck step: code %d, cleaned %v, stderr %q", code, cleaned, errOut.String())
	}
	if d := time.Since(start); d < 200*time.Millisecond || d > 5*time.Second {
		t.Errorf("gave up after %v, want the 200ms grace", d)
	}
}
