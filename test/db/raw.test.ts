import { describe, expect, it } from "vitest";
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

  it.runIf(!process.env.DATABASE_URL?.startsWith("postgres"))("runs SQLite in WAL mode without a sync per commit", async () => {
    await db.user.count(); // connects
    const conn = sqliteConnectionOf(db)!;
    expect(conn.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(Number(conn.pragma("synchronous", { simple: true }))).toBe(1); // NORMAL
  });
});
