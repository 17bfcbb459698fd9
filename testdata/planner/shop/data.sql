-- Generated data for ../shared/corpus/querylogs/shop/schema.sql (deterministic: setseed).
-- Sizes of a small live shop: 50k users, 200k orders, 400k order items; heavy buyers and
-- best-selling products (skewed foreign keys), a few values per status column, a year of
-- timestamps, lookup tables small.
SELECT setseed(0.42);

INSERT INTO carriers (code, name, active)
SELECT c, n, c <> 'LP'
FROM unnest(ARRAY['DHL','UPS','FDX','USPS','GLS','DPD','HRM','LP'],
            ARRAY['DHL Express','UPS','FedEx','USPS','GLS','DPD','Hermes','La Poste']) AS t(c, n);

INSERT INTO users (email, name, country, status, created_at)
SELECT 'user' || g || '@example.com', 'User ' || g,
       (ARRAY['US','DE','FR','GB','NL','SE','ES','IT'])[1 + floor(random() * 8)::int],
       CASE WHEN r < 0.94 THEN 'active' WHEN r < 0.98 THEN 'suspended' ELSE 'deleted' END,
       timestamptz '2026-01-01' - random() * interval '730 days'
FROM (SELECT g, random() AS r FROM generate_series(1, 50000) g) s;

INSERT INTO products (sku, name, category, price_cents, created_at)
SELECT 'SKU-' || lpad(g::text, 6, '0'), 'Product ' || g,
       (ARRAY['books','games','garden','kitchen','music','office','outdoor','phones',
              'shoes','sports','tools','toys'])[1 + floor(random() * 12)::int],
       100 + floor(random() * 20000)::int,
       timestamptz '2026-01-01' - random() * interval '730 days'
FROM generate_series(1, 5000) g;

-- 20% of the orders come from 500 heavy buyers
INSERT INTO orders (user_id, status, total_cents, created_at)
SELECT CASE WHEN random() < 0.2 THEN 1 + floor(power(random(), 2) * 500)::bigint
            ELSE 1 + floor(random() * 50000)::bigint END,
       CASE WHEN r < 0.05 THEN 'pending' WHEN r < 0.15 THEN 'paid' WHEN r < 0.25 THEN 'shipped'
            WHEN r < 0.90 THEN 'delivered' WHEN r < 0.97 THEN 'cancelled' ELSE 'refunded' END,
       500 + floor(random() * 50000)::int,
       timestamptz '2026-11-24' - random() * interval '365 days'
FROM (SELECT random() AS r FROM generate_series(1, 200000)) s;

-- 30% of the items are one of 100 best sellers
INSERT INTO order_items (order_id, product_id, qty, unit_price_cents)
SELECT 1 + floor(random() * 200000)::bigint,
       CASE WHEN random() < 0.3 THEN 1 + floor(random() * 100)::bigint
            ELSE 1 + floor(random() * 5000)::bigint END,
       1 + floor(power(random(), 3) * 5)::int,
       100 + floor(random() * 20000)::int
FROM generate_series(1, 400000);

INSERT INTO invoices (order_id, number, status, issued_at, due_at, paid_at)
SELECT o.id, 'INV-' || lpad(o.id::text, 8, '0'),
       CASE WHEN r < 0.08 THEN 'open' WHEN r < 0.96 THEN 'paid' ELSE 'void' END,
       o.created_at, o.created_at + interval '30 days',
       CASE WHEN r >= 0.08 AND r < 0.96 THEN o.created_at + random() * interval '30 days' END
FROM (SELECT id, created_at, random() AS r FROM orders WHERE id <= 150000) o;

INSERT INTO shipments (order_id, carrier_id, tracking_no, shipped_at, delivered_at)
SELECT o.id, 1 + floor(random() * 7)::int, 'TRK' || o.id,
       o.created_at + interval '1 day',
       CASE WHEN random() < 0.8 THEN o.created_at + interval '4 days' END
FROM orders o WHERE o.status IN ('shipped', 'delivered');

INSERT INTO reviews (product_id, user_id, rating, body, created_at)
SELECT CASE WHEN random() < 0.3 THEN 1 + floor(random() * 100)::bigint
            ELSE 1 + floor(random() * 5000)::bigint END,
       CASE WHEN random() < 0.2 THEN 1 + floor(power(random(), 2) * 500)::bigint
            ELSE 1 + floor(random() * 50000)::bigint END,
       1 + floor(random() * 5)::smallint, 'review text ' || g,
       timestamptz '2026-11-24' - random() * interval '365 days'
FROM generate_series(1, 80000) g;

INSERT INTO notifications (user_id, kind, payload, created_at, read_at)
SELECT u, (ARRAY['order_paid','order_shipped','review_reply','promo'])[1 + floor(random() * 4)::int],
       jsonb_build_object('n', g), t, CASE WHEN random() < 0.7 THEN t + interval '1 hour' END
FROM (SELECT g, CASE WHEN random() < 0.2 THEN 1 + floor(power(random(), 2) * 500)::bigint
                     ELSE 1 + floor(random() * 50000)::bigint END AS u,
             timestamptz '2026-11-24' - random() * interval '365 days' AS t
      FROM generate_series(1, 150000) g) s;

INSERT INTO outbox (topic, payload, created_at, sent_at)
SELECT (ARRAY['order.created','order.paid','invoice.issued'])[1 + floor(random() * 3)::int],
       jsonb_build_object('n', g), t, CASE WHEN random() < 0.98 THEN t + interval '2 seconds' END
FROM (SELECT g, timestamptz '2026-11-24' - random() * interval '30 days' AS t
      FROM generate_series(1, 20000) g) s;
