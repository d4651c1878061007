// Tasks: long-running work (deploys) whose output lines clients poll, the way
// Connect's clients do (`first` = index of the first line wanted, `last` = where
// to continue). State lives in the database, so any instance can answer a poll.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/lib/db";
import type { Task } from "@/lib/db/generated/sqlite/client";
import { notFound } from "@/lib/errors/app-error";
import { hasRole } from "@/lib/auth/caller";
import type { Requester } from "./service";
import type { TaskQuery } from "./schema";

const POLL_INTERVAL_MS = 200;
/** A task nobody has written to for this long was cut off (its instance stopped): report it failed. */
const STALE_AFTER_MS = 10 * 60 * 1000;

export async function createTask(data: { contentId: number | null; userId: number; kind: string }): Promise<Task> {
  return db.task.create({ data: { id: randomBytes(12).toString("base64url"), ...data } });
}

/** Writes a task's output as it goes; only the worker running the task holds one. */
export class TaskWriter {
  private readonly lines: string[] = [];
  constructor(readonly id: string) {}

  async line(text: string): Promise<void> {
    this.lines.push(text);
    await db.task.update({ where: { id: this.id }, data: { output: JSON.stringify(this.lines) } });
  }

  async finish(code: number, error = ""): Promise<void> {
    await db.task.update({
      where: { id: this.id },
      data: { output: JSON.stringify(this.lines), finished: true, code, error },
    });
  }
}

export function toApiTask(task: Task, first: number) {
  const output = parseOutput(task.output);
  const start = Math.min(first, output.length);
  return {
    id: task.id,
    output: output.slice(start),
    result: null,
    finished: task.finished,
    code: task.code,
    error: task.error,
    last: output.length,
  };
}

/**
 * The legacy task (`/__api__/tasks/{id}?first_status=N`), as rsconnect for R 0.8
 * polls it: `status` holds the output lines from N on, `last_status` where to go on.
 */
export function toLegacyTask(task: Task, firstStatus: number) {
  const output = parseOutput(task.output);
  return {
    id: task.id,
    user_id: task.userId,
    status: output.slice(Math.min(firstStatus, output.length)),
    result: null,
    finished: task.finished,
    code: task.code,
    error: task.error,
    last_status: output.length,
  };
}

function parseOutput(text: string): string[] {
  try {
    const lines: unknown = JSON.parse(text);
    return Array.isArray(lines) ? lines.map(String) : [];
  } catch {
    return [];
  }
}

async function visibleTask(user: Requester, id: string): Promise<Task> {
  const task = await db.task.findUnique({ where: { id } });
  if (!task) throw notFound("Task");
  if (task.userId === user.id || hasRole(user, "administrator")) return task;
  const content = task.contentId === null ? null : await db.content.findUnique({ where: { id: task.contentId } });
  if (content?.ownerId === user.id) return task;
  throw notFound("Task");
}

async function markStale(task: Task): Promise<Task> {
  if (task.finished || Date.now() - task.updatedTime.getTime() < STALE_AFTER_MS) return task;
  const error = "The task stopped without finishing (its server instance was restarted); run it again.";
  const updated = await db.task.updateMany({ where: { id: task.id, finished: false }, data: { finished: true, code: 1, error } });
  return updated.count > 0 ? { ...task, finished: true, code: 1, error } : ((await db.task.findUnique({ where: { id: task.id } })) ?? task);
}

/** The task as its reader may see it; with `wait`, holds the request until it finishes or the wait runs out. */
export async function readTaskFor(user: Requester, id: string, q: TaskQuery, signal?: AbortSignal): Promise<Task> {
  let task = await markStale(await visibleTask(user, id));
  const deadline = Date.now() + q.wait * 1000;
  while (!task.finished && Date.now() < deadline && !signal?.aborted) {
    await sleep(Math.min(POLL_INTERVAL_MS, deadline - Date.now()));
    task = (await db.task.findUnique({ where: { id } })) ?? task;
  }
  return task;
}

export async function getTaskFor(user: Requester, id: string, q: TaskQuery, signal?: AbortSignal) {
  return toApiTask(await readTaskFor(user, id, q, signal), q.first);
}

/** The deploys of one content item, newest first (the dashboard's deploy history). */
export async function listDeployTasks(contentId: number, take = 20) {
  const tasks = await db.task.findMany({ where: { contentId, kind: "deploy" }, orderBy: { createdTime: "desc" }, take });
  const users = await db.user.findMany({
    where: { id: { in: [...new Set(tasks.map((t) => t.userId))] } },
    select: { id: true, guid: true, username: true },
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  return tasks.map((t) => ({
    task_id: t.id,
    started_time: t.createdTime.toISOString(),
    updated_time: t.updatedTime.toISOString(),
    finished: t.finished,
    code: t.code,
    error: t.error,
    user_guid: byId.get(t.userId)?.guid ?? null,
    username: byId.get(t.userId)?.username ?? null,
    output: parseOutput(t.output),
  }));
}

export type ApiDeployment = Awaited<ReturnType<typeof listDeployTasks>>[number];
