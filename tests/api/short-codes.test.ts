import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { pngTexts } from '../../functions/src/codes/poster';
import { stackEnv } from '../support/env';
import { call, callAllPages, devLogin } from '../support/http';

/** A building's code as the admin's list shows it. */
async function listed(targetId: string): Promise<{ token: string; shortCode: string }> {
  const admin = await devLogin('demo-admin');
  const list = await callAllPages('/communities/cm-xingfu/codes', { token: admin });
  return list.items.find((c: { targetId: string }) => c.targetId === targetId);
}

/** The poster PNG as printed: its QR text and the short code under the QR. */
async function poster(token: string): Promise<{ printed: string; qr: string }> {
  const res = await fetch(`${stackEnv.apiUrl}/codes/${token}/poster.png`);
  const png = Buffer.from(await res.arrayBuffer());
  const img = PNG.sync.read(png);
  const qr = jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height)!.data;
  return { printed: pngTexts(png)['Short code'], qr };
}

describe('short codes and the grid worker over HTTP', () => {
  it('GET /codes/{code} takes the printed short code as typed, and answers the code', async () => {
    const p = await listed('bd-xingfu-3');
    const printed = `${p.shortCode.slice(0, 4)}-${p.shortCode.slice(4)}`;
    for (const typed of [printed, printed.toLowerCase(), p.shortCode]) {
      const res = await call('GET', `/codes/${encodeURIComponent(typed)}`);
      expect([res.status, res.body.token, res.body.targetId]).toEqual([200, p.token, 'bd-xingfu-3']);
    }
    const unknown = await call('GET', '/codes/2345-6789');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    // The poster prints exactly that code under the QR that carries the token.
    const printedOnPoster = await poster(p.token);
    expect(printedOnPoster.printed).toBe(printed);
    expect(printedOnPoster.qr).toContain(p.token);
  });

  it('POST /buildings/{id}/grid-worker/reveal: login and the building code needed, then the full number', async () => {
    const p = await listed('bd-xingfu-3');
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
