-- DropIndex
DROP INDEX "AuditEvent_integrationId_time_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_integrationId_action_outcome_time_idx" ON "AuditEvent"("integrationId", "action", "outcome", "time");

-- CreateIndex
CREATE INDEX "Task_contentId_idx" ON "Task"("contentId");

