// Shared by the dashboard forms and the route handlers: imports only zod.
import { z } from "zod";
import "@/lib/validation/messages";
import { pagingQuerySchema } from "@/lib/http/paging";
import { rowIdSchema } from "@/lib/validation/row-id";

/** Connect's rule for content names: URL-safe, 3–64 letters, digits, `-` and `_`. */
export const contentNameSchema = z
  .string()
  .trim()
  .min(3, "must be at least 3 characters")
  .max(64, "must be at most 64 characters")
  .regex(/^[A-Za-z0-9_-]+$/, "may contain only letters, digits, - and _");

const title = z.string().trim().max(1024, "must be at most 1024 characters");
const description = z.string().max(4096, "must be at most 4096 characters");
/** Served content is visible to its owner and administrators only (Connect's `acl` with no extra viewers). */
const accessType = z.literal("acl", { error: 'only "acl" is supported: content is visible to its owner and administrators' });

export const createContentSchema = z.object({
  name: contentNameSchema,
  title: title.nullish(),
  description: description.default(""),
  access_type: accessType.optional(),
});
export type CreateContentInput = z.input<typeof createContentSchema>;

export const updateContentSchema = z.object({
  name: contentNameSchema.optional(),
  title: title.nullish(),
  description: description.optional(),
  access_type: accessType.optional(),
});
export type UpdateContentInput = z.input<typeof updateContentSchema>;

/** GET /v1/content: the whole list unless a page is asked for (lib/http/paging.ts). */
export const listContentQuerySchema = pagingQuerySchema.extend({
  name: z.string().max(64).optional(),
  owner_guid: z.string().max(64).optional(),
  include: z.string().max(64).optional(),
});
export type ListContentQuery = z.output<typeof listContentQuerySchema>;

/** Connect's clients send ids as strings; numbers are taken too. */
const bundleId = rowIdSchema("must be a bundle id");

export const deploySchema = z.object({
  bundle_id: bundleId.nullish(),
  /** false: a draft deploy, checked and previewable at `_bundle{id}/` but not made active (Connect 2025.06). */
  activate: z.boolean().default(true),
});
export type DeployInput = z.input<typeof deploySchema>;

/**
 * The legacy deploy body, `{"bundle": 12}`. rsconnect for R writes a missing
 * bundle id as an empty array; that, like null, means the newest bundle.
 */
export const legacyDeploySchema = z
  .object({ bundle: z.union([bundleId, z.null(), z.array(z.never()).max(0)]).optional() })
  .transform(({ bundle }): DeployInput => ({ bundle_id: typeof bundle === "number" ? bundle : null }));

const offset = z.coerce.number().int().min(0).max(1_000_000_000);

/** GET /__api__/applications: repeated `filter`, `count`, `start`/`offset`, `cont`. */
export const applicationsQuerySchema = z.object({
  filter: z.array(z.string().max(256)).max(16).default([]),
  count: z.coerce.number().int().min(1).max(1000).default(100),
  start: offset.optional(),
  offset: offset.optional(),
  cont: offset.optional(),
});
export type ApplicationsQuery = z.output<typeof applicationsQuerySchema>;

/** The legacy task poll: `first_status` is the index of the first output line wanted. */
export const legacyTaskQuerySchema = z
  .object({ first_status: z.coerce.number().int().min(0).default(0) })
  .transform(({ first_status }): TaskQuery => ({ first: first_status, wait: 0 }));

export const MAX_TASK_WAIT_SECONDS = 10;

export const taskQuerySchema = z.object({
  first: z.coerce.number().int().min(0).default(0),
  wait: z.coerce.number().int().min(0).default(0).transform((s) => Math.min(s, MAX_TASK_WAIT_SECONDS)),
});
export type TaskQuery = z.output<typeof taskQuerySchema>;

/**
 * Connect's manifest.json: `metadata.appmode`, optional `primary_html` / `entrypoint`,
 * and `files` mapping each bundle path to its md5 checksum (hex). Other keys pass through.
 */
export const manifestSchema = z.looseObject({
  version: z.number().int().optional(),
  metadata: z.looseObject({
    appmode: z.string().trim().min(1, "is required").max(64),
    primary_html: z.string().min(1).max(1024).optional(),
    entrypoint: z.string().min(1).max(1024).optional(),
  }),
  files: z.record(
    z.string().min(1).max(1024),
    z.looseObject({ checksum: z.string().regex(/^[0-9a-fA-F]{32}$/, "must be an md5 checksum (32 hex digits)") }),
  ),
});
export type Manifest = z.output<typeof manifestSchema>;
