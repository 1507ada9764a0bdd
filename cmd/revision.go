package cmd

import (
	"context"
	"os/exec"
	"strings"
	"time"
)

// gitRevision returns "git:<commit>" for a catalog directory inside a git
// work tree (with "+dirty" when the catalog has uncommitted changes), or ""
// when git is absent or the directory is not tracked.
func gitRevision(dir string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "log", "-1", "--format=%H", "--", ".").Output()
	if err != nil {
		return ""
	}
	commit := strings.TrimSpace(string(out))
	if commit == "" {
		return ""
	}
	rev := "git:" + commit
	if st, err := exec.CommandContext(ctx, "git", "-C", dir, "status", "--porcelain", "--", ".").Output(); err == nil && len(strings.TrimSpace(string(st))) > 0 {
		rev += "+dirty"
	}
	return rev
}
