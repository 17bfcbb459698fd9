-- Quoted identifiers: mixed case, keywords, spaces, embedded quotes and
-- non-ASCII names are stored as written; unquoted names fold to lower case.
-- Index column text (pg_get_indexdef) quotes them again where needed.
CREATE TABLE "MixedCase" (
    "Id" int PRIMARY KEY,
    "UserName" text,
    "order" int,
    "select" text,
    "first name" text,
    "we""ird" int,
    plain int,
    "lower_already" int,
    "Ünïcödé" text
);
CREATE INDEX ON "MixedCase" ("UserName");
CREATE INDEX "Idx Order" ON "MixedCase" ("order", "select");
CREATE INDEX ON "MixedCase" ("first name") INCLUDE ("we""ird");
CREATE INDEX ON "MixedCase" (lower("UserName"));
CREATE INDEX ON "MixedCase" ("Ünïcödé");
CREATE TABLE UPPER_UNQUOTED (ID int PRIMARY KEY, Ref_Id int REFERENCES "MixedCase" ("Id"));
CREATE TABLE "user" (id int PRIMARY KEY);
CREATE TABLE "Child" ("ParentId" int, "user" int REFERENCES "user");
ALTER TABLE "Child" ADD CONSTRAINT "FK Parent" FOREIGN KEY ("ParentId") REFERENCES "MixedCase";
