// Package outfile guards the outputs of one command as a whole: it tells
// whether two names are the same file however they are spelled, locks an
// output against a second vouch writing it at the same time, and commits
// several outputs written to temporary files together, all or none.
package outfile

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"
)

// Same reports whether a and b name one file: the same file on disk (hard
// links, symlinks, "./x" and "x") or, when one does not exist yet, the same
// path once made absolute and its symlinks resolved as far as they exist.
func Same(a, b string) bool {
	ai, err1 := os.Stat(a)
	bi, err2 := os.Stat(b)
	if err1 == nil && err2 == nil {
		return os.SameFile(ai, bi)
	}
	ra, rb := resolve(a), resolve(b)
	return ra != "" && ra == rb
}

// resolve returns the absolute path with symlinks resolved, a dangling one
// too (its target is the file that would be written).
func resolve(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return ""
	}
	for range 40 { // the kernel's own limit on symlink chains
		dir, base := filepath.Dir(abs), filepath.Base(abs)
		if d, err := filepath.EvalSymlinks(dir); err == nil {
			dir = d
		}
		abs = filepath.Join(dir, base)
		target, err := os.Readlink(abs)
		if err != nil {
			return abs // not a symlink, or nothing there
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(dir, target)
		}
		abs = filepath.Clean(target)
	}
	return abs
}

// hidden is a hidden name beside path, ".<name><suffix>", shortened with a
// hash of the name where it would pass the file systems' 255-byte limit.
func hidden(path, suffix string) string {
	base := filepath.Base(path)
	name := "." + base + suffix
	if len(name) > 255 {
		sum := sha256.Sum256([]byte(base))
		name = "." + truncateUTF8(base, 100) + "-" + hex.EncodeToString(sum[:6]) + suffix
	}
	return filepath.Join(filepath.Dir(path), name)
}

func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// ErrBusy reports an output that another process is writing.
var ErrBusy = errors.New("is being written by another vouch process")

// Lock is an exclusive lock on an output path, held through an flock(2) on
// a lock file beside it (".<name>.vouch-lock"). The kernel releases it when
// the process ends, however it ends, so a crash leaves no stale lock.
type Lock struct {
	f    *os.File
	path string
}

// LockPath is the lock file that guards path.
func LockPath(path string) string { return hidden(path, ".vouch-lock") }

// Acquire locks path. With wait false a lock held by another process fails
// at once with ErrBusy; with wait true Acquire polls until the lock is free
// or ctx ends.
func Acquire(ctx context.Context, path string, wait bool) (*Lock, error) {
	lp := LockPath(path)
	for {
		f, err := os.OpenFile(lp, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", path, PathErr(err))
		}
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			// The holder before us removes the lock file before it
			// unlocks: if the name now leads to another file (or to none),
			// this lock guards nothing and we start again.
			fi, ferr := f.Stat()
			pi, perr := os.Stat(lp)
			if ferr == nil && perr == nil && os.SameFile(fi, pi) {
				return &Lock{f: f, path: lp}, nil
			}
			f.Close()
			continue
		}
		f.Close()
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if !wait {
			return nil, fmt.Errorf("%s %w", path, ErrBusy)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Release removes the lock file and unlocks. It may be called more than once.
func (l *Lock) Release() {
	if l == nil || l.f == nil {
		return
	}
	os.Remove(l.path)
	l.f.Close() // closing the last descriptor releases the flock
	l.f = nil
}

// Set is the outputs of one command: each is written to a temporary file
// beside its final name, then Commit moves them all into place, or none.
type Set struct {
	force bool
	items []item
	locks []*Lock
}

type item struct{ tmp, old, final string }

// NewSet starts a set. With force, Commit replaces existing outputs;
// without it, an output that exists (or appears meanwhile) fails the commit.
func NewSet(force bool) *Set { return &Set{force: force} }

// active is every set not yet committed or aborted, for Cleanup. It is
// process-wide on purpose: Cleanup runs when vouch gives up on a step that
// does not return after a signal, and nothing else knows the temp names.
var active = struct {
	sync.Mutex
	sets   map[*Set]bool
	closed bool
}{sets: map[*Set]bool{}}

// ErrClosed is returned by Commit after Cleanup: the process is ending.
var ErrClosed = errors.New("interrupted: outputs not written")

// Cleanup removes the temporary files of every set not committed (and the
// temporary files a writer made beside them) and releases their locks. A
// commit under way finishes first; none starts after. For the moment the
// process gives up on a step that ignores a signal.
func Cleanup() {
	active.Lock()
	defer active.Unlock()
	active.closed = true
	for s := range active.sets {
		for _, it := range s.items {
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(it.tmp), "."+globEscape(filepath.Base(it.tmp))+".*.tmp"))
			for _, p := range leftovers {
				os.Remove(p)
			}
		}
		s.abort()
	}
	clear(active.sets)
}

func globEscape(s string) string {
	r := strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`, `\`, `\\`)
	return r.Replace(s)
}

// Add locks final (failing with ErrBusy when another process holds it) and
// returns the temporary name to write it to: a hidden, unused name in the
// same folder that ends with final's extension. Nothing is created there.
func (s *Set) Add(ctx context.Context, final string) (string, error) {
	l, err := Acquire(ctx, final, false)
	if err != nil {
		return "", err
	}
	active.Lock()
	defer active.Unlock()
	if active.closed {
		l.Release()
		return "", ErrClosed
	}
	active.sets[s] = true
	s.locks = append(s.locks, l)
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	id := ".vouch-" + hex.EncodeToString(b[:])
	tmp := hidden(final, id+".tmp"+filepath.Ext(final))
	s.items = append(s.items, item{tmp: tmp, old: hidden(final, id+".old"), final: final})
	return tmp, nil
}

// WriteTemp writes a temporary name that Add returned: created new, synced
// and closed. Errors do not name the temporary file.
func WriteTemp(tmp string, write func(io.Writer) error) error {
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return PathErr(err)
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return PathErr(err)
}

// Commit moves every temporary file to its final name. If one move fails,
// the ones done are undone (an output that was replaced gets its old content
// back) and the error is returned. The locks are released either way.
func (s *Set) Commit() error {
	active.Lock()
	defer active.Unlock()
	err := s.commitAll()
	delete(active.sets, s)
	s.abort()
	return err
}

func (s *Set) commitAll() error {
	if active.closed {
		return ErrClosed
	}
	var undo []func()
	for _, it := range s.items {
		u, err := s.commit(it)
		if err != nil {
			for i := len(undo) - 1; i >= 0; i-- {
				undo[i]()
			}
			return err
		}
		undo = append(undo, u)
	}
	for _, it := range s.items {
		os.Remove(it.old)
	}
	s.items = nil
	return nil
}

// commit moves one output into place and returns how to undo that.
func (s *Set) commit(it item) (func(), error) {
	if !s.force {
		// A hard link fails if the name was taken meanwhile, where a
		// rename would replace it.
		if err := os.Link(it.tmp, it.final); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return nil, fmt.Errorf("%s already exists: use --force to replace it", it.final)
			}
			if _, serr := os.Lstat(it.final); serr == nil {
				return nil, fmt.Errorf("%s already exists: use --force to replace it", it.final)
			}
			// No hard links on this file system: the name was free just now.
			if err := os.Rename(it.tmp, it.final); err != nil {
				return nil, fmt.Errorf("cannot write %s: %w", it.final, PathErr(err))
			}
		}
		os.Remove(it.tmp)
		return func() { os.Remove(it.final) }, nil
	}
	old := it.old
	hadOld := os.Link(it.final, old) == nil
	if err := os.Rename(it.tmp, it.final); err != nil {
		os.Remove(old)
		return nil, fmt.Errorf("cannot write %s: %w", it.final, PathErr(err))
	}
	return func() {
		if hadOld {
			os.Rename(old, it.final)
		} else {
			os.Remove(it.final)
		}
	}, nil
}

// Abort removes the temporary files not committed and releases the locks.
func (s *Set) Abort() {
	active.Lock()
	defer active.Unlock()
	delete(active.sets, s)
	s.abort()
}

// abort is Abort with the registry locked.
func (s *Set) abort() {
	for _, it := range s.items {
		os.Remove(it.tmp)
	}
	for _, l := range s.locks {
		l.Release()
	}
	s.items, s.locks = nil, nil
}

// PathErr is err without the path a *fs.PathError or *os.LinkError adds:
// for messages that name the file themselves (and not a temporary one).
func PathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
