/** Exit codes the command-line tools share (sysexits.h where one fits). */
export const EXIT_USAGE = 64;

/**
 * Parses a tool's arguments: the options, or the exit code once usage has been printed (on `--help`, 0 on stdout;
 * on a bad argument, 64 on stderr with the reason).
 */
export function parseArguments<T>(argv: string[], parse: (argv: string[]) => T | 'help', usage: string): T | number {
  let parsed: T | 'help';
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return EXIT_USAGE;
  }
  if (parsed === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return parsed;
}
