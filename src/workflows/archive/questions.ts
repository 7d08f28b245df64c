import type { JsonObject } from '../../store/runs.js';
import type { Question } from '../kit/question.js';

/** Buttons of an archive run; each carries the run id (and the round of the question it answers). */
export const ARCHIVE_ACTIONS = {
  useExisting: 'archive_use_existing',
  createNew: 'archive_create_new',
  complete: 'archive_complete',
  recheck: 'archive_recheck',
  createAgain: 'archive_create_again',
} as const;

/** The steps at which an archive run waits for a person's answer. */
export const ASKING_STEPS = {
  chooseExisting: 'choose-existing',
  createUnknown: 'create-unknown',
  approval: 'approval',
} as const;

const round = (state: JsonObject, name: 'createRound' | 'approvalRound') => String(state[name] ?? 0);

/** Where each question's answer is kept in the run's state. */
export const DECISION_KEYS = {
  existing: () => 'existing',
  createAgain: (state: JsonObject) => `create-again:${round(state, 'createRound')}`,
  complete: (state: JsonObject) => `complete:${round(state, 'approvalRound')}`,
};

/** The answers the archive run's buttons give: the workflow reads them, the click handler records them. */
export const ARCHIVE_QUESTIONS: readonly Question[] = [
  {
    actionId: ARCHIVE_ACTIONS.useExisting,
    step: ASKING_STEPS.chooseExisting,
    key: DECISION_KEYS.existing,
    value: 'use',
    irreversible: false,
    verb: 'chose to use the existing DSP submission',
  },
  {
    actionId: ARCHIVE_ACTIONS.createNew,
    step: ASKING_STEPS.chooseExisting,
    key: DECISION_KEYS.existing,
    value: 'create',
    irreversible: true,
    verb: 'chose to create a new DSP submission',
  },
  {
    actionId: ARCHIVE_ACTIONS.createAgain,
    step: ASKING_STEPS.createUnknown,
    key: DECISION_KEYS.createAgain,
    value: 'create',
    irreversible: true,
    verb: 'chose to create the DSP submission again',
  },
  {
    actionId: ARCHIVE_ACTIONS.complete,
    step: ASKING_STEPS.approval,
    key: DECISION_KEYS.complete,
    isCurrent: (state, value) => value.split(':')[1] === round(state, 'approvalRound'),
    value: 'complete',
    irreversible: true,
    verb: 'approved completing the submission',
  },
];
