/**
 * The engine API the CLI calls: readLive -> plan (pure) -> apply; findStale for saved plans;
 * exportManifests for `export`. See design.md §3 for the contract.
 */
export { readLive, readLiveForExport, exportKinds, kindsToRead, DEFAULT_READ_PARALLELISM, type ExportEstimate, type ExportReadOptions, type LiveSnapshot, type ReadOptions } from './live.js';
export { plan, type PlanOptions } from './plan.js';
export { unknownTargets } from './targets.js';
export { apply, type ApplyOptions, type ApplyResult } from './apply.js';
export { findStale, staleReferences } from './stale.js';
export { compareSavedPlan, digestProblem, planDigest, sealPlan, type PlanDifference, type SavedPlanDifferences } from './saved-plan.js';
export { exportedDuplicates, exportManifests, type ExportedObject } from './export.js';
export { namePattern, type ExportSelection } from './export-selection.js';
export { exportCost, type ExportCost } from './export-cost.js';
export type { EngineEvent, EngineEventSink } from './events.js';
export { diffCanonical } from './diff.js';
export { deliverSecret, findPendingRecords, findStrandedRecords, generateSecret, parseSink, pendingNotices, tokenChecker, type PendingNotice, type SecretVerifier } from './secrets.js';
