-- The user search (lib/db/user-search.ts) finds a prefix of lower(column) as a
-- range of these. Prisma cannot declare indexes on expressions: they are listed
-- in EXPRESSION_INDEXES there, which the schema drift test allows.

-- CreateIndex
CREATE INDEX "User_lower_username_idx" ON "User"(lower("username"));

-- CreateIndex
CREATE INDEX "User_lower_firstName_idx" ON "User"(lower("firstName"));

-- CreateIndex
CREATE INDEX "User_lower_lastName_idx" ON "User"(lower("lastName"));

-- CreateIndex
CREATE INDEX "User_lower_email_idx" ON "User"(lower("email"));

-- CreateIndex
CREATE INDEX "User_lower_externalId_idx" ON "User"(lower("externalId"));
