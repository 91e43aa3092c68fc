import { refreshMemberModel, type RecommendDeps } from '../members/recommend.ts';
import { nowOf } from '../members/context.ts';
import { findCheckpoint, saveCheckpoint } from '../store/checkpoints.ts';
import { hasMemberModels, listMembersWithSignalsSince } from '../store/member-models.ts';

export const MEMBER_MODELS_JOB = 'member-models';
/** Where the last run started (less the overlap): signals from then on are looked at again. */
const CHECKPOINT = 'member-models';
/**
 * Signals written up to this long before a run started are looked at again by the next run:
 * another process's clock, or a transaction still open when the run read the signals. Looking
 * again costs a key comparison for a model that is already current.
 */
const OVERLAP_MS = 5 * 60_000;

export interface ModelRefreshReport {
  /** Members with a signal since the last run. */
  members: number;
  /** Of them, those whose model had to be built again. */
  rebuilt: number;
}

/**
 * Keeps For-you models current (scheduled every minute): every member with a signal since the
 * last run gets their model built again if their signals changed, so requests and digests read
 * a kept model instead of building one. A run that dies midway leaves the checkpoint where it
 * was; the next run looks at the same members again and rebuilds only what is still stale.
 * After `import all` (models are not moved: they are made again) every member with signals is
 * looked at once.
 */
export async function refreshMemberModels(deps: RecommendDeps): Promise<ModelRefreshReport> {
  const { store } = deps;
  const startedMs = nowOf(deps).getTime();
  const checkpoint = await findCheckpoint(store.db, CHECKPOINT);
  const since = checkpoint && (await hasMemberModels(store.db)) ? checkpoint.token : '';
  const members = await listMembersWithSignalsSince(store.db, since);
  let rebuilt = 0;
  for (const userId of members) if (await refreshMemberModel(deps, userId)) rebuilt++;
  const at = new Date(startedMs).toISOString();
  await saveCheckpoint(store.db, { name: CHECKPOINT, token: new Date(startedMs - OVERLAP_MS).toISOString(), records: members.length, updatedAt: at });
  return { members: members.length, rebuilt };
}
