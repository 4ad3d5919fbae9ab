package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// ReserveDelivery records key as reserved for channelID unless it is
// recorded already, and returns the earlier status: "" when this call
// reserved it, else "reserved" or "sent" (see briefing/delivery).
func (s *Store) ReserveDelivery(ctx context.Context, key, channelID string, at time.Time) (string, error) {
	var previous string
	err := s.inTx(ctx, "recording a delivery", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT status FROM deliveries WHERE key = ?`, key).Scan(&previous)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO deliveries (key, channel_id, status, reserved) VALUES (?, ?, 'reserved', ?)`,
			key, channelID, millis(at))
		return err
	})
	return previous, err
}

// MarkDelivered records that the post with key reached its channel.
func (s *Store) MarkDelivered(ctx context.Context, key string, at time.Time) error {
	return s.inTx(ctx, "recording a delivery", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE deliveries SET status = 'sent', sent = ? WHERE key = ?`, millis(at), key)
		return err
	})
}

// ReleaseDelivery forgets a reservation whose send failed, so that it may
// be tried again. A delivery already marked sent is kept.
func (s *Store) ReleaseDelivery(ctx context.Context, key string) error {
	return s.inTx(ctx, "recording a delivery", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM deliveries WHERE key = ? AND status = 'reserved'`, key)
		return err
	})
}

// DeliveryStatus returns the recorded status of key ("" when none).
func (s *Store) DeliveryStatus(ctx context.Context, key string) (string, error) {
	var status string
	err := s.readTx(ctx, "reading a delivery", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT status FROM deliveries WHERE key = ?`, key).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	return status, err
}
