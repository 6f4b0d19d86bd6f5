import type { ChildProcessWithoutNullStreams } from "node:child_process";

/** A long-running command (the ward app, the README's tour) whose output lines a test can await. */
export class WatchedProcess {
  private output = "";
  private waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];

  /** `group`: the process leads a process group (spawned `detached`), and stop() signals all of it (npm, sh, node). */
  constructor(
    readonly process: ChildProcessWithoutNullStreams,
    private readonly group = false,
  ) {
    process.stdout.on("data", (chunk) => {
      this.output += String(chunk);
      for (const w of [...this.waiters]) {
        const line = this.output.split("\n").find((l) => w.pattern.test(l));
        if (line) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    });
    process.stderr.on("data", (chunk) => (this.output += String(chunk)));
  }

  /** Resolves with the first output line matching `pattern` (already printed or still to come). */
  line(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const found = this.output.split("\n").find((l) => pattern.test(l));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no line matching ${pattern} within ${timeoutMs} ms; output:\n${this.output}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({ pattern, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
  }

  lines(pattern: RegExp): string[] {
    return this.output.split("\n").filter((l) => pattern.test(l));
  }

  /** Interrupts it as Ctrl-C would; resolves once it has exited. */
  stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null)
      return Promise.resolve();
    return new Promise((resolve) => {
      this.process.once("exit", () => resolve());
      if (this.group) globalThis.process.kill(-this.process.pid!, "SIGINT");
      else this.process.kill("SIGINT");
    });
  }
}
