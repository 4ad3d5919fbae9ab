package storage

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Article text is stored as one zstd frame (migrations/0012): news text
// shrinks to under half (0.46 of its size on the shared corpus; the slower
// levels save under 2 % more for three times the work), and reading it
// back costs microseconds. The coder is made on first use, so that
// commands that never touch article text do not pay for its tables.
var textCodec = sync.OnceValues(func() (*zstd.Encoder, error) {
	return zstd.NewWriter(nil,
		zstd.WithEncoderLevel(zstd.SpeedDefault),
		zstd.WithEncoderConcurrency(1),
		zstd.WithZeroFrames(true))
})

var textDecoder = sync.OnceValues(func() (*zstd.Decoder, error) {
	return zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(64<<20))
})

// compressText returns the column values that store text: the plain text
// (” once compressed) and the compressed frame (nil for an empty text).
func compressText(text string) (string, []byte, error) {
	if text == "" {
		return "", nil, nil
	}
	enc, err := textCodec()
	if err != nil {
		return "", nil, err
	}
	return "", enc.EncodeAll([]byte(text), nil), nil
}

// articleText is the text of an article row: its compressed frame when it
// has one, else its plain text (rows saved before compression).
func articleText(plain string, compressed []byte) (string, error) {
	if compressed == nil {
		return plain, nil
	}
	dec, err := textDecoder()
	if err != nil {
		return "", err
	}
	out, err := dec.DecodeAll(compressed, nil)
	if err != nil {
		return "", fmt.Errorf("article text: %w", err)
	}
	return string(out), nil
}

// textMigration is the migration that adds the compressed text column.
const textMigration = "0012_article_text_zstd.sql"

// compressBatch is how many articles compressOldTexts rewrites per
// transaction, so that the writer is never held for long.
const compressBatch = 500

// compressOldTexts compresses the text of the articles saved before
// migration 0012, a batch per transaction. It has nothing to do on a
// database made by this version, and finds that out in the partial index
// of the articles whose text is still plain.
func (s *Store) compressOldTexts(ctx context.Context) error {
	const what = "compressing the stored article text"
	after := int64(0)
	for {
		done := false
		err := s.inTx(ctx, what, func(tx *sql.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT id, text FROM articles WHERE id > ? AND text != '' ORDER BY id LIMIT ?`, after, compressBatch)
			if err != nil {
				return err
			}
			type row struct {
				id   int64
				text string
			}
			var batch []row
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.text); err != nil {
					rows.Close()
					return err
				}
				batch = append(batch, r)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if len(batch) == 0 {
				done = true
				return nil
			}
			for _, r := range batch {
				plain, z, err := compressText(r.text)
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE articles SET text = ?, text_zstd = ? WHERE id = ?`, plain, z, r.id); err != nil {
					return err
				}
				after = r.id
			}
			return nil
		})
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}
