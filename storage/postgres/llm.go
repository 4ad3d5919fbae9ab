package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// The LLM extractor's cache and budget (briefing/llm.Cache and
// briefing/llm.Ledger), as the SQLite store keeps them.

// llmCallDays is how many days of call counts are kept.
const llmCallDays = 31

// LLMAnswer returns the cached answer of the model for the article text
// with this hash, asked with this prompt version.
func (s *Store) LLMAnswer(ctx context.Context, textHash, model, promptVersion string) ([]byte, bool, error) {
	var answer string
	err := s.pool.QueryRow(ctx, `SELECT answer FROM llm_answers WHERE text_hash = $1 AND model = $2 AND prompt_version = $3`,
		clean(textHash), clean(model), clean(promptVersion)).Scan(&answer)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, dbError(ctx, err, "reading the language model's cached answer")
	}
	return []byte(answer), true, nil
}

// SaveLLMAnswer caches the model's answer, replacing an older one.
func (s *Store) SaveLLMAnswer(ctx context.Context, textHash, model, promptVersion string, answer []byte) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO llm_answers (text_hash, model, prompt_version, answer, saved) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (text_hash, model, prompt_version) DO UPDATE SET answer = excluded.answer, saved = excluded.saved`,
		clean(textHash), clean(model), clean(promptVersion), clean(string(answer)), ts(s.now()))
	return dbError(ctx, err, "caching the language model's answer")
}

// TakeLLMCalls records n calls to the model on day (YYYY-MM-DD, UTC) unless
// the day's count would pass limit (0: no limit); it reports whether it
// did. The check and the count are one statement, so processes sharing the
// database never pass the limit together. Counts older than a month are
// dropped on the way.
func (s *Store) TakeLLMCalls(ctx context.Context, day string, n, limit int) (bool, error) {
	if limit > 0 && n > limit {
		return false, nil
	}
	taken := false
	err := s.inTx(ctx, "counting the language model's calls", func(tx pgx.Tx) error {
		var calls int
		err := tx.QueryRow(ctx, `INSERT INTO llm_calls AS c (day, calls) VALUES ($1, $2)
			ON CONFLICT (day) DO UPDATE SET calls = c.calls + excluded.calls
			WHERE $3 = 0 OR c.calls + excluded.calls <= $3
			RETURNING calls`, clean(day), n, limit).Scan(&calls)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // over the limit
		}
		if err != nil {
			return err
		}
		taken = true
		if d, err := time.Parse(time.DateOnly, day); err == nil {
			_, err := tx.Exec(ctx, `DELETE FROM llm_calls WHERE day < $1`, d.AddDate(0, 0, -llmCallDays).Format(time.DateOnly))
			return err
		}
		return nil
	})
	return taken, err
}

// LLMCalls returns the calls recorded on day.
func (s *Store) LLMCalls(ctx context.Context, day string) (int, error) {
	var calls int
	err := s.pool.QueryRow(ctx, `SELECT calls FROM llm_calls WHERE day = $1`, clean(day)).Scan(&calls)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return calls, dbError(ctx, err, "reading the language model's call count")
}
