import { PageHeader } from "@/components/ui/page-header";
import { CardsSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <>
      <PageHeader title="Integration" />
      <CardsSkeleton label="Loading the integration…" />
    </>
  );
}
