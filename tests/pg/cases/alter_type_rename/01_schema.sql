-- ALTER TYPE / DOMAIN ... RENAME TO and SET SCHEMA: columns, arrays and
-- domains refer to the type itself, so they follow it (format_type prints the
-- new name). Prisma changes an enum by renaming the old type, creating the new
-- one, re-typing the columns and dropping the old type.
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
CREATE TABLE "User" (id int PRIMARY KEY, role "Role" NOT NULL DEFAULT 'USER', roles "Role"[]);
CREATE TABLE "Invite" (id int PRIMARY KEY, role "Role");
ALTER TYPE "Role" RENAME TO "Role_old";
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN', 'OWNER');
ALTER TABLE "User" ALTER COLUMN role DROP DEFAULT;
ALTER TABLE "User" ALTER COLUMN role TYPE "Role" USING (role::text::"Role");
ALTER TABLE "User" ALTER COLUMN roles TYPE "Role"[] USING (roles::text[]::"Role"[]);
ALTER TABLE "Invite" ALTER COLUMN role TYPE "Role" USING (role::text::"Role");
DROP TYPE "Role_old";

-- a type moved to another schema (not on the search_path: printed qualified)
CREATE SCHEMA archive;
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE DOMAIN feeling AS mood;
CREATE TABLE diary (id int PRIMARY KEY, m mood, ms mood[], f feeling);
CREATE INDEX diary_sad_idx ON diary (id) WHERE m = 'sad';
ALTER TYPE mood SET SCHEMA archive;

-- a domain renamed and moved; a composite type renamed
CREATE DOMAIN amount AS numeric(12,2);
CREATE TABLE ledger (id int PRIMARY KEY, a amount, b amount[]);
ALTER DOMAIN amount RENAME TO money_amount;
ALTER DOMAIN money_amount SET SCHEMA archive;
CREATE TYPE point2 AS (x int, y int);
CREATE TABLE shapes (id int PRIMARY KEY, p point2);
ALTER TYPE point2 RENAME TO vec2;

-- DROP TYPE ... CASCADE drops the columns of that type (and their indexes)
CREATE TYPE temp_state AS ENUM ('on', 'off');
CREATE TABLE devices (id int PRIMARY KEY, state temp_state, states temp_state[], name text);
CREATE INDEX devices_state_idx ON devices (state);
DROP TYPE temp_state CASCADE;

-- an index predicate's cast follows a rename too
CREATE TYPE tier AS ENUM ('free', 'pro');
CREATE TABLE plans (id int PRIMARY KEY, t tier);
CREATE INDEX plans_pro_idx ON plans (id) WHERE t = 'pro';
ALTER TYPE tier RENAME TO "Tier";
