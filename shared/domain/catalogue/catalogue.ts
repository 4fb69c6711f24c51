import type { PermissionLevel, UnifiedPermissionGrant } from '../mappingResult';
import { normaliseName, normalisePermissionName } from '../normalise';
import catalogueData from './permissions.json';

/**
 * The unified (Defender XDR URBAC) permission catalogue: canonical group / sub-group / name per
 * permission id, the levels it offers, and the Graph action strings known for it.
 * Data lives in permissions.json; this module gives it types and lookups.
 */

/**
 * How sure we are of an action string: `observed` = used by tools that read live tenants;
 * `wildcard-observed` = only the covering wildcard was seen; `inferred` = our guess;
 * `preview-draft` = the 2022 draft doc; `doc-example` = a Graph docs sample.
 */
export type ActionConfidence = 'observed' | 'wildcard-observed' | 'inferred' | 'preview-draft' | 'doc-example';

export interface KnownAction {
  value: string;
  confidence: ActionConfidence;
}

export interface CataloguePermission {
  /** e.g. `SO.SD.basics`. */
  id: string;
  /** Canonical permission group, e.g. `Security operations`. */
  group: string;
  /** Canonical sub-group, e.g. `Security data`. */
  subGroup: string;
  /** Canonical permission name, e.g. `Security data basics`. */
  name: string;
  /** Other spellings seen in Microsoft docs and mapping tables. */
  aliases: readonly string[];
  levels: readonly PermissionLevel[];
  actionStrings: readonly KnownAction[];
}

/** Identifies a (permission, level) pair without display data. */
export interface PermissionTarget {
  permissionId: string;
  level: PermissionLevel;
}

const CONFIDENCES: ReadonlySet<string> = new Set(['observed', 'wildcard-observed', 'inferred', 'preview-draft', 'doc-example']);

function isLevel(value: string): value is PermissionLevel {
  return value === 'read' || value === 'manage';
}

function isConfidence(value: string): value is ActionConfidence {
  return CONFIDENCES.has(value);
}

/** Turns the JSON into typed entries, failing loudly at load time if the data file is malformed. */
function loadCatalogue(raw: typeof catalogueData): CataloguePermission[] {
  return raw.permissions.map((p) => {
    const levels = p.levels.map((l) => {
      if (!isLevel(l)) throw new TypeError(`Catalogue ${p.id}: unknown level "${l}"`);
      return l;
    });
    const actionStrings = p.actionStrings.map((a) => {
      if (!isConfidence(a.confidence)) throw new TypeError(`Catalogue ${p.id}: unknown confidence "${a.confidence}"`);
      return { value: a.value, confidence: a.confidence };
    });
    return { id: p.id, group: p.group, subGroup: p.subGroup, name: p.name, aliases: p.aliases, levels, actionStrings };
  });
}

/** Every unified permission, in catalogue order. */
export const PERMISSION_CATALOGUE: readonly CataloguePermission[] = Object.freeze(loadCatalogue(catalogueData));

const byId = new Map(PERMISSION_CATALOGUE.map((p) => [p.id, p]));

const byName = (() => {
  const index = new Map<string, CataloguePermission>();
  for (const p of PERMISSION_CATALOGUE) {
    for (const name of [p.name, ...p.aliases]) {
      const key = normalisePermissionName(name);
      const existing = index.get(key);
      if (existing && existing.id !== p.id) {
        throw new TypeError(`Catalogue: name "${name}" is ambiguous (${existing.id}, ${p.id})`);
      }
      index.set(key, p);
    }
  }
  return index;
})();

export function getPermission(permissionId: string): CataloguePermission | undefined {
  return byId.get(permissionId);
}

/**
 * Finds a permission by canonical name or alias, after normalisation and spelling variants
 * ("Security data basic", "Email quarantine", "Secure Score", ...). Exact ids are accepted too.
 */
export function findPermissionByName(name: string): CataloguePermission | undefined {
  return byId.get(name.trim()) ?? byName.get(normalisePermissionName(name)) ?? byName.get(normaliseName(name));
}

/**
 * The catalogue's canonical grant for a (permission, level). Throws for an unknown id or a level
 * the permission does not offer: tables are data we ship, so that is a programming error.
 */
export function toGrant(target: PermissionTarget): UnifiedPermissionGrant {
  const p = byId.get(target.permissionId);
  if (!p) throw new RangeError(`Unknown unified permission "${target.permissionId}"`);
  if (!p.levels.includes(target.level)) {
    throw new RangeError(`Unified permission "${p.id}" has no "${target.level}" level`);
  }
  return { permissionId: p.id, group: p.group, name: p.name, level: target.level };
}

/** `Group \ Name (level)` for notes and reasons, e.g. `Security operations \ Alerts (manage)`. */
export function permissionLabel(target: PermissionTarget): string {
  const p = byId.get(target.permissionId);
  return `${p ? `${p.group} \\ ${p.name}` : target.permissionId} (${target.level})`;
}
