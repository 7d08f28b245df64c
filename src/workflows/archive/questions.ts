import type { Question } from '../kit/question.js';

/** Buttons of an archive run; each carries the run id and the number of the question it answers. */
export const ARCHIVE_ACTIONS = {
  startOnProd: 'archive_start_on_prod',
  archiveAgain: 'archive_again',
  leaveArchived: 'archive_leave_archived',
  useExisting: 'archive_use_existing',
  createNew: 'archive_create_new',
  complete: 'archive_complete',
  recheck: 'archive_recheck',
  createAgain: 'archive_create_again',
} as const;

/** The steps at which an archive run waits for a person's answer. */
export const ASKING_STEPS = {
  confirmStart: 'confirm-start',
  alreadyArchived: 'already-archived',
  chooseExisting: 'choose-existing',
  createUnknown: 'create-unknown',
  approval: 'approval',
} as const;

/** The answers the archive run's buttons give: the workflow reads them, the click handler records them. */
export const ARCHIVE_QUESTIONS: readonly Question[] = [
  {
    actionId: ARCHIVE_ACTIONS.startOnProd,
    step: ASKING_STEPS.confirmStart,
    value: 'start',
    irreversible: false,
    verb: 'started the run on prod',
  },
  {
    actionId: ARCHIVE_ACTIONS.archiveAgain,
    step: ASKING_STEPS.alreadyArchived,
    value: 'again',
    irreversible: true,
    verb: 'chose to archive the submission again',
  },
  {
    actionId: ARCHIVE_ACTIONS.leaveArchived,
    step: ASKING_STEPS.alreadyArchived,
    value: 'leave',
    irreversible: false,
    verb: 'left it archived',
  },
  {
    actionId: ARCHIVE_ACTIONS.useExisting,
    step: ASKING_STEPS.chooseExisting,
    value: 'use',
    irreversible: false,
    verb: 'chose to use the existing DSP submission',
  },
  {
    actionId: ARCHIVE_ACTIONS.createNew,
    step: ASKING_STEPS.chooseExisting,
    value: 'create',
    irreversible: true,
    verb: 'chose to create a new DSP submission',
  },
  {
    actionId: ARCHIVE_ACTIONS.createAgain,
    step: ASKING_STEPS.createUnknown,
    value: 'create',
    irreversible: true,
    verb: 'chose to create the DSP submission again',
  },
  {
    actionId: ARCHIVE_ACTIONS.complete,
    step: ASKING_STEPS.approval,
    value: 'complete',
    irreversible: true,
    verb: 'approved completing the DSP submission',
  },
];
