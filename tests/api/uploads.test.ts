import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { MAX_UPLOAD_BYTES } from '../../shared/src/api/uploads';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { attachUploads } from '../../functions/src/uploads/domain';
import { closeDueCrowdfunds } from '../../functions/src/crowdfund/domain';
import { useStackTable } from '../support/ddb';
import { call, devLogin } from '../support/http';
import { jpegHead, pngBytes, postToBucket, uploadOverHttp } from '../support/uploads';

const run = Date.now().toString(36);
const DAY = 24 * 3600_000;
let alice: string;
let bob: string;
let admin: string;

beforeAll(async () => {
  [alice, bob, admin] = await Promise.all([devLogin(`up-alice-${run}`), devLogin(`up-bob-${run}`), devLogin('demo-admin')]);
});

const draft = (photos: string[], deadline = new Date(Date.now() + 30 * DAY).toISOString()) => ({
  communityId: 'cm-xingfu',
  title: `楼道照明 ${run}`,
  story: '幸福家园 3 栋楼道灯坏了很久，大家一起出力换上新灯。',
  deadline,
  photos,
  lines: [{ kind: 'money', title: '灯具', target: 50_000 }],
});

const ticket = (token: string, body: Record<string, unknown>) => call('POST', '/uploads', { token, body });

describe('POST /uploads: a presigned POST for one photo', () => {
  it('needs a login', async () => {
    expect((await call('POST', '/uploads', { body: { purpose: 'crowdfund', contentType: 'image/png', bytes: 100 } })).status).toBe(401);
  });

  it('refuses a file over 5 MB, a type that is not JPG/PNG/WebP and an unknown purpose, naming the field', async () => {
    const big = await ticket(alice, { purpose: 'crowdfund', contentType: 'image/jpeg', bytes: MAX_UPLOAD_BYTES + 1 });
    expect([big.status, big.body.error.fields]).toEqual([400, [{ path: 'bytes', message: '图片不能超过 5 MB，请压缩后再上传' }]]);
    const gif = await ticket(alice, { purpose: 'crowdfund', contentType: 'image/gif', bytes: 100 });
    expect([gif.status, gif.body.error.fields]).toEqual([400, [{ path: 'contentType', message: '只能上传 JPG、PNG 或 WebP 格式的图片' }]]);
    const odd = await ticket(alice, { purpose: 'wallpaper', contentType: 'image/png', bytes: 100 });
    expect([odd.status, odd.body.error.fields[0].path]).toEqual([400, 'purpose']);
  });

  it('chooses the key under the purpose and the day (never the uploader: keys end up in public links), and signs a policy of ≤ 5 MB of that type', async () => {
    const res = await ticket(alice, { purpose: 'crowdfund', contentType: 'image/webp', bytes: 1234 });
    expect(res.status).toBe(201);
    expect(res.body.key).toMatch(/^incoming\/crowdfund\/20\d{6}\/[A-Za-z0-9_-]{22}\.webp$/);
    const me = await call('GET', '/me', { token: alice });
    expect(res.body.key).not.toContain(me.body.user.id);
    expect(res.body.fields).toMatchObject({ key: res.body.key, 'Content-Type': 'image/webp' });
    const policy = JSON.parse(Buffer.from(res.body.fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([['content-length-range', 1, MAX_UPLOAD_BYTES], ['eq', '$Content-Type', 'image/webp'], { key: res.body.key }]),
    );
    expect(res.body.maxBytes).toBe(MAX_UPLOAD_BYTES);
  });
});

describe('saving with uploaded photos (crowdfund photos, receipts)', () => {
  it('a crowdfund keeps the caller’s uploaded photo and answers with a link that shows it', async () => {
    const image = pngBytes(16);
    const key = await uploadOverHttp(alice, 'crowdfund', image);
    const created = await call('POST', '/crowdfunds', { token: alice, body: draft([key]) });
    expect(created.status).toBe(201);
    const kept = key.replace(/^incoming\//, '');
    expect(created.body.photoKeys).toEqual([kept]);
    const shown = await fetch(created.body.photos[0]);
    expect(shown.status).toBe(200);
    expect(Buffer.from(await shown.arrayBuffer())).toEqual(image);

    // Editing the draft: its own photo stays, a new upload joins it; the order is kept.
    const second = await uploadOverHttp(alice, 'crowdfund', jpegHead(), 'image/jpeg');
    const edited = await call('PUT', `/crowdfunds/${created.body.id}`, { token: alice, body: draft([second, kept]) });
    expect([edited.status, edited.body.photoKeys]).toEqual([200, [second.replace(/^incoming\//, ''), kept]]);
    const page = await call('GET', `/crowdfunds/${created.body.id}`, { token: alice });
    expect(page.body.photos).toHaveLength(2);
    expect((await fetch(page.body.photos[1])).status).toBe(200);
  });

  it('refuses someone else’s upload, an upload for another purpose, one never sent, and a key it did not issue (422, field named)', async () => {
    const bobs = await uploadOverHttp(bob, 'crowdfund');
    const notYours = await call('POST', '/crowdfunds', { token: alice, body: draft([bobs]) });
    expect([notYours.status, notYours.body.error.code, notYours.body.error.fields]).toEqual([
      422,
      'UPLOAD_NOT_YOURS',
      [{ path: 'photos.0', message: '照片第 1 张照片不是你上传的，请重新上传' }],
    ]);

    const receipt = await uploadOverHttp(alice, 'receipt');
    const wrongPurpose = await call('POST', '/crowdfunds', { token: alice, body: draft([receipt]) });
    expect([wrongPurpose.status, wrongPurpose.body.error.code, wrongPurpose.body.error.fields[0].path]).toEqual([422, 'UPLOAD_WRONG_PURPOSE', 'photos.0']);

    const ok = await uploadOverHttp(alice, 'crowdfund');
    const neverSent = await ticket(alice, { purpose: 'crowdfund', contentType: 'image/png', bytes: 100 });
    const missing = await call('POST', '/crowdfunds', { token: alice, body: draft([ok, neverSent.body.key]) });
    expect([missing.status, missing.body.error.code, missing.body.error.fields[0].path]).toEqual([422, 'UPLOAD_MISSING', 'photos.1']);
    expect(missing.body.error.message).toBe('照片第 2 张照片尚未上传成功，请重新上传');

    const madeUp = `incoming/crowdfund/up-alice-${run}/AAAAAAAAAAAAAAAAAAAAAA.png`;
    const unknown = await call('POST', '/crowdfunds', { token: alice, body: draft([madeUp]) });
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'UPLOAD_UNKNOWN']);
    // An attached key of another crowdfund is not a way to borrow its photo.
    const borrowed = await call('POST', '/crowdfunds', { token: alice, body: draft([ok.replace(/^incoming\//, '')]) });
    expect([borrowed.status, borrowed.body.error.code]).toEqual([422, 'UPLOAD_UNKNOWN']);
  });

  it('refuses a file that is not an image by its bytes, whatever type it was declared as', async () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const key = await uploadOverHttp(alice, 'crowdfund', html, 'image/png');
    const res = await call('POST', '/crowdfunds', { token: alice, body: draft([key]) });
    expect([res.status, res.body.error.code, res.body.error.fields]).toEqual([
      422,
      'NOT_AN_IMAGE',
      [{ path: 'photos.0', message: '照片第 1 张不是有效的 JPG、PNG 或 WebP 图片，请重新选择' }],
    ]);
    // A real PNG declared as JPEG is refused too: the stored type must be what the bytes are.
    const mislabelled = await uploadOverHttp(alice, 'crowdfund', pngBytes(), 'image/jpeg');
    expect((await call('POST', '/crowdfunds', { token: alice, body: draft([mislabelled]) })).body.error.code).toBe('NOT_AN_IMAGE');
  });

  it('refuses an object over 5 MB even where the store did not enforce the policy (the local S3 does not)', async () => {
    const res = await ticket(alice, { purpose: 'crowdfund', contentType: 'image/jpeg', bytes: MAX_UPLOAD_BYTES });
    const huge = Buffer.concat([jpegHead(), Buffer.alloc(MAX_UPLOAD_BYTES)]);
    expect(await postToBucket(res.body, huge, 'image/jpeg')).toBeLessThan(300);
    const saved = await call('POST', '/crowdfunds', { token: alice, body: draft([res.body.key]) });
    expect([saved.status, saved.body.error.code, saved.body.error.fields[0].path]).toEqual([422, 'UPLOAD_TOO_LARGE', 'photos.0']);
  });

  it('an expense takes the admin’s receipt upload and the public ledger shows it', async () => {
    // A funded crowdfund with money received: create, submit, approve, pledge it all, fulfil, close at the deadline.
    const deadline = new Date(Date.now() + 3600_000).toISOString();
    const created = await call('POST', '/crowdfunds', { token: alice, body: draft([], deadline) });
    const id = created.body.id;
    await call('POST', `/crowdfunds/${id}/submit`, { token: alice });
    await call('POST', `/crowdfunds/${id}/approve`, { token: admin, body: {} });
    const pledge = await call('POST', `/crowdfunds/${id}/pledges`, { token: bob, body: { lineId: 'ln-1', amount: 50_000, clientToken: `up-${run}-pledge` } });
    expect((await call('POST', `/pledges/${pledge.body.id}/fulfil`, { token: admin, body: { method: 'cash' } })).status).toBe(200);
    useStackTable();
    // The deadline closer's run, as the integration tests make it (its schedule is every 5 minutes).
    expect((await closeDueCrowdfunds(new Date(Date.parse(deadline) + 60_000))).closed).toContainEqual({ id, outcome: 'funded' });

    const someoneElses = await uploadOverHttp(alice, 'receipt');
    const refused = await call('POST', `/crowdfunds/${id}/ledger/expenses`, { token: admin, body: { amount: 100, payee: '五金店', purpose: '买灯泡', receiptPhotos: [someoneElses] } });
    expect([refused.status, refused.body.error.code, refused.body.error.fields[0].path]).toEqual([422, 'UPLOAD_NOT_YOURS', 'receiptPhotos.0']);
    const external = await call('POST', `/crowdfunds/${id}/ledger/expenses`, { token: admin, body: { amount: 100, payee: '五金店', purpose: '买灯泡', receiptPhotos: ['https://example.com/r.jpg'] } });
    expect([external.status, external.body.error.code]).toEqual([422, 'UPLOAD_UNKNOWN']);

    const receipt = pngBytes(12, [0x20, 0x80, 0x20]);
    const key = await uploadOverHttp(admin, 'receipt', receipt);
    const expense = await call('POST', `/crowdfunds/${id}/ledger/expenses`, { token: admin, body: { amount: 100, payee: '五金店', purpose: '买灯泡', receiptPhotos: [key] } });
    expect(expense.status).toBe(201);
    const ledger = await call('GET', `/crowdfunds/${id}/ledger`);
    const entry = ledger.body.entries.find((e: { id: string }) => e.id === expense.body.id);
    const shown = await fetch(entry.receiptPhotos[0]);
    expect(Buffer.from(await shown.arrayBuffer())).toEqual(receipt);
  });
});

describe('stations and rooms answer with links that show their photos', () => {
  beforeAll(useStackTable);

  /** A copy of a demo item under a new id, with the given photos and no index keys (so no list shows it). */
  async function copyWithPhotos(kind: 'room' | 'station', fromId: string, id: string, photos: string[]): Promise<void> {
    const from = kind === 'room' ? keys.room(fromId) : keys.station(fromId);
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: from }));
    const copy = Object.fromEntries(Object.entries(Item!).filter(([k]) => !/^gsi\d/.test(k)));
    await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...copy, ...(kind === 'room' ? keys.room(id) : keys.station(id)), id, photos } }));
  }

  it('a room’s and a station’s stored photo keys come back as links that show the images', async () => {
    // What the organisation tree's forms do when they save: an upload of the staff member, attached.
    const staff = await call('POST', '/auth/dev-login', { body: { openid: 'demo-staff' } });
    const principal = { userId: staff.body.user.id, roles: staff.body.user.roles, user: staff.body.user };
    const roomImage = pngBytes(10, [0x10, 0x40, 0xc0]);
    const stationImage = pngBytes(6, [0xf0, 0xc0, 0x10]);
    const [roomKey] = await attachUploads(principal, 'room', [await uploadOverHttp(staff.body.token, 'room', roomImage)], { field: 'photos', label: '照片' });
    const [stationKey] = await attachUploads(principal, 'station', [await uploadOverHttp(staff.body.token, 'station', stationImage)], { field: 'photos', label: '照片' });
    expect([roomKey, stationKey]).toEqual([expect.stringMatching(/^room\//), expect.stringMatching(/^station\//)]);

    await copyWithPhotos('room', 'rm-centre-hall', `rm-photo-${run}`, [roomKey, 'https://img.example.cn/old.jpg']);
    await copyWithPhotos('station', 'sn-xingfu-centre', `sn-photo-${run}`, [stationKey]);
    const room = await call('GET', `/rooms/rm-photo-${run}`);
    expect(room.body.photos[1]).toBe('https://img.example.cn/old.jpg');
    expect(Buffer.from(await (await fetch(room.body.photos[0])).arrayBuffer())).toEqual(roomImage);
    const station = await call('GET', `/stations/sn-photo-${run}`);
    expect(Buffer.from(await (await fetch(station.body.photos[0])).arrayBuffer())).toEqual(stationImage);
  });
});
