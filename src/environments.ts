export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export function isEnvironment(word: string): word is Environment {
  return (ENVIRONMENTS as readonly string[]).includes(word);
}
