import type { Metadata } from "next";
import { AdministratorOnly } from "@/components/dashboard/administrator-only";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Audit" };

export default function AuditPage() {
  return (
    <AdministratorOnly>
      <PageHeader title="Audit">Every token exchange and administrative change, with the reason when something failed.</PageHeader>
      <EmptyState title="Not in the dashboard yet">
        <p>Audit events will appear here once this page is connected to the audit log. The server records them already.</p>
      </EmptyState>
    </AdministratorOnly>
  );
}
