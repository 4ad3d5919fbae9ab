package ops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"redline/briefing"
)

// Check is one readiness condition: nil when it holds, else an error
// saying what does not.
type Check func(ctx context.Context) error

// checkTimeout bounds each readiness check, so that a hung database makes
// /readyz answer "not ready" rather than hang the prober.
const checkTimeout = 3 * time.Second

// Handler serves /metrics (from m's registry), /healthz (200 while the
// process serves) and /readyz (200 when every check holds, else 503 with
// the failing ones, one a line).
func Handler(m *Metrics, checks map[string]Check) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	names := make([]string, 0, len(checks))
	for name := range checks {
		names = append(names, name)
	}
	sort.Strings(names)
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		var failed []string
		for _, name := range names {
			ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
			err := checks[name](ctx)
			cancel()
			if err != nil {
				// The user-facing message: never a raw driver error or a URL.
				failed = append(failed, name+": "+briefing.ErrorMessage(err))
			}
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if len(failed) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, strings.Join(failed, "\n"))
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return mux
}

// Serve listens on addr and serves Handler until ctx ends. It returns an
// EINVALID error at once when addr cannot be listened on.
func Serve(ctx context.Context, addr string, h http.Handler, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return briefing.WrapError(briefing.EINVALID, err, "cannot serve metrics on %s: is the address right and free? (metrics.listen)", addr)
	}
	return ServeListener(ctx, ln, h, log)
}

// ServeListener is Serve on a listener the caller opened.
func ServeListener(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	log.Info("metrics and health checks served", "address", ln.Addr().String())
	select {
	case err := <-done:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
		return nil
	}
}
