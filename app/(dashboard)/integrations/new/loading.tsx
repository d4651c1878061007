import { PageHeader } from "@/components/ui/page-header";
import { CardsSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <>
      <PageHeader title="New integration" />
      <CardsSkeleton label="Loading the templates…" />
    </>
  );
}
