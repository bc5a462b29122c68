/**
 * Resources to release when the process is interrupted (Ctrl-C, SIGTERM): modules that hold them register a
 * synchronous hook when they are loaded; the CLI runs the hooks from its signal handlers. Core code never
 * installs signal handlers itself.
 */
const hooks = new Set<() => void>();

export function onInterrupt(hook: () => void): void {
  hooks.add(hook);
}

export function runInterruptHooks(): void {
  for (const hook of hooks) {
    try {
      hook();
    } catch {
      // keep releasing the others
    }
  }
}
