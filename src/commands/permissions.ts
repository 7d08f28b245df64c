/** Who may do what (design §5): operators start, cancel and retry; approvers approve irreversible steps. */
export interface Permissions {
  /** Empty HCA_OPERATORS means everyone. */
  isOperator(userId: string): boolean;
  /** Empty HCA_APPROVERS means any operator. */
  isApprover(userId: string): boolean;
  /** Irreversible steps: on dev or staging any operator; elsewhere (prod) an approver who did not request the run. */
  mayApprove(userId: string, run: { environment: string | null; requester: string }): boolean;
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
      if (run.environment === 'dev' || run.environment === 'staging') return isOperator(userId);
      return isApprover(userId) && userId !== run.requester;
    },
  };
}
