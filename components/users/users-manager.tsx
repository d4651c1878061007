"use client";

import { Fragment, useState, type FormEvent } from "react";
import { keepPreviousData, useMutation, useQuery, type UseQueryResult } from "@tanstack/react-query";
import { formatTime } from "@/components/content/format";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Pagination } from "@/components/ui/pagination";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/skeleton";
import { USERS_PAGE_SIZE, updateUserMutation, usersQueries, type ApiUser, type UserPage } from "@/lib/users/queries";
import { ACCOUNT_STATUSES, ROLES, type AccountStatus, type Role } from "@/lib/users/schema";
import { CreateUserForm } from "./create-user-form";
import { EditUserForm } from "./edit-user-form";
import { messageOf, renderThenFocus } from "./forms";
import { ROLE_LABELS, ROLE_OPTIONS } from "./roles";
import { SelectField } from "./select-field";

const linkButton = "font-medium text-blue-700 underline-offset-2 hover:underline aria-disabled:text-slate-600 aria-disabled:no-underline";

function fullName(u: ApiUser) {
  return `${u.first_name} ${u.last_name}`.trim();
}

const roleLabel = (u: ApiUser) => ROLE_LABELS[u.user_role as Role] ?? u.user_role;

function StatusBadge({ locked }: { locked: boolean }) {
  return locked ? (
    <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-medium text-red-900">Locked</span>
  ) : (
    <span className="rounded bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-900">Active</span>
  );
}

function ExternalId({ value }: { value: string | null }) {
  return value ? (
    <span className="font-mono text-xs wrap-anywhere">{value}</span>
  ) : (
    <span className="text-slate-600">none</span>
  );
}

export type UserFilters = { user_role?: Role; account_status?: AccountStatus };

const STATUS_LABELS: Record<AccountStatus, string> = { licensed: "Active", locked: "Locked", inactive: "Never active" };
const STATUS_OPTIONS = ACCOUNT_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }));

/** Keeps the search and filters in the address bar, so a reload or a shared link shows the same list. */
function syncUrl(prefix: string, page: number, filters: UserFilters) {
  const query = new URLSearchParams();
  if (prefix) query.set("prefix", prefix);
  if (filters.user_role) query.set("role", filters.user_role);
  if (filters.account_status) query.set("status", filters.account_status);
  if (page > 1) query.set("page", String(page));
  const search = query.size ? `?${query}` : "";
  window.history.replaceState(null, "", `${window.location.pathname}${search}`);
}

function oneOf<T extends string>(values: readonly T[], raw: FormDataEntryValue | null): T | undefined {
  return typeof raw === "string" && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

export function UsersManager({
  initialPrefix,
  initialPage,
  initialFilters = {},
  currentUserGuid,
  uniqueIdClaim,
}: {
  initialPrefix: string;
  initialPage: number;
  initialFilters?: UserFilters;
  currentUserGuid: string;
  uniqueIdClaim: string;
}) {
  const [prefix, setPrefix] = useState(initialPrefix);
  const [page, setPage] = useState(initialPage);
  const [filters, setFilters] = useState(initialFilters);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string>();
  const [locking, setLocking] = useState<ApiUser>();
  // Bumped to reset the search form's fields to the list's state (after "Show all users").
  const [formKey, setFormKey] = useState(0);
  const [announcement, setAnnouncement] = useState("");
  const params = { prefix, page_number: page, page_size: USERS_PAGE_SIZE, ...filters };
  const users = useQuery({ ...usersQueries.list(params), placeholderData: keepPreviousData });
  const lock = useMutation(updateUserMutation());

  function show(nextPrefix: string, nextPage: number, nextFilters: UserFilters = filters) {
    setPrefix(nextPrefix);
    setPage(nextPage);
    setFilters(nextFilters);
    setEditing(undefined);
    syncUrl(nextPrefix, nextPage, nextFilters);
  }

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    show(String(data.get("prefix") ?? "").trim(), 1, {
      user_role: oneOf(ROLES, data.get("user_role")),
      account_status: oneOf(ACCOUNT_STATUSES, data.get("account_status")),
    });
  }

  function closeEditor(guid: string, message?: string) {
    renderThenFocus(() => {
      setEditing(undefined);
      if (message) setAnnouncement(message);
    }, `edit-${guid}`);
  }

  function closeCreate() {
    renderThenFocus(() => setCreating(false), "create-user-button");
  }

  function setLocked(user: ApiUser, locked: boolean) {
    setAnnouncement("");
    lock.mutate(
      { guid: user.guid, patch: { locked } },
      {
        onSuccess: (saved) => {
          setLocking(undefined);
          setAnnouncement(`${saved.username} is ${saved.locked ? "locked" : "unlocked"}.`);
        },
      },
    );
  }

  /** Locking stops things working, so it asks first; unlocking does not. */
  function toggleLock(user: ApiUser) {
    if (user.locked) setLocked(user, false);
    else {
      lock.reset();
      setLocking(user);
    }
  }

  const pageCount = users.data ? Math.max(1, Math.ceil(users.data.total / USERS_PAGE_SIZE)) : 1;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <form key={formKey} role="search" onSubmit={onSearch} className="flex flex-wrap items-end gap-3">
          <div className="space-y-1">
            <Label htmlFor="user-search">Search users</Label>
            <p id="user-search-hint" className="text-sm text-slate-600">
              The start of a username, name, email or external ID.
            </p>
            <Input
              id="user-search"
              name="prefix"
              type="search"
              defaultValue={prefix}
              aria-describedby="user-search-hint"
              autoCapitalize="none"
              spellCheck={false}
              className="w-64 max-w-full"
            />
          </div>
          <SelectField
            id="user-role-filter"
            label="Role"
            name="user_role"
            defaultValue={filters.user_role ?? ""}
            options={[{ value: "", label: "Any role" }, ...ROLE_OPTIONS]}
            className="w-40"
          />
          <SelectField
            id="user-status-filter"
            label="Status"
            name="account_status"
            defaultValue={filters.account_status ?? ""}
            options={[{ value: "", label: "Any status" }, ...STATUS_OPTIONS]}
            className="w-40"
          />
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
        {!creating && (
          <Button
            id="create-user-button"
            onClick={() => {
              setCreating(true);
              setAnnouncement("");
            }}
          >
            Create user
          </Button>
        )}
      </div>

      {creating && (
        <CreateUserForm
          uniqueIdClaim={uniqueIdClaim}
          onCancel={closeCreate}
          onCreated={(user) => {
            setAnnouncement(`Created user ${user.username}.`);
            closeCreate();
          }}
        />
      )}

      <p role="status" className="text-sm font-medium text-emerald-800 empty:sr-only">
        {announcement}
      </p>
      {lock.error && !locking ? <Alert>Could not change the lock: {messageOf(lock.error, "try again.")}</Alert> : null}
      <ConfirmDialog
        open={locking !== undefined}
        onClose={() => setLocking(undefined)}
        title={`Lock ${locking?.username ?? ""}?`}
        confirm={`Lock ${locking?.username ?? ""}`}
        pendingLabel="Locking…"
        pending={lock.isPending}
        error={lock.error ? `Could not lock them: ${messageOf(lock.error, "try again.")}` : undefined}
        onConfirm={() => locking && setLocked(locking, true)}
      >
        <p>While locked, {locking?.username} cannot use this server:</p>
        <ul className="list-disc space-y-1 pl-5">
          <li>signing in is refused, and the sessions they have end now;</li>
          <li>their API keys stop working (401), including federated ones;</li>
          <li>token exchanges for them are refused (user_locked).</li>
        </ul>
        <p>Nothing is deleted: unlocking lets them back in, with the keys they have.</p>
      </ConfirmDialog>

      <UsersList
        users={users}
        prefix={prefix}
        editing={editing}
        currentUserGuid={currentUserGuid}
        lockPending={lock.isPending ? lock.variables?.guid : undefined}
        onEdit={(guid) => setEditing(editing === guid ? undefined : guid)}
        onEditDone={closeEditor}
        onToggleLock={toggleLock}
        filtered={Boolean(filters.user_role || filters.account_status)}
        onClearSearch={() => {
          show("", 1, {});
          setFormKey((k) => k + 1);
        }}
      />

      {users.data && users.data.total > USERS_PAGE_SIZE ? (
        <Pagination
          label="Users pages"
          page={page}
          pageCount={pageCount}
          disabled={users.isPlaceholderData}
          onPageChange={(next) => show(prefix, next)}
        />
      ) : null}
    </div>
  );
}

type UsersListProps = {
  users: UseQueryResult<UserPage>;
  prefix: string;
  filtered: boolean;
  editing?: string;
  currentUserGuid: string;
  lockPending?: string;
  onEdit: (guid: string) => void;
  onEditDone: (guid: string, message?: string) => void;
  onToggleLock: (user: ApiUser) => void;
  onClearSearch: () => void;
};

function UsersList({ users, prefix, filtered, editing, currentUserGuid, lockPending, onEdit, onEditDone, onToggleLock, onClearSearch }: UsersListProps) {
  if (users.isPending) return <TableSkeleton label="Loading users…" />;
  if (users.error) {
    return (
      <Alert>
        Could not load users: {users.error.message}{" "}
        <Button variant="secondary" className="ml-2" onClick={() => void users.refetch()}>
          Try again
        </Button>
      </Alert>
    );
  }
  const { results, total } = users.data;
  if (total === 0) {
    return prefix || filtered ? (
      <EmptyState title="No users match">
        <p>
          {prefix ? `No username, name, email or external ID starts with “${prefix}”${filtered ? " among the users with that role and status" : ""}.` : "No user has that role and status."}{" "}
          <button type="button" className={linkButton} onClick={onClearSearch}>
            Show all users
          </button>
        </p>
      </EmptyState>
    ) : (
      <EmptyState title="No users yet">
        <p>Create a user, or let people sign in with single sign-on.</p>
      </EmptyState>
    );
  }
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-700">
        {total} {total === 1 ? "user" : "users"}
        {prefix ? ` starting with “${prefix}”` : ""}
        {filtered ? " with that role and status" : ""}
        {prefix || filtered ? (
          <>
            {" · "}
            <button type="button" className={linkButton} onClick={onClearSearch}>
              Show all users
            </button>
          </>
        ) : null}
      </p>
      <Table caption="Users" className={cn(users.isPlaceholderData && "opacity-60")}>
        <THead>
          <tr>
            <TH>User</TH>
            <TH className="hidden sm:table-cell">Role</TH>
            <TH className="hidden sm:table-cell">External ID</TH>
            <TH className="hidden sm:table-cell">Status</TH>
            <TH className="hidden md:table-cell">Last active</TH>
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          </tr>
        </THead>
        <tbody>
          {results.map((u) => {
            const isSelf = u.guid === currentUserGuid;
            const expanded = editing === u.guid;
            const panelId = `edit-panel-${u.guid}`;
            return (
              <Fragment key={u.guid}>
                <TR data-testid={`user-row-${u.username}`}>
                  <TD>
                    <div className="font-medium text-slate-900">
                      {u.username}
                      {isSelf ? <span className="font-normal text-slate-600"> (you)</span> : null}
                      {u.service_user ? (
                        <Badge tone="info" className="ml-2" title="Gets keys by token exchange only; cannot sign in to the dashboard">
                          Service user
                        </Badge>
                      ) : null}
                    </div>
                    {fullName(u) ? <div className="text-slate-700">{fullName(u)}</div> : null}
                    {u.email ? <div className="wrap-anywhere text-slate-600">{u.email}</div> : null}
                    {/* On a narrow screen the other columns fold in here. */}
                    <div className="mt-1 space-y-1 sm:hidden">
                      <div>
                        {roleLabel(u)} · <StatusBadge locked={u.locked} />
                      </div>
                      <div className="text-slate-700">
                        External ID: <ExternalId value={u.external_id} />
                      </div>
                    </div>
                  </TD>
                  <TD className="hidden sm:table-cell">{roleLabel(u)}</TD>
                  <TD className="hidden sm:table-cell">
                    <ExternalId value={u.external_id} />
                  </TD>
                  <TD className="hidden sm:table-cell">
                    <StatusBadge locked={u.locked} />
                  </TD>
                  <TD className="hidden md:table-cell">
                    {u.active_time ? <time dateTime={u.active_time}>{formatTime(u.active_time)}</time> : "Never"}
                  </TD>
                  <TD className="space-x-4 whitespace-nowrap text-right">
                    <button
                      id={`edit-${u.guid}`}
                      type="button"
                      className={linkButton}
                      aria-expanded={expanded}
                      aria-controls={panelId}
                      onClick={() => onEdit(u.guid)}
                    >
                      Edit<span className="sr-only"> {u.username}</span>
                    </button>
                    {isSelf ? null : (
                      <button
                        type="button"
                        className={linkButton}
                        // Not `disabled` while saving: that would drop the keyboard's focus.
                        aria-disabled={lockPending === u.guid}
                        onClick={() => lockPending !== u.guid && onToggleLock(u)}
                      >
                        {u.locked ? "Unlock" : "Lock"}
                        <span className="sr-only"> {u.username}</span>
                      </button>
                    )}
                  </TD>
                </TR>
                <tr className={cn("bg-slate-50", !expanded && "hidden")}>
                  <td id={panelId} colSpan={6} className="px-4 py-4">
                    {expanded ? (
                      <EditUserForm user={u} isSelf={isSelf} onDone={(message) => onEditDone(u.guid, message)} />
                    ) : null}
                  </td>
                </tr>
              </Fragment>
            );
          })}
        </tbody>
      </Table>
    </div>
  );
}
