package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// The LLM extractor's cache and budget (briefing/llm.Cache and
// briefing/llm.Ledger); see migration 0040.

// llmCallDays is how many days of call counts are kept.
const llmCallDays = 31

// LLMAnswer returns the cached answer of the model for the article text
// with this hash, asked with this prompt version.
func (s *Store) LLMAnswer(ctx context.Context, textHash, model, promptVersion string) ([]byte, bool, error) {
	var answer string
	found := false
	err := s.readTx(ctx, "reading the language model's cached answer", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT answer FROM llm_answers
			WHERE text_hash = ? AND model = ? AND prompt_version = ?`, textHash, model, promptVersion).Scan(&answer)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		found = err == nil
		return err
	})
	if err != nil || !found {
		return nil, false, err
	}
	return []byte(answer), true, nil
}

// SaveLLMAnswer caches the model's answer, replacing an older one.
func (s *Store) SaveLLMAnswer(ctx context.Context, textHash, model, promptVersion string, answer []byte) error {
	return s.inTx(ctx, "caching the language model's answer", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO llm_answers (text_hash, model, prompt_version, answer, saved)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (text_hash, model, prompt_version) DO UPDATE SET answer = excluded.answer, saved = excluded.saved`,
			textHash, model, promptVersion, string(answer), s.now().UTC().UnixMilli())
		return err
	})
}

// TakeLLMCalls records n calls to the model on day (YYYY-MM-DD, UTC) unless
// the day's count would pass limit (0: no limit); it reports whether it
// did. Counts older than a month are dropped on the way.
func (s *Store) TakeLLMCalls(ctx context.Context, day string, n, limit int) (bool, error) {
	taken := false
	err := s.inTx(ctx, "counting the language model's calls", func(tx *sql.Tx) error {
		var calls int
		err := tx.QueryRowContext(ctx, `SELECT calls FROM llm_calls WHERE day = ?`, day).Scan(&calls)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if limit > 0 && calls+n > limit {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO llm_calls (day, calls) VALUES (?, ?)
			ON CONFLICT (day) DO UPDATE SET calls = calls + excluded.calls`, day, n); err != nil {
			return err
		}
		if d, err := time.Parse(time.DateOnly, day); err == nil {
			oldest := d.AddDate(0, 0, -llmCallDays).Format(time.DateOnly)
			if _, err := tx.ExecContext(ctx, `DELETE FROM llm_calls WHERE day < ?`, oldest); err != nil {
				return err
			}
		}
		taken = true
		return nil
	})
	return taken, err
}

// LLMCalls returns the calls recorded on day.
func (s *Store) LLMCalls(ctx context.Context, day string) (int, error) {
	var calls int
	err := s.readTx(ctx, "reading the language model's call count", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT calls FROM llm_calls WHERE day = ?`, day).Scan(&calls)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	return calls, err
}
