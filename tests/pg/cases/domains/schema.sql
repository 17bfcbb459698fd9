-- Domains and other user-defined types: format_type prints the type's own
-- name (schema-qualified when the schema is not on the search_path, which is
-- `public` when the catalog is read); a domain's NOT NULL does not make the
-- column NOT NULL (attnotnull stays false).
CREATE DOMAIN email AS text NOT NULL CHECK (VALUE LIKE '%@%');
CREATE DOMAIN short_text AS varchar(10);
CREATE DOMAIN money_amount AS numeric(12,2) DEFAULT 0;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE "Color" AS ENUM ('red', 'green');
CREATE TYPE pair AS (x int, y int);
CREATE SCHEMA types;
CREATE DOMAIN types.positive AS int CHECK (VALUE > 0);
CREATE TYPE types.state AS ENUM ('on', 'off');

CREATE TABLE people (
    id int PRIMARY KEY,
    mail email,
    nick short_text NOT NULL,
    balance money_amount,
    feeling mood,
    feelings mood[],
    color "Color",
    coords pair,
    n types.positive,
    s types.state,
    ss types.state[]
);
CREATE INDEX ON people (mail);
CREATE INDEX ON people (feeling);
