import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { runAtomically, statement } from "@/lib/db/raw";
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
});
