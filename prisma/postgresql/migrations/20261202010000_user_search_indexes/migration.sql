-- The user search (lib/db/user-search.ts) finds a prefix of lower(column) as a
-- range of these. lower() keeps the column's collation (the database's, whose
-- case rules the search follows); the index orders its results in "C", code
-- point order, in which the strings with a prefix form one range. Prisma cannot
-- declare indexes on expressions: they are listed in EXPRESSION_INDEXES there,
-- which the schema drift test allows.

-- CreateIndex
CREATE INDEX "User_lower_username_idx" ON "User"((lower("username")) COLLATE "C");

-- CreateIndex
CREATE INDEX "User_lower_firstName_idx" ON "User"((lower("firstName")) COLLATE "C");

-- CreateIndex
CREATE INDEX "User_lower_lastName_idx" ON "User"((lower("lastName")) COLLATE "C");

-- CreateIndex
CREATE INDEX "User_lower_email_idx" ON "User"((lower("email")) COLLATE "C");

-- CreateIndex
CREATE INDEX "User_lower_externalId_idx" ON "User"((lower("externalId")) COLLATE "C");
