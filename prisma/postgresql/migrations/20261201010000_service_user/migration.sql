-- AlterTable
ALTER TABLE "User" ADD COLUMN     "serviceUser" BOOLEAN NOT NULL DEFAULT false;

