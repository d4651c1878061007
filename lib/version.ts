/** This server's own release. */
export const VERSION = "0.1.0";

/**
 * The Connect release `/__api__/server_settings` reports, chosen from the clients'
 * version gates so each takes the path this server implements:
 * - rsconnect-python deploys as a draft (`"activate": false`), checks
 *   `/content/{guid}/_bundle{id}/`, then activates, from 2025.06.0 on;
 * - above 2025.11.0 it may send bundles as multipart forms with git metadata,
 *   which this server does not take;
 * - connectapi warns below 1.8.8.2; rsconnect (R) gates only Node.js content
 *   (2026.04.0), which this server cannot run anyway;
 * - posit-sdk's version-gated features above this release (lockfiles) are absent here.
 */
export const CONNECT_COMPATIBLE_VERSION = "2025.09.0";
