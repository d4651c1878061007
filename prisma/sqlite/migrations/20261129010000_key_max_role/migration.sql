-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN "maxRole" TEXT;

-- CreateIndex
CREATE INDEX "ApiKey_integrationId_expiresAt_idx" ON "ApiKey"("integrationId", "expiresAt");

-- Existing integrations get the default cap explicitly, and keys they minted carry it.
UPDATE "Integration" SET "config" = json_set("config", '$.max_role', 'publisher')
  WHERE json_valid("config") AND json_type("config", '$.max_role') IS NULL;

UPDATE "ApiKey" SET "maxRole" = 'publisher' WHERE "tokenIss" IS NOT NULL AND "maxRole" IS NULL;
