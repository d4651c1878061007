import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <>
      <PageHeader title="API keys" />
      <TableSkeleton label="Loading your API keys…" />
    </>
  );
}
