// Deploy: a task that checks a stored bundle's app mode and primary document and
// makes it the content's active bundle (a draft leaves it previewable only). The
// request returns the task id at once; the work runs in the background of this
// instance and writes its progress to the task, which clients poll.
import { db } from "@/lib/db";
import { recordAudit, type Actor } from "@/lib/audit/service";
import { log } from "@/lib/log";
import { AppError } from "@/lib/errors/app-error";
import { deploySchema, type DeployInput } from "./schema";
import { findBundleOf } from "./bundles";
import { isServable, MANIFEST_PATH, parseManifest, primaryDocument, SERVABLE_APP_MODES } from "./manifest";
import { getContentFor, type ContentRow, type Requester } from "./service";
import { createTask, listDeployTasks, TaskWriter } from "./tasks";
import { draftPath } from "./urls";

export async function startDeploy(user: Requester, guid: string, input: DeployInput, actor: Actor) {
  const { bundle_id, activate } = deploySchema.parse(input);
  const content = await getContentFor(user, guid);
  const bundle = await findBundleOf(content.id, bundle_id);
  const task = await createTask({ contentId: content.id, userId: user.id, kind: "deploy" });
  void runDeploy(new TaskWriter(task.id), content, bundle.id, actor, activate);
  return { task_id: task.id };
}

/** Never throws: every outcome ends up in the task and the audit log. */
export async function runDeploy(
  task: TaskWriter,
  content: ContentRow,
  bundleId: number,
  actor: Actor,
  activate = true,
): Promise<void> {
  const audit = (outcome: "success" | "failure", extra: Record<string, unknown> = {}) => ({
    actor,
    action: "content.deploy",
    outcome,
    ...(outcome === "failure" ? { reason: "deploy_failed" } : {}),
    userId: content.ownerId,
    details: { content_guid: content.guid, bundle_id: bundleId, task_id: task.id, activate, ...extra },
  });
  try {
    await task.line(`Deploying bundle ${bundleId} to content "${content.name}" (${content.guid})`);
    await task.line(`Validating bundle ${bundleId}…`);
    // Upload checked every file against the manifest, and stored files never change: read the manifest only.
    const stored = await db.bundle.findUniqueOrThrow({ where: { id: bundleId }, select: { manifest: true } });
    const manifest = parseManifest(Buffer.from(stored.manifest, "utf8"));
    await task.line(`${Object.keys(manifest.files).length} files were checked against ${MANIFEST_PATH} on upload`);
    const appMode = manifest.metadata.appmode;
    if (!isServable(appMode)) {
      throw new AppError(
        "bad_request",
        `App mode "${appMode}" needs a runtime this server does not have; it serves only ${SERVABLE_APP_MODES.map((m) => `"${m}"`).join(", ")} content.`,
      );
    }
    const primary = primaryDocument(manifest);
    const primaryFile = await db.bundleFile.findUnique({ where: { bundleId_path: { bundleId, path: primary } }, select: { id: true } });
    if (!primaryFile) throw new AppError("bad_request", `The primary document "${primary}" is not in the bundle.`);
    await task.line(`App mode: ${appMode}; primary document: ${primary}`);
    if (activate) {
      await task.line(`Activating bundle ${bundleId}…`);
      await db.$transaction(async (tx) => {
        await tx.content.update({ where: { id: content.id }, data: { activeBundleId: bundleId, appMode } });
        await recordAudit(tx, audit("success"));
      });
      await task.line(`Activated bundle ${bundleId}`);
    } else {
      await recordAudit(db, audit("success"));
      await task.line(`Bundle ${bundleId} is deployed as a draft at ${draftPath(content.guid, bundleId)}; the active bundle is unchanged`);
    }
    await task.finish(0);
  } catch (err) {
    const message = err instanceof AppError ? err.message : "Internal error while deploying; see the server log.";
    if (!(err instanceof AppError)) log.error("deploy failed", { task: task.id, error: String(err) });
    try {
      await task.line(`Error: ${message}`);
      await task.finish(1, message);
      await recordAudit(db, audit("failure", { error: message }));
    } catch (inner) {
      log.error("could not record a failed deploy", { task: task.id, error: String(inner) });
    }
  }
}

/** The deploy history of one item, newest first. */
export async function deployHistory(user: Requester, guid: string) {
  const content = await getContentFor(user, guid);
  return listDeployTasks(content.id);
}
