import { checkResolvedAddresses, endpointUrlProblem, EndpointRefusedError, isPublicAddress, privateTargetExceptionsOf } from './endpoint-address';

describe('webhook endpoint addresses', () => {
  it('lets through only globally routable unicast addresses', () => {
    for (const a of ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '8.8.8.8']) expect([a, isPublicAddress(a)]).toEqual([a, true]);
    const internal = ['127.0.0.1', '10.1.2.3', '172.16.0.9', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-address'];
    for (const a of internal) expect([a, isPublicAddress(a)]).toEqual([a, false]);
  });

  const rules = { httpsOnly: true, exceptions: privateTargetExceptionsOf('') };

  it('accepts a public https URL and explains every refusal', () => {
    expect(endpointUrlProblem('https://hooks.acme.example/forewarn?x=1', rules)).toBeUndefined();
    expect(endpointUrlProblem('http://hooks.acme.example/', rules)).toBe('must be https');
    expect(endpointUrlProblem('http://hooks.acme.example/', { ...rules, httpsOnly: false })).toBeUndefined();
    expect(endpointUrlProblem('ftp://hooks.acme.example/', { ...rules, httpsOnly: false })).toBe('must be http or https');
    expect(endpointUrlProblem('not a url', rules)).toBe('must be an absolute URL');
    expect(endpointUrlProblem('https://u:p@hooks.acme.example/', rules)).toMatch(/user name or password/);
    expect(endpointUrlProblem('https://hooks.acme.example/#x', rules)).toMatch(/fragment/);
    expect(endpointUrlProblem(`https://hooks.acme.example/${'a'.repeat(2048)}`, rules)).toMatch(/at most 2048/);
  });

  it('refuses internal addresses and names at registration', () => {
    for (const url of ['https://127.0.0.1/', 'https://10.0.0.5/hook', 'https://169.254.169.254/latest/meta-data', 'https://[::1]:8443/', 'https://[::ffff:192.168.0.1]/']) {
      expect([url, endpointUrlProblem(url, rules)]).toEqual([url, expect.stringMatching(/internal address/)]);
    }
    for (const url of ['https://localhost/', 'https://api.localhost/', 'https://metadata.internal/', 'https://printer.local/', 'https://intranet/']) {
      expect([url, endpointUrlProblem(url, rules)]).toEqual([url, expect.stringMatching(/is internal/)]);
    }
  });

  it('lets an excepted host and port through, and only that port', () => {
    const excepted = { httpsOnly: false, exceptions: privateTargetExceptionsOf('127.0.0.1:4567, Localhost:80') };
    expect(endpointUrlProblem('http://127.0.0.1:4567/hook', excepted)).toBeUndefined();
    expect(endpointUrlProblem('http://localhost/hook', excepted)).toBeUndefined();
    expect(endpointUrlProblem('http://127.0.0.1:4568/hook', excepted)).toMatch(/internal address/);
  });

  it('checks what a name resolves to at delivery time', () => {
    const none = privateTargetExceptionsOf(undefined);
    expect(checkResolvedAddresses('hooks.acme.example', 443, ['93.184.215.14'], none)).toBe('93.184.215.14');
    expect(() => checkResolvedAddresses('rebound.example', 443, ['93.184.215.14', '10.0.0.7'], none)).toThrow(new EndpointRefusedError('rebound.example resolves to 10.0.0.7, which is an internal address: not delivered'));
    expect(() => checkResolvedAddresses('gone.example', 443, [], none)).toThrow(EndpointRefusedError);
    expect(() => checkResolvedAddresses('10.0.0.7', 443, ['10.0.0.7'], none)).toThrow('10.0.0.7 is an internal address: not delivered');
    expect(checkResolvedAddresses('localhost', 4567, ['127.0.0.1'], privateTargetExceptionsOf('localhost:4567'))).toBe('127.0.0.1');
  });
});
