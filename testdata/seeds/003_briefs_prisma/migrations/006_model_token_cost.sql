-- prisma/migrations/20250618101500_model_token_cost/migration.sql
-- Models are now priced in whole platform tokens per brief.
-- AlterTable
ALTER TABLE "Model" DROP COLUMN "pricePerToken",
ADD COLUMN     "tokenCost" INTEGER NOT NULL DEFAULT 1;
