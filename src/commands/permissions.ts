import type { Run } from '../store/runs.js';

/** Who may do what (design §5): operators start, cancel and retry; approvers approve irreversible steps. */
export interface Permissions {
  /** Empty HCA_OPERATORS means everyone. */
  isOperator(userId: string): boolean;
  /** Empty HCA_APPROVERS means any operator. */
  isApprover(userId: string): boolean;
  /** A run awaiting approval: on dev or staging any operator; elsewhere an approver who did not request it. */
  mayApprove(userId: string, run: Run): boolean;
}

export function createPermissions(operators: readonly string[], approvers: readonly string[]): Permissions {
  const operatorSet = new Set(operators);
  const approverSet = new Set(approvers);
  const isOperator = (userId: string) => operatorSet.size === 0 || operatorSet.has(userId);
  const isApprover = (userId: string) => (approverSet.size === 0 ? isOperator(userId) : approverSet.has(userId));
  return {
    isOperator,
    isApprover,
    mayApprove(userId, run) {
      if (run.status !== 'awaiting_approval') return false;
      if (run.environment === 'dev' || run.environment === 'staging') return isOperator(userId);
      return isApprover(userId) && userId !== run.requester;
    },
  };
}
