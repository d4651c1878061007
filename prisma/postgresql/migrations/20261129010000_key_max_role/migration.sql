-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "maxRole" TEXT;

-- CreateIndex
CREATE INDEX "ApiKey_integrationId_expiresAt_idx" ON "ApiKey"("integrationId", "expiresAt");

-- Existing integrations get the default cap explicitly, and keys they minted carry it.
UPDATE "Integration" SET "config" = jsonb_set("config"::jsonb, '{max_role}', '"publisher"')::text
  WHERE ("config"::jsonb -> 'max_role') IS NULL;

UPDATE "ApiKey" SET "maxRole" = 'publisher' WHERE "tokenIss" IS NOT NULL AND "maxRole" IS NULL;
