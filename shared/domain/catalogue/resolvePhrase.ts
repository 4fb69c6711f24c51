import type { PermissionLevel } from '../mappingResult';
import { normaliseName } from '../normalise';
import { findPermissionByName, getPermission, type PermissionTarget } from './catalogue';

/**
 * Reads one target phrase as Microsoft's comparison tables write it, e.g.
 * `Authorization and settings \ Security setting (All permissions)` or
 * `Security operations \ Basic live response (manage)`, and returns the catalogue targets.
 * Used to check that our data tables agree with the raw text they were transcribed from, and by
 * anything that must read a table row written by hand.
 */

function levelOf(qualifier: string): PermissionLevel | 'all' | undefined {
  switch (normaliseName(qualifier)) {
    case 'read':
    case 'read - only':
    case 'read only':
      return 'read';
    case 'manage':
      return 'manage';
    case 'read & manage':
    case 'read and manage':
    case 'all permissions':
      return 'all';
    default:
      return undefined;
  }
}

const SECURITY_SETTINGS = new Set(['security setting', 'security settings']);

export function resolvePermissionPhrase(phrase: string): PermissionTarget[] | undefined {
  const match = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(phrase.trim());
  if (!match) return undefined;
  const [, path = '', qualifier = ''] = match;
  const level = levelOf(qualifier);
  if (!level) return undefined;
  const name = path.split('\\').map((s) => s.trim()).filter(Boolean).pop();
  if (!name) return undefined;

  // "Security setting(s) (All permissions)" is the whole Security settings sub-group:
  // Core security settings (manage) + Detection tuning (manage). Its read form is Core (read) only.
  if (SECURITY_SETTINGS.has(normaliseName(name))) {
    return level === 'read'
      ? [{ permissionId: 'AS.SS.coreSecuritySettings', level: 'read' }]
      : [
          { permissionId: 'AS.SS.coreSecuritySettings', level: 'manage' },
          { permissionId: 'AS.SS.detectionTuning', level: 'manage' },
        ];
  }
  const permission = findPermissionByName(name);
  if (!permission) return undefined;
  // "All permissions" / "Read and manage" = the highest level the permission offers.
  const resolved: PermissionLevel = level === 'all' ? (permission.levels.includes('manage') ? 'manage' : 'read') : level;
  if (!getPermission(permission.id)?.levels.includes(resolved)) return undefined;
  return [{ permissionId: permission.id, level: resolved }];
}
