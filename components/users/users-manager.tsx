"use client";

import { Fragment, useState, type FormEvent } from "react";
import { keepPreviousData, useMutation, useQuery, type UseQueryResult } from "@tanstack/react-query";
import { formatTime } from "@/components/content/format";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Pagination } from "@/components/ui/pagination";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { USERS_PAGE_SIZE, updateUserMutation, usersQueries, type ApiUser, type UserPage } from "@/lib/users/queries";
import type { Role } from "@/lib/users/schema";
import { CreateUserForm } from "./create-user-form";
import { EditUserForm } from "./edit-user-form";
import { messageOf, renderThenFocus } from "./forms";
import { ROLE_LABELS } from "./roles";

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

/** Keeps the search in the address bar, so a reload or a shared link shows the same list. */
function syncUrl(prefix: string, page: number) {
  const query = new URLSearchParams();
  if (prefix) query.set("prefix", prefix);
  if (page > 1) query.set("page", String(page));
  const search = query.size ? `?${query}` : "";
  window.history.replaceState(null, "", `${window.location.pathname}${search}`);
}

export function UsersManager({
  initialPrefix,
  initialPage,
  currentUserGuid,
  uniqueIdClaim,
}: {
  initialPrefix: string;
  initialPage: number;
  currentUserGuid: string;
  uniqueIdClaim: string;
}) {
  const [prefix, setPrefix] = useState(initialPrefix);
  const [page, setPage] = useState(initialPage);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string>();
  const [announcement, setAnnouncement] = useState("");
  const params = { prefix, page_number: page, page_size: USERS_PAGE_SIZE };
  const users = useQuery({ ...usersQueries.list(params), placeholderData: keepPreviousData });
  const lock = useMutation(updateUserMutation());

  function show(nextPrefix: string, nextPage: number) {
    setPrefix(nextPrefix);
    setPage(nextPage);
    setEditing(undefined);
    syncUrl(nextPrefix, nextPage);
  }

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    show(String(new FormData(event.currentTarget).get("prefix") ?? "").trim(), 1);
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

  function toggleLock(user: ApiUser) {
    setAnnouncement("");
    lock.mutate(
      { guid: user.guid, patch: { locked: !user.locked } },
      { onSuccess: (saved) => setAnnouncement(`${saved.username} is ${saved.locked ? "locked" : "unlocked"}.`) },
    );
  }

  const pageCount = users.data ? Math.max(1, Math.ceil(users.data.total / USERS_PAGE_SIZE)) : 1;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <form role="search" onSubmit={onSearch} className="flex flex-wrap items-end gap-3">
          <div className="space-y-1">
            <Label htmlFor="user-search">Search users</Label>
            <p id="user-search-hint" className="text-sm text-slate-600">
              The start of a username, name, email or external ID.
            </p>
            <Input
              id="user-search"
              name="prefix"
              type="search"
              defaultValue={initialPrefix}
              aria-describedby="user-search-hint"
              autoCapitalize="none"
              spellCheck={false}
              className="w-64 max-w-full"
            />
          </div>
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
      {lock.error ? <Alert>Could not change the lock: {messageOf(lock.error, "try again.")}</Alert> : null}

      <UsersList
        users={users}
        prefix={prefix}
        editing={editing}
        currentUserGuid={currentUserGuid}
        lockPending={lock.isPending ? lock.variables?.guid : undefined}
        onEdit={(guid) => setEditing(editing === guid ? undefined : guid)}
        onEditDone={closeEditor}
        onToggleLock={toggleLock}
        onClearSearch={() => show("", 1)}
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
  editing?: string;
  currentUserGuid: string;
  lockPending?: string;
  onEdit: (guid: string) => void;
  onEditDone: (guid: string, message?: string) => void;
  onToggleLock: (user: ApiUser) => void;
  onClearSearch: () => void;
};

function UsersList({ users, prefix, editing, currentUserGuid, lockPending, onEdit, onEditDone, onToggleLock, onClearSearch }: UsersListProps) {
  if (users.isPending) return <p role="status" className="text-slate-700">Loading users…</p>;
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
    return prefix ? (
      <EmptyState title="No users match">
        <p>
          No username, name, email or external ID starts with “{prefix}”.{" "}
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
        {prefix ? (
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
