import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { insertThen, runAtomically, statement } from "@/lib/db/raw";
import { sqliteConnectionOf } from "@/lib/db/client";
import { auditStatement } from "@/lib/audit/service";
import { keyStatement } from "@/lib/keys/service";
import { makeUser } from "../support/fixtures";

describe("hot-path SQL", () => {
  it("writes all statements or none", async () => {
    const { user } = await makeUser();
    const ok = keyStatement(user.id, "atomic", null);
    await runAtomically(db, [ok.insert]);
    expect(await db.apiKey.findUnique({ where: { lookupId: ok.lookupId } })).toMatchObject({ userId: user.id, name: "atomic" });

    const doomed = keyStatement(user.id, "doomed", null);
    await expect(runAtomically(db, [doomed.insert, statement(`INSERT INTO "NoSuchTable" ("x") VALUES (?)`, 1)])).rejects.toThrow();
    expect(await db.apiKey.findUnique({ where: { lookupId: doomed.lookupId } })).toBeNull();
  });

  it("keys written by hand read back through Prisma with their dates", async () => {
    const { user } = await makeUser();
    const expiresAt = new Date(Date.now() + 90_000);
    const k = keyStatement(user.id, "dated", expiresAt);
    await runAtomically(db, [k.insert]);
    const row = await db.apiKey.findUniqueOrThrow({ where: { lookupId: k.lookupId } });
    expect(row.expiresAt!.getTime()).toBe(expiresAt.getTime());
    expect(Math.abs(row.createdTime.getTime() - Date.now())).toBeLessThan(60_000);
    const live = await db.apiKey.count({ where: { id: row.id, expiresAt: { gt: new Date() } } });
    expect(live).toBe(1);
  });

  it("links the second insert to the first one's row, and writes neither when the second fails", async () => {
    const { user } = await makeUser();
    const k = keyStatement(user.id, "linked", null);
    await runAtomically(
      db,
      insertThen(k.insert, (keyId) => auditStatement({ actor: "system", action: "test.linked", outcome: "success" }, keyId)),
    );
    const key = await db.apiKey.findUniqueOrThrow({ where: { lookupId: k.lookupId } });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "test.linked" }, orderBy: { id: "desc" } });
    expect(event.apiKeyId).toBe(key.id);

    const doomed = keyStatement(user.id, "doomed-linked", null);
    const failing = insertThen(doomed.insert, (keyId) => statement(`INSERT INTO "NoSuchTable" ("x") VALUES (${keyId})`));
    await expect(runAtomically(db, failing)).rejects.toThrow();
    expect(await db.apiKey.findUnique({ where: { lookupId: doomed.lookupId } })).toBeNull();
  });

  it.runIf(!process.env.DATABASE_URL?.startsWith("postgres"))("runs SQLite in WAL mode with a sync per commit", async () => {
    await db.user.count(); // connects
    const conn = sqliteConnectionOf(db)!;
    expect(conn.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(Number(conn.pragma("synchronous", { simple: true }))).toBe(2); // FULL: a commit is durable before the caller hears of it
  });

  it("concurrent writes commit together, and one that fails fails alone", async () => {
    const { user } = await makeUser();
    await db.user.count(); // connects
    const conn = sqliteConnectionOf(db);
    const transactions = conn ? vi.spyOn(conn, "transaction") : undefined;
    const keys = Array.from({ length: 10 }, (_, i) => keyStatement(user.id, `group-${i}`, null));
    const results = await Promise.allSettled(
      keys.map((k, i) => runAtomically(db, i === 3 ? [k.insert, statement(`INSERT INTO "NoSuchTable" ("x") VALUES (1)`)] : [k.insert])),
    );
    const commits = transactions?.mock.calls.length;
    transactions?.mockRestore();
    expect(results.map((r) => r.status)).toEqual(keys.map((_, i) => (i === 3 ? "rejected" : "fulfilled")));
    const written = await db.apiKey.findMany({ where: { lookupId: { in: keys.map((k) => k.lookupId) } } });
    expect(written.map((k) => k.name).sort()).toEqual(keys.map((_, i) => `group-${i}`).filter((_, i) => i !== 3).sort());
    if (conn) expect(commits).toBe(1); // one commit for all ten on SQLite
  });

  it("waits for an interactive transaction on the same connection instead of joining it", async () => {
    const { user } = await makeUser();
    const k = keyStatement(user.id, "after-interactive", null);
    let written: Promise<void> | undefined;
    await expect(
      db.$transaction(async (tx) => {
        await tx.user.count();
        written = runAtomically(db, [k.insert]);
        await new Promise((r) => setTimeout(r, 50));
        throw new Error("roll the interactive transaction back");
      }),
    ).rejects.toThrow("roll the interactive transaction back");
    await written;
    expect(await db.apiKey.findUnique({ where: { lookupId: k.lookupId } })).not.toBeNull();
  });
});
