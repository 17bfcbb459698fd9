-- coordinator/migrations/002_stream_lifecycle.sql
-- Stream lifecycle timestamps (READY -> TESTING -> LIVE -> OFFLINE -> STALE -> ARCHIVED).
ALTER TABLE streams ADD COLUMN IF NOT EXISTS live_started_at TIMESTAMP;
ALTER TABLE streams ADD COLUMN IF NOT EXISTS offline_at TIMESTAMP;
ALTER TABLE streams ADD COLUMN IF NOT EXISTS testing_started_at TIMESTAMP;
ALTER TABLE streams ADD COLUMN IF NOT EXISTS stale_at TIMESTAMP;
ALTER TABLE streams ADD COLUMN IF NOT EXISTS archived_at TIMESTAMP;
UPDATE streams SET status = 'READY' WHERE status IS NULL;
