// Package discordtest is a fake Discord for tests: an httptest server that
// answers the REST routes a bot uses and speaks the gateway websocket
// protocol (HELLO, IDENTIFY → READY, heartbeats, RESUME → RESUMED, op 7/9,
// sequence numbers, replay of missed dispatches), so a real discordgo
// session runs against it on loopback.
//
// Every REST request is recorded and validated against Discord's official
// OpenAPI description (see LocateSpec); a request the real API would reject
// (schema, length limit, enum, unknown route, and rules the description
// cannot express: empty messages, 6000 characters across embeds, a second
// or late acknowledgement, edits before the acknowledgement, a response
// type the interaction does not take) fails the test that owns the Server
// with the reason, and gets Discord's error answer (e.g. 400 code 50035).
//
// Wiring a discordgo session (or use srv.OpenSession(t)):
//
//	srv := discordtest.New(t)
//	s, _ := discordgo.New("Bot " + discordtest.Token)
//	s.Client = srv.Client() // rewrites https://discord.com to the fake
//	s.Open()                // GET /gateway returns the fake's ws:// URL
//	defer s.Close()         // close the session before the server
//
// Then drive it with SendInteraction, SendMessageCreate/SendDM, Dispatch,
// DropConnection, RequestReconnect and FailNext, and assert with Requests,
// WaitFor, WaitCallback, WaitEdit, WaitChannelMessage, WaitCommandOverwrite,
// Frames and WaitFrame. Server methods that fail the test (SendInteraction,
// SendMessageCreate) must be called from the test's goroutine.
package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Token is a bot token the fake accepts (any "Bot "-prefixed token works).
const Token = "discordtest-token"

// Default identities of the fake's world.
const (
	DefaultAppID     = "1100000000000000001" // the application, also the bot user's id
	DefaultGuildID   = "1100000000000000002"
	DefaultChannelID = "1100000000000000003" // a text channel in the guild
	DefaultUserID    = "1100000000000000004" // the human who uses the bot
)

// Server is a fake Discord. Create it with New; its zero value is not usable.
type Server struct {
	// AppID is the application id, which is also the bot user's id. GuildID
	// and ChannelID name the test guild and its text channel; UserID is the
	// human who invokes commands and sends DMs. Read-only after New.
	AppID, GuildID, ChannelID, UserID string
	BotName, UserName                 string

	t    testing.TB
	cfg  settings
	http *httptest.Server
	spec *specValidator // nil when validation is off

	closed    atomic.Bool
	closeOnce sync.Once
	connWG    sync.WaitGroup // gateway connection goroutines

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced whenever recorded state changes
	requests []Request
	failures []failure
	nextID   uint64

	commands     map[string][]map[string]any // by guild id, "" for global
	interactions map[string]*interactionState
	dmChannels   map[string]string // user id → DM channel id
	channels     map[string]map[string]any
	messages     map[string][]map[string]any // channel id → its messages, oldest first (see history.go)
	drops        []failure                   // requests whose answer is to be lost (DropNextAnswer)

	// gateway state, under mu
	dispatchMu sync.Mutex // orders sequence numbers and writes of dispatches
	conns      []*gatewayConn
	active     *gatewayConn
	session    *gatewaySession
	sessions   map[string]*gatewaySession
	frames     []GatewayFrame
}

type settings struct {
	specPath          string
	specSet           bool
	heartbeatInterval time.Duration
	ackDeadline       time.Duration
	now               func() time.Time
}

// Option configures New.
type Option func(*settings)

// WithSpec validates against the OpenAPI description at path instead of
// the one LocateSpec finds; "" turns validation off.
func WithSpec(path string) Option {
	return func(c *settings) { c.specPath, c.specSet = path, true }
}

// WithHeartbeatInterval sets the heartbeat_interval announced in HELLO
// (default 41.25 s, as Discord).
func WithHeartbeatInterval(d time.Duration) Option {
	return func(c *settings) { c.heartbeatInterval = d }
}

// WithAckDeadline sets how long after INTERACTION_CREATE a callback is
// still accepted (default 3 s, as Discord; 0 disables the check).
func WithAckDeadline(d time.Duration) Option {
	return func(c *settings) { c.ackDeadline = d }
}

// WithClock sets the clock used for timestamps and the ack deadline.
func WithClock(now func() time.Time) Option {
	return func(c *settings) { c.now = now }
}

var skipLogOnce sync.Once

// New starts a fake Discord that lives until t ends (or Close). The first
// call in a test binary loads Discord's OpenAPI description (a few seconds);
// later calls share it.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	cfg := settings{heartbeatInterval: 41250 * time.Millisecond, ackDeadline: 3 * time.Second, now: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	if !cfg.specSet {
		cfg.specPath = LocateSpec()
	}
	s := &Server{
		AppID: DefaultAppID, GuildID: DefaultGuildID, ChannelID: DefaultChannelID, UserID: DefaultUserID,
		BotName: "redline-test", UserName: "tester",
		t: t, cfg: cfg,
		changed:      make(chan struct{}),
		nextID:       1100000000000001000,
		commands:     map[string][]map[string]any{},
		interactions: map[string]*interactionState{},
		dmChannels:   map[string]string{},
		sessions:     map[string]*gatewaySession{},
	}
	s.channels = map[string]map[string]any{
		s.ChannelID: {"id": s.ChannelID, "type": 0, "guild_id": s.GuildID, "name": "general", "position": 0},
	}
	if cfg.specPath != "" {
		s.spec = loadSpec(cfg.specPath)
		// Wait for it here rather than in the first request, which a client
		// could abandon on a busy machine (discordgo's HTTP timeout is 20 s).
		<-s.spec.ready
		if s.spec.err != nil {
			t.Errorf("discordtest: %v", s.spec.err)
			s.spec = nil
		}
	} else {
		skipLogOnce.Do(func() {
			t.Logf("discordtest: Discord's OpenAPI description not found (set %s or keep ../shared beside the module); REST requests are not validated", SpecEnv)
		})
	}
	s.http = httptest.NewServer(s)
	t.Cleanup(s.Close)
	return s
}

// Validating reports whether requests are validated against Discord's
// OpenAPI description (false when it was not found).
func (s *Server) Validating() bool { return s.spec != nil }

// URL is the fake's base URL, e.g. "http://127.0.0.1:41234".
func (s *Server) URL() string { return s.http.URL }

// GatewayURL is the websocket URL that GET /gateway returns.
func (s *Server) GatewayURL() string {
	return "ws" + strings.TrimPrefix(s.http.URL, "http") + "/gateway-ws"
}

// Client returns an HTTP client that sends requests for discord.com (and
// discordapp.com) to the fake; other hosts pass through untouched.
func (s *Server) Client() *http.Client {
	target, _ := url.Parse(s.http.URL)
	return &http.Client{
		Transport: &rewriteTransport{target: target, base: s.http.Client().Transport},
		Timeout:   20 * time.Second,
	}
}

type rewriteTransport struct {
	target *url.URL
	base   http.RoundTripper
}

// discordHosts are the API hosts the client rewrites to the fake.
var discordHosts = map[string]bool{
	"discord.com": true, "www.discord.com": true, "discordapp.com": true,
	"canary.discord.com": true, "ptb.discord.com": true,
}

func (rt *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !discordHosts[strings.ToLower(req.URL.Hostname())] {
		return rt.base.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	out.URL.Scheme = rt.target.Scheme
	out.URL.Host = rt.target.Host
	out.Host = ""
	return rt.base.RoundTrip(out)
}

// Close shuts the gateway connections and the HTTP server. It runs on
// t.Cleanup too; close the discordgo session first, or it keeps reconnecting.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed.Store(true) // under mu: serveGateway registers no connection after this
		conns := append([]*gatewayConn(nil), s.conns...)
		s.active = nil
		s.mu.Unlock()
		for _, c := range conns {
			c.ws.Close()
		}
		s.http.Close()
		s.connWG.Wait()
	})
}

// errorf fails the owning test unless the server is already closed (a
// late report would panic once the test has returned).
func (s *Server) errorf(format string, args ...any) {
	if s.closed.Load() {
		return
	}
	s.t.Errorf("discordtest: "+format, args...)
}

func (s *Server) logf(format string, args ...any) {
	if s.closed.Load() {
		return
	}
	s.t.Logf("discordtest: "+format, args...)
}

// newID returns a fresh snowflake-shaped id.
func (s *Server) newID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newIDLocked()
}

func (s *Server) newIDLocked() string {
	s.nextID++
	return strconv.FormatUint(s.nextID, 10)
}

// failure is a queued answer for the next request matching method and pattern.
type failure struct {
	method     string
	pattern    string
	status     int
	retryAfter time.Duration
}

// FailNext makes the next request matching method ("" for any) and
// pathPattern fail with status. The pattern is matched against the path
// without /api/vN, segment by segment: "*" or a "{name}" segment matches any
// one segment ("/channels/*/messages", RouteChannelMessages). A 429 carries
// Discord's rate-limit body and headers with retryAfter; other statuses
// carry a JSON error body.
func (s *Server) FailNext(method, pathPattern string, status int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, failure{method: method, pattern: pathPattern, status: status, retryAfter: retryAfter})
}

func (f failure) matches(method, apiPath string) bool {
	if f.method != "" && !strings.EqualFold(f.method, method) {
		return false
	}
	pat := strings.Split(strings.Trim(f.pattern, "/"), "/")
	segs := strings.Split(strings.Trim(apiPath, "/"), "/")
	if len(pat) != len(segs) {
		return false
	}
	for i, p := range pat {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			continue
		}
		if ok, _ := path.Match(p, segs[i]); !ok {
			return false
		}
	}
	return true
}

// takeFailure removes and returns the first queued failure matching the request.
func (s *Server) takeFailure(method, apiPath string) (failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.failures {
		if f.matches(method, apiPath) {
			s.failures = append(s.failures[:i], s.failures[i+1:]...)
			return f, true
		}
	}
	return failure{}, false
}

// reply is a handler's answer.
type reply struct {
	status int
	body   any // marshalled as JSON; nil for no body
	header http.Header
	// rejected explains why Discord would refuse the request; it fails the test.
	rejected string
}

func jsonReply(status int, body any) reply { return reply{status: status, body: body} }

// discordError is Discord's JSON error answer.
func discordError(status, code int, message string) reply {
	return reply{status: status, body: map[string]any{"message": message, "code": code}, rejected: message}
}

func (s *Server) writeReply(w http.ResponseWriter, rep reply) {
	for k, vs := range rep.header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	// Discord sends bucket headers on every answer; discordgo's limiter reads them.
	if w.Header().Get("X-RateLimit-Bucket") == "" {
		w.Header().Set("X-RateLimit-Limit", "5")
		w.Header().Set("X-RateLimit-Remaining", "4")
		w.Header().Set("X-RateLimit-Reset-After", "1.000")
		w.Header().Set("X-RateLimit-Bucket", "discordtest")
	}
	if rep.body == nil {
		w.WriteHeader(rep.status)
		return
	}
	raw, err := json.Marshal(rep.body)
	if err != nil {
		s.errorf("marshal reply: %v", err)
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rep.status)
	_, _ = w.Write(raw)
}

func rateLimitReply(retryAfter time.Duration, now time.Time) reply {
	secs := retryAfter.Seconds()
	h := http.Header{}
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", fmt.Sprintf("%.3f", float64(now.Add(retryAfter).UnixMilli())/1000))
	h.Set("X-RateLimit-Reset-After", fmt.Sprintf("%.3f", secs))
	h.Set("X-RateLimit-Bucket", "discordtest-limited")
	h.Set("X-RateLimit-Scope", "user")
	h.Set("Retry-After", strconv.Itoa(int(retryAfter.Seconds()+0.999)))
	return reply{status: http.StatusTooManyRequests, header: h, body: map[string]any{
		"message": "You are being rate limited.", "retry_after": secs, "global": false,
	}}
}

// ServeHTTP answers the gateway websocket and the REST API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/gateway-ws" || strings.HasPrefix(r.URL.Path, "/gateway-ws/") {
		s.serveGateway(w, r)
		return
	}
	s.serveREST(w, r)
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
