import type { Metadata } from "next";
import { AdministratorOnly } from "@/components/dashboard/administrator-only";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Users" };

export default function UsersPage() {
  return (
    <AdministratorOnly>
      <PageHeader title="Users">People who can sign in to this server, their roles, and the external IDs that federation matches.</PageHeader>
      <EmptyState title="Not in the dashboard yet">
        <p>
          Users will appear here once this page is connected to the users API. Until then, manage them through{" "}
          <code>/__api__/v1/users</code> or create them with <code>npm run cli -- users create</code>.
        </p>
      </EmptyState>
    </AdministratorOnly>
  );
}
