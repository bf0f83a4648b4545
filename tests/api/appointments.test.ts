import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { listAudit } from '../../functions/src/audit/storage';
import { ensureCode, newToken } from '../../functions/src/codes/domain';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { orgItems } from '../../functions/src/org/storage';
import { principalOf } from '../../functions/src/roles/appointments';
import { createInvite } from '../../functions/src/roles/invites';
import { getMeta } from '../../functions/src/roles/storage';
import { useStackTable } from '../support/ddb';
import { stackEnv } from '../support/env';
import { call, devLogin } from '../support/http';

beforeAll(useStackTable);

/** A street of this test's own (the demo street stays as other suites expect it). */
const sfx = randomUUID().slice(0, 8);
const ST = `st-t-${sfx}`;
const CM = `cm-t-${sfx}`;
const CM2 = `cm-t2-${sfx}`;
const GD = `gd-t-${sfx}`;
const BD = `bd-t-${sfx}`;
const SN = `sn-t-${sfx}`;
const BUILDING_TOKEN = newToken();

async function seedStreet(): Promise<void> {
  const items = orgItems({
    streets: [{ id: ST, name: `测试街道${sfx}` }],
    communities: [
      { id: CM, streetId: ST, streetName: '测试街道', name: '测试社区', address: '测试路 1 号', gridCount: 1, buildingCount: 1 },
      { id: CM2, streetId: ST, streetName: '测试街道', name: '测试二社区', address: '测试路 2 号', gridCount: 0, buildingCount: 0 },
    ],
    grids: [{ id: GD, communityId: CM, name: '测试第一网格', branchName: '测试网格党支部', secretaryName: '王书记', workerName: '', workerPhone: '' }],
    buildings: [{ id: BD, communityId: CM, gridId: GD, estate: '测试家园', name: '1 栋' }],
  });
  items.push({ ...keys.station(SN), ...keys.communityChild(CM, 'STATION', SN), entity: 'Station', id: SN, communityId: CM, name: '测试驿站', address: '测试路 1 号' });
  for (const Item of items) await ddb().send(new PutCommand({ TableName: tableName(), Item }));
  await ensureCode('building', BD, CM, '测试家园 1 栋', BUILDING_TOKEN);
}

const run = promisify(execFile);
/** `npm run admin -- …` as a child process against the test stack's DynamoDB Local. */
async function admin(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'scripts/admin.ts', ...args], {
      env: { ...process.env, DYNAMODB_ENDPOINT: stackEnv.dynamoEndpoint, TABLE_NAME: stackEnv.tableName, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 60_000,
    });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

interface Person {
  token: string;
  userId: string;
  openid: string;
}
async function person(label: string): Promise<Person> {
  const openid = `${label}-${sfx}-${randomUUID().slice(0, 6)}`;
  const token = await devLogin(openid);
  const me = await call('GET', '/me', { token });
  return { token, userId: me.body.user.id, openid };
}

async function invite(by: Person, role: string, scopeId: string): Promise<string> {
  const res = await call('POST', '/invites', { token: by.token, body: { role, scopeId } });
  expect([res.status, res.body.error]).toEqual([201, undefined]);
  return res.body.token;
}

async function accept(who: Person, token: string, body: unknown = {}) {
  return call('POST', `/invites/${token}/accept`, { token: who.token, body });
}

const auditCount = async (communityId: string) => (await listAudit('COMMUNITY', communityId, { limit: 50 })).items.length;

let root: Person;
let streetAdmin: Person;
let communityAdmin: Person;

beforeAll(async () => {
  await seedStreet();
  root = await person('root');
  streetAdmin = await person('street');
  communityAdmin = await person('cadmin');
}, 60_000);

describe('npm run admin: the command line makes the first system administrator', () => {
  it('grants root to an openid, shows it with who, writes the system audit entry, and refuses a bad scope', async () => {
    const before = (await listAudit('ROOT', '-', { limit: 50 })).items.length;
    const granted = await admin('grant', root.openid, 'root');
    expect(granted).toEqual({ code: 0, out: expect.stringContaining('已任命') });
    const who = await admin('who', root.openid);
    expect(who.out).toContain('系统管理员');
    expect((await listAudit('ROOT', '-', { limit: 50 })).items.length).toBe(before + 1);
    const me = await call('GET', '/me', { token: root.token });
    expect([me.body.root, me.body.roleNames]).toEqual([true, expect.arrayContaining(['root'])]);

    const bad = await admin('grant', root.openid, 'planet:x');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('无法识别的范围');
    const unknown = await admin('grant', root.openid, `community:cm-none-${sfx}`);
    expect([unknown.code, unknown.out]).toEqual([1, expect.stringContaining('未找到该社区')]);
  }, 120_000);

  it('grants to an openid that never logged in (creating the user), revokes, and the role is gone at once', async () => {
    const openid = `cli-new-${sfx}`;
    expect((await admin('grant', openid, `street:${ST}`)).code).toBe(0);
    const token = await devLogin(openid);
    expect((await call('GET', '/me', { token })).body.streets).toEqual([{ id: ST, name: `测试街道${sfx}` }]);
    const revoked = await admin('revoke', openid, `street:${ST}`);
    expect([revoked.code, revoked.out]).toEqual([0, expect.stringContaining('已撤销')]);
    expect((await call('GET', '/me', { token })).body.streets).toEqual([]);
    const again = await admin('revoke', openid, `street:${ST}`);
    expect([again.code, again.out]).toEqual([1, expect.stringContaining('未找到该任命')]);
  }, 120_000);
});

describe('invitations down the tree: root → street admin → community admin → staff', () => {
  it('each level invites the next; the invitee accepts and holds the role on the next request', async () => {
    const streetInvite = await invite(root, 'street', ST);
    const shown = await call('GET', `/invites/${streetInvite}`);
    expect(shown.body).toMatchObject({ role: 'street', roleLabel: '街道管理员', scopeName: `测试街道${sfx}`, status: 'open' });
    expect(shown.body.url).toContain(`/#/packages/invite/index?t=${streetInvite}`);
    expect(Date.parse(shown.body.expiresAt) - Date.now()).toBeGreaterThan(71.9 * 3600_000);
    expect((await accept(streetAdmin, streetInvite)).status).toBe(200);
    const streetMe = await call('GET', '/me', { token: streetAdmin.token });
    expect(streetMe.body.roleNames).toContain('street');
    expect(streetMe.body.adminCommunities.map((c: { id: string }) => c.id).sort()).toEqual([CM, CM2].sort());

    const adminInvite = await invite(streetAdmin, 'admin', CM);
    expect((await accept(communityAdmin, adminInvite)).body).toEqual({ role: 'admin', roleLabel: '社区管理员', scopeId: CM, scopeName: '测试社区' });

    const staff = await person('staff');
    const staffInvite = await invite(communityAdmin, 'staff', SN);
    expect((await accept(staff, staffInvite)).status).toBe(200);
    expect((await call('GET', '/me', { token: staff.token })).body.staffStations).toEqual([{ id: SN, name: '测试驿站' }]);

    const people = await call('GET', `/communities/${CM}/people`, { token: communityAdmin.token });
    expect(people.status).toBe(200);
    expect(people.body.items.map((p: { role: string; scopeId: string; userId: string }) => [p.role, p.scopeId, p.userId])).toEqual(
      expect.arrayContaining([
        ['admin', CM, communityAdmin.userId],
        ['staff', SN, staff.userId],
      ]),
    );
  });

  it('refuses roles and scopes the caller may not give (403), and a second accept of a used link (409)', async () => {
    const resident = await person('resident');
    const cases: [Person, string, string][] = [
      [resident, 'staff', SN],
      [communityAdmin, 'street', ST],
      [communityAdmin, 'admin', CM],
      [communityAdmin, 'staff', 'sn-xingfu-centre'],
      [streetAdmin, 'admin', 'cm-xingfu'],
      [streetAdmin, 'street', ST],
    ];
    for (const [who, role, scopeId] of cases) {
      const res = await call('POST', '/invites', { token: who.token, body: { role, scopeId } });
      expect([role, scopeId, res.status]).toEqual([role, scopeId, 403]);
      expect(res.body.error.message).toMatch(/无权/);
    }
    expect((await call('POST', '/invites', { token: communityAdmin.token, body: { role: 'root', scopeId: '-' } })).status).toBe(400);
    expect((await call('GET', `/communities/${CM}/people`, { token: resident.token })).status).toBe(403);
    expect((await call('GET', `/communities/cm-xingfu/people`, { token: communityAdmin.token })).status).toBe(403);
    expect((await call('GET', `/communities/${CM}/audit`, { token: resident.token })).status).toBe(403);
    expect((await call('POST', '/invites', { body: { role: 'staff', scopeId: SN } })).status).toBe(401);

    const token = await invite(communityAdmin, 'staff', SN);
    const first = await person('first');
    expect((await accept(first, token)).status).toBe(200);
    const second = await accept(await person('second'), token);
    expect([second.status, second.body.error.code, second.body.error.message]).toEqual([409, 'INVITE_USED', '该邀请已被使用，每个邀请只能使用一次']);
    expect((await call('GET', `/invites/${token}`)).status).toBe(409);
  });

  it('two people accepting one invitation at once: exactly one gets the role, the other a 409 in Chinese (many rounds)', async () => {
    for (let round = 0; round < 12; round++) {
      const token = await invite(communityAdmin, 'staff', SN);
      const [a, b] = await Promise.all([person(`race-a${round}`), person(`race-b${round}`)]);
      const results = await Promise.all([accept(a, token), accept(b, token)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.error.message).toBe('该邀请已被使用，每个邀请只能使用一次');
      const staffOf = await Promise.all([a, b].map(async (p) => (await call('GET', '/me', { token: p.token })).body.staffStations.length));
      expect(staffOf.sort()).toEqual([0, 1]);
    }
  }, 120_000);

  it('a revoked or expired invitation is 410 with a Chinese message', async () => {
    const token = await invite(communityAdmin, 'staff', SN);
    const revoked = await call('DELETE', `/invites/${token}`, { token: communityAdmin.token });
    expect([revoked.status, revoked.body.status]).toEqual([200, 'revoked']);
    const invitee = await person('late');
    const res = await accept(invitee, token);
    expect([res.status, res.body.error.code, res.body.error.message]).toEqual([410, 'INVITE_REVOKED', '该邀请已被撤销，请联系邀请人重新邀请']);
    expect((await call('GET', `/invites/${token}`)).status).toBe(410);

    const inviter = (await principalOf(communityAdmin.userId))!;
    const old = await createInvite(inviter, { role: 'staff', scopeId: SN }, new Date(Date.now() - 73 * 3600_000));
    const expired = await accept(invitee, old.token);
    expect([expired.status, expired.body.error.code]).toEqual([410, 'INVITE_EXPIRED']);
    expect(expired.body.error.message).toContain('已过期');
    expect((await call('GET', '/me', { token: invitee.token })).body.staffStations).toEqual([]);
    expect((await call('GET', `/invites/tok-unknown-${sfx}`)).status).toBe(404);
  });
});

describe('the open-invitation limit', () => {
  it('refuses the 21st open invitation with 422, and takes one again after a revocation', async () => {
    const busy = await person('busy');
    const inviter = await person('inviter');
    expect((await admin('grant', inviter.openid, `community:${CM}`)).code).toBe(0);
    const tokens: string[] = [];
    for (let i = 0; i < 20; i++) tokens.push(await invite(inviter, 'staff', SN));
    const over = await call('POST', '/invites', { token: inviter.token, body: { role: 'staff', scopeId: SN } });
    expect([over.status, over.body.error.code]).toEqual([422, 'TOO_MANY_INVITES']);
    expect(over.body.error.message).toContain('最多同时保留 20 个');
    expect((await call('GET', '/invites', { token: inviter.token })).body.items).toHaveLength(20);
    expect((await accept(busy, tokens[0])).status).toBe(200);
    expect((await call('DELETE', `/invites/${tokens[1]}`, { token: inviter.token })).status).toBe(200);
    await invite(inviter, 'staff', SN);
    await invite(inviter, 'staff', SN);
    expect((await call('POST', '/invites', { token: inviter.token, body: { role: 'staff', scopeId: SN } })).status).toBe(422);
  }, 120_000);
});

describe('revocation, the last-admin rule and the audit log', () => {
  it('nobody can revoke the last admin of a community; two admins revoked at once leave exactly one', async () => {
    const a = await person('lone');
    expect((await admin('grant', a.openid, `community:${CM2}`)).code).toBe(0);
    // Whoever else administers CM2 (other tests) goes first.
    const people = await call('GET', `/communities/${CM2}/people?limit=50`, { token: streetAdmin.token });
    for (const p of people.body.items.filter((x: { role: string; userId: string }) => x.role === 'admin' && x.userId !== a.userId)) {
      expect((await call('DELETE', `/roles/${p.userId}/admin/${CM2}`, { token: streetAdmin.token })).status).toBe(200);
    }
    const logged = await auditCount(CM2);
    const last = await call('DELETE', `/roles/${a.userId}/admin/${CM2}`, { token: streetAdmin.token });
    expect([last.status, last.body.error.code, last.body.error.message]).toEqual([422, 'LAST_ADMIN', '不能撤销社区的最后一位管理员，请先任命新的管理员']);
    expect(await auditCount(CM2)).toBe(logged);
    // A community admin does not appoint or revoke community admins: that is the street's.
    expect((await call('DELETE', `/roles/${a.userId}/admin/${CM2}`, { token: a.token })).status).toBe(403);

    for (let round = 0; round < 5; round++) {
      const b = await person(`pair${round}`);
      expect((await accept(b, await invite(streetAdmin, 'admin', CM2))).status).toBe(200);
      const [current] = (await call('GET', `/communities/${CM2}/people?limit=50`, { token: streetAdmin.token })).body.items.filter((x: { role: string; userId: string }) => x.role === 'admin' && x.userId !== b.userId);
      const results = await Promise.all([
        call('DELETE', `/roles/${b.userId}/admin/${CM2}`, { token: streetAdmin.token }),
        call('DELETE', `/roles/${current.userId}/admin/${CM2}`, { token: root.token }),
      ]);
      expect(results.map((r) => r.status).filter((s) => s === 200)).toHaveLength(1);
      const admins = (await call('GET', `/communities/${CM2}/people?limit=50`, { token: streetAdmin.token })).body.items.filter((x: { role: string }) => x.role === 'admin');
      expect(admins).toHaveLength(1);
    }
  }, 120_000);

  it('a revoked staff member loses the role on the next request; the log shows both changes newest first', async () => {
    const staff = await person('gone');
    await accept(staff, await invite(communityAdmin, 'staff', SN));
    expect((await call('GET', '/me', { token: staff.token })).body.roleNames).toContain('staff');
    // The station's staff list item (a booking's recipients, read with its other reads) follows the role.
    const listed = async () => [...(((await getMeta(keys.stationStaffList(SN)))?.userIds as Set<string> | undefined) ?? [])];
    expect(await listed()).toContain(staff.userId);
    const outsider = await call('DELETE', `/roles/${staff.userId}/staff/${SN}`, { token: staff.token });
    expect(outsider.status).toBe(403);
    const res = await call('DELETE', `/roles/${staff.userId}/staff/${SN}`, { token: communityAdmin.token });
    expect([res.status, res.body]).toEqual([200, { revoked: true }]);
    expect((await call('GET', '/me', { token: staff.token })).body.roleNames).not.toContain('staff');
    expect(await listed()).not.toContain(staff.userId);
    expect((await call('DELETE', `/roles/${staff.userId}/staff/${SN}`, { token: communityAdmin.token })).status).toBe(404);
    expect((await call('DELETE', `/roles/${staff.userId}/root/-`, { token: communityAdmin.token })).status).toBe(400);

    const log = await call('GET', `/communities/${CM}/audit?limit=2`, { token: communityAdmin.token });
    expect(log.status).toBe(200);
    expect(log.body.items.map((e: { action: string; target: { id: string } }) => [e.action, e.target.id])).toEqual([
      ['role.revoke', staff.userId],
      ['role.grant', staff.userId],
    ]);
    expect(log.body.items[0]).toMatchObject({ actionLabel: '撤销任命', actorId: communityAdmin.userId, before: { role: 'staff', scopeId: SN } });
    expect(typeof log.body.nextCursor).toBe('string');
    const next = await call('GET', `/communities/${CM}/audit?limit=2&cursor=${log.body.nextCursor}`, { token: communityAdmin.token });
    expect(next.body.items[0].at <= log.body.items[1].at).toBe(true);
    // The street admin sees the community's log too.
    expect((await call('GET', `/communities/${CM}/audit?limit=1`, { token: streetAdmin.token })).status).toBe(200);
  });
});

describe('grid workers are appointed, and the building page follows', () => {
  it('the invitee gives name and work phone; the grid and the building page show them (masked); revocation clears both', async () => {
    const page = () => call('GET', `/buildings/${BD}?code=${BUILDING_TOKEN}`);
    const token = await invite(communityAdmin, 'gridWorker', GD);
    const worker = await person('worker');
    const missing = await accept(worker, token);
    expect([missing.status, missing.body.error.fields]).toEqual([400, [{ path: 'name', message: '请填写姓名' }, { path: 'phone', message: '请填写工作电话' }]]);
    const bad = await accept(worker, token, { name: '李网格', phone: '123' });
    expect([bad.status, bad.body.error.fields[0].path]).toEqual([400, 'phone']);
    expect((await accept(worker, token, { name: '李网格', phone: '13700001234' })).status).toBe(200);
    expect(await getMeta(keys.grid(GD))).toMatchObject({ workerName: '李网格', workerPhone: '13700001234', workerUserId: worker.userId });
    const shown = await page();
    expect(shown.body.grid).toMatchObject({ workerName: '李网格', workerPhoneMasked: '137****1234' });
    expect(JSON.stringify(shown.body)).not.toContain('13700001234');
    expect((await call('GET', '/me', { token: worker.token })).body.grids).toEqual([{ id: GD, name: '测试第一网格' }]);

    const second = await accept(await person('worker2'), await invite(communityAdmin, 'gridWorker', GD), { name: '王二', phone: '13700005678' });
    expect([second.status, second.body.error.code]).toEqual([409, 'GRID_HAS_WORKER']);

    const people = await call('GET', `/communities/${CM}/people?limit=50`, { token: communityAdmin.token });
    expect(people.body.items.find((p: { role: string }) => p.role === 'gridWorker')).toMatchObject({ name: '李网格', phone: '13700001234', scopeName: '测试第一网格' });

    expect((await call('DELETE', `/roles/${worker.userId}/gridWorker/${GD}`, { token: communityAdmin.token })).status).toBe(200);
    expect((await page()).body.grid.workerName).toBe('');
    expect((await getMeta(keys.grid(GD)))?.workerUserId).toBeUndefined();
  });
});
