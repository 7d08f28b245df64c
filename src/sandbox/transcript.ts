import { stripVTControlCharacters } from 'node:util';

/** The sandbox's output: written to the terminal and, ANSI codes stripped, kept for script expectations. */
export class Transcript {
  private text = '';
  private readonly listeners = new Set<() => void>();
  private readonly write: (text: string) => void;

  constructor(write: (text: string) => void) {
    this.write = write;
  }

  /** Shows a line (or several) and records it. */
  print(text: string): void {
    this.write(`${text}\n`);
    this.text += `${stripVTControlCharacters(text)}\n`;
    for (const listener of this.listeners) listener();
  }

  /** Shows a line without recording it: command echoes and comments of a script. */
  echo(text: string): void {
    this.write(`${text}\n`);
  }

  /** A position to read from with `since`. */
  mark(): number {
    return this.text.length;
  }

  since(mark: number): string {
    return this.text.slice(mark);
  }

  /** Resolves true as soon as `check` holds after some output, or with its last answer after `timeoutMs`. */
  waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
    if (check()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (result: boolean) => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(result);
      };
      const listener = () => {
        if (check()) finish(true);
      };
      const timer = setTimeout(() => finish(check()), timeoutMs);
      this.listeners.add(listener);
    });
  }
}
