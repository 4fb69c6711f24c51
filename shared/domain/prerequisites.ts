import type { PermissionTarget } from './catalogue/catalogue';
import { grants } from './permissionSet';

/**
 * Permissions the Defender portal adds automatically when another one is selected (import or
 * manual). Today: Email & collaboration content needs Security data basics (read) and
 * Email & collaboration metadata (read) (CMP-2026). They widen access, so they are reported.
 */
export const PERMISSION_PREREQUISITES: ReadonlyArray<{ when: string; add: readonly PermissionTarget[] }> = [
  {
    when: 'SO.RAW.emailContent',
    add: [
      { permissionId: 'SO.SD.basics', level: 'read' },
      { permissionId: 'SO.RAW.emailMetadata', level: 'read' },
    ],
  },
];

/** The prerequisite targets that `set` needs but does not already grant (in rule order, deduplicated). */
export function missingPrerequisites(set: readonly PermissionTarget[]): PermissionTarget[] {
  const added: PermissionTarget[] = [];
  for (const rule of PERMISSION_PREREQUISITES) {
    if (!set.some((t) => t.permissionId === rule.when)) continue;
    for (const target of rule.add) {
      if (!grants(set, target) && !grants(added, target)) added.push(target);
    }
  }
  return added;
}
