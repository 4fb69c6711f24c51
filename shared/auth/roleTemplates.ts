/**
 * Entra ID directory role template ids (the `wids` claim) that the Defender portal honours for
 * the tasks this service performs. Template ids are the same in every tenant and cloud.
 */
export const ENTRA_ROLE_TEMPLATES = {
  GlobalAdministrator: { id: '62e90394-69f5-4237-9190-012177145e10', name: 'Global Administrator' },
  SecurityAdministrator: { id: '194ae4cb-b126-40b2-bd5b-6091b380977d', name: 'Security Administrator' },
  SecurityReader: { id: '5d6b6bb7-de71-4623-b4af-96380a352509', name: 'Security Reader' },
  GlobalReader: { id: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', name: 'Global Reader' },
} as const;

export type EntraRoleKey = keyof typeof ENTRA_ROLE_TEMPLATES;
export type EntraRoleTemplate = (typeof ENTRA_ROLE_TEMPLATES)[EntraRoleKey];

export const ENTRA_ROLE_KEYS = Object.keys(ENTRA_ROLE_TEMPLATES) as EntraRoleKey[];

/** The unified RBAC permission that gates role administration (catalogue id). */
export const AUTHORIZATION_PERMISSION_ID = 'AS.authorization';
