-- AlterTable (appended: a table rebuild would cascade-delete keys and content inside the migration transaction)
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;
