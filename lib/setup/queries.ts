// Browser side of first-run setup: the dashboard uses the same endpoint as API clients.
import { mutationOptions } from "@tanstack/react-query";
import type { z } from "zod";
import type { setupSchema } from "@/lib/users/schema";

export type SetupRequest = z.input<typeof setupSchema>;
type ApiUser = { guid: string; username: string; user_role: string };

/** A Connect error body ({code, error, payload}) turned into something a form can show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Array<{ field: string; message: string }> = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => undefined);
  if (!res.ok) {
    const fields = Array.isArray(data?.payload?.fields) ? data.payload.fields : [];
    throw new ApiError(res.status, typeof data?.error === "string" ? data.error : `Request failed (${res.status}).`, fields);
  }
  return data as T;
}

export const setupMutationOptions = () =>
  mutationOptions({
    mutationKey: ["setup"],
    mutationFn: (input: SetupRequest) => postJson<ApiUser>("/__api__/v1/setup", input),
  });
