import { PageHeader } from "@/components/ui/page-header";

export default function Loading() {
  return (
    <>
      <PageHeader title="API keys" />
      <p role="status" className="text-slate-700">Loading your API keys…</p>
    </>
  );
}
