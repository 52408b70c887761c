-- CreateIndex
CREATE INDEX "audit_entries_tenant_id_seq_idx" ON "audit_entries"("tenant_id", "seq");
