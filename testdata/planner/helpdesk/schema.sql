-- helpdesk: a multi-tenant ticket system, to prove the index advisor on joins, sort
-- directions, partial indexes and multi-column equality (tests/analyze/planner.py).
CREATE TABLE tenants (
    id    serial PRIMARY KEY,
    slug  text NOT NULL UNIQUE,
    name  text NOT NULL
);

CREATE TABLE customers (
    id          bigserial PRIMARY KEY,
    tenant_id   integer NOT NULL REFERENCES tenants (id),
    email       text NOT NULL UNIQUE,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX customers_tenant_id_idx ON customers (tenant_id);

CREATE TABLE tickets (
    id           bigserial PRIMARY KEY,
    tenant_id    integer NOT NULL REFERENCES tenants (id),
    customer_id  bigint NOT NULL REFERENCES customers (id),
    assignee_id  integer,
    status       text NOT NULL,        -- open | pending | solved | closed
    priority     smallint NOT NULL,    -- 1 (low) .. 4 (urgent)
    channel      text NOT NULL,        -- email | chat | phone | web
    subject      text NOT NULL,
    created_at   timestamptz NOT NULL,
    closed_at    timestamptz
);
CREATE INDEX tickets_customer_id_idx ON tickets (customer_id);
CREATE INDEX tickets_tenant_status_idx ON tickets (tenant_id, status);
-- the agents' queue: their open tickets, oldest first
CREATE INDEX tickets_open_queue_idx ON tickets (assignee_id, created_at) WHERE status = 'open';
-- the triage queue: unassigned tickets per tenant
CREATE INDEX tickets_unassigned_idx ON tickets (tenant_id, created_at) WHERE assignee_id IS NULL;
-- the escalation board: urgent tickets, oldest first
CREATE INDEX tickets_urgent_idx ON tickets (priority, created_at) WHERE priority = 4;

CREATE TABLE ticket_events (
    id          bigserial PRIMARY KEY,
    ticket_id   bigint NOT NULL REFERENCES tickets (id),   -- FK without an index
    kind        text NOT NULL,        -- comment | status | assign | note
    body        text NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX ticket_events_created_at_idx ON ticket_events (created_at);
