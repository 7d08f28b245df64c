import { z } from 'zod';
import type { SlackGateway } from '../../integrations/slack.js';
import type { SynapseClient } from '../../integrations/synapse.js';
import type { HtanChecklists } from '../../store/htan-checklists.js';
import { registerWorkflow, type Workflow, type WorkflowDeps } from '../engine/workflow.js';
import { markItem } from './checklist.js';
import { certificationMessage } from './messages.js';

export const HTAN_CERTIFIED_KIND = 'htan-certified';

export const CertifiedParams = z.object({
  /** A Synapse username or numeric user id. */
  user: z.string().min(1),
  /** The checklist to tick; without it, the channel's only checklist, if it has exactly one. */
  center: z.string().optional(),
});
export type CertifiedParams = z.infer<typeof CertifiedParams>;

type CertifiedState = { status?: string; center?: string } & Record<string, unknown>;

export interface CertifiedDeps {
  synapse: SynapseClient;
  slack: Pick<SlackGateway, 'update'>;
  checklists: HtanChecklists;
}

export function htanCertifiedWorkflow({ integrations, checklists }: WorkflowDeps): Workflow {
  return createCertifiedWorkflow({ synapse: integrations.synapse, slack: integrations.slack, checklists });
}

/** `/htan certified <user>`: asks Synapse whether the user is a Certified User and ticks the checklist item if so. */
export function createCertifiedWorkflow(deps: CertifiedDeps) {
  const workflow: Workflow<CertifiedParams, CertifiedState> = {
    kind: HTAN_CERTIFIED_KIND,
    params: CertifiedParams,
    initialState: {},
    firstStep: 'ask',
    steps: {
      async ask({ run, params, now, reply }) {
        const userId = /^[0-9]+$/.test(params.user) ? params.user : await deps.synapse.userId(params.user);
        const result = await deps.synapse.certification(userId);
        await reply({ text: certificationMessage(params.user, userId, result) });
        const centers = deps.checklists.centers(run.channelId);
        const center = params.center ?? (centers.length === 1 ? centers[0] : undefined);
        if (result.status === 'certified' && center) {
          const note = `${run.ref}: Synapse user ${params.user} is certified`;
          const where = { channelId: run.channelId, center, item: 'certified' as const, now };
          await markItem(deps, where, { by: run.requester, at: now, note });
          await reply({ text: `:ballot_box_with_check: Ticked *Certified user* on the ${center} checklist.` });
        } else if (result.status === 'certified' && centers.length > 1) {
          await reply({
            text: `This channel has checklists for ${centers.join(', ')}: name the center to tick, e.g. \`/htan certified ${params.user} ${centers[0]}\`.`,
          });
        }
        return { kind: 'done', status: 'succeeded', state: { status: result.status, ...(center ? { center } : {}) } };
      },
    },
    describe(_run, params, state) {
      return {
        title: `htan certified ${params.user}`,
        detail: state.status ? [`Synapse: ${state.status.replace('-', ' ')}`] : [],
      };
    },
  };
  return registerWorkflow(workflow);
}
