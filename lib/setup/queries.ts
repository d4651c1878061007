// Browser side of first-run setup: the dashboard uses the same endpoint as API clients.
import { mutationOptions } from "@tanstack/react-query";
import type { z } from "zod";
import type { setupSchema } from "@/lib/users/schema";
import { postJson } from "@/lib/http/api-client";

export type SetupRequest = z.input<typeof setupSchema>;
type ApiUser = { guid: string; username: string; user_role: string };

export const setupMutationOptions = () =>
  mutationOptions({
    mutationKey: ["setup"],
    mutationFn: (input: SetupRequest) => postJson<ApiUser>("/__api__/v1/setup", input),
  });
