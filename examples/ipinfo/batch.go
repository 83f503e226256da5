package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// This file runs `-batch FILE`: one command per line, as ip -batch reads
// them (# comments, backslash continuations, quoted words), over one
// handle. A failing line prints its error and "Command failed FILE:LINE";
// the run stops there unless -force, and exits 1. A line ip refuses to
// parse ends the whole run with 255 at once, as ip's exit(-1) does.

// runBatch runs the batch file c names.
func runBatch(ctx context.Context, c *command, stdin io.Reader, stdout, stderr io.Writer) int {
	in := stdin
	if c.batch != "-" {
		f, err := os.Open(c.batch)
		if err != nil {
			var pe *os.PathError
			msg := err.Error()
			if errors.As(err, &pe) {
				msg = errnoTextOf(pe.Err)
			}
			fmt.Fprintf(stderr, "Cannot open file %q for reading: %s\n", c.batch, msg)
			return exitFailure
		}
		defer f.Close()
		in = f
	}
	h, err := open(c)
	if err != nil {
		return report(err, c, stderr)
	}
	defer h.Close()
	status := 0
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	lineno := 0
	for {
		words, ok, err := nextBatchLine(sc, &lineno)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return exitFailure
		}
		if !ok {
			break
		}
		if len(words) == 0 {
			continue
		}
		lc := &command{json: c.json, family: c.family, netns: c.netns, nsName: c.nsName, remote: c.remote, groups: c.groups, inBatch: true}
		perr := lc.parseObject(words)
		if perr == nil && !lc.help {
			perr = lc.resolveNames()
		}
		code := 0
		var ipe *ipError
		switch {
		case perr != nil:
			code = reportParse(perr, stderr)
			if errors.As(perr, &ipe) && ipe.exits || !errors.As(perr, &ipe) {
				return code
			}
		case lc.help:
			_, _ = io.WriteString(stdout, usage)
		default:
			err := execute(ctx, lc, h, stdout, stderr)
			code = report(err, lc, stderr)
			if errors.As(err, &ipe) && ipe.exits {
				return code
			}
		}
		if code != 0 {
			fmt.Fprintf(stderr, "Command failed %s:%d\n", c.batch, lineno)
			status = exitFailure
			if !c.force {
				break
			}
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(stderr, "ipinfo: reading %s: %v\n", c.batch, err)
		return exitFailure
	}
	return status
}

// nextBatchLine reads one command: a line without its # comment, joined
// with the next while it ends in a backslash, split into words. ok is
// false at the end of the input.
func nextBatchLine(sc *bufio.Scanner, lineno *int) (words []string, ok bool, err error) {
	if !sc.Scan() {
		return nil, false, nil
	}
	*lineno++
	line := stripComment(sc.Text())
	for strings.HasSuffix(line, "\\") {
		if !sc.Scan() {
			return nil, false, errors.New("Missing continuation line")
		}
		*lineno++
		line = line[:len(line)-1] + stripComment(sc.Text())
	}
	words, err = splitWords(line)
	return words, true, err
}

// stripComment drops everything from the first #.
func stripComment(s string) string {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		return s[:i]
	}
	return s
}

// splitWords splits a line as ip's makeargs does: on blanks, a word that
// starts with a quote running to the same quote.
func splitWords(line string) ([]string, error) {
	var words []string
	for {
		line = strings.TrimLeft(line, " \t\r\n")
		if line == "" {
			return words, nil
		}
		if q := line[0]; q == '\'' || q == '"' {
			end := strings.IndexByte(line[1:], q)
			if end < 0 {
				return nil, errors.New("Unterminated quoted string")
			}
			words = append(words, line[1:1+end])
			line = line[2+end:]
			continue
		}
		end := strings.IndexAny(line, " \t\r\n")
		if end < 0 {
			return append(words, line), nil
		}
		words = append(words, line[:end])
		line = line[end:]
	}
}

// errnoTextOf is strerror's text for an OS error.
func errnoTextOf(err error) string {
	s := err.Error()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
