/**
 * Why the process is no longer alive, or undefined while it is. main.ts passes the embedded database's watch
 * (src/database/embedded-postgres-watch.ts); tests and tools, which own no child process, pass nothing.
 */
export type LivenessCheck = () => string | undefined;

export const LIVENESS_CHECK = Symbol('LIVENESS_CHECK');

export const ALWAYS_LIVE: LivenessCheck = () => undefined;
