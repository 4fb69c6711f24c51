/**
 * Name normalisation. Source exports, Microsoft's mapping tables and the permission catalogue spell
 * the same thing differently (case, dashes, spacing, renamed permissions), so every name is
 * compared in normalised form only.
 */

/** Hyphen-like characters: hyphen, non-breaking hyphen, figure dash, en dash, em dash, bar, minus, small/full-width hyphen-minus. */
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
/** Whitespace incl. no-break and zero-width spaces. */
const SPACES = /[\s\u00A0\u200B\u2007\u202F]+/g;

/**
 * Lexical normal form used for every comparison of source, role and permission names:
 * NFKC, lower case, dashes unified to "-" with one space on each side, whitespace runs collapsed,
 * trimmed. So "View data – Security operations", "view data - security operations" and
 * "View data-Security operations" are equal, as are "View-Only Audit Logs" / "View-only Audit Logs"
 * and "Search And Purge" / "Search and Purge".
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(DASHES, '-')
    .replace(SPACES, ' ')
    .replace(/ ?- ?/g, ' - ')
    .trim()
    .toLowerCase();
}

/**
 * Spelling variants of unified permission names used across the mapping tables
 * (urbac-domain.md section 9). Keys and values are already in `normaliseName` form; a key maps to
 * the catalogue's canonical name. Variants that expand to several permissions or carry a level
 * ("Security setting (All permissions)") are handled by `resolvePermissionPhrase`.
 */
export const PERMISSION_NAME_VARIANTS: Readonly<Record<string, string>> = {
  'security data basic': 'security data basics',
  'email quarantine': 'email & collaboration quarantine',
  'email advanced actions': 'email & collaboration advanced actions',
  'email message headers': 'email & collaboration metadata',
  'email messages headers': 'email & collaboration metadata',
  'email content': 'email & collaboration content',
  'user email content': 'email & collaboration content',
  'email & collaboration content: all emails': 'email & collaboration content',
  'security baselines assessment': 'security baseline assessment',
  'system setting': 'system settings',
  'secure score': 'exposure management',
  'security settings': 'core security settings',
  'security setting': 'core security settings',
};

/** `normaliseName` plus the permission spelling variants: the key for catalogue name lookups. */
export function normalisePermissionName(name: string): string {
  // "and" vs "&" differs between the UI and the tables ("Email and collaboration ..."), so unify it first.
  const lexical = normaliseName(name).replace(/ and /g, ' & ');
  return PERMISSION_NAME_VARIANTS[lexical] ?? lexical;
}
