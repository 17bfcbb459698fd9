-- Prisma's migration for a changed enum, as `prisma migrate` writes it: the
-- new type under a temporary name, the columns re-typed, then the renames,
-- inside a transaction.
CREATE TYPE "Status" AS ENUM ('DRAFT', 'LIVE');
CREATE TABLE "Post" (id int PRIMARY KEY, status "Status" NOT NULL DEFAULT 'DRAFT', history "Status"[]);
CREATE INDEX "Post_live_idx" ON "Post" (id) WHERE status = 'LIVE';

BEGIN;
CREATE TYPE "Status_new" AS ENUM ('DRAFT', 'LIVE', 'ARCHIVED');
ALTER TABLE "Post" ALTER COLUMN "status" DROP DEFAULT;
DROP INDEX "Post_live_idx";
ALTER TABLE "Post" ALTER COLUMN "status" TYPE "Status_new" USING ("status"::text::"Status_new");
ALTER TABLE "Post" ALTER COLUMN "history" TYPE "Status_new"[] USING ("history"::text[]::"Status_new"[]);
ALTER TYPE "Status" RENAME TO "Status_old";
ALTER TYPE "Status_new" RENAME TO "Status";
DROP TYPE "Status_old";
ALTER TABLE "Post" ALTER COLUMN "status" SET DEFAULT 'DRAFT';
COMMIT;
CREATE INDEX "Post_archived_idx" ON "Post" (id) WHERE status = 'ARCHIVED';
