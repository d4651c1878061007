import type { Metadata } from "next";
import { AdministratorOnly } from "@/components/dashboard/administrator-only";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Integrations" };

export default function IntegrationsPage() {
  return (
    <AdministratorOnly>
      <PageHeader title="Integrations">Integrations decide which identity providers’ ID tokens this server exchanges for API keys.</PageHeader>
      <EmptyState title="Not in the dashboard yet">
        <p>
          Integrations will appear here once this page is connected to the integrations API. Until then, manage them
          through <code>/__api__/v1/oauth/integrations</code> or list them with{" "}
          <code>npm run cli -- integrations list</code>.
        </p>
      </EmptyState>
    </AdministratorOnly>
  );
}
