import type { Metadata } from "next";
import { AdministratorOnly } from "@/components/dashboard/administrator-only";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <AdministratorOnly>
      <PageHeader title="Settings">The identity federation feature flag, the unique ID claim and the federated key lifetime.</PageHeader>
      <EmptyState title="Not in the dashboard yet">
        <p>
          Settings will appear here once this page is connected to the settings API. Until then, change them through{" "}
          <code>/__api__/v1/system/settings</code> or with <code>npm run cli -- settings set NAME VALUE</code>.
        </p>
      </EmptyState>
    </AdministratorOnly>
  );
}
