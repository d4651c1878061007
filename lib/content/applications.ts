// Connect's legacy content API (`/__api__/applications…`), which rsconnect for R
// 0.8 uses for everything and current clients still use to find where to deploy.
// Legacy "applications" are the same content rows, bundles and tasks as v1: this
// file only reads the legacy query and writes the legacy shapes.
import type { Bundle } from "@/lib/db/generated/sqlite/client";
import { badRequest } from "@/lib/errors/app-error";
import type { ApplicationsQuery } from "./schema";
import { lastDeployTimes, pageContentFor, type ContentFilter, type ContentRow, type Requester } from "./service";
import { contentPath, dashboardPath } from "./urls";
import { rowIdOf } from "@/lib/validation/row-id";

/** The legacy application: numeric ids, the owner flattened, `url` the served site. */
export function toApiApplication(c: ContentRow, opts: { base: string; lastDeployed?: Date | null }) {
  return {
    id: c.id,
    guid: c.guid,
    name: c.name,
    title: c.title || null,
    description: c.description,
    url: `${opts.base}${contentPath(c.guid)}`,
    vanity_url: false,
    access_type: "acl" as const,
    app_mode: c.appMode,
    content_category: "",
    has_parameters: false,
    bundle_id: c.activeBundleId,
    created_time: c.createdTime.toISOString(),
    updated_time: c.updatedTime.toISOString(),
    last_deployed_time: (opts.lastDeployed ?? c.createdTime).toISOString(),
    owner_id: c.ownerId,
    owner_guid: c.owner.guid,
    owner_username: c.owner.username,
    owner_first_name: c.owner.firstName,
    owner_last_name: c.owner.lastName,
    run_as: null,
    run_as_current_user: false,
  };
}
export type ApiApplication = ReturnType<typeof toApiApplication>;

export async function apiApplicationOf(content: ContentRow, base: string): Promise<ApiApplication> {
  const deployed = await lastDeployTimes([content.id]);
  return toApiApplication(content, { base, lastDeployed: deployed.get(content.id) });
}

/**
 * `filter=field:value` (repeatable; rsconnect also writes `field:op:value` with an
 * operator, of which only equality exists here). Unknown fields are refused rather
 * than ignored, so a client never mistakes an unfiltered list for a filtered one.
 */
function parseFilters(filters: string[]): ContentFilter {
  const out: ContentFilter = {};
  for (const raw of filters) {
    const colon = raw.indexOf(":");
    if (colon <= 0) throw badRequest(`Invalid filter "${raw}": use filter=field:value.`, { filter: raw });
    const field = raw.slice(0, colon);
    let value = raw.slice(colon + 1);
    const op = /^(eq|==?):(.*)$/s.exec(value);
    if (op) value = op[2];
    switch (field) {
      case "account_id":
        out.ownerId = rowIdOf(value);
        if (out.ownerId === undefined) throw badRequest(`Invalid filter "${raw}": account_id is a numeric user id.`);
        break;
      case "name":
        out.name = value;
        break;
      case "guid":
        out.guid = value;
        break;
      case "owner_guid":
        out.ownerGuid = value;
        break;
      default:
        throw badRequest(`Unsupported filter "${field}": filter by account_id, name, guid or owner_guid.`, { filter: raw });
    }
  }
  return out;
}

/**
 * `GET /__api__/applications`: `{applications, count, total, continuation}`.
 * `count` is the page size asked for and answered; `continuation` (also accepted
 * back as `cont`) is the offset of the next page, or null after the last.
 */
export async function listApiApplications(user: Requester, q: ApplicationsQuery, base: string) {
  const filter = parseFilters(q.filter);
  const offset = q.cont ?? q.offset ?? q.start ?? 0;
  const { rows, total } = await pageContentFor(user, filter, { offset, limit: q.count });
  const deployed = await lastDeployTimes(rows.map((c) => c.id));
  const next = offset + rows.length;
  return {
    applications: rows.map((c) => toApiApplication(c, { base, lastDeployed: deployed.get(c.id) })),
    count: rows.length,
    total,
    continuation: next < total ? String(next) : null,
  };
}

/** Where rsconnect sends the browser after a deploy: the item's dashboard page. */
export function applicationConfig(content: ContentRow, base: string) {
  const url = `${base}${dashboardPath(content.guid)}`;
  return { config_url: url, logs_url: url, app_url: `${base}${contentPath(content.guid)}` };
}

/** The legacy bundle: numeric ids, which rsconnect passes back as `{"bundle": id}`. */
export function toLegacyBundle(b: Pick<Bundle, "id" | "contentId" | "size" | "createdTime">, activeBundleId: number | null) {
  return {
    id: b.id,
    app_id: b.contentId,
    size: b.size,
    active: b.id === activeBundleId,
    created_time: b.createdTime.toISOString(),
    updated_time: b.createdTime.toISOString(),
  };
}
