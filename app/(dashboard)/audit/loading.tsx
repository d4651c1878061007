import { PageHeader } from "@/components/ui/page-header";

export default function Loading() {
  return (
    <>
      <PageHeader title="Audit" />
      <p role="status" className="text-slate-700">Loading the audit log…</p>
    </>
  );
}
