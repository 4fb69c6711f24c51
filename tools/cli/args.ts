/** Minimal `--name value` / `--flag` parser for the dev CLIs (no positional arguments). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseArgs(argv: readonly string[], spec: { values: readonly string[]; flags: readonly string[] }): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument "${arg}".`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (spec.flags.includes(name)) {
      out.set(name, true);
    } else if (spec.values.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value.`);
      out.set(name, value);
    } else {
      throw new UsageError(`Unknown option --${name}.`);
    }
  }
  return out;
}
