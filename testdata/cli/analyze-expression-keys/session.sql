SELECT id FROM users u WHERE lower(u.email) = 'a@b.c';
SELECT id FROM accounts WHERE lower(handle) = 'bob';
SELECT id FROM users WHERE lower(name) = 'x';
SELECT id FROM users WHERE date_trunc('day', created_at) = '2024-01-01';
