// Exporting the filtered audit log as CSV or JSON: every matching event, newest
// first, read in bounded pages, with cells a spreadsheet cannot run as formulas.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as exportRoute from "@/app/%5F_api__/v1/audit_logs/export/route";
import { csvCell } from "@/lib/audit/export";
import { auditEventPages } from "@/lib/audit/log";
import { changeSummary } from "@/lib/audit/summary";
import { call, makeUser } from "../support/fixtures";

const EVENTS = 1_205;
const action = `test.export.${randomBytes(4).toString("hex")}`;
let admin: Awaited<ReturnType<typeof makeUser>>;

/** RFC 4180, enough for the test: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

beforeAll(async () => {
  admin = await makeUser({ role: "administrator" });
  const start = Date.now() - EVENTS * 1000;
  await db.auditEvent.createMany({
    data: Array.from({ length: EVENTS }, (_, n) => ({
      time: new Date(start + n * 1000),
      action,
      outcome: n % 2 ? "failure" : "success",
      reason: n === EVENTS - 1 ? "=HYPERLINK(\"http://evil.example\")" : null,
      actorUserId: admin.user.id,
      matchValue: n === EVENTS - 1 ? "@SUM(A1:A9)" : `sub-${n}`,
      details: n === EVENTS - 1 ? JSON.stringify({ before: { first_name: "A, \"B\"" }, after: { first_name: "-2+3" } }) : null,
    })),
  });
});

describe("audit export", () => {
  it("streams every matching event as CSV, newest first, with a header and escaped cells", async () => {
    const res = await call(exportRoute.GET, { key: admin.key, path: `/?action=${action}&format=csv` });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-\d{8}T\d{6}\.csv"$/);
    const [header, ...rows] = parseCsv(res.body as string);
    expect(header).toEqual(["id", "time", "action", "outcome", "reason", "actor", "actor_ip", "integration", "user", "api_key_id", "iss", "match_value", "jti", "kid", "summary", "details"]);
    expect(rows).toHaveLength(EVENTS);
    const ids = rows.map((r) => Number(r[0]));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const [newest] = rows;
    const cell = (name: string) => newest[header.indexOf(name)];
    expect(cell("actor")).toBe(admin.user.username);
    // Formulas stay text: a leading quote.
    expect(cell("reason")).toBe("'=HYPERLINK(\"http://evil.example\")");
    expect(cell("match_value")).toBe("'@SUM(A1:A9)");
    expect(cell("summary")).toBe('first_name: A, "B" → -2+3');
    expect(JSON.parse(cell("details"))).toEqual({ before: { first_name: 'A, "B"' }, after: { first_name: "-2+3" } });
    expect(rows.at(-1)![header.indexOf("match_value")]).toBe("sub-0");
  });

  it("exports JSON with the same filters the log takes", async () => {
    const res = await call(exportRoute.GET, { key: admin.key, path: `/?action=${action}&outcome=failure&format=json` });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.body).toHaveLength(Math.floor(EVENTS / 2));
    expect(res.body.every((e: { outcome: string; action: string }) => e.outcome === "failure" && e.action === action)).toBe(true);
    expect(res.body[0]).toMatchObject({ actor: { username: admin.user.username }, summary: null });

    const none = await call(exportRoute.GET, { key: admin.key, path: `/?action=${action}-none&format=json` });
    expect(none.body).toEqual([]);
  });

  it("reads the log in pages of bounded size", async () => {
    const sizes: number[] = [];
    for await (const page of auditEventPages({ action }, 500)) sizes.push(page.length);
    expect(sizes).toEqual([500, 500, 205]);
  });

  it("is for administrators, and refuses a format it does not know in words", async () => {
    const publisher = await makeUser({ role: "publisher" });
    expect((await call(exportRoute.GET, { key: publisher.key, path: `/?action=${action}` })).status).toBe(403);
    const bad = await call(exportRoute.GET, { key: admin.key, path: "/?format=xlsx" });
    expect(bad.status).toBe(400);
    expect(bad.body.payload.fields).toEqual([{ field: "format", message: "must be csv or json" }]);
    expect((await call(exportRoute.POST, { method: "POST", key: admin.key })).status).toBe(405);
  });
});

describe("CSV cells and change summaries", () => {
  it("quotes what needs quoting and defuses formulas", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(12)).toBe("12");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    for (const formula of ["=1+1", "+1", "-1", "@A1", "\tx", "\r=1"]) expect(csvCell(formula).replace(/^"/, "")).toMatch(/^'/);
    expect(csvCell("=a,b")).toBe(`"'=a,b"`);
  });

  it("says in one line what an update changed", () => {
    expect(changeSummary({ before: { user_role: "viewer", locked: false }, after: { user_role: "publisher", locked: false } })).toBe(
      "user_role: viewer → publisher",
    );
    expect(changeSummary({ before: { config: { client_id: "a", issuer: "x" } }, after: { config: { client_id: "b", issuer: "x" } } })).toBe(
      "config.client_id: a → b",
    );
    expect(changeSummary({ name: "EarlyAccess.IdentityFederation", before: false, after: true })).toBe("EarlyAccess.IdentityFederation: false → true");
    expect(changeSummary({ before: {}, after: {}, password_changed: true, sessions_ended: true })).toBe("password changed");
    expect(changeSummary({ before: { email: "" }, after: { email: null } })).toBe("email: (empty) → (none)");
    expect(changeSummary({ after: { username: "x" } })).toBe("");
    expect(changeSummary(null)).toBe("");
  });
});
