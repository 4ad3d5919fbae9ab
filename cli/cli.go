// Package cli is redline's command line: one file per command (brief,
// read, extract, history, who, feeds, digest, run, version) and app.go,
// which builds redline's parts from the configuration, in one direction.
//
// main.go runs a Main; the end-to-end tests run the same Main with their
// own streams.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"redline/briefing"
	"redline/config"
)

// Main is the redline command: where it writes and what version it is.
type Main struct {
	Stdout, Stderr io.Writer
	// Version is what "redline version" prints; the module's build
	// information fills it in when empty.
	Version string
}

// NewMain returns a Main writing to the process's standard streams.
func NewMain() *Main { return &Main{Stdout: os.Stdout, Stderr: os.Stderr} }

// command is one subcommand of redline.
type command struct {
	name    string
	args    string // what follows the flags in the usage line
	summary string
	// setup registers the command's flags on fs and returns what runs it.
	setup func(fs *flag.FlagSet) func(ctx context.Context, a *app, args []string) error
}

func commands() []command {
	return []command{
		{"brief", "URL|FILE…", "print a briefing of each article: who warned whom about what", briefCommand},
		{"read", "URL|FILE…", "print what redline read from each page: headline, byline, date, site, text", readCommand},
		{"extract", "URL|FILE…", "print the warnings of each article as JSON lines", extractCommand},
		{"eval", "-gold DIR [FILE…]", "score the extractor on hand-made gold warnings: precision, recall, F1, errors by cause", evalCommand},
		{"history", "[QUERY]", "search the warnings kept in history", historyCommand},
		{"who", "NAME", "show an actor's record: warnings by and against it, counterparts, latest", whoCommand},
		{"feeds", "add|list|remove|poll …", "manage the feeds a channel follows and poll them, without Discord", feedsCommand},
		{"digest", "", "print a digest of the warnings of a period (all history, or one channel's), without Discord", digestCommand},
		{"run", "", "run the Discord bot", runCommand},
		{"version", "", "print redline's version", versionCommand},
	}
}

// Run runs redline with args (the program name left out) and returns the
// exit status: 0, 1 for a failure, 2 for a mistake in the command line.
func (m *Main) Run(ctx context.Context, args []string) int {
	a := &app{stdout: m.Stdout, stderr: m.Stderr, version: m.Version}
	defer a.close()
	global := flag.NewFlagSet("redline", flag.ContinueOnError)
	global.SetOutput(m.Stderr)
	global.StringVar(&a.configPath, "config", "", "configuration file (default "+config.DefaultPath+" if present)")
	global.Usage = func() { mainUsage(m.Stderr) }
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	rest := global.Args()
	if len(rest) == 0 {
		mainUsage(m.Stderr)
		return 2
	}
	name, rest := rest[0], rest[1:]
	if name == "help" {
		if len(rest) == 0 {
			mainUsage(m.Stdout)
			return 0
		}
		name, rest = rest[0], []string{"-help"}
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		fs := flag.NewFlagSet("redline "+c.name, flag.ContinueOnError)
		fs.SetOutput(m.Stderr)
		fs.StringVar(&a.configPath, "config", a.configPath, "configuration file (default "+config.DefaultPath+" if present)")
		exec := c.setup(fs)
		fs.Usage = func() {
			fmt.Fprintf(fs.Output(), "Usage: redline %s [flags] %s\n\n%s.\n\nFlags:\n", c.name, c.args, capitalise(c.summary))
			fs.PrintDefaults()
		}
		if err := fs.Parse(interleave(fs, rest)); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		return report(m.Stderr, exec(ctx, a, fs.Args()), fs)
	}
	fmt.Fprintf(m.Stderr, "redline: unknown command %q\n", name)
	mainUsage(m.Stderr)
	return 2
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// interleave moves flags that follow positional arguments in front of
// them, so that "redline history Russia --since 7d" works as users expect.
func interleave(fs *flag.FlagSet, args []string) []string {
	var flags, positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil && !isBoolFlag(f) && i+1 < len(args) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	return append(flags, append([]string{"--"}, positional...)...)
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// report turns a command's error into the exit status and one clear line
// on stderr: 2 for usage mistakes, 1 for everything else.
func report(stderr io.Writer, err error, fs *flag.FlagSet) int {
	if err == nil {
		return 0
	}
	var usage usageError
	if errors.As(err, &usage) {
		fmt.Fprintf(stderr, "redline: %s\nRun '%s -help' for usage.\n", usage.msg, fs.Name())
		return 2
	}
	var cfgErr *config.Error
	if errors.As(err, &cfgErr) {
		fmt.Fprintf(stderr, "redline: %s\n", cfgErr.Error())
		return 1
	}
	fmt.Fprintf(stderr, "redline: %s\n", oneLine(briefing.ErrorMessage(err)))
	return 1
}

// since reads a -since flag ("24h", "7d") as the time that long before now.
func since(flagValue string, now time.Time) (time.Time, error) {
	d, err := config.ParseDuration(flagValue)
	if err != nil {
		return time.Time{}, usagef("-since: %v", err)
	}
	return now.Add(-d), nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func mainUsage(w io.Writer) {
	fmt.Fprintln(w, "redline reads news articles and briefs who warned whom about what.")
	fmt.Fprintln(w, "\nUsage: redline [-config PATH] COMMAND [flags] [arguments]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'redline COMMAND -help' for a command's flags.")
}
