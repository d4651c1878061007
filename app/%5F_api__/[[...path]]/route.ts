import { route } from "@/lib/http/respond";
import { AppError } from "@/lib/errors/app-error";

// Any path under /__api__ that no route serves: Connect's JSON error body, never an HTML page.
const unknownPath = route<unknown>(async (req) => {
  throw new AppError("not_found", `No API endpoint at ${req.nextUrl.pathname}.`, { method: req.method });
});

export { unknownPath as GET, unknownPath as HEAD, unknownPath as POST, unknownPath as PUT, unknownPath as PATCH, unknownPath as DELETE };
