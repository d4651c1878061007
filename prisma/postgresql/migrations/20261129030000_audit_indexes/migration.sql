-- CreateIndex
CREATE INDEX "ApiKey_expiresAt_idx" ON "ApiKey"("expiresAt");

-- CreateIndex
CREATE INDEX "ApiKey_revokedAt_idx" ON "ApiKey"("revokedAt");

-- CreateIndex
CREATE INDEX "AuditEvent_integrationId_outcome_id_idx" ON "AuditEvent"("integrationId", "outcome", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_integrationId_action_id_idx" ON "AuditEvent"("integrationId", "action", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_userId_id_idx" ON "AuditEvent"("userId", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_actorUserId_id_idx" ON "AuditEvent"("actorUserId", "id");

