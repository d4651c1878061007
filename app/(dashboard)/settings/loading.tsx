import { PageHeader } from "@/components/ui/page-header";

export default function Loading() {
  return (
    <>
      <PageHeader title="Settings" />
      <p role="status" className="text-slate-700">Loading settings…</p>
    </>
  );
}
