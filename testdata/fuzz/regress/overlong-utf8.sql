CREATE TABLE À¯ (id int);
CREATE TABLE "à€¯" (price real);
CREATE TABLE s (n text DEFAULT 'øˆ€€€', m text DEFAULT 'í €');
COMMENT ON TABLE s IS 'ô€€Ã';
