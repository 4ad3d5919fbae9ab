// Command redline reads news articles and briefs who warned whom about
// what. It runs as a Discord bot (redline run) and on the command line,
// with no Discord at all (brief, read, extract, history, who, feeds,
// digest); the commands live in package cli.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"redline/cli"
)

// version is set at build time with -ldflags "-X main.version=…"; the
// module's build information fills it in otherwise.
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := cli.NewMain()
	m.Version = version
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
