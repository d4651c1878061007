// Content items: who may see and change them, and their Connect-shaped view.
// Publishers own what they create; administrators reach everything. Content the
// caller may not reach answers 404 everywhere (API and served site alike), so a
// guid never reveals that someone else's item exists.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Content, User } from "@/lib/db/generated/sqlite/client";
import { conflict, notFound } from "@/lib/errors/app-error";
import { recordAudit, type Actor } from "@/lib/audit/service";
import { hasRole } from "@/lib/auth/caller";
import type { Page, Paged } from "@/lib/http/paging";
import {
  createContentSchema,
  updateContentSchema,
  type CreateContentInput,
  type ListContentQuery,
  type UpdateContentInput,
} from "./schema";
import { contentPath, dashboardPath } from "./urls";
import { rowIdOf } from "@/lib/validation/row-id";

export type ContentOwner = Pick<User, "guid" | "username" | "firstName" | "lastName">;
export type ContentRow = Content & { owner: ContentOwner };
export type Requester = Pick<User, "id" | "userRole">;

const ownerFields = { select: { guid: true, username: true, firstName: true, lastName: true } } as const;

export const canManage = (user: Requester, content: Pick<Content, "ownerId">) =>
  content.ownerId === user.id || hasRole(user, "administrator");

/** Connect's content item. `last_deployed_time` is the creation time until the first deploy, as Connect does. */
export function toApiContent(
  c: ContentRow,
  opts: { base: string; caller: Requester; lastDeployed?: Date | null; includeOwner?: boolean },
) {
  return {
    guid: c.guid,
    name: c.name,
    title: c.title || null,
    description: c.description,
    access_type: "acl" as const,
    created_time: c.createdTime.toISOString(),
    last_deployed_time: (opts.lastDeployed ?? c.createdTime).toISOString(),
    bundle_id: c.activeBundleId === null ? null : String(c.activeBundleId),
    app_mode: c.appMode,
    content_category: "",
    parameterized: false,
    owner_guid: c.owner.guid,
    content_url: `${opts.base}${contentPath(c.guid)}`,
    dashboard_url: `${opts.base}${dashboardPath(c.guid)}`,
    app_role: c.ownerId === opts.caller.id ? ("owner" as const) : ("none" as const),
    id: String(c.id),
    ...(opts.includeOwner
      ? {
          owner: {
            guid: c.owner.guid,
            username: c.owner.username,
            first_name: c.owner.firstName,
            last_name: c.owner.lastName,
          },
        }
      : {}),
  };
}
export type ApiContent = ReturnType<typeof toApiContent>;

/** A content item's numeric id (Connect's legacy API and rsconnect's records) or its GUID. */
export const contentWhere = (ref: string) => {
  const id = rowIdOf(ref);
  return id !== undefined ? { id } : { guid: ref };
};

/** The item, by GUID or numeric id, if the caller may reach it (owner or administrator); 404 otherwise. */
export async function getContentFor(user: Requester, ref: string): Promise<ContentRow> {
  const content = await db.content.findUnique({ where: contentWhere(ref), include: { owner: ownerFields } });
  if (!content || !canManage(user, content)) throw notFound("Content");
  return content;
}

/** When each item was last deployed successfully (finished deploy tasks with code 0). */
export async function lastDeployTimes(contentIds: number[]): Promise<Map<number, Date>> {
  if (contentIds.length === 0) return new Map();
  const rows = await db.task.groupBy({
    by: ["contentId"],
    where: { contentId: { in: contentIds }, kind: "deploy", finished: true, code: 0 },
    _max: { updatedTime: true },
  });
  return new Map(rows.flatMap((r) => (r.contentId !== null && r._max.updatedTime ? [[r.contentId, r._max.updatedTime]] : [])));
}

/** What a list may be narrowed by; every field is an exact match. */
export type ContentFilter = { name?: string; ownerGuid?: string; ownerId?: number; guid?: string };

/** The items the caller may reach (own, or all for administrators) that match every filter. */
function listWhere(user: Requester, f: ContentFilter) {
  return {
    ...(hasRole(user, "administrator") ? {} : { ownerId: user.id }),
    ...(f.ownerId !== undefined ? { AND: [{ ownerId: f.ownerId }] } : {}),
    ...(f.name !== undefined ? { name: f.name } : {}),
    ...(f.guid !== undefined ? { guid: f.guid } : {}),
    ...(f.ownerGuid !== undefined ? { owner: { guid: f.ownerGuid } } : {}),
  };
}

export async function listContentFor(user: Requester, q: ListContentQuery): Promise<ContentRow[]> {
  return db.content.findMany({
    where: listWhere(user, { name: q.name, ownerGuid: q.owner_guid }),
    include: { owner: ownerFields },
    orderBy: [{ createdTime: "desc" }, { id: "desc" }],
  });
}

/** One page of the caller's items, oldest first (a stable order for offset paging), and how many match in all. */
export async function pageContentFor(
  user: Requester,
  filter: ContentFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: ContentRow[]; total: number }> {
  const where = listWhere(user, filter);
  const [rows, total] = await Promise.all([
    db.content.findMany({ where, include: { owner: ownerFields }, orderBy: { id: "asc" }, skip: page.offset, take: page.limit }),
    db.content.count({ where }),
  ]);
  return { rows, total };
}

async function toApiList(user: Requester, items: ContentRow[], q: ListContentQuery, base: string): Promise<ApiContent[]> {
  const deployed = await lastDeployTimes(items.map((c) => c.id));
  const includeOwner = q.include?.split(",").includes("owner");
  return items.map((c) => toApiContent(c, { base, caller: user, lastDeployed: deployed.get(c.id), includeOwner }));
}

/** The caller's view of the list: own items, or all for administrators, newest first. */
export async function listApiContent(user: Requester, q: ListContentQuery, base: string): Promise<ApiContent[]> {
  return toApiList(user, await listContentFor(user, q), q, base);
}

/** One page of that list, newest first, in the shape of Connect's paged lists. */
export async function pageApiContent(user: Requester, q: ListContentQuery, page: Page, base: string): Promise<Paged<ApiContent>> {
  const where = listWhere(user, { name: q.name, ownerGuid: q.owner_guid });
  const [rows, total] = await Promise.all([
    db.content.findMany({ where, include: { owner: ownerFields }, orderBy: { id: "desc" }, skip: page.offset, take: page.size }),
    db.content.count({ where }),
  ]);
  return { results: await toApiList(user, rows, q, base), current_page: page.number, total };
}

/** The page of the caller's list (newest first, `size` per page) that holds the item; 1 when the caller cannot reach it. */
export async function pageNumberOfContent(user: Requester, guid: string, size: number): Promise<number> {
  const item = await db.content.findUnique({ where: { guid }, select: { id: true, ownerId: true } });
  if (!item || !canManage(user, item)) return 1;
  const newer = await db.content.count({ where: { ...listWhere(user, {}), id: { gt: item.id } } });
  return Math.floor(newer / size) + 1;
}

/** One item in Connect's shape, with its last deploy time. */
export async function apiContentOf(user: Requester, content: ContentRow, base: string, includeOwner = false): Promise<ApiContent> {
  const deployed = await lastDeployTimes([content.id]);
  return toApiContent(content, { base, caller: user, lastDeployed: deployed.get(content.id), includeOwner });
}

async function ensureNameFree(ownerId: number, name: string, exceptId?: number) {
  const other = await db.content.findUnique({ where: { ownerId_name: { ownerId, name } } });
  if (other && other.id !== exceptId) {
    throw conflict(`You already have content named "${name}": content names are unique per owner.`, { field: "name" });
  }
}

/** A unique-index race between the check above and the write still answers 409 with the same message. */
async function nameConflictAware<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if ((err as { code?: unknown }).code === "P2002") {
      throw conflict(`You already have content named "${name}": content names are unique per owner.`, { field: "name" });
    }
    throw err;
  }
}

export async function createContent(owner: User, input: CreateContentInput, actor: Actor): Promise<ContentRow> {
  const data = createContentSchema.parse(input);
  await ensureNameFree(owner.id, data.name);
  return nameConflictAware(data.name, () =>
    db.$transaction(async (tx) => {
      const content = await tx.content.create({
        data: { guid: randomUUID(), name: data.name, title: data.title ?? "", description: data.description, ownerId: owner.id },
        include: { owner: ownerFields },
      });
      await recordAudit(tx, {
        actor,
        action: "content.create",
        outcome: "success",
        userId: owner.id,
        details: { content_guid: content.guid, name: content.name },
      });
      return content;
    }),
  );
}

export async function updateContent(
  user: Requester,
  guid: string,
  input: UpdateContentInput,
  actor: Actor,
): Promise<ContentRow> {
  const patch = updateContentSchema.parse(input);
  const before = await getContentFor(user, guid);
  if (patch.name !== undefined) await ensureNameFree(before.ownerId, patch.name, before.id);
  return nameConflictAware(patch.name ?? before.name, () =>
    db.$transaction(async (tx) => {
      const content = await tx.content.update({
        where: { id: before.id },
        data: {
          name: patch.name,
          title: patch.title === undefined ? undefined : (patch.title ?? ""),
          description: patch.description,
        },
        include: { owner: ownerFields },
      });
      await recordAudit(tx, {
        actor,
        action: "content.update",
        outcome: "success",
        userId: content.ownerId,
        details: {
          content_guid: content.guid,
          before: { name: before.name, title: before.title, description: before.description },
          after: { name: content.name, title: content.title, description: content.description },
        },
      });
      return content;
    }),
  );
}

/** Deletes the item with its bundles and their files (cascade). */
export async function deleteContent(user: Requester, guid: string, actor: Actor): Promise<void> {
  const content = await getContentFor(user, guid);
  await db.$transaction(async (tx) => {
    await tx.content.delete({ where: { id: content.id } });
    await recordAudit(tx, {
      actor,
      action: "content.delete",
      outcome: "success",
      userId: content.ownerId,
      details: { content_guid: content.guid, name: content.name },
    });
  });
}
