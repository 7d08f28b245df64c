/** Short, typeable ids of rows (`R42`, `M7`): a letter and the row id. */
export function shortIds(letter: string) {
  const pattern = new RegExp(`^${letter}(\\d{1,9})$`, 'i');
  return {
    ref: (id: number): string => `${letter}${id}`,
    /** The row id in `R42` / `r42`; undefined for anything else. */
    parse(text: string): number | undefined {
      const match = pattern.exec(text.trim());
      return match ? Number(match[1]) : undefined;
    },
  };
}

/** `status IN ('a', 'b')` for the statuses of a state machine, and the test for one of them. */
export function statusSet<S extends string>(statuses: readonly S[]) {
  return {
    sql: `status IN (${statuses.map((s) => `'${s}'`).join(', ')})`,
    has: (status: string): status is S => (statuses as readonly string[]).includes(status),
  };
}

/** The row read, or an error naming what is missing (`run R42 does not exist`). */
export function found<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw new Error(`${what} does not exist`);
  return row;
}
