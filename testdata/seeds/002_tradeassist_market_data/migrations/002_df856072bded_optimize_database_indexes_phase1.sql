-- Alembic offline SQL, alembic/versions/df856072bded_optimize_database_indexes_phase1.py
-- Phase 1: index optimization for high-frequency INSERTs.
--   MarketData: 5 -> 2 indexes; AlertLog: 10 -> 4 indexes.
BEGIN;

-- Running upgrade 4524473b46fb -> df856072bded

DROP INDEX ix_market_data_timestamp;

DROP INDEX ix_market_data_instrument;

DROP INDEX ix_market_data_price;

DROP INDEX ix_market_data_latest;

CREATE INDEX ix_market_data_instrument_price ON market_data (instrument_id, price);

DROP INDEX ix_alert_logs_rule;

DROP INDEX ix_alert_logs_timestamp_instrument;

DROP INDEX ix_alert_logs_timestamp_rule;

DROP INDEX ix_alert_logs_fired_status;

DROP INDEX ix_alert_logs_delivery_status;

DROP INDEX ix_alert_logs_evaluation_time;

DROP INDEX ix_alert_logs_recent;

CREATE INDEX ix_alert_logs_status ON alert_logs (fired_status, delivery_status);

UPDATE alembic_version SET version_num='df856072bded' WHERE alembic_version.version_num = '4524473b46fb';

COMMIT;
