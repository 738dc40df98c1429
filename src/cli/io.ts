/** What a CLI command may touch of the outside world; passed in so tests can capture it. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stdout is an interactive terminal (progress bars). */
  readonly isTTY: boolean;
  /**
   * Commands that keep running (serve) register a promise here; `main` waits for it.
   * The promise resolves to the exit code.
   */
  keepAlive(until: Promise<number>): void;
}
