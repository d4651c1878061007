import { QueryClient } from "@tanstack/react-query";

/** The dashboard's React Query client: one per request on the server, one per page in the browser (app/providers.tsx). */
export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // With server-rendered data, a short staleTime keeps the client from refetching right after hydration.
      queries: { staleTime: 60_000 },
      // A change is sent now or fails now. The default ('online') holds a change made offline and sends it
      // when the connection returns, long after the person saw nothing happen; a retry would do the same.
      mutations: { networkMode: "always", retry: 0 },
    },
  });
}
