/**
 * Host configuration: command-line options, and what the app directory declares
 * (package.json `main` glob, host.json routePrefix/hubName/concurrency, local.settings.json Values).
 */
import * as fs from 'fs';
import * as path from 'path';

export type TimerMode = 'real' | 'fast' | 'manual';

export interface HostOptions {
  appDir: string;
  port: number;
  dataDir: string;
  timerMode: TimerMode;
  enableTimers: boolean;
  quiet: boolean;
}

export class ConfigError extends Error {}

/** Repo root: this file is compiled to <repo>/dist/tools/local-host/config.js. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export const DEFAULT_PORT = 7071;

export function parseCliArgs(argv: readonly string[], cwd = process.cwd()): HostOptions {
  const options: HostOptions = {
    appDir: REPO_ROOT,
    port: DEFAULT_PORT,
    dataDir: path.resolve(cwd, '.data'),
    timerMode: 'real',
    enableTimers: true,
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inlineValue ?? argv[++i];
      if (v === undefined) throw new ConfigError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`Invalid --port`);
        options.port = port;
        break;
      }
      case '--data-dir':
        options.dataDir = path.resolve(cwd, value());
        break;
      case '--app-dir':
        options.appDir = path.resolve(cwd, value());
        break;
      case '--timer-mode': {
        const mode = value();
        if (mode !== 'real' && mode !== 'fast' && mode !== 'manual') throw new ConfigError(`--timer-mode must be real, fast or manual`);
        options.timerMode = mode;
        break;
      }
      case '--no-timers':
        options.enableTimers = false;
        break;
      case '--quiet':
        options.quiet = true;
        break;
      default:
        throw new ConfigError(`Unknown option "${arg}". Usage: cli.js [--port N] [--data-dir DIR] [--app-dir DIR] [--timer-mode real|fast|manual] [--no-timers] [--quiet]`);
    }
  }
  return options;
}

export interface AppConfig {
  appDir: string;
  mainPattern: string;
  routePrefix: string;
  hubName: string;
  maxConcurrentActivities: number;
  settingsValues: Record<string, string>;
}

function readJsonObject(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : {};
  } catch (err) {
    throw new ConfigError(`${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick(obj: unknown, ...keys: string[]): unknown {
  let cur = obj;
  for (const key of keys) cur = isRecord(cur) ? cur[key] : undefined;
  return cur;
}

export function readAppConfig(appDir: string): AppConfig {
  const pkg = readJsonObject(path.join(appDir, 'package.json'));
  const hostJson = readJsonObject(path.join(appDir, 'host.json'));
  const settings = readJsonObject(path.join(appDir, 'local.settings.json'));
  const routePrefix = pick(hostJson, 'extensions', 'http', 'routePrefix');
  const hubName = pick(hostJson, 'extensions', 'durableTask', 'hubName');
  const maxActivities = pick(hostJson, 'extensions', 'durableTask', 'maxConcurrentActivityFunctions');
  const values = pick(settings, 'Values');
  const settingsValues: Record<string, string> = {};
  if (isRecord(values)) for (const [k, v] of Object.entries(values)) if (v !== null && v !== undefined) settingsValues[k] = String(v);
  return {
    appDir,
    mainPattern: typeof pkg.main === 'string' ? pkg.main : 'index.js',
    routePrefix: (typeof routePrefix === 'string' ? routePrefix : 'api').replace(/^\/+|\/+$/g, ''),
    hubName: typeof hubName === 'string' && hubName ? hubName : 'TestHubName',
    maxConcurrentActivities: typeof maxActivities === 'number' && maxActivities > 0 ? maxActivities : 10,
    settingsValues,
  };
}

/** Minimal glob for package.json `main`: `*`, `?`, `{a,b}` inside segments, and `**`. */
export function expandGlob(root: string, pattern: string): string[] {
  const segments = pattern.replace(/\\/g, '/').split('/').filter((s) => s && s !== '.');
  const toRegExp = (seg: string): RegExp =>
    new RegExp(
      '^' +
        seg
          .replace(/[.+^$()|[\]\\]/g, '\\$&')
          .replace(/\{([^}]*)\}/g, (_m, alts: string) => `(${alts.split(',').join('|')})`)
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '.') +
        '$',
    );
  const found: string[] = [];
  const readDir = (dir: string): fs.Dirent[] => {
    try {
      return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return [];
    }
  };
  const walk = (dir: string, index: number): void => {
    const seg = segments[index];
    if (seg === undefined) {
      found.push(dir);
      return;
    }
    if (seg === '**') {
      walk(dir, index + 1);
      for (const entry of readDir(dir)) if (entry.isDirectory() && entry.name !== 'node_modules') walk(path.join(dir, entry.name), index);
      return;
    }
    if (!/[*?{]/.test(seg)) {
      const next = path.join(dir, seg);
      if (fs.existsSync(next)) walk(next, index + 1);
      return;
    }
    const re = toRegExp(seg);
    for (const entry of readDir(dir)) if (re.test(entry.name)) walk(path.join(dir, entry.name), index + 1);
  };
  walk(root, 0);
  return [...new Set(found)].filter((p) => fs.statSync(p).isFile());
}
