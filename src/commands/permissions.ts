/** Who may do what (design §5): operators start, cancel and retry; approvers approve irreversible steps. */
export interface Permissions {
  /** Empty HCA_OPERATORS means everyone. */
  isOperator(userId: string): boolean;
  /** Empty HCA_APPROVERS means any operator. */
  isApprover(userId: string): boolean;
}

export function createPermissions(operators: readonly string[], approvers: readonly string[]): Permissions {
  const operatorSet = new Set(operators);
  const approverSet = new Set(approvers);
  const isOperator = (userId: string) => operatorSet.size === 0 || operatorSet.has(userId);
  return {
    isOperator,
    isApprover: (userId) => (approverSet.size === 0 ? isOperator(userId) : approverSet.has(userId)),
  };
}
