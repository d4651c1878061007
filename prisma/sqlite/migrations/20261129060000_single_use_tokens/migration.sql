-- Single-use tokens (an integration option): one row per token exchanged, until it expires.
-- CreateTable
CREATE TABLE "UsedToken" (
    "integrationId" INTEGER NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("integrationId", "tokenHash"),
    CONSTRAINT "UsedToken_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "UsedToken_expiresAt_idx" ON "UsedToken"("expiresAt");

