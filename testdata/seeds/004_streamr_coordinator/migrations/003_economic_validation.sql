-- coordinator/migrations/003_economic_validation.sql
-- Economic model: per-stream cost tracking, bandwidth ledger, node operator accounts.
BEGIN;

ALTER TABLE streams ADD COLUMN IF NOT EXISTS total_cost_usd NUMERIC(10, 4) DEFAULT 0.00;
ALTER TABLE streams ADD COLUMN IF NOT EXISTS platform_fee_usd NUMERIC(10, 4) DEFAULT 0.00;

CREATE TABLE IF NOT EXISTS bandwidth_ledger (
	id BIGSERIAL NOT NULL,
	session_id VARCHAR(255) NOT NULL,
	reporting_node_id VARCHAR(255) NOT NULL,
	bytes_transferred BIGINT NOT NULL,
	report_timestamp TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	start_interval TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	end_interval TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	source_bitrate_kbps INTEGER,
	is_verified BOOLEAN NOT NULL,
	trust_score NUMERIC(3, 2),
	verification_notes TEXT,
	PRIMARY KEY (id),
	FOREIGN KEY(session_id) REFERENCES streams (stream_id),
	FOREIGN KEY(reporting_node_id) REFERENCES nodes (node_id)
);

CREATE INDEX IF NOT EXISTS ix_bandwidth_ledger_id ON bandwidth_ledger (id);

CREATE TABLE IF NOT EXISTS user_accounts (
	user_id VARCHAR(255) NOT NULL,
	balance_usd NUMERIC(10, 4) NOT NULL,
	total_gb_relayed NUMERIC(12, 4) NOT NULL,
	earnings_last_30d NUMERIC(10, 4) NOT NULL,
	trust_score NUMERIC(3, 2) NOT NULL,
	flags VARCHAR[],
	last_updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	PRIMARY KEY (user_id),
	FOREIGN KEY(user_id) REFERENCES nodes (node_id)
);

COMMIT;
