-- Single-use tokens (an integration option): one row per token exchanged, until it expires.
-- CreateTable
CREATE TABLE "UsedToken" (
    "integrationId" INTEGER NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsedToken_pkey" PRIMARY KEY ("integrationId","tokenHash")
);

-- CreateIndex
CREATE INDEX "UsedToken_expiresAt_idx" ON "UsedToken"("expiresAt");

-- AddForeignKey
ALTER TABLE "UsedToken" ADD CONSTRAINT "UsedToken_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

