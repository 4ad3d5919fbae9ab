// Package delivery sends a post to a channel at most once per idempotency
// key, recording every send in the store.
//
// The protocol is reserve → send → mark sent. A reservation that is never
// marked sent means the process stopped between sending and recording (or
// during the send): the post may or may not have reached the channel. Such
// a key is not sent again unless the poster can confirm it never arrived
// (Confirmer), because a missing digest is a smaller harm than a duplicate
// one. A send that fails with an error releases the reservation so that a
// later attempt may try again — unless the failure leaves it unknown
// whether the post arrived (a timeout or a broken connection after the
// request went out: Uncertain) and the poster can look: then the
// reservation stays, and the next attempt asks the Confirmer first.
package delivery

import (
	"context"
	"errors"
	"time"

	"redline/briefing"
)

// Status of a recorded delivery.
const (
	Reserved = "reserved" // a send was started; it may have reached the channel
	Sent     = "sent"     // the send succeeded and was recorded
)

// Store records deliveries by idempotency key.
type Store interface {
	// ReserveDelivery records key as reserved for channelID unless it is
	// already recorded; it returns the earlier status ("" when the key is new
	// and now reserved by this call).
	ReserveDelivery(ctx context.Context, key, channelID string, at time.Time) (previous string, err error)
	// MarkDelivered records that the post with key reached its channel.
	MarkDelivered(ctx context.Context, key string, at time.Time) error
	// ReleaseDelivery forgets a reservation whose send failed.
	ReleaseDelivery(ctx context.Context, key string) error
}

// Reservations is implemented by stores that record when a key was
// reserved. With several processes sharing one store, a reservation may
// be another process's send in progress rather than one a crash left
// behind; Once tells the two apart by its age (see InFlight).
type Reservations interface {
	// ReservedAt returns when key was reserved; zero when it is not recorded.
	ReservedAt(ctx context.Context, key string) (time.Time, error)
	// RenewReservation moves key's reservation from at to now if it is
	// still reserved at at, and reports whether it did: a sender takes over
	// a reservation an earlier one left, and of two that try at once, one
	// gets it.
	RenewReservation(ctx context.Context, key string, at, now time.Time) (bool, error)
}

// InFlight is how long after its reservation a key counts as being sent
// by whoever reserved it: longer than any one send takes (Discord's
// client gives up on a request after 20 s, and a long briefing is a few
// messages). Within it, a reservation is neither confirmed nor resent.
const InFlight = 2 * time.Minute

// Confirmer is implemented by posters that can look in the channel for a
// post carrying key (the bot can search its recent messages). It lets a
// reservation left by a crash be resolved instead of assumed sent.
type Confirmer interface {
	Delivered(ctx context.Context, channelID, key string) (bool, error)
}

// Outcome says what Once did.
type Outcome int

const (
	Posted           Outcome = iota // sent now and recorded
	AlreadySent                     // recorded as sent before; nothing done
	MaybeSent                       // an earlier send was interrupted before it was recorded; not sent again
	Failed                          // the send returned an error; the reservation was released unless the post may have arrived (Uncertain)
	SendingElsewhere                // reserved moments ago by another sender (another process), which is sending it
)

func (o Outcome) String() string {
	switch o {
	case Posted:
		return "posted"
	case AlreadySent:
		return "already sent"
	case MaybeSent:
		return "interrupted earlier, not resent"
	case SendingElsewhere:
		return "being sent by another process"
	default:
		return "failed"
	}
}

// Once sends through send unless key was delivered (or possibly delivered)
// before, or is being sent by another process now. confirm may be nil.
// Callers log MaybeSent: it is the one outcome where a post may be missing.
func Once(ctx context.Context, store Store, confirm Confirmer, channelID, key string, now time.Time, send func(context.Context) error) (Outcome, error) {
	previous, err := store.ReserveDelivery(ctx, key, channelID, now)
	if err != nil {
		return Failed, err
	}
	switch previous {
	case Sent:
		return AlreadySent, nil
	case Reserved:
		r, timed := store.(Reservations)
		var at time.Time
		if timed {
			if at, err = r.ReservedAt(ctx, key); err != nil {
				return MaybeSent, nil // cannot tell: do not risk a duplicate
			}
			if !at.IsZero() && now.Sub(at) < InFlight {
				return SendingElsewhere, nil
			}
		}
		if confirm == nil {
			return MaybeSent, nil
		}
		arrived, err := confirm.Delivered(ctx, channelID, key)
		if err != nil {
			return MaybeSent, nil // cannot tell: do not risk a duplicate
		}
		if arrived {
			return AlreadySent, store.MarkDelivered(ctx, key, now)
		}
		// Confirmed missing: take the reservation over and send. Another
		// process may have confirmed the same at the same time: only the
		// one that renews the reservation sends.
		if timed && !at.IsZero() {
			took, err := r.RenewReservation(ctx, key, at, now)
			if err != nil {
				return MaybeSent, nil
			}
			if !took {
				return SendingElsewhere, nil
			}
		}
	}
	// The record must follow the send even when ctx ends meanwhile (a
	// shutdown): a reservation left behind would block the post for good.
	record := context.WithoutCancel(ctx)
	if err := send(ctx); err != nil {
		if confirm != nil && Uncertain(err) {
			// It may have arrived: keep the reservation, so that the next
			// attempt (after a restart) looks before sending again. The send
			// is over, so the reservation is dated back past InFlight: the
			// next attempt, here or in another process, asks the Confirmer at
			// once instead of taking it for a send in progress.
			if r, ok := store.(Reservations); ok {
				_, _ = r.RenewReservation(record, key, now, now.Add(-InFlight))
			}
			return Failed, err
		}
		if rerr := store.ReleaseDelivery(record, key); rerr != nil {
			return Failed, errors.Join(err, rerr)
		}
		return Failed, err
	}
	if err := store.MarkDelivered(record, key, now); err != nil {
		// The post is out; the reservation stays and prevents a resend.
		return Posted, err
	}
	return Posted, nil
}

// Uncertain reports whether a send that failed with err may still have
// reached the channel: it timed out, was cut short, or lost its connection
// (EUNAVAILABLE, ETIMEOUT), rather than being refused (forbidden, unknown
// channel, rate limited, malformed).
func Uncertain(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return true
	}
	switch briefing.ErrorCode(err) {
	case briefing.EUNAVAILABLE, briefing.ETIMEOUT:
		return true
	}
	return false
}
