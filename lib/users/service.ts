import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { searchUserIds, type UserSearchColumn } from "@/lib/db/user-search";
import type { User } from "@/lib/db/generated/sqlite/client";
import { conflict, notFound, validationError } from "@/lib/errors/app-error";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit, type Actor } from "@/lib/audit/service";
import { changedFields } from "@/lib/audit/changes";
import {
  createUserSchema,
  defaultRoleOf,
  SERVICE_USER_PASSWORD,
  updateUserSchema,
  type CreateUserInput,
  type ListUsersQuery,
  type Role,
  type UpdateUserInput,
  type UpdateUserPatch,
} from "./schema";

export type { User };

/** The user as the API shows it (Connect's field names). Legacy endpoints add the numeric id. */
export function toApiUser(user: User, opts: { legacyId?: boolean; limited?: boolean } = {}) {
  const base = {
    guid: user.guid,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    user_role: user.userRole as Role,
    locked: user.locked,
    service_user: user.serviceUser,
    ...(opts.legacyId ? { id: user.id } : {}),
  };
  if (opts.limited) return base;
  return {
    ...base,
    email: user.email,
    external_id: user.externalId,
    confirmed: user.confirmed,
    created_time: user.createdTime.toISOString(),
    updated_time: user.updatedTime.toISOString(),
    active_time: user.activeTime?.toISOString() ?? null,
  };
}
export type ApiUser = ReturnType<typeof toApiUser>;

async function ensureUnique(username: string | undefined, externalId: string | null | undefined, exceptId?: number) {
  if (username) {
    const other = await db.user.findUnique({ where: { username } });
    if (other && other.id !== exceptId) throw conflict(`The username "${username}" is already taken.`, { field: "username" });
  }
  if (externalId) {
    const other = await db.user.findUnique({ where: { externalId } });
    if (other && other.id !== exceptId) {
      throw conflict(`Another user (${other.username}) already has external_id "${externalId}".`, { field: "external_id" });
    }
  }
}

export async function createUser(input: CreateUserInput, actor: Actor): Promise<User> {
  const data = createUserSchema.parse(input);
  await ensureUnique(data.username, data.external_id);
  const passwordHash = data.password ? await hashPassword(data.password) : null;
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        guid: randomUUID(),
        username: data.username,
        email: data.email,
        firstName: data.first_name,
        lastName: data.last_name,
        userRole: defaultRoleOf(data),
        externalId: data.external_id ?? null,
        passwordHash,
        locked: data.locked,
        serviceUser: data.service_user,
      },
    });
    await recordAudit(tx, {
      actor,
      action: "user.create",
      outcome: "success",
      userId: user.id,
      details: { after: auditView(user) },
    });
    return user;
  });
}

export async function updateUser(guid: string, input: UpdateUserInput, actor: Actor): Promise<User> {
  const patch = updateUserSchema.parse(input);
  const before = await getUserByGuid(guid);
  if (actor !== "system" && actor.userId === before.id) refuseShuttingOut(before, patch);
  if (before.serviceUser && patch.service_user !== false && patch.password !== undefined) {
    throw validationError([{ field: "password", message: `A password ${SERVICE_USER_PASSWORD}.` }]);
  }
  const fields = {
    email: patch.email,
    firstName: patch.first_name,
    lastName: patch.last_name,
    userRole: patch.user_role,
    externalId: patch.external_id,
    locked: patch.locked,
    serviceUser: patch.service_user,
  };
  const changes = changedFields(auditView(before, true), auditView({ ...before, ...definedOnly(fields) }, true));
  // A save that changes nothing writes nothing, and leaves no audit event.
  if (!changes && patch.password === undefined) return before;
  await ensureUnique(undefined, patch.external_id, before.id);
  const becomesServiceUser = patch.service_user === true && !before.serviceUser;
  // slow: outside the transaction. A new service user's password goes: it never signs in again.
  const passwordHash = patch.password ? await hashPassword(patch.password) : becomesServiceUser ? null : undefined;
  // A session must not outlive a lock, a new role, a new password or becoming a service user
  // (even after an unlock, or a role given back).
  const endsSessions =
    passwordHash !== undefined ||
    (patch.user_role !== undefined && patch.user_role !== before.userRole) ||
    (patch.locked === true && !before.locked);
  return db.$transaction(async (tx) => {
    const user = await tx.user.update({
      where: { id: before.id },
      data: { ...fields, passwordHash, ...(endsSessions ? { sessionVersion: { increment: 1 } } : {}) },
    });
    await recordAudit(tx, {
      actor,
      action: "user.update",
      outcome: "success",
      userId: user.id,
      details: {
        ...(changes ?? { before: {}, after: {} }),
        // Never the password or its hash: only that it changed.
        ...(passwordHash ? { password_changed: true } : {}),
        ...(passwordHash === null && before.passwordHash ? { password_removed: true } : {}),
        ...(endsSessions ? { sessions_ended: true } : {}),
      },
    });
    return user;
  });
}

/**
 * An administrator cannot lock themselves, change their own role or make themselves a
 * service user: each would shut them out of the dashboard they are using, with nobody
 * perhaps left to let them back in. The Users page does not offer these either.
 */
function refuseShuttingOut(self: User, patch: UpdateUserPatch) {
  const fields = [
    ...(patch.locked === true && !self.locked ? [{ field: "locked", message: "cannot be set on your own account" }] : []),
    ...(patch.user_role !== undefined && patch.user_role !== self.userRole ? [{ field: "user_role", message: "cannot be changed on your own account" }] : []),
    ...(patch.service_user === true && !self.serviceUser ? [{ field: "service_user", message: "cannot be set on your own account" }] : []),
  ];
  if (fields.length) throw validationError(fields);
}

function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * What an audit event shows of a user: never the password hash. Its kind only for a
 * service user, unless `withKind` (an update compares both sides' kinds).
 */
function auditView(u: User, withKind = false) {
  return {
    username: u.username,
    email: u.email,
    first_name: u.firstName,
    last_name: u.lastName,
    user_role: u.userRole,
    external_id: u.externalId,
    locked: u.locked,
    ...(u.serviceUser || withKind ? { service_user: u.serviceUser } : {}),
  };
}

export async function getUserByGuid(guid: string): Promise<User> {
  const user = await db.user.findUnique({ where: { guid } });
  if (!user) throw notFound("User");
  return user;
}

export async function findUserById(id: number): Promise<User | null> {
  return db.user.findUnique({ where: { id } });
}

export async function findUserByUsername(username: string): Promise<User | null> {
  return db.user.findUnique({ where: { username } });
}

/** Fields every caller who may list users can read; administrators also see email and external_id. */
const LIMITED_SEARCH: readonly UserSearchColumn[] = ["username", "firstName", "lastName"];
const FULL_SEARCH: readonly UserSearchColumn[] = [...LIMITED_SEARCH, "email", "externalId"];

/** A page of users. `limited` callers see limited fields, so their prefix is not matched against the hidden ones. */
export async function listUsers(q: ListUsersQuery, opts: { limited: boolean }) {
  const { ids, total } = await searchUserIds(db, {
    prefix: q.prefix,
    columns: opts.limited ? LIMITED_SEARCH : FULL_SEARCH,
    userRole: q.user_role,
    locked: q.account_status === "locked" ? true : q.account_status === "licensed" ? false : undefined,
    neverActive: q.account_status === "inactive",
    limit: q.page_size,
    offset: (q.page_number - 1) * q.page_size,
  });
  const rows = ids.length ? await db.user.findMany({ where: { id: { in: ids } } }) : [];
  const byId = new Map(rows.map((u) => [u.id, u]));
  const results = ids.map((id) => byId.get(id)).filter((u): u is User => u !== undefined);
  return { results, total, current_page: q.page_number };
}

export async function countUsers(): Promise<number> {
  return db.user.count();
}

/**
 * Ends every session the user holds (their tokens carry an older version). With
 * `fromVersion`, only if that is still the current one; answers whether it did.
 */
export async function endSessions(userId: number, fromVersion?: number): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId, ...(fromVersion === undefined ? {} : { sessionVersion: fromVersion }) },
    data: { sessionVersion: { increment: 1 } },
  });
  return count > 0;
}

/** Marks the user active, at most once a minute, so busy keys do not write on every request. */
export async function touchUserActive(userId: number): Promise<void> {
  const now = new Date();
  await db.user.updateMany({
    where: { id: userId, OR: [{ activeTime: null }, { activeTime: { lt: new Date(now.getTime() - 60_000) } }] },
    data: { activeTime: now },
  });
}
