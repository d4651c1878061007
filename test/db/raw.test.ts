import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { execute, queryRows, statement } from "@/lib/db/raw";
import { makeUser } from "../support/fixtures";

describe("statements on the driver", () => {
  it("a write counts its rows, and an interactive transaction's rollback does not take it back", async () => {
    const { user } = await makeUser();
    let written: Promise<number> | undefined;
    await expect(
      db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { firstName: "uncommitted" } });
        written = execute(db, statement(`UPDATE "User" SET "lastName" = ? WHERE "id" = ?`, "by the driver", user.id));
        await new Promise((r) => setTimeout(r, 50));
        throw new Error("roll the interactive transaction back");
      }),
    ).rejects.toThrow("roll the interactive transaction back");
    expect(await written).toBe(1);
    const rows = await queryRows<{ firstName: string; lastName: string }>(
      db,
      statement(`SELECT "firstName", "lastName" FROM "User" WHERE "id" = ?`, user.id),
    );
    expect(rows).toEqual([{ firstName: "", lastName: "by the driver" }]);
  });
});
