SET search_path = crm, public;
-- served: equality then sort, read backwards (the index is DESC)
SELECT id FROM contacts WHERE account_id = 7 ORDER BY created_at LIMIT 10;
-- served: expression index
SELECT id FROM contacts c WHERE lower(c.email) = 'a@example.com';
-- served: partial index whose predicate the query implies
SELECT id FROM contacts WHERE status = 'open' AND archived_at IS NULL ORDER BY created_at LIMIT 20;
-- unserved: the same without the predicate's condition
SELECT id FROM contacts WHERE status = 'open' ORDER BY created_at LIMIT 20;
-- unserved: range, IN, BETWEEN, = ANY
SELECT id FROM contacts WHERE score > 90;
SELECT id FROM contacts WHERE account_id IN (1, 2, 3) AND score BETWEEN 10 AND 20;
SELECT id FROM contacts WHERE email = ANY('{a,b}');
-- unserved: mixed sort directions
SELECT id FROM contacts WHERE account_id = 3 ORDER BY score DESC, created_at ASC LIMIT 5;
-- unserved: the inner side of a join, through an alias and a quoted, schema-qualified name
SELECT a.id, n.body FROM crm."Accounts" a JOIN contacts c ON c.account_id = a.id JOIN notes n ON n.contact_id = c.id WHERE a."Region" = 'emea';
-- unserved: a subquery, a CTE and a UNION branch
SELECT id FROM "Accounts" WHERE id IN (SELECT account_id FROM contacts WHERE status = 'lead');
WITH recent AS (SELECT contact_id FROM notes WHERE contact_id = 42) SELECT * FROM recent;
SELECT id FROM contacts WHERE score = 1 UNION ALL SELECT id FROM "Accounts" WHERE created_at > now();
-- served through a simple view: acct is contacts.account_id
SELECT id FROM active_contacts WHERE acct = 5 ORDER BY created_at DESC LIMIT 3;
-- unserved through a simple view: contacts.created_at alone
SELECT id FROM active_contacts v WHERE v.created_at > now() - interval '1 day';
-- a grouped view is not a table the advisor can index
SELECT n FROM contacts_per_account WHERE account_id = 9;
