import { checkWebBaseUrl } from '../../functions/src/lib/config';

describe('WEB_BASE_URL (what plain QR codes on posters point at)', () => {
  it('defaults to the local H5 server on the local stage only', () => {
    expect(checkWebBaseUrl('local', undefined)).toBe('http://127.0.0.1:10086');
    expect(checkWebBaseUrl('local', 'http://127.0.0.1:4550/')).toBe('http://127.0.0.1:4550');
    expect(() => checkWebBaseUrl('prod', undefined)).toThrow(/WEB_BASE_URL must be the public https address/);
    expect(() => checkWebBaseUrl('prod', '')).toThrow(/WEB_BASE_URL/);
  });

  it.each(['http://127.0.0.1:10086', 'https://localhost', 'https://127.0.0.1:8443', 'https://[::1]/', 'http://h5.example.cn', 'not a url'])(
    'refuses %s outside local, so no loopback or plain-http URL reaches a printed poster',
    (value) => {
      expect(() => checkWebBaseUrl('prod', value)).toThrow(/WEB_BASE_URL/);
    },
  );

  it('accepts the public https address of the H5 app', () => {
    expect(checkWebBaseUrl('prod', 'https://h5.example.cn/')).toBe('https://h5.example.cn');
  });
});
