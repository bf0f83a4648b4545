import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small stand-in for SSM Parameter Store, speaking the AWS JSON 1.1 protocol the real
 * SDK client uses for GetParameter (POST /, `X-Amz-Target: AmazonSSM.GetParameter`,
 * body `{Name, WithDecryption}` → `{Parameter: {Name, Type, Value, Version}}`; an unknown
 * name → 400 `{__type: "ParameterNotFound"}`). SecureStrings come back in clear only with
 * WithDecryption, as from the real service.
 */
export interface FakeSsm {
  url: string;
  parameters: Map<string, { value: string; secure: boolean }>;
  requests: { target: string; name: string; withDecryption: boolean }[];
  stop: () => Promise<void>;
}

export function startFakeSsm(): Promise<FakeSsm> {
  const parameters = new Map<string, { value: string; secure: boolean }>();
  const requests: FakeSsm['requests'] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = JSON.parse(raw || '{}') as { Name?: string; WithDecryption?: boolean };
      requests.push({ target, name: body.Name ?? '', withDecryption: body.WithDecryption === true });
      if (req.method !== 'POST' || target !== 'AmazonSSM.GetParameter') return send(400, { __type: 'UnknownOperationException', message: target });
      const found = parameters.get(body.Name ?? '');
      if (!found) return send(400, { __type: 'ParameterNotFound', message: `Parameter ${body.Name} not found.` });
      const value = found.secure && body.WithDecryption !== true ? `AQICAH-encrypted-${found.value.length}` : found.value;
      send(200, { Parameter: { Name: body.Name, Type: found.secure ? 'SecureString' : 'String', Value: value, Version: 1 } });
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, parameters, requests, stop: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
