-- Alembic offline SQL, alembic/versions/f79e2702f75c_add_soft_delete_and_safety_phase1.py
-- Soft delete (deleted_at + index) and CASCADE -> RESTRICT on historical data FKs.
BEGIN;

-- Running upgrade 4a24cf1de90a -> f79e2702f75c

ALTER TABLE market_data ADD COLUMN deleted_at TIMESTAMP WITHOUT TIME ZONE;

CREATE INDEX ix_market_data_deleted_at ON market_data (deleted_at);

ALTER TABLE alert_logs ADD COLUMN deleted_at TIMESTAMP WITHOUT TIME ZONE;

CREATE INDEX ix_alert_logs_deleted_at ON alert_logs (deleted_at);

ALTER TABLE market_data DROP CONSTRAINT market_data_instrument_id_fkey;

ALTER TABLE market_data ADD CONSTRAINT market_data_instrument_id_fkey FOREIGN KEY(instrument_id) REFERENCES instruments (id) ON DELETE RESTRICT;

ALTER TABLE alert_logs DROP CONSTRAINT alert_logs_rule_id_fkey;

ALTER TABLE alert_logs ADD CONSTRAINT alert_logs_rule_id_fkey FOREIGN KEY(rule_id) REFERENCES alert_rules (id) ON DELETE RESTRICT;

ALTER TABLE alert_logs DROP CONSTRAINT alert_logs_instrument_id_fkey;

ALTER TABLE alert_logs ADD CONSTRAINT alert_logs_instrument_id_fkey FOREIGN KEY(instrument_id) REFERENCES instruments (id) ON DELETE RESTRICT;

UPDATE alembic_version SET version_num='f79e2702f75c' WHERE alembic_version.version_num = '4a24cf1de90a';

COMMIT;
