CREATE DOMAIN amount_t AS numeric(12,2) NOT NULL;

CREATE TABLE orders (
    id bigint PRIMARY KEY,
    total_price numeric(12,2),          -- fires
    shipping_cost numeric(12,2) NOT NULL,
    tax amount_t,                       -- silent: the domain forbids NULL
    fee money,                          -- fires: the money type
    tip_count integer,                  -- silent: a count
    discount_percentage numeric(5,2),   -- silent: a percentage
    user_id bigint,
    "priceCents" bigint                 -- fires: quoted camelCase, integer cents
);

-- fires at the statement that allowed NULL
CREATE TABLE invoices (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL);
ALTER TABLE invoices ALTER COLUMN amount DROP NOT NULL;

-- silent: fixed by a later migration
CREATE TABLE refunds (id bigint PRIMARY KEY, amount numeric(12,2));
ALTER TABLE refunds ALTER COLUMN amount SET NOT NULL;
