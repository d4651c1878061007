import { z } from "zod";
import "@/lib/validation/messages";

export const createKeySchema = z.object({
  name: z.string().trim().min(1, "is required").max(64, "must be at most 64 characters"),
  /** Optional lifetime in seconds; keys without one do not expire. */
  expires_in: z.number().int().min(60).max(86400 * 366).optional(),
});
export type CreateKeyInput = z.input<typeof createKeySchema>;
