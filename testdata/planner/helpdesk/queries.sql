-- What the helpdesk application sends (dbl reads a plain .sql file as one session).
-- served: both equality columns of tickets_tenant_status_idx, in the other order
SELECT id, subject FROM tickets WHERE status = 'pending' AND tenant_id = 7;
-- served: the agent queue, by the partial index (status = 'open'), oldest first
SELECT id, subject FROM tickets WHERE assignee_id = 12 AND status = 'open' ORDER BY created_at LIMIT 20;
-- served: the triage queue, by the partial index (assignee_id IS NULL), newest first (reversed scan)
SELECT id, subject FROM tickets WHERE tenant_id = 3 AND assignee_id IS NULL ORDER BY created_at DESC LIMIT 25;
-- served: the global event feed, newest first, by ticket_events_created_at_idx read backwards
SELECT id, ticket_id, kind FROM ticket_events ORDER BY created_at DESC LIMIT 50;
-- served: a join on primary keys
SELECT c.email, t.subject FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = 123;
-- served: a customer's tickets (IN list)
SELECT id, status FROM tickets WHERE customer_id IN (17, 4711, 9000);
-- served: unique lookup
SELECT id, tenant_id FROM customers WHERE email = 'customer77@example.com';
-- served: the escalation board, by the partial index (priority = 4)
SELECT id, subject FROM tickets WHERE priority = 4 AND status <> 'closed' ORDER BY created_at LIMIT 30;
-- missing: the low-priority backlog; tickets_urgent_idx is partial (priority = 4) and cannot serve it
SELECT id, subject FROM tickets WHERE priority = 1 ORDER BY created_at LIMIT 20;
-- missing: three equality columns (tickets_tenant_status_idx leads with tenant_id only)
SELECT count(*) FROM tickets WHERE tenant_id = 2 AND priority = 4 AND channel = 'phone';
-- missing: mixed sort directions after an equality: (tenant_id, priority DESC, created_at)
SELECT id, subject FROM tickets WHERE tenant_id = 5 AND status = 'open' ORDER BY priority DESC, created_at LIMIT 50;
-- missing: equality then range
SELECT id FROM tickets WHERE tenant_id = 2 AND created_at >= '2026-06-01' AND created_at < '2026-06-08';
-- missing: the inner side of a join (ticket_events.ticket_id, an FK without an index)
SELECT t.id, e.kind, e.created_at FROM tickets t JOIN ticket_events e ON e.ticket_id = t.id WHERE t.customer_id = 4711;
-- missing: a ticket's history, newest first
SELECT id, kind, body FROM ticket_events WHERE ticket_id = 99 ORDER BY created_at DESC LIMIT 10;
-- missing: a customer's latest tickets (tickets_customer_id_idx has no created_at)
SELECT id, subject FROM tickets WHERE customer_id = 3 ORDER BY created_at DESC LIMIT 5;
-- the cleanup job: an UPDATE by range on closed_at
UPDATE tickets SET status = 'closed' WHERE status = 'solved' AND closed_at < '2026-01-01';
-- deletes of a ticket's events
DELETE FROM ticket_events WHERE ticket_id = 4242;
