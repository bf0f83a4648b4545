import { openApiDocument } from '../../functions/src/platform/openapi';
import { routes } from '../../shared/src/api/routes';

describe('the OpenAPI document', () => {
  const doc = openApiDocument() as any;

  it('is OpenAPI 3.1 with every route of the shared table', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const [name, r] of Object.entries(routes)) {
      const op = doc.paths[r.path]?.[r.method];
      expect(op).toBeDefined();
      expect(op.operationId).toBe(name);
    }
  });

  it('describes request bodies from the same zod schemas the API validates with', () => {
    const login = doc.paths['/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/LoginRequest' });
    expect(doc.components.schemas.LoginRequest.required).toEqual(['code']);
    expect(doc.components.schemas.DevLoginRequest.properties.openid.pattern).toBe('^[A-Za-z0-9_-]+$');
  });

  it('marks routes that need a token and documents the error body', () => {
    expect(doc.paths['/me'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/me'].get.responses['401'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorBody' });
    expect(doc.paths['/communities'].get.security).toBeUndefined();
  });
});
