package discordtest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Gateway opcodes the fake speaks.
const (
	OpDispatch       = 0
	OpHeartbeat      = 1
	OpIdentify       = 2
	OpPresenceUpdate = 3
	OpResume         = 6
	OpReconnect      = 7
	OpInvalidSession = 9
	OpHello          = 10
	OpHeartbeatACK   = 11
)

// GatewayFrame is one gateway payload, recorded in the order sent or received.
type GatewayFrame struct {
	Conn       int             // 1 for the first websocket connection
	FromClient bool            // sent by the bot (IDENTIFY, heartbeats…) rather than the fake
	Op         int             // opcode
	Type       string          // event name of a dispatch ("READY", "RESUMED"…)
	Seq        int64           // sequence number of a dispatch
	Data       json.RawMessage // the "d" field
	At         time.Time
}

type gatewayPayload struct {
	Op   int             `json:"op"`
	Data json.RawMessage `json:"d"`
	Seq  *int64          `json:"s"`
	Type *string         `json:"t"`
}

// gatewaySession is a gateway session a connection identified or resumed.
type gatewaySession struct {
	id      string
	token   string
	intents discordgo.Intent
	shard   [2]int // [shard_id, num_shards]; [0, 1] when the bot does not shard
	seq     int64
	events  []sentEvent // every dispatch, replayed after a RESUME
}

// shardState is the current session of one shard and the connection it is on.
type shardState struct {
	session *gatewaySession
	active  *gatewayConn // nil while the session is disconnected
}

type sentEvent struct {
	seq   int64
	name  string
	frame []byte
}

type gatewayConn struct {
	n       int
	ws      *websocket.Conn
	writeMu sync.Mutex
	session *gatewaySession // under Server.mu
}

func (c *gatewayConn) write(frame []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, frame)
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	if s.closed.Load() {
		http.Error(w, "closed", http.StatusServiceUnavailable)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader already answered
	}
	s.mu.Lock()
	if s.closed.Load() {
		s.mu.Unlock()
		ws.Close()
		return
	}
	conn := &gatewayConn{n: len(s.conns) + 1, ws: ws}
	s.conns = append(s.conns, conn)
	s.connWG.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.connWG.Done()
		defer ws.Close()
		s.runGateway(conn)
	}()
}

func marshalFrame(op int, data any, seq *int64, name *string) []byte {
	raw, _ := json.Marshal(data)
	frame, _ := json.Marshal(gatewayPayload{Op: op, Data: raw, Seq: seq, Type: name})
	return frame
}

// sendControl writes a non-dispatch frame and records it.
func (s *Server) sendControl(c *gatewayConn, op int, data any) error {
	frame := marshalFrame(op, data, nil, nil)
	s.recordFrame(GatewayFrame{Conn: c.n, Op: op, Data: json.RawMessage(frame)})
	return c.write(frame)
}

func (s *Server) recordFrame(f GatewayFrame) {
	f.At = s.cfg.now()
	var p gatewayPayload
	if json.Unmarshal(f.Data, &p) == nil {
		f.Data = p.Data
	}
	s.mu.Lock()
	s.frames = append(s.frames, f)
	s.notifyLocked()
	s.mu.Unlock()
}

// runGateway serves one websocket connection until it closes.
func (s *Server) runGateway(c *gatewayConn) {
	hello := map[string]any{"heartbeat_interval": s.cfg.heartbeatInterval.Milliseconds()}
	if err := s.sendControl(c, OpHello, hello); err != nil {
		return
	}
	for {
		_, msg, err := c.ws.ReadMessage()
		if err != nil {
			s.mu.Lock()
			for _, st := range s.shards {
				if st.active == c {
					st.active = nil
				}
			}
			s.mu.Unlock()
			return
		}
		var p gatewayPayload
		if err := json.Unmarshal(msg, &p); err != nil {
			s.closeWith(c, 4002, "Decode error")
			return
		}
		s.recordFrame(GatewayFrame{Conn: c.n, FromClient: true, Op: p.Op, Data: json.RawMessage(msg)})
		s.mu.Lock()
		authed := c.session != nil
		s.mu.Unlock()
		switch p.Op {
		case OpHeartbeat:
			if err := s.sendControl(c, OpHeartbeatACK, nil); err != nil {
				return
			}
		case OpIdentify:
			if authed {
				s.closeWith(c, 4005, "Already authenticated")
				return
			}
			if !s.identify(c, p.Data) {
				return
			}
		case OpResume:
			if authed {
				s.closeWith(c, 4005, "Already authenticated")
				return
			}
			if !s.resume(c, p.Data) {
				return
			}
		case OpPresenceUpdate, 4, 8:
			if !authed {
				s.closeWith(c, 4003, "Not authenticated")
				return
			}
		default:
			s.closeWith(c, 4001, "Unknown opcode")
			return
		}
	}
}

func (s *Server) closeWith(c *gatewayConn, code int, text string) {
	c.writeMu.Lock()
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
	c.writeMu.Unlock()
	s.logf("gateway connection %d closed with %d %s", c.n, code, text)
}

func (s *Server) identify(c *gatewayConn, data json.RawMessage) bool {
	var id struct {
		Token   string           `json:"token"`
		Intents discordgo.Intent `json:"intents"`
		Shard   *[2]int          `json:"shard"`
	}
	if err := json.Unmarshal(data, &id); err != nil || strings.TrimPrefix(id.Token, "Bot ") == "" {
		s.closeWith(c, 4004, "Authentication failed.")
		return false
	}
	shard := [2]int{0, 1}
	if id.Shard != nil {
		shard = *id.Shard
	}
	if shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1] {
		s.closeWith(c, 4010, "Invalid shard.")
		s.errorf("IDENTIFY with shard %v: Discord closes the connection with 4010 Invalid shard", shard)
		return false
	}
	if shard[1] < s.cfg.shards {
		s.closeWith(c, 4011, "Sharding required.")
		s.errorf("IDENTIFY with %d shard(s) for a bot in %d guilds: Discord requires at least %d (4011 Sharding required)",
			shard[1], len(s.guildIDs()), s.cfg.shards)
		return false
	}
	sess := &gatewaySession{id: randomHex(16), token: id.Token, intents: id.Intents, shard: shard}
	// READY must be the first dispatch the session sees.
	s.dispatchMu.Lock()
	defer s.dispatchMu.Unlock()
	s.mu.Lock()
	for n, st := range s.shards {
		if st.active != nil && st.session.shard[1] != shard[1] {
			s.errorf("shard %v identified while shard %v is connected: with two shard counts a guild's events would reach two sessions, or none",
				shard, st.session.shard)
		}
		if n == shard[0] && st.active != nil && st.active != c {
			s.errorf("shard %v identified again while its first session is still connected: Discord would send its events to both", shard)
		}
	}
	s.sessions[sess.id] = sess
	s.shards[shard[0]] = &shardState{session: sess, active: c}
	s.shardCount = shard[1]
	c.session = sess
	guilds := s.guildsOfShardLocked(shard[0])
	s.mu.Unlock()
	var unavailable []any
	for _, g := range guilds {
		unavailable = append(unavailable, map[string]any{"id": g, "unavailable": true})
	}
	ready := map[string]any{
		"v": 10, "session_id": sess.id, "resume_gateway_url": s.GatewayURL(), "session_type": "normal",
		"user":             map[string]any{"id": s.AppID, "username": s.BotName, "discriminator": "0", "bot": true, "verified": true, "flags": 0, "mfa_enabled": true},
		"application":      map[string]any{"id": s.AppID, "flags": 0},
		"guilds":           orEmptyList(unavailable),
		"private_channels": []any{}, "relationships": []any{}, "presences": []any{}, "guild_join_requests": []any{},
		"shard": []int{shard[0], shard[1]},
	}
	if err := s.dispatchSessionLocked(sess, "READY", ready); err != nil {
		return false
	}
	if id.Intents&discordgo.IntentGuilds != 0 {
		for _, g := range guilds {
			if err := s.dispatchSessionLocked(sess, "GUILD_CREATE", s.guild(g)); err != nil {
				return false
			}
		}
	}
	return true
}

func orEmptyList(l []any) []any {
	if l == nil {
		return []any{}
	}
	return l
}

// guild is the GUILD_CREATE object of guild id, with its text channels.
func (s *Server) guild(id string) map[string]any {
	s.mu.Lock()
	var channels []any
	for _, chID := range s.guildChannels[id] {
		ch := s.channels[chID]
		channels = append(channels, map[string]any{"id": ch["id"], "type": ch["type"], "guild_id": id, "name": ch["name"], "position": ch["position"]})
	}
	s.mu.Unlock()
	name := "redline test guild"
	if id != s.GuildID {
		name = "guild " + id
	}
	return map[string]any{
		"id": id, "name": name, "icon": nil, "owner_id": s.UserID, "unavailable": false,
		"member_count": 2, "large": false, "joined_at": "2024-01-01T00:00:00Z", "roles": []any{
			map[string]any{"id": id, "name": "@everyone", "permissions": "2248473465835073", "position": 0, "color": 0, "hoist": false, "managed": false, "mentionable": false},
		},
		"channels":  orEmptyList(channels),
		"members":   []any{},
		"threads":   []any{},
		"emojis":    []any{},
		"stickers":  []any{},
		"features":  []any{},
		"presences": []any{}, "voice_states": []any{}, "stage_instances": []any{}, "guild_scheduled_events": []any{},
		"preferred_locale": "en-US",
	}
}

func (s *Server) resume(c *gatewayConn, data json.RawMessage) bool {
	var r struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	_ = json.Unmarshal(data, &r)
	s.mu.Lock()
	sess, ok := s.sessions[r.SessionID]
	s.mu.Unlock()
	if !ok || sess.token != r.Token {
		// Not resumable: the client must identify anew.
		return s.sendControl(c, OpInvalidSession, false) == nil
	}
	s.dispatchMu.Lock()
	defer s.dispatchMu.Unlock()
	s.mu.Lock()
	c.session = sess
	var missed []sentEvent
	for _, e := range sess.events {
		if e.seq > r.Seq {
			missed = append(missed, e)
		}
	}
	s.mu.Unlock()
	for _, e := range missed {
		if err := c.write(e.frame); err != nil {
			return false
		}
		s.recordFrame(GatewayFrame{Conn: c.n, Op: OpDispatch, Type: e.name, Seq: e.seq, Data: json.RawMessage(e.frame)})
	}
	s.mu.Lock()
	s.shards[sess.shard[0]] = &shardState{session: sess, active: c}
	s.mu.Unlock()
	return s.dispatchSessionLocked(sess, "RESUMED", map[string]any{}) == nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// ErrNoSession is returned by Dispatch before any session identified.
var ErrNoSession = errors.New("discordtest: no gateway session yet; open the discordgo session first (or WaitConnected)")

// Dispatch sends a dispatch event (op 0) named name with data to the
// gateway session of the shard the event belongs to, with that session's
// next sequence number: an event with a guild_id goes to the shard
// (guild_id >> 22) % num_shards, any other (direct messages) to shard 0,
// as Discord routes them. When the connection is down the event is kept
// and replayed on RESUME, as Discord does.
func (s *Server) Dispatch(name string, data any) error {
	return s.DispatchToShard(s.ShardOf(guildOf(data)), name, data)
}

// DispatchToShard is Dispatch to the session of one shard.
func (s *Server) DispatchToShard(shard int, name string, data any) error {
	s.dispatchMu.Lock()
	defer s.dispatchMu.Unlock()
	s.mu.Lock()
	st := s.shards[shard]
	s.mu.Unlock()
	if st == nil {
		return ErrNoSession
	}
	return s.dispatchSessionLocked(st.session, name, data)
}

// guildOf returns the guild_id of an event's data, "" when it has none.
func guildOf(data any) string {
	var probe struct {
		GuildID string `json:"guild_id"`
	}
	switch d := data.(type) {
	case map[string]any:
		g, _ := d["guild_id"].(string)
		return g
	case json.RawMessage:
		_ = json.Unmarshal(d, &probe)
	default:
		raw, _ := json.Marshal(data)
		_ = json.Unmarshal(raw, &probe)
	}
	return probe.GuildID
}

// ShardOf returns the shard that receives guildID's events: (guild_id >>
// 22) % num_shards, with the shard count the sessions identified with;
// shard 0 for direct messages ("") and before any session identified.
func (s *Server) ShardOf(guildID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shardOfLocked(guildID)
}

func (s *Server) shardOfLocked(guildID string) int {
	n := s.shardCount
	if n <= 1 || guildID == "" {
		return 0
	}
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil {
		return 0
	}
	return int((id >> 22) % uint64(n))
}

// dispatchSessionLocked sends a dispatch to sess, with s.dispatchMu held.
func (s *Server) dispatchSessionLocked(sess *gatewaySession, name string, data any) error {
	s.mu.Lock()
	sess.seq++
	seq := sess.seq
	frame := marshalFrame(OpDispatch, data, &seq, &name)
	sess.events = append(sess.events, sentEvent{seq: seq, name: name, frame: frame})
	var conn *gatewayConn
	if st := s.shards[sess.shard[0]]; st != nil && st.session == sess && st.active != nil && st.active.session == sess {
		conn = st.active
	}
	s.mu.Unlock()
	if conn == nil {
		return nil
	}
	if err := conn.write(frame); err != nil {
		return nil // the event stays queued for the resume
	}
	s.recordFrame(GatewayFrame{Conn: conn.n, Op: OpDispatch, Type: name, Seq: seq, Data: json.RawMessage(frame)})
	return nil
}

// Frames returns every gateway frame sent or received so far.
func (s *Server) Frames() []GatewayFrame {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]GatewayFrame(nil), s.frames...)
}

// WaitFrame returns the first gateway frame (already recorded or arriving
// within timeout) for which match is true.
func (s *Server) WaitFrame(timeout time.Duration, match func(GatewayFrame) bool) (GatewayFrame, bool) {
	var found GatewayFrame
	ok := s.waitUntil(timeout, func() bool {
		for _, f := range s.frames {
			if match(f) {
				found = f
				return true
			}
		}
		return false
	})
	return found, ok
}

// WaitConnected waits until a connection has an identified or resumed
// session that dispatches can reach (shard 0's, when the bot shards).
func (s *Server) WaitConnected(timeout time.Duration) bool {
	return s.waitUntil(timeout, func() bool {
		st := s.shards[0]
		return st != nil && st.active != nil && st.active.session == st.session
	})
}

// WaitShards waits until shards 0 to n-1 each have a connected session
// that identified with n shards.
func (s *Server) WaitShards(n int, timeout time.Duration) bool {
	return s.waitUntil(timeout, func() bool {
		for i := range n {
			st := s.shards[i]
			if st == nil || st.active == nil || st.session.shard[1] != n {
				return false
			}
		}
		return true
	})
}

// ConnectedShards returns the shards whose sessions are connected now.
func (s *Server) ConnectedShards() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []int
	for i, st := range s.shards {
		if st.active != nil {
			out = append(out, i)
		}
	}
	sort.Ints(out)
	return out
}

// Identification is what the bot sent in an IDENTIFY.
type Identification struct {
	Token      string                       `json:"token"`
	Intents    discordgo.Intent             `json:"intents"`
	Compress   bool                         `json:"compress"`
	Shard      *[2]int                      `json:"shard"`
	Properties discordgo.IdentifyProperties `json:"properties"`
}

// Identify returns the latest IDENTIFY the bot sent.
func (s *Server) Identify() (Identification, bool) {
	ids := s.Identifies()
	if len(ids) == 0 {
		return Identification{}, false
	}
	return ids[len(ids)-1], true
}

// Identifies returns every IDENTIFY the bot sent, in order.
func (s *Server) Identifies() []Identification {
	var out []Identification
	for _, f := range s.Frames() {
		if f.FromClient && f.Op == OpIdentify {
			var id Identification
			if json.Unmarshal(f.Data, &id) == nil {
				out = append(out, id)
			}
		}
	}
	return out
}

// DropConnection closes the active gateway connection of shard 0 abruptly
// (no close frame), as a network failure would; discordgo then reconnects
// and sends RESUME. It reports whether there was a connection to drop.
func (s *Server) DropConnection() bool { return s.DropShard(0) }

// DropShard is DropConnection for one shard's connection.
func (s *Server) DropShard(shard int) bool {
	s.mu.Lock()
	var c *gatewayConn
	if st := s.shards[shard]; st != nil {
		c = st.active
		st.active = nil
	}
	s.mu.Unlock()
	if c == nil {
		return false
	}
	c.writeMu.Lock()
	err := c.ws.UnderlyingConn().Close()
	c.writeMu.Unlock()
	return err == nil
}

// RequestReconnect sends op 7 (Reconnect) to shard 0's active connection.
func (s *Server) RequestReconnect() error {
	s.mu.Lock()
	var c *gatewayConn
	if st := s.shards[0]; st != nil {
		c = st.active
	}
	s.mu.Unlock()
	if c == nil {
		return ErrNoSession
	}
	return s.sendControl(c, OpReconnect, nil)
}

// SessionIntents returns the intents of shard 0's gateway session.
func (s *Server) SessionIntents() (discordgo.Intent, bool) {
	return s.ShardIntents(0)
}

// ShardIntents returns the intents of a shard's gateway session.
func (s *Server) ShardIntents(shard int) (discordgo.Intent, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.shards[shard]
	if st == nil {
		return 0, false
	}
	return st.session.intents, true
}

func (s *Server) String() string { return fmt.Sprintf("discordtest.Server(%s)", s.http.URL) }
