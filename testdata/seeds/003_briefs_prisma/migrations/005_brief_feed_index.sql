-- prisma/migrations/20250612160000_brief_feed_index/migration.sql
-- schema.prisma: model Brief { @@index([createdAt, published]) }
-- CreateIndex
CREATE INDEX "Brief_createdAt_published_idx" ON "Brief"("createdAt", "published");
