import type { Question } from '../kit/question.js';

/** The buttons of upload-area runs; each carries the run id and the number of the question it answers. */
export const UPLOAD_AREA_ACTIONS = {
  approveSync: 'upload_area_sync_approve',
} as const;

/** The step at which a sync waits for approval. */
export const APPROVAL_STEP = 'approval';

export const UPLOAD_AREA_QUESTIONS: readonly Question[] = [
  {
    actionId: UPLOAD_AREA_ACTIONS.approveSync,
    step: APPROVAL_STEP,
    value: 'sync',
    irreversible: true,
    verb: 'approved the copy',
  },
];
