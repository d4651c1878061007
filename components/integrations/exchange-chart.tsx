import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import type { ExchangeChart as Chart } from "@/lib/federation/queries";

// Failures get stripes as well as a colour, so the two outcomes differ without colour vision.
const STRIPES = "repeating-linear-gradient(45deg, rgb(255 255 255 / 0.4) 0 2px, transparent 2px 6px)";

/** Times are UTC, as everywhere in the dashboard (and identical on server and client); with the date, as the range spans days. */
function bucketLabel(iso: string) {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

export function totalsOf(chart: Chart) {
  return chart.buckets.reduce((t, b) => ({ success: t.success + b.success, failure: t.failure + b.failure }), { success: 0, failure: 0 });
}

/** Stacked bars of exchanges by outcome; the same numbers are available as a table. */
export function ExchangeChart({ chart }: { chart: Chart }) {
  const max = Math.max(1, ...chart.buckets.map((b) => b.success + b.failure));
  const per = chart.bucket_seconds === 3600 ? "hour" : `${chart.bucket_seconds / 3600} hours`;
  const first = chart.buckets[0];
  const middle = chart.buckets[Math.floor(chart.buckets.length / 2)];
  const last = chart.buckets.at(-1);
  return (
    <figure className="space-y-3">
      <div aria-hidden="true" className="flex gap-2">
        <div className="flex h-40 flex-col justify-between text-right text-xs text-slate-600">
          <span>{max}</span>
          <span>0</span>
        </div>
        <div className="flex h-40 flex-1 items-end gap-px border-b border-l border-slate-400 px-px" data-testid="exchange-chart">
          {chart.buckets.map((b) => (
            <div
              key={b.start}
              className="flex h-full min-w-0 flex-1 flex-col justify-end"
              title={`${bucketLabel(b.start)} UTC: ${b.success} succeeded, ${b.failure} failed`}
              data-success={b.success}
              data-failure={b.failure}
            >
              {b.failure > 0 ? (
                <div className="bg-red-600" style={{ height: `${(b.failure / max) * 100}%`, backgroundImage: STRIPES }} />
              ) : null}
              {b.success > 0 ? <div className="bg-emerald-600" style={{ height: `${(b.success / max) * 100}%` }} /> : null}
            </div>
          ))}
        </div>
      </div>
      <div aria-hidden="true" className="flex justify-between gap-2 pl-6 text-xs text-slate-600" data-testid="chart-axis">
        <span>{first ? bucketLabel(first.start) : null}</span>
        {/* The middle tick only where three dates fit. */}
        <span className="hidden sm:inline">{middle && middle !== first ? bucketLabel(middle.start) : null}</span>
        <span className="text-right">{last ? `${bucketLabel(last.start)} UTC` : null}</span>
      </div>
      <figcaption className="flex flex-wrap items-center gap-4 text-sm text-slate-700">
        <span className="inline-flex items-center gap-2">
          <span aria-hidden="true" className="inline-block size-3 rounded-sm bg-emerald-600" /> Successful
        </span>
        <span className="inline-flex items-center gap-2">
          <span aria-hidden="true" className="inline-block size-3 rounded-sm bg-red-600" style={{ backgroundImage: STRIPES }} /> Failed
        </span>
        <span>One bar per {per}.</span>
      </figcaption>
      <details>
        <summary className="cursor-pointer text-sm font-medium text-blue-700">Show the numbers as a table</summary>
        <Table caption={`Exchanges per ${per} (UTC)`} className="mt-3">
          <THead>
            <tr>
              <TH>Period starting (UTC)</TH>
              <TH>Successful</TH>
              <TH>Failed</TH>
            </tr>
          </THead>
          <tbody>
            {chart.buckets.map((b) => (
              <TR key={b.start}>
                <TH scope="row" className="font-normal">
                  {bucketLabel(b.start)}
                </TH>
                <TD>{b.success}</TD>
                <TD>{b.failure}</TD>
              </TR>
            ))}
          </tbody>
        </Table>
      </details>
    </figure>
  );
}
