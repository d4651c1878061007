// Summarises a V8 .cpuprofile: self time by source file and by function, so a
// bench run with BENCH_CPU_PROFILE=dir says where the server's time went.
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

function short(url: string): string {
  if (!url) return "(native)";
  const s = url.replace(/^file:\/\//, "");
  const nm = s.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = s.slice(nm + 13).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const next = s.indexOf("/.next/");
  return next >= 0 ? s.slice(next + 1) : s.replace(/^.*\/(lib|app)\//, "$1/");
}

export function summarise(file: string, top = 25): string {
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  p.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFile = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const f = short(url);
    byFile.set(f, (byFile.get(f) ?? 0) + us);
    const fn = `${functionName || "(anonymous)"} ${f}:${lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
  }
  const table = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `${((us / total) * 100).toFixed(1).padStart(5)} %  ${k}`)
      .join("\n");
  return `self time by file (of ${(total / 1e6).toFixed(1)} s sampled)\n${table(byFile)}\n\nself time by function\n${table(byFn)}`;
}

if (process.argv[2]) console.log(summarise(process.argv[2], Number(process.argv[3] ?? 25)));
