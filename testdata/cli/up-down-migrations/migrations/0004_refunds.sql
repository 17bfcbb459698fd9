-- +goose Up
CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders);
-- +goose StatementBegin
CREATE FUNCTION refund_total() RETURNS numeric LANGUAGE sql AS $$ SELECT 0::numeric; $$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION refund_total();
DROP TABLE refunds;
DROP TABLE orders;
