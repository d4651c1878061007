// The dashboard's side of the API: the same /__api__ endpoints as every client.
// Errors arrive as Connect bodies ({code, error, payload}) and become ApiError.

/** A Connect error body turned into something a form can show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Array<{ field: string; message: string }> = [],
    readonly payload: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** What a person sees when the request never reached the server (offline, server down): fetch's own TypeError says "Failed to fetch". */
export const UNREACHABLE_MESSAGE = "The server could not be reached. Check your connection and try again.";

export async function apiFetch<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? "GET",
      headers: {
        accept: "application/json",
        ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
  } catch {
    throw new ApiError(0, UNREACHABLE_MESSAGE);
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => undefined);
  if (!res.ok) {
    const payload = data?.payload && typeof data.payload === "object" ? data.payload : {};
    const fields = Array.isArray(payload.fields) ? payload.fields : [];
    throw new ApiError(res.status, typeof data?.error === "string" ? data.error : `Request failed (${res.status}).`, fields, payload);
  }
  return data as T;
}

export const postJson = <T>(url: string, body: unknown) => apiFetch<T>(url, { method: "POST", body });
