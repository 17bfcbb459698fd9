-- Generated data for schema.sql (deterministic: setseed). 40 tenants, 60k customers,
-- 200k tickets, 400k ticket events; big tenants and busy customers (skewed foreign keys),
-- a few values per status column, a year of timestamps.
SELECT setseed(0.42);

INSERT INTO tenants (slug, name) SELECT 'tenant' || g, 'Tenant ' || g FROM generate_series(1, 40) g;

INSERT INTO customers (tenant_id, email, name, created_at)
SELECT 1 + floor(power(random(), 2) * 40)::int, 'customer' || g || '@example.com', 'Customer ' || g,
       timestamptz '2026-01-01' - random() * interval '730 days'
FROM generate_series(1, 60000) g;

INSERT INTO tickets (tenant_id, customer_id, assignee_id, status, priority, channel, subject,
                     created_at, closed_at)
SELECT c.tenant_id, c.id,
       CASE WHEN s.r < 0.05 THEN NULL ELSE 1 + floor(random() * 400)::int END,
       CASE WHEN s.r < 0.10 THEN 'open' WHEN s.r < 0.15 THEN 'pending' WHEN s.r < 0.25 THEN 'solved'
            ELSE 'closed' END,
       1 + floor(power(random(), 2) * 4)::smallint,
       (ARRAY['email','chat','phone','web'])[1 + floor(random() * 4)::int],
       'ticket ' || s.g, s.t,
       CASE WHEN s.r >= 0.25 THEN s.t + random() * interval '10 days' END
FROM (SELECT g, random() AS r, timestamptz '2026-11-24' - random() * interval '365 days' AS t,
             CASE WHEN random() < 0.2 THEN 1 + floor(power(random(), 2) * 1000)::bigint
                  ELSE 1 + floor(random() * 60000)::bigint END AS cust
      FROM generate_series(1, 200000) g) s
JOIN customers c ON c.id = s.cust;

INSERT INTO ticket_events (ticket_id, kind, body, created_at)
SELECT 1 + floor(random() * 200000)::bigint,
       (ARRAY['comment','comment','status','assign','note'])[1 + floor(random() * 5)::int],
       'event ' || g, timestamptz '2026-11-24' - random() * interval '365 days'
FROM generate_series(1, 400000) g;
