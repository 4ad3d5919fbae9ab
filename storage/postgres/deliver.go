package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// ReserveDelivery records key as reserved for channelID unless it is
// recorded already, and returns the earlier status: "" when this call
// reserved it, else "reserved" or "sent" (see briefing/delivery). The
// key's uniqueness makes exactly one caller, in any process, reserve it.
func (s *Store) ReserveDelivery(ctx context.Context, key, channelID string, at time.Time) (string, error) {
	const what = "recording a delivery"
	for {
		tag, err := s.pool.Exec(ctx, `INSERT INTO deliveries (key, channel_id, status, reserved) VALUES ($1, $2, 'reserved', $3)
			ON CONFLICT (key) DO NOTHING`, clean(key), clean(channelID), ts(at))
		if err != nil {
			return "", dbError(ctx, err, what)
		}
		if tag.RowsAffected() == 1 {
			return "", nil
		}
		var previous string
		err = s.pool.QueryRow(ctx, `SELECT status FROM deliveries WHERE key = $1`, clean(key)).Scan(&previous)
		if errors.Is(err, pgx.ErrNoRows) {
			continue // released by its holder between the two statements: try again
		}
		if err != nil {
			return "", dbError(ctx, err, what)
		}
		return previous, nil
	}
}

// MarkDelivered records that the post with key reached its channel.
func (s *Store) MarkDelivered(ctx context.Context, key string, at time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE deliveries SET status = 'sent', sent = $1 WHERE key = $2`, ts(at), clean(key))
	return dbError(ctx, err, "recording a delivery")
}

// ReleaseDelivery forgets a reservation whose send failed. A delivery
// already marked sent is kept.
func (s *Store) ReleaseDelivery(ctx context.Context, key string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM deliveries WHERE key = $1 AND status = 'reserved'`, clean(key))
	return dbError(ctx, err, "recording a delivery")
}

// DeliveryStatus returns the recorded status of key ("" when none).
func (s *Store) DeliveryStatus(ctx context.Context, key string) (string, error) {
	var status string
	err := s.pool.QueryRow(ctx, `SELECT status FROM deliveries WHERE key = $1`, clean(key)).Scan(&status)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return status, dbError(ctx, err, "reading a delivery")
}

// ReservedAt returns when key was reserved (zero when it is not recorded),
// so that a reservation another process is still sending can be told
// from one a crash left behind.
func (s *Store) ReservedAt(ctx context.Context, key string) (time.Time, error) {
	var at time.Time
	err := s.pool.QueryRow(ctx, `SELECT reserved FROM deliveries WHERE key = $1`, clean(key)).Scan(&at)
	if errors.Is(err, pgx.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, dbError(ctx, err, "reading a delivery")
	}
	return fromTS(at), nil
}

// RenewReservation moves the delivery key's reservation from at to now if
// it is still reserved at at (see delivery.Reservations): of two
// processes taking over one left reservation, one gets it.
func (s *Store) RenewReservation(ctx context.Context, key string, at, now time.Time) (bool, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE deliveries SET reserved = $3 WHERE key = $1 AND status = 'reserved' AND reserved = $2`,
		clean(key), ts(at), ts(now))
	if err != nil {
		return false, dbError(ctx, err, "recording a delivery")
	}
	return tag.RowsAffected() == 1, nil
}
