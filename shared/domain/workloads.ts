/** The legacy products an import reads from, and how each appears in Graph's appScopeIds. */
export const WORKLOADS = ['mde', 'mdo', 'mdi', 'mdca'] as const;
export type Workload = (typeof WORKLOADS)[number];

/** Graph `appScopeIds` token of each workload's data source (urbac-domain.md section 8). */
export const DATA_SOURCE_OF: Readonly<Record<Workload, DataSource>> = {
  mde: 'Mde',
  mdo: 'Mdo',
  mdi: 'Mdi',
  mdca: 'Mda',
};
export type DataSource = 'Mde' | 'Mdo' | 'Mdi' | 'Mda';

export const WORKLOAD_DISPLAY_NAME: Readonly<Record<Workload, string>> = {
  mde: 'Microsoft Defender for Endpoint',
  mdo: 'Microsoft Defender for Office 365',
  mdi: 'Microsoft Defender for Identity',
  mdca: 'Microsoft Defender for Cloud Apps',
};
