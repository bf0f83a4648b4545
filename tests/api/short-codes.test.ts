import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { pngTexts } from '../../functions/src/codes/poster';
import { stackEnv } from '../support/env';
import { call, devLogin } from '../support/http';

/** The building code a poster carries: the admin lists the codes, the poster PNG is fetched as printed. */
async function posterOf(targetId: string): Promise<{ token: string; shortCode: string; printed: string; qr: string }> {
  const admin = await devLogin('demo-admin');
  const list = await call('GET', '/communities/cm-xingfu/codes', { token: admin });
  expect(list.status).toBe(200);
  const code = list.body.items.find((c: { targetId: string }) => c.targetId === targetId);
  const res = await fetch(`${stackEnv.apiUrl}/codes/${code.token}/poster.png`);
  const png = Buffer.from(await res.arrayBuffer());
  const img = PNG.sync.read(png);
  const qr = jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height)!.data;
  return { token: code.token, shortCode: code.shortCode, printed: pngTexts(png)['Short code'], qr };
}

describe('short codes and the grid worker over HTTP', () => {
  it('GET /codes/{code} takes the printed short code as typed, and answers the code', async () => {
    const p = await posterOf('bd-xingfu-3');
    expect(p.printed).toBe(`${p.shortCode.slice(0, 4)}-${p.shortCode.slice(4)}`);
    expect(p.qr).toContain(p.token);
    for (const typed of [p.printed, p.printed.toLowerCase(), p.shortCode]) {
      const res = await call('GET', `/codes/${encodeURIComponent(typed)}`);
      expect([res.status, res.body.token, res.body.targetId]).toEqual([200, p.token, 'bd-xingfu-3']);
    }
    const unknown = await call('GET', '/codes/2345-6789');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('POST /buildings/{id}/grid-worker/reveal: login and the building code needed, then the full number', async () => {
    const p = await posterOf('bd-xingfu-3');
    const path = `/buildings/bd-xingfu-3/grid-worker/reveal?code=${p.token}`;
    expect((await call('POST', path)).status).toBe(401);
    const resident = await devLogin(`api-grid-viewer-${Date.now()}`);
    expect((await call('POST', `/buildings/bd-xingfu-3/grid-worker/reveal?code=AAAAAAAAAAAAAAAAAAAAAA`, { token: resident })).status).toBe(404);
    expect((await call('POST', `/buildings/bd-xingfu-3/grid-worker/reveal`, { token: resident })).status).toBe(400);
    const res = await call('POST', path, { token: resident });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: expect.any(String), phone: expect.stringMatching(/^1\d{10}$/), remainingToday: expect.any(Number) });
    const page = await call('GET', `/buildings/bd-xingfu-3?code=${p.token}`);
    expect(page.body.grid.workerPhoneMasked.slice(-4)).toBe(res.body.phone.slice(-4));
    expect(JSON.stringify(page.body)).not.toContain(res.body.phone);
  });
});
