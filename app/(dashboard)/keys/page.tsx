import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "API keys" };

export default function ApiKeysPage() {
  return (
    <>
      <PageHeader title="API keys">Keys that let scripts and tools call this server’s API as you.</PageHeader>
      <EmptyState title="Not in the dashboard yet">
        <p>
          Your API keys will appear here once this page is connected to the keys API. Until then, manage them through{" "}
          <code>/__api__/v1/users/&#123;guid&#125;/keys</code>.
        </p>
      </EmptyState>
    </>
  );
}
