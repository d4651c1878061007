import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { driverOf } from "@/lib/db/raw";
import { findUserByExternalId, insertAuditEvent, insertKeyWithAudit, type NewAuditEvent } from "@/lib/db/exchange-store";
import { auditRow } from "@/lib/audit/service";
import { newKeyRow } from "@/lib/keys/service";
import { makeUser, unique } from "../support/fixtures";

const onPostgres = Boolean(process.env.DATABASE_URL?.startsWith("postgres"));
const event = (action: string, details?: Record<string, unknown>) => auditRow({ actor: "system", action, outcome: "success", details });
/** An event the database refuses (its action is NOT NULL). */
const refused = (): NewAuditEvent => ({ ...event("test.refused"), action: null as unknown as string });

describe("the exchange's statements", () => {
  it("write a key and its audit event, linked, or neither", async () => {
    const { user } = await makeUser();
    const k = newKeyRow(user.id, "linked", null);
    await insertKeyWithAudit(k.row, event("test.linked"));
    const key = await db.apiKey.findUniqueOrThrow({ where: { lookupId: k.row.lookupId } });
    expect(key).toMatchObject({ userId: user.id, name: "linked" });
    const linked = await db.auditEvent.findMany({ where: { apiKeyId: key.id } });
    expect(linked.map((e) => e.action)).toEqual(["test.linked"]);

    const doomed = newKeyRow(user.id, "doomed", null);
    await expect(insertKeyWithAudit(doomed.row, refused())).rejects.toThrow();
    expect(await db.apiKey.findUnique({ where: { lookupId: doomed.row.lookupId } })).toBeNull();
  });

  it("write dates Prisma reads back and compares", async () => {
    const { user } = await makeUser();
    const expiresAt = new Date(Date.now() + 90_000);
    const k = newKeyRow(user.id, "dated", expiresAt);
    await insertKeyWithAudit(k.row, event("test.dated"));
    const row = await db.apiKey.findUniqueOrThrow({ where: { lookupId: k.row.lookupId } });
    expect(row.expiresAt!.getTime()).toBe(expiresAt.getTime());
    expect(row.createdTime.getTime()).toBe(k.row.createdTime.getTime());
    expect(await db.apiKey.count({ where: { id: row.id, expiresAt: { gt: new Date() } } })).toBe(1);
    expect(await db.apiKey.count({ where: { id: row.id, expiresAt: { gt: new Date(expiresAt.getTime() + 1) } } })).toBe(0);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { apiKeyId: row.id } });
    expect(await db.auditEvent.count({ where: { id: audit.id, time: { lte: new Date() } } })).toBe(1);
  });

  it.runIf(!onPostgres)("run SQLite in WAL mode with a sync per commit, on both connections", async () => {
    await db.user.count(); // connects Prisma
    const conn = driverOf(db).sqlite!.conn;
    expect(conn.pragma("journal_mode", { simple: true })).toBe("wal");
    // FULL: a commit is durable before the caller hears of it.
    expect(Number(conn.pragma("synchronous", { simple: true }))).toBe(2);
    const [prisma] = await db.$queryRawUnsafe<{ synchronous: bigint | number }[]>("PRAGMA synchronous");
    expect(Number(prisma.synchronous)).toBe(2);
  });

  it("commit concurrent writes together, and one that fails fails alone", async () => {
    const { user } = await makeUser();
    const { sqlite, pool } = driverOf(db);
    // One transaction on SQLite, one statement on PostgreSQL.
    const commits = sqlite ? vi.spyOn(sqlite.conn, "transaction") : vi.spyOn(pool!, "query");
    const attempt = async (writes: { key: ReturnType<typeof newKeyRow>; audit: NewAuditEvent }[]) => {
      commits.mockClear();
      const results = await Promise.allSettled(writes.map((w) => insertKeyWithAudit(w.key.row, w.audit)));
      return { statuses: results.map((r) => r.status), commits: commits.mock.calls.length };
    };
    try {
      const write = (name: string) => ({ key: newKeyRow(user.id, name, null), audit: event("test.group", { name }) });
      const good = Array.from({ length: 10 }, (_, i) => write(`group-${i}`));
      expect(await attempt(good)).toEqual({ statuses: good.map(() => "fulfilled"), commits: 1 });
      const keys = await db.apiKey.findMany({ where: { lookupId: { in: good.map((w) => w.key.row.lookupId) } } });
      const events = await db.auditEvent.findMany({ where: { apiKeyId: { in: keys.map((k) => k.id) } } });
      // Every key has its own event, linked to it and not to a neighbour's.
      expect(events.map((e) => [e.apiKeyId, JSON.parse(e.details!).name]).sort()).toEqual(keys.map((k) => [k.id, k.name]).sort());

      const mixed = Array.from({ length: 10 }, (_, i) => (i === 3 ? { ...write("group-bad"), audit: refused() } : write(`mixed-${i}`)));
      const { statuses } = await attempt(mixed);
      expect(statuses).toEqual(mixed.map((_, i) => (i === 3 ? "rejected" : "fulfilled")));
      const written = await db.apiKey.findMany({ where: { lookupId: { in: mixed.map((w) => w.key.row.lookupId) } } });
      expect(written.map((k) => k.name).sort()).toEqual(mixed.map((_, i) => `mixed-${i}`).filter((_, i) => i !== 3).sort());
    } finally {
      commits.mockRestore();
    }
  });

  it("commit refused attempts' events with the keys of the same turn", async () => {
    const { user } = await makeUser();
    const action = unique("test.refusal");
    const k = newKeyRow(user.id, "beside-refusals", null);
    await Promise.all([insertAuditEvent(event(action)), insertKeyWithAudit(k.row, event(action)), insertAuditEvent(event(action))]);
    const key = await db.apiKey.findUniqueOrThrow({ where: { lookupId: k.row.lookupId } });
    const events = await db.auditEvent.findMany({ where: { action }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.apiKeyId)).toEqual([null, key.id, null]); // in the order they were made
  });

  it.runIf(onPostgres)("a batch lost with its connection fails as a whole, without retries", async () => {
    const { user } = await makeUser();
    const pool = driverOf(db).pool!;
    const lost = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    const query = vi.spyOn(pool, "query").mockImplementationOnce((() => Promise.reject(lost)) as never);
    try {
      const keys = Array.from({ length: 3 }, (_, i) => newKeyRow(user.id, `lost-${i}`, null));
      const results = await Promise.allSettled(keys.map((k) => insertKeyWithAudit(k.row, event("test.lost"))));
      expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
      expect(query).toHaveBeenCalledTimes(1);
    } finally {
      query.mockRestore();
    }
  });

  it("find users by external id, each its own, in one query on PostgreSQL", async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => makeUser({ externalId: unique("ext") })));
    const pool = driverOf(db).pool;
    const queries = pool ? vi.spyOn(pool, "query") : undefined;
    try {
      const asked = [...users.map((u) => u.user.externalId!), "nobody-has-this", users[0].user.externalId!];
      const found = await Promise.all(asked.map((v) => findUserByExternalId(v)));
      expect(found.map((u) => u?.guid ?? null)).toEqual([...users.map((u) => u.user.guid), null, users[0].user.guid]);
      expect(found[1]).toEqual({ id: users[1].user.id, guid: users[1].user.guid, username: users[1].user.username, locked: false });
      if (queries) expect(queries.mock.calls).toHaveLength(1);
    } finally {
      queries?.mockRestore();
    }
  });

  it("queries from other requests stay out of an interactive transaction: its rollback takes back none of them", async () => {
    const { user } = await makeUser({ externalId: unique("ext") });
    let write: Promise<unknown> | undefined;
    let read: Promise<{ firstName: string } | null> | undefined;
    let lookup: Promise<unknown> | undefined;
    await expect(
      db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { firstName: "uncommitted", locked: true } });
        // Another request, meanwhile:
        write = db.user.update({ where: { id: user.id }, data: { lastName: "from another request" } });
        read = db.user.findUnique({ where: { id: user.id } });
        lookup = findUserByExternalId(user.externalId!);
        await new Promise((r) => setTimeout(r, 50));
        throw new Error("roll the interactive transaction back");
      }),
    ).rejects.toThrow("roll the interactive transaction back");
    await write;
    expect((await read)?.firstName).toBe(""); // never saw the rolled-back edit
    expect(await lookup).toMatchObject({ id: user.id, locked: false });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ firstName: "", lastName: "from another request" });
  });

  it("a key written meanwhile is neither taken back by a transaction's rollback nor breaks one that reads, then writes", async () => {
    const { user } = await makeUser();
    const first = newKeyRow(user.id, "during-rollback", null);
    let written: Promise<void> | undefined;
    await expect(
      db.$transaction(async (tx) => {
        await tx.user.count();
        written = insertKeyWithAudit(first.row, event("test.during"));
        await new Promise((r) => setTimeout(r, 50));
        throw new Error("roll the interactive transaction back");
      }),
    ).rejects.toThrow("roll the interactive transaction back");
    await written;
    expect(await db.apiKey.findUnique({ where: { lookupId: first.row.lookupId } })).not.toBeNull();

    const second = newKeyRow(user.id, "during-commit", null);
    await db.$transaction(async (tx) => {
      await tx.user.findUniqueOrThrow({ where: { id: user.id } });
      written = insertKeyWithAudit(second.row, event("test.during"));
      await new Promise((r) => setTimeout(r, 50));
      await tx.user.update({ where: { id: user.id }, data: { lastName: "read, then written" } });
    });
    await written;
    expect(await db.apiKey.findUnique({ where: { lookupId: second.row.lookupId } })).not.toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lastName).toBe("read, then written");
  });

  it.runIf(!onPostgres)("a transaction whose COMMIT fails leaves the connection usable", async () => {
    const orphan = newKeyRow(999_999_999, "orphan", null); // no such user: its foreign key fails at COMMIT
    await expect(
      db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON");
        await tx.apiKey.create({ data: orphan.row });
      }),
    ).rejects.toThrow(/foreign ?key/i);
    // Neither queries nor the next transaction wait for it.
    await expect(db.user.count()).resolves.toEqual(expect.any(Number));
    const { user } = await makeUser(); // a transaction of its own
    expect(await db.apiKey.findUnique({ where: { lookupId: orphan.row.lookupId } })).toBeNull();
    const k = newKeyRow(user.id, "after-failed-commit", null);
    await insertKeyWithAudit(k.row, event("test.after-failed-commit"));
    expect(await db.apiKey.findUnique({ where: { lookupId: k.row.lookupId } })).not.toBeNull();
  });
});
