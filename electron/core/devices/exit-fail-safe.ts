/**
 * The last line of the gate's fail-safe: when the process exits for any reason that still runs JavaScript
 * (normal exit, `process.exit`, an uncaught exception), every registered relay is driven off
 * synchronously. A `kill -9` runs nothing; the start-up reset covers that. Signals (SIGTERM, SIGINT) are
 * the host's to handle: it must close the gate, or call `process.exit`, which lands here.
 */
type SyncOff = () => void;

const registered = new Set<SyncOff>();
let installed = false;

function runAll(): void {
  for (const off of registered) {
    try {
      off();
    } catch {
      // Dying anyway; try the next relay.
    }
  }
}

/** Registers a synchronous "all off"; returns the function that removes it. */
export function registerExitFailSafe(off: SyncOff): () => void {
  registered.add(off);
  if (!installed) {
    installed = true;
    process.on('exit', runAll);
  }
  return () => {
    registered.delete(off);
  };
}
