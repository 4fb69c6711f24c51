import {
  MAX_NAME_LENGTH,
  MAX_PRINCIPALS_PER_ROLE,
  formatIssuePath,
  parseSourceSnapshot,
  type SnapshotIssue,
} from '../../../shared/schemas/sourceSnapshot';
import { guid, readContosoSample, TENANT } from '../domain/helpers';

const valid = () => ({
  schema: 'source-snapshot/v1',
  tenantId: TENANT,
  capturedAt: '2026-11-30T10:00:00Z',
  directory: [{ id: guid(1), type: 'group', displayName: 'SOC' }],
  mde: {
    permissionMode: 'rbac',
    roles: [{ id: '1', name: 'SOC', permissions: ['Alerts investigation'], assignedGroupIds: [guid(1)] }],
  },
});

function issues(doc: unknown): SnapshotIssue[] {
  const r = parseSourceSnapshot(doc);
  if (r.ok) throw new Error('expected the document to be rejected');
  return r.issues;
}

describe('source snapshot v1 schema', () => {
  test('accepts the shipped sample', () => {
    expect(parseSourceSnapshot(readContosoSample()).ok).toBe(true);
  });

  test('accepts a minimal document: every product section is optional', () => {
    const r = parseSourceSnapshot({ schema: 'source-snapshot/v1', tenantId: TENANT, capturedAt: '2026-11-30T10:00:00+01:00', directory: [] });
    expect(r.ok && r.snapshot.mde).toBeUndefined();
  });

  test('accepts upper-case GUIDs and ignores unknown keys inside sections', () => {
    const doc = valid();
    const r = parseSourceSnapshot({
      ...doc,
      tenantId: TENANT.toUpperCase(),
      mde: { ...doc.mde, exportedBy: 'newer-tool', roles: [{ ...doc.mde.roles[0], color: 'red' }] },
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.snapshot.mde?.roles[0]).not.toHaveProperty('color');
  });

  test('rejects an unknown top-level key, naming it', () => {
    expect(issues({ ...valid(), sentinel: {} })).toEqual([{ path: 'sentinel', message: 'Unknown key "sentinel"' }]);
  });

  test('rejects a wrong schema string', () => {
    expect(issues({ ...valid(), schema: 'source-snapshot/v2' }).map((i) => i.path)).toEqual(['schema']);
  });

  test('rejects a missing tenantId', () => {
    const { tenantId: _omit, ...doc } = valid();
    expect(issues(doc).map((i) => i.path)).toEqual(['tenantId']);
  });

  test('rejects a bad GUID deep inside a role, with its path', () => {
    const doc = valid();
    doc.mde.roles[0]!.assignedGroupIds = ['not-a-guid'];
    expect(issues(doc)).toEqual([{ path: 'mde.roles[0].assignedGroupIds[0]', message: 'Expected a GUID (Entra object id)' }]);
  });

  test('rejects a capturedAt that is not ISO-8601 with a zone', () => {
    expect(issues({ ...valid(), capturedAt: '30/11/2026' }).map((i) => i.path)).toEqual(['capturedAt']);
    expect(issues({ ...valid(), capturedAt: '2026-11-30T10:00:00' }).map((i) => i.path)).toEqual(['capturedAt']);
  });

  test('rejects duplicate role ids within a section', () => {
    const doc = valid();
    doc.mde.roles.push({ ...doc.mde.roles[0]!, name: 'Other' });
    expect(issues(doc)).toEqual([{ path: 'mde.roles[1].id', message: expect.stringContaining('Duplicate MDE role id "1"') }]);
  });

  test('rejects duplicate directory ids (case-insensitive)', () => {
    const doc = { ...valid(), directory: [...valid().directory, { id: guid(1).toUpperCase(), type: 'user' }] };
    expect(issues(doc).map((i) => i.path)).toEqual(['directory[1].id']);
  });

  test('rejects duplicate MDO role group ids per kind, but not across kinds', () => {
    const rg = { id: 'Organization Management', name: 'Organization Management', roles: [], memberIds: [] };
    expect(
      issues({ ...valid(), mdo: { emailCollaborationRoleGroups: [rg, rg] } }).map((i) => i.path),
    ).toEqual(['mdo.emailCollaborationRoleGroups[1].id']);
    expect(parseSourceSnapshot({ ...valid(), mdo: { emailCollaborationRoleGroups: [rg], exchangeOnlineRoleGroups: [rg] } }).ok).toBe(true);
  });

  test('enforces bounds against hostile documents', () => {
    const doc = valid();
    doc.mde.roles[0]!.name = 'x'.repeat(MAX_NAME_LENGTH + 1);
    expect(issues(doc).map((i) => i.path)).toEqual(['mde.roles[0].name']);
    const many = valid();
    many.mde.roles[0]!.assignedGroupIds = Array.from({ length: MAX_PRINCIPALS_PER_ROLE + 1 }, (_, i) => guid(i));
    expect(issues(many).map((i) => i.path)).toEqual(['mde.roles[0].assignedGroupIds']);
  });

  test('rejects an unknown permission mode and an unknown directory type', () => {
    const doc = valid();
    expect(issues({ ...doc, mde: { ...doc.mde, permissionMode: 'legacy' } }).map((i) => i.path)).toEqual(['mde.permissionMode']);
    expect(issues({ ...doc, directory: [{ id: guid(1), type: 'device' }] }).map((i) => i.path)).toEqual(['directory[0].type']);
  });

  test('formats paths with indexes and quoted odd keys', () => {
    expect(formatIssuePath(['mdo', 'exchangeOnlineRoleGroups', 2, 'memberIds', 0])).toBe('mdo.exchangeOnlineRoleGroups[2].memberIds[0]');
    expect(formatIssuePath([])).toBe('');
    expect(formatIssuePath(['a b'])).toBe('["a b"]');
  });
});
