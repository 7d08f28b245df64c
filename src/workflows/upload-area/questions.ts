import type { JsonObject } from '../../store/runs.js';
import type { Question } from '../kit/question.js';

/** The buttons of upload-area runs; each carries the run id and the round of the question it answers. */
export const UPLOAD_AREA_ACTIONS = {
  approveSync: 'upload_area_sync_approve',
} as const;

/** The step at which a sync waits for approval. */
export const APPROVAL_STEP = 'approval';

const round = (state: JsonObject) => String(state.approvalRound ?? 0);

/** Where the approval of each round is kept in the run's state. */
export const approvalKey = (state: JsonObject) => `sync:${round(state)}`;

export const UPLOAD_AREA_QUESTIONS: readonly Question[] = [
  {
    actionId: UPLOAD_AREA_ACTIONS.approveSync,
    step: APPROVAL_STEP,
    key: approvalKey,
    isCurrent: (state, value) => value.split(':')[1] === round(state),
    value: 'sync',
    irreversible: true,
    verb: 'approved the copy',
  },
];
