import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export default function IntegrationNotFound() {
  return (
    <>
      <PageHeader title="Integration not found" />
      <EmptyState title="No integration has this address">
        <p>It may have been deleted. The audit log keeps a record of deleted integrations.</p>
        <p>
          <Link href="/integrations" className="font-medium text-blue-700 underline underline-offset-2">
            Back to all integrations
          </Link>
        </p>
      </EmptyState>
    </>
  );
}
