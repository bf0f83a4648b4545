import { reloadConfig } from '../../functions/src/lib/config';

/** The document of a stage lists only the routes that stage has. */
function documentOn(stage: string): { paths: Record<string, unknown> } {
  process.env.STAGE = stage;
  reloadConfig();
  let doc: { paths: Record<string, unknown> } | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    doc = require('../../functions/src/platform/openapi').openApiDocument();
  });
  return doc!;
}

afterAll(() => {
  process.env.STAGE = 'local';
  reloadConfig();
});

describe('the OpenAPI document per stage', () => {
  it('documents dev-login on local only', () => {
    expect(Object.keys(documentOn('local').paths)).toContain('/auth/dev-login');
    const prod = Object.keys(documentOn('prod').paths);
    expect(prod).not.toContain('/auth/dev-login');
    expect(prod).toEqual(expect.arrayContaining(['/auth/login', '/me']));
  });
});
