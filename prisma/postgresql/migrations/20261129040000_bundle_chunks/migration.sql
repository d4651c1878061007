-- Uploads write their files under a bundle that is not ready until its manifest checks out.
ALTER TABLE "Bundle" ADD COLUMN     "ready" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "BundleFileChunk" (
    "fileId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "BundleFileChunk_pkey" PRIMARY KEY ("fileId","seq")
);

-- AddForeignKey
ALTER TABLE "BundleFileChunk" ADD CONSTRAINT "BundleFileChunk_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "BundleFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Each stored file's bytes become its one chunk, then the column goes.
INSERT INTO "BundleFileChunk" ("fileId", "seq", "data") SELECT "id", 0, "data" FROM "BundleFile" WHERE length("data") > 0;
ALTER TABLE "BundleFile" DROP COLUMN "data";
