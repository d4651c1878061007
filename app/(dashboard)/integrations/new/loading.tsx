import { PageHeader } from "@/components/ui/page-header";

export default function Loading() {
  return (
    <>
      <PageHeader title="New integration" />
      <p role="status" className="text-slate-700">Loading the templates…</p>
    </>
  );
}
