package term

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestReadPasswordLine(t *testing.T) {
	ios, in, _, _ := Test()
	in.WriteString("s3cret\r\nnext line")
	b, err := ios.ReadPassword(context.Background())
	if err != nil || string(b) != "s3cret" {
		t.Errorf("%q %v", b, err)
	}
	if rest, _ := io.ReadAll(in); string(rest) != "next line" {
		t.Errorf("read past the line: %q left", rest)
	}
}

// TestReadPasswordInterrupted: a prompt that nobody answers ends when the
// context does (Ctrl-C), instead of waiting for a line forever.
func TestReadPasswordInterrupted(t *testing.T) {
	ios, _, _, _ := Test()
	r, w := io.Pipe()
	defer w.Close()
	ios.In = r
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := ios.ReadPassword(ctx)
	if !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second {
		t.Errorf("err %v after %v", err, time.Since(start))
	}
	ios.In = strings.NewReader("")
	if b, err := ios.ReadPassword(context.Background()); err != nil || len(b) != 0 {
		t.Errorf("empty input: %q %v", b, err)
	}
}
