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
