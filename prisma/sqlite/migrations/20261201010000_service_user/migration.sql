-- AlterTable (appended, as in 20261129020000_session_version: a table rebuild would cascade-delete keys and content)
ALTER TABLE "User" ADD COLUMN "serviceUser" BOOLEAN NOT NULL DEFAULT false;
