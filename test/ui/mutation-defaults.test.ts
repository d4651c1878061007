// The dashboard's changes fail at once offline and are never sent later (issue #14 item 4).
import { createServer } from "node:net";
import { afterEach, expect, test } from "vitest";
import { MutationObserver, onlineManager } from "@tanstack/react-query";
import { makeQueryClient } from "@/lib/http/query-client";
import { apiFetch, ApiError, UNREACHABLE_MESSAGE } from "@/lib/http/api-client";

/** A port nothing listens on: a request to it fails as it does offline. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

afterEach(() => onlineManager.setOnline(true));

test("offline, a change fails now with a readable message, and is not sent again when the connection returns", async () => {
  const url = `http://127.0.0.1:${await closedPort()}/__api__/v1/system/settings`;
  const client = makeQueryClient();
  let sent = 0;
  const observer = new MutationObserver(client, {
    mutationFn: (patch: Record<string, boolean>) => {
      sent++;
      return apiFetch(url, { method: "PATCH", body: patch });
    },
  });
  onlineManager.setOnline(false);

  const error = await observer.mutate({ "EarlyAccess.IdentityFederation": false }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).message).toBe(UNREACHABLE_MESSAGE);
  expect(observer.getCurrentResult()).toMatchObject({ status: "error", isPaused: false });
  expect(sent).toBe(1);

  onlineManager.setOnline(true);
  await client.resumePausedMutations();
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(sent).toBe(1);
  expect(client.getMutationCache().getAll().filter((m) => m.state.isPaused)).toEqual([]);
});
