import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { commitWrite, execute, statement, type Write } from "@/lib/db/raw";
import { pgPoolOf, sqliteConnectionOf } from "@/lib/db/client";
import { auditStatement } from "@/lib/audit/service";
import { keyStatement } from "@/lib/keys/service";
import { findUserByExternalId } from "@/lib/users/service";
import { makeUser, unique } from "../support/fixtures";

const onPostgres = Boolean(process.env.DATABASE_URL?.startsWith("postgres"));
const failing = statement(`INSERT INTO "NoSuchTable" ("x") VALUES (1)`);

describe("hot-path SQL", () => {
  it("writes both inserts or neither", async () => {
    const { user } = await makeUser();
    const ok = keyStatement(user.id, "atomic", null);
    await commitWrite(db, { insert: ok.insert });
    expect(await db.apiKey.findUnique({ where: { lookupId: ok.lookupId } })).toMatchObject({ userId: user.id, name: "atomic" });

    const doomed = keyStatement(user.id, "doomed", null);
    await expect(commitWrite(db, { insert: doomed.insert, then: () => failing })).rejects.toThrow();
    expect(await db.apiKey.findUnique({ where: { lookupId: doomed.lookupId } })).toBeNull();
  });

  it("keys written by hand read back through Prisma with their dates", async () => {
    const { user } = await makeUser();
    const expiresAt = new Date(Date.now() + 90_000);
    const k = keyStatement(user.id, "dated", expiresAt);
    await commitWrite(db, { insert: k.insert });
    const row = await db.apiKey.findUniqueOrThrow({ where: { lookupId: k.lookupId } });
    expect(row.expiresAt!.getTime()).toBe(expiresAt.getTime());
    expect(Math.abs(row.createdTime.getTime() - Date.now())).toBeLessThan(60_000);
    const live = await db.apiKey.count({ where: { id: row.id, expiresAt: { gt: new Date() } } });
    expect(live).toBe(1);
  });

  it("links the second insert to the first one's row, and writes neither when the second fails", async () => {
    const { user } = await makeUser();
    const k = keyStatement(user.id, "linked", null);
    await commitWrite(db, {
      insert: k.insert,
      then: (keyId) => auditStatement({ actor: "system", action: "test.linked", outcome: "success" }, keyId),
    });
    const key = await db.apiKey.findUniqueOrThrow({ where: { lookupId: k.lookupId } });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "test.linked" }, orderBy: { id: "desc" } });
    expect(event.apiKeyId).toBe(key.id);

    const doomed = keyStatement(user.id, "doomed-linked", null);
    const then = (keyId: string) => statement(`INSERT INTO "NoSuchTable" ("x") VALUES (${keyId})`);
    await expect(commitWrite(db, { insert: doomed.insert, then })).rejects.toThrow();
    expect(await db.apiKey.findUnique({ where: { lookupId: doomed.lookupId } })).toBeNull();
  });

  it.runIf(!onPostgres)("runs SQLite in WAL mode with a sync per commit", async () => {
    await db.user.count(); // connects
    const conn = sqliteConnectionOf(db)!;
    expect(conn.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(Number(conn.pragma("synchronous", { simple: true }))).toBe(2); // FULL: a commit is durable before the caller hears of it
  });

  it("concurrent writes commit together, and one that fails fails alone", async () => {
    const { user } = await makeUser();
    await db.user.count(); // connects
    const conn = sqliteConnectionOf(db);
    const pool = pgPoolOf(db);
    // One transaction on SQLite, one statement on PostgreSQL.
    const commits = conn ? vi.spyOn(conn, "transaction") : vi.spyOn(pool!, "query");
    const commitsOf = async (writes: Write[]) => {
      commits.mockClear();
      const results = await Promise.allSettled(writes.map((w) => commitWrite(db, w)));
      return { statuses: results.map((r) => r.status), commits: commits.mock.calls.length };
    };
    try {
      const linked = (name: string): Write & { lookupId: string } => {
        const k = keyStatement(user.id, name, null);
        const then = (keyId: string) => auditStatement({ actor: "system", action: "test.group", outcome: "success", details: { name } }, keyId);
        return { insert: k.insert, then, lookupId: k.lookupId };
      };
      const good = Array.from({ length: 10 }, (_, i) => linked(`group-${i}`));
      expect(await commitsOf(good)).toEqual({ statuses: good.map(() => "fulfilled"), commits: 1 });
      const keys = await db.apiKey.findMany({ where: { lookupId: { in: good.map((w) => w.lookupId) } } });
      const events = await db.auditEvent.findMany({ where: { apiKeyId: { in: keys.map((k) => k.id) } } });
      // Every key has its own event, linked to it and not to a neighbour's.
      expect(events.map((e) => [e.apiKeyId, JSON.parse(e.details!).name]).sort()).toEqual(
        keys.map((k) => [k.id, k.name]).sort(),
      );

      const mixed = Array.from({ length: 10 }, (_, i) => (i === 3 ? { ...linked("group-bad"), then: () => failing } : linked(`mixed-${i}`)));
      const { statuses } = await commitsOf(mixed);
      expect(statuses).toEqual(mixed.map((_, i) => (i === 3 ? "rejected" : "fulfilled")));
      const written = await db.apiKey.findMany({ where: { lookupId: { in: mixed.map((w) => w.lookupId) } } });
      expect(written.map((k) => k.name).sort()).toEqual(mixed.map((_, i) => `mixed-${i}`).filter((_, i) => i !== 3).sort());
    } finally {
      commits.mockRestore();
    }
  });

  it.runIf(onPostgres)("a batch lost with its connection fails as a whole, without retries", async () => {
    const { user } = await makeUser();
    const pool = pgPoolOf(db)!;
    const lost = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    const query = vi.spyOn(pool, "query").mockImplementationOnce((() => Promise.reject(lost)) as never);
    try {
      const keys = Array.from({ length: 3 }, (_, i) => keyStatement(user.id, `lost-${i}`, null));
      const results = await Promise.allSettled(keys.map((k) => commitWrite(db, { insert: k.insert })));
      expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
      expect(query).toHaveBeenCalledTimes(1);
    } finally {
      query.mockRestore();
    }
  });

  it("lookups made together each get their own rows, in one query on PostgreSQL", async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => makeUser({ externalId: unique("ext") })));
    const pool = pgPoolOf(db);
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

  it.runIf(!onPostgres)("a transaction whose COMMIT fails leaves the connection usable", async () => {
    const orphan = keyStatement(999_999_999, "orphan", null); // no such user: its foreign key fails at COMMIT
    await expect(
      db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON");
        await execute(tx, orphan.insert);
      }),
    ).rejects.toThrow(/foreign ?key/i);
    const conn = sqliteConnectionOf(db)!;
    expect(conn.inTransaction).toBe(false);
    // Neither queries nor the next transaction wait for it.
    await expect(db.user.count()).resolves.toEqual(expect.any(Number));
    const { user } = await makeUser(); // a transaction of its own
    expect(await db.apiKey.findUnique({ where: { lookupId: orphan.lookupId } })).toBeNull();
    expect(user.id).toEqual(expect.any(Number));
  });

  it("waits for an interactive transaction on the same connection instead of joining it", async () => {
    const { user } = await makeUser();
    const k = keyStatement(user.id, "after-interactive", null);
    let written: Promise<void> | undefined;
    await expect(
      db.$transaction(async (tx) => {
        await tx.user.count();
        written = commitWrite(db, { insert: k.insert });
        await new Promise((r) => setTimeout(r, 50));
        throw new Error("roll the interactive transaction back");
      }),
    ).rejects.toThrow("roll the interactive transaction back");
    await written;
    expect(await db.apiKey.findUnique({ where: { lookupId: k.lookupId } })).not.toBeNull();
  });
});
