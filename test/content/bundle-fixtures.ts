// Bundle fixtures for the content tests: the builders, and the rows a bundle left.
import { db } from "@/lib/db";

export * from "../support/bundles";

/** Bundle and bundle-file rows stored for one content item. */
export async function storedRows(contentGuid: string) {
  const content = await db.content.findUniqueOrThrow({ where: { guid: contentGuid } });
  const bundles = await db.bundle.count({ where: { contentId: content.id } });
  const files = await db.bundleFile.count({ where: { bundle: { contentId: content.id } } });
  return { bundles, files };
}
