package delivery

import (
	"context"
	"errors"
	"testing"
	"time"

	"redline/briefing"
)

// memStore is the deliveries table in memory.
type memStore map[string]string

func (m memStore) ReserveDelivery(_ context.Context, key, _ string, _ time.Time) (string, error) {
	prev, ok := m[key]
	if !ok {
		m[key] = Reserved
	}
	return prev, nil
}

func (m memStore) MarkDelivered(_ context.Context, key string, _ time.Time) error {
	m[key] = Sent
	return nil
}

func (m memStore) ReleaseDelivery(_ context.Context, key string) error {
	if m[key] == Reserved {
		delete(m, key)
	}
	return nil
}

type confirmer struct {
	arrived bool
	err     error
}

func (c confirmer) Delivered(context.Context, string, string) (bool, error) { return c.arrived, c.err }

func TestOnce(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(0, 0)
	boom := errors.New("discord is down")
	refused := briefing.Errorf(briefing.EBLOCKED, "redline may not post there")
	lost := briefing.WrapError(briefing.EUNAVAILABLE, errors.New("EOF"), "could not reach Discord")
	for _, tc := range []struct {
		name     string
		before   string // status already recorded
		confirm  Confirmer
		sendErr  error
		want     Outcome
		sends    int
		after    string
		wantsErr bool
	}{
		{name: "new key is sent and recorded", want: Posted, sends: 1, after: Sent},
		{name: "sent key is not sent again", before: Sent, want: AlreadySent, after: Sent},
		{name: "interrupted key without a confirmer is not resent", before: Reserved, want: MaybeSent, after: Reserved},
		{name: "interrupted key that arrived is recorded", before: Reserved, confirm: confirmer{arrived: true}, want: AlreadySent, after: Sent},
		{name: "interrupted key confirmed missing is sent", before: Reserved, confirm: confirmer{}, want: Posted, sends: 1, after: Sent},
		{name: "confirmer failing is not a licence to resend", before: Reserved, confirm: confirmer{err: boom}, want: MaybeSent, after: Reserved},
		{name: "failed send releases the key", sendErr: boom, want: Failed, sends: 1, after: "", wantsErr: true},
		{name: "refused send releases the key", confirm: confirmer{}, sendErr: refused, want: Failed, sends: 1, after: "", wantsErr: true},
		{name: "send that may have arrived keeps the key for the confirmer", confirm: confirmer{}, sendErr: lost, want: Failed, sends: 1, after: Reserved, wantsErr: true},
		{name: "send that may have arrived, without a confirmer, releases the key", sendErr: lost, want: Failed, sends: 1, after: "", wantsErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := memStore{}
			if tc.before != "" {
				store["k"] = tc.before
			}
			sends := 0
			got, err := Once(ctx, store, tc.confirm, "c", "k", now, func(context.Context) error { sends++; return tc.sendErr })
			if got != tc.want || sends != tc.sends || store["k"] != tc.after || (err != nil) != tc.wantsErr {
				t.Fatalf("Once = %v, %v after %d sends, status %q; want %v after %d sends, status %q",
					got, err, sends, store["k"], tc.want, tc.sends, tc.after)
			}
		})
	}
}

// ctxStore fails like the SQL store does once its context is done.
type ctxStore struct{ memStore }

func (c ctxStore) MarkDelivered(ctx context.Context, key string, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return c.memStore.MarkDelivered(ctx, key, at)
}

func (c ctxStore) ReleaseDelivery(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return c.memStore.ReleaseDelivery(ctx, key)
}

// A shutdown that cancels the context during the send must not leave the
// key reserved: a failed send is released (so it is tried again later),
// a successful one recorded as sent.
func TestOnceRecordsAfterCancellation(t *testing.T) {
	for _, tc := range []struct {
		name    string
		sendErr error
		after   string
	}{
		{name: "send cut short is released", sendErr: context.Canceled, after: ""},
		{name: "send completed is recorded", after: Sent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := ctxStore{memStore{}}
			ctx, cancel := context.WithCancel(context.Background())
			_, err := Once(ctx, store, nil, "c", "k", time.Unix(0, 0), func(context.Context) error {
				cancel()
				return tc.sendErr
			})
			if got := store.memStore["k"]; got != tc.after {
				t.Fatalf("status after a cancelled send = %q (err %v), want %q", got, err, tc.after)
			}
		})
	}
}

// timedStore also records when each key was reserved, as the SQL stores do.
type timedStore struct {
	memStore
	at map[string]time.Time
}

func (s timedStore) ReserveDelivery(ctx context.Context, key, channelID string, at time.Time) (string, error) {
	prev, err := s.memStore.ReserveDelivery(ctx, key, channelID, at)
	if prev == "" {
		s.at[key] = at
	}
	return prev, err
}

func (s timedStore) ReservedAt(_ context.Context, key string) (time.Time, error) {
	return s.at[key], nil
}

func (s timedStore) RenewReservation(_ context.Context, key string, at, now time.Time) (bool, error) {
	if s.memStore[key] != Reserved || !s.at[key].Equal(at) {
		return false, nil
	}
	s.at[key] = now
	return true, nil
}

// racingConfirmer finds the post missing, but another process, which
// found the same a moment earlier, takes the reservation over first.
type racingConfirmer struct {
	store timedStore
	now   time.Time
}

func (c racingConfirmer) Delivered(ctx context.Context, _, key string) (bool, error) {
	at, _ := c.store.ReservedAt(ctx, key)
	_, _ = c.store.RenewReservation(ctx, key, at, c.now)
	return false, nil
}

// Two processes confirm a crash's reservation missing at once: only the
// one that takes the reservation over sends.
func TestOnceTakesAStaleReservationOverOnce(t *testing.T) {
	ctx := context.Background()
	start := time.Unix(1000, 0)
	store := timedStore{memStore: memStore{}, at: map[string]time.Time{}}
	if _, err := store.ReserveDelivery(ctx, "k", "c", start); err != nil { // the crashed process
		t.Fatal(err)
	}
	later := start.Add(time.Hour)
	sends := 0
	got, err := Once(ctx, store, racingConfirmer{store, later}, "c", "k", later, func(context.Context) error { sends++; return nil })
	if err != nil || got != SendingElsewhere || sends != 0 {
		t.Fatalf("losing the takeover: %v, %v, %d sends; want %v and no send", got, err, sends, SendingElsewhere)
	}
}

// A reservation another process made moments ago is its send in progress:
// not confirmed, not resent, not counted as interrupted. An old one is what
// a crash left, and the confirmer decides.
func TestOnceLeavesAFreshReservationToItsSender(t *testing.T) {
	ctx := context.Background()
	start := time.Unix(1000, 0)
	store := timedStore{memStore: memStore{}, at: map[string]time.Time{}}
	if _, err := store.ReserveDelivery(ctx, "k", "c", start); err != nil { // the other process
		t.Fatal(err)
	}
	sends := 0
	send := func(context.Context) error { sends++; return nil }
	got, err := Once(ctx, store, confirmer{arrived: false}, "c", "k", start.Add(InFlight-time.Second), send)
	if err != nil || got != SendingElsewhere || sends != 0 || store.memStore["k"] != Reserved {
		t.Fatalf("fresh reservation: %v, %v, %d sends, status %q", got, err, sends, store.memStore["k"])
	}
	got, err = Once(ctx, store, confirmer{arrived: false}, "c", "k", start.Add(InFlight), send)
	if err != nil || got != Posted || sends != 1 {
		t.Fatalf("stale reservation confirmed missing: %v, %v, %d sends", got, err, sends)
	}
	if got.String() == "" || SendingElsewhere.String() != "being sent by another process" {
		t.Errorf("outcome names: %q, %q", got, SendingElsewhere)
	}
}

// A send cut short by a shutdown may have reached the channel: with a
// confirmer, the key stays reserved for it to settle at the next start.
func TestOnceKeepsAnInterruptedSendForTheConfirmer(t *testing.T) {
	store := ctxStore{memStore{}}
	ctx, cancel := context.WithCancel(context.Background())
	_, err := Once(ctx, store, confirmer{}, "c", "k", time.Unix(0, 0), func(context.Context) error {
		cancel()
		return context.Canceled
	})
	if got := store.memStore["k"]; got != Reserved || err == nil {
		t.Fatalf("status = %q (err %v), want %q", got, err, Reserved)
	}
	// The restart: the confirmer finds it missing, so it is sent now.
	sends := 0
	got, err := Once(context.Background(), store, confirmer{}, "c", "k", time.Unix(1, 0), func(context.Context) error { sends++; return nil })
	if got != Posted || err != nil || sends != 1 || store.memStore["k"] != Sent {
		t.Fatalf("after restart: %v, %v, %d sends, status %q", got, err, sends, store.memStore["k"])
	}
}

// A send that failed uncertainly is over: the next attempt, even at once,
// asks the confirmer instead of waiting for a send in progress.
func TestAnUncertainFailureIsNotASendInProgress(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(1000, 0)
	store := timedStore{memStore: memStore{}, at: map[string]time.Time{}}
	_, err := Once(ctx, store, confirmer{}, "c", "k", now, func(context.Context) error {
		return briefing.Errorf(briefing.EUNAVAILABLE, "Discord answered 503")
	})
	if err == nil || store.memStore["k"] != Reserved {
		t.Fatalf("after an uncertain failure: %v, status %q", err, store.memStore["k"])
	}
	sends := 0
	got, err := Once(ctx, store, confirmer{}, "c", "k", now.Add(time.Minute), func(context.Context) error { sends++; return nil })
	if got != Posted || err != nil || sends != 1 {
		t.Fatalf("the retry a minute later: %v, %v, %d sends", got, err, sends)
	}
}
