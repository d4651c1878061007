// Bundle uploads in progress on this instance, capped overall and per user: each
// holds up to one file and one write batch in memory, so the cap bounds memory.
import { config } from "@/lib/config/env";
import { AppError } from "@/lib/errors/app-error";
import { processSingleton } from "@/lib/process/singleton";

const RETRY_AFTER_SECONDS = 5;

const slots = () => processSingleton("uploadSlots", () => ({ total: 0, perUser: new Map<number, number>() }));

/** Runs `upload` in a slot, or refuses at once with 429 and Retry-After when none is free. */
export async function withUploadSlot<T>(userId: number, upload: () => Promise<T>): Promise<T> {
  const s = slots();
  const { uploadConcurrency, uploadsPerUser } = config();
  const mine = s.perUser.get(userId) ?? 0;
  if (s.total >= uploadConcurrency || mine >= uploadsPerUser) {
    const which = mine >= uploadsPerUser ? `${uploadsPerUser} uploads of yours are` : `${uploadConcurrency} uploads are`;
    throw new AppError(
      "rate_limited",
      `${which} already in progress on this server; retry in ${RETRY_AFTER_SECONDS} seconds.`,
      { reason: "too_many_uploads", retry_after: RETRY_AFTER_SECONDS },
      { "Retry-After": String(RETRY_AFTER_SECONDS) },
    );
  }
  s.total++;
  s.perUser.set(userId, mine + 1);
  try {
    return await upload();
  } finally {
    s.total--;
    const left = (s.perUser.get(userId) ?? 1) - 1;
    if (left > 0) s.perUser.set(userId, left);
    else s.perUser.delete(userId);
  }
}
