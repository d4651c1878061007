import { PageHeader } from "@/components/ui/page-header";

export default function Loading() {
  return (
    <>
      <PageHeader title="Users" />
      <p role="status" className="text-slate-700">Loading users…</p>
    </>
  );
}
