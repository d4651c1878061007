// Runs in the browser before any of the app's modules (Next.js's instrumentation-client).
// Zod compiles object parsers with `new Function` where it may, and finds out by trying
// one as each object schema is built; under the dashboard's CSP (no 'unsafe-eval', see
// lib/http/csp.ts) that try is reported as a violation even though Zod catches it. The
// browser only parses small forms, so it parses without compiling.
import { z } from "zod";

z.config({ jitless: true });
