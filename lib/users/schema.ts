// Shared by the dashboard forms and the route handlers: imports only zod.
import { z } from "zod";
import "@/lib/validation/messages";

export const ROLES = ["administrator", "publisher", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const ROLE_RANK: Record<Role, number> = { viewer: 0, publisher: 1, administrator: 2 };

/** Whether `actual` is at least `required`; anything that is not a role ranks below viewer. */
export function roleAtLeast(actual: string, required: Role): boolean {
  return (Object.hasOwn(ROLE_RANK, actual) ? ROLE_RANK[actual as Role] : -1) >= ROLE_RANK[required];
}

/** The lower of a role and a cap. An unknown value on either side counts as viewer: fail closed. */
export function cappedRole(role: string, cap: string): Role {
  const known = (r: string): Role => (Object.hasOwn(ROLE_RANK, r) ? (r as Role) : "viewer");
  return ROLE_RANK[known(role)] <= ROLE_RANK[known(cap)] ? known(role) : known(cap);
}

export const usernameSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64, "must be at most 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, "may contain letters, digits, and . _ @ - (starting with a letter or digit)");

export const passwordSchema = z.string().min(10, "must be at least 10 characters").max(256);

// RFC 5321 bounds an address at 254 characters; the dashboard's search indexes lower(email),
// and PostgreSQL refuses an index entry over about 2.7 KB.
export const emailSchema = z.union([z.email("must be an email address").max(254, "must be at most 254 characters"), z.literal("")]);
const externalId = z.string().trim().min(1, "must not be empty").max(512, "must be at most 512 characters");
export const NAME_MAX_LENGTH = 128;
const name = z.string().trim().max(NAME_MAX_LENGTH, `must be at most ${NAME_MAX_LENGTH} characters`);

/** What a service user is told at the sign-in page (password or single sign-on). */
export const SERVICE_USER_SIGN_IN =
  "This is a service user: it publishes with keys from token exchange and cannot sign in to the dashboard.";

export const SERVICE_USER_PASSWORD = "must not be set for a service user: it never signs in to the dashboard";

export const createUserSchema = z
  .object({
    username: usernameSchema,
    email: emailSchema.default(""),
    first_name: name.default(""),
    last_name: name.default(""),
    // Absent: publisher for a service user (it exists to publish), viewer otherwise. See defaultRoleOf.
    user_role: z.enum(ROLES).optional(),
    external_id: externalId.nullish(),
    password: passwordSchema.optional(),
    locked: z.boolean().default(false),
    /** A pipeline's account: keys only by token exchange, never a dashboard sign-in (password or SSO). */
    service_user: z.boolean().default(false),
  })
  .superRefine((u, ctx) => {
    if (u.service_user && u.password !== undefined) ctx.addIssue({ code: "custom", path: ["password"], message: SERVICE_USER_PASSWORD });
  });
export type CreateUserInput = z.input<typeof createUserSchema>;

export const defaultRoleOf = (u: { user_role?: Role; service_user?: boolean }): Role =>
  u.user_role ?? (u.service_user ? "publisher" : "viewer");

export const updateUserSchema = z
  .object({
    email: emailSchema,
    first_name: name,
    last_name: name,
    user_role: z.enum(ROLES),
    external_id: externalId.nullable(),
    locked: z.boolean(),
    // An administrator sets a new password; it ends the user's sessions.
    password: passwordSchema,
    /** Made a service user, it loses its password and its sessions; made an ordinary one, it may be given a password. */
    service_user: z.boolean(),
  })
  .partial()
  .strict()
  .superRefine((u, ctx) => {
    if (u.service_user && u.password !== undefined) ctx.addIssue({ code: "custom", path: ["password"], message: SERVICE_USER_PASSWORD });
  });
export type UpdateUserInput = z.input<typeof updateUserSchema>;
export type UpdateUserPatch = z.output<typeof updateUserSchema>;

/** Connect's account_status filter: locked, licensed (not locked) or inactive (never active). */
export const ACCOUNT_STATUSES = ["locked", "licensed", "inactive"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const listUsersQuerySchema = z.object({
  prefix: z.string().max(128).optional(),
  user_role: z.enum(ROLES).optional(),
  account_status: z.enum(ACCOUNT_STATUSES).optional(),
  page_number: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(500).default(20),
});
export type ListUsersQuery = z.output<typeof listUsersQuerySchema>;

export const setupSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  email: emailSchema.default(""),
  // Checked by the server (lib/setup/code.ts): missing or wrong is a 403, not a form error.
  setup_code: z.string().trim().max(64).default(""),
});
