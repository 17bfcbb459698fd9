-- prisma/migrations/20250603110000_cost_fields_as_float/migration.sql
-- schema.prisma: `costUsd Decimal? @db.Decimal(10, 6)` -> `costUsd Float?`,
-- `pricePerToken Decimal?` -> `Float?` (Decimal.js values broke JSON responses
-- and the local-mode SQLite setup).
-- AlterTable
ALTER TABLE "Brief" ALTER COLUMN "costUsd" SET DATA TYPE DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Model" ALTER COLUMN "pricePerToken" SET DATA TYPE DOUBLE PRECISION;
