import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SchemaRegistryClient } from './schema-registry.client';
import {
  SchemaRegistryRejectedError,
  SchemaRegistryUnavailableError,
} from './schema-registry.errors';

type Reply = { status: number; body?: unknown; delayMs?: number };

/** A real HTTP server answering what each test wants; only the client's classification is under test. */
async function serve(reply: (path: string) => Reply): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const { status, body, delayMs = 0 } = reply(req.url ?? '');
    setTimeout(() => {
      res.writeHead(status, { 'Content-Type': 'application/vnd.schemaregistry.v1+json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://user:secret@127.0.0.1:${port}/apis/ccompat/v7` };
}

describe('SchemaRegistryClient', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  async function clientFor(reply: (path: string) => Reply, timeoutMs = 1_000) {
    const served = await serve(reply);
    server = served.server;
    return new SchemaRegistryClient({ url: served.url, timeoutMs });
  }

  it('reads a schema by id, and answers undefined for an id the registry does not have', async () => {
    const client = await clientFor((path) =>
      path.endsWith('/schemas/ids/7')
        ? { status: 200, body: { schema: '"string"' } }
        : { status: 404, body: { error_code: 40403, message: 'Schema not found' } },
    );
    await expect(client.schemaById(7)).resolves.toEqual({ schema: '"string"', schemaType: 'AVRO' });
    await expect(client.schemaById(8)).resolves.toBeUndefined();
  });

  it('tells a missing subject from a missing schema on lookup', async () => {
    const client = await clientFor((path) =>
      path.includes('/subjects/known')
        ? { status: 404, body: { error_code: 40403 } }
        : { status: 404, body: { error_code: 40401 } },
    );
    await expect(client.lookup('known', '"string"')).resolves.toEqual({
      found: false,
      subjectExists: true,
    });
    await expect(client.lookup('new', '"string"')).resolves.toEqual({
      found: false,
      subjectExists: false,
    });
  });

  it('makes a 409 a rejection carrying the status and the registry code', async () => {
    const client = await clientFor(() => ({
      status: 409,
      body: { error_code: 409, message: 'Incompatible' },
    }));
    const register = client.register('s', '"string"');
    await expect(register).rejects.toBeInstanceOf(SchemaRegistryRejectedError);
    await expect(register).rejects.toMatchObject({
      status: 409,
      registryCode: 409,
      retryable: false,
    });
    await expect(register).rejects.toThrow(
      /refused the registration of a schema under s: HTTP 409 \(Incompatible\)/,
    );
  });

  it.each([
    ['a 503', { status: 503 }],
    ['a 401', { status: 401 }],
    ['a timeout', { status: 200, body: { schema: '"string"' }, delayMs: 500 }],
    ['an unexpected body', { status: 200, body: '<html>' }],
  ])(
    'makes %s "registry unavailable", a retryable error without credentials in it',
    async (_, reply) => {
      const client = await clientFor(() => reply, 200);
      const fetch = client.schemaById(1);
      await expect(fetch).rejects.toBeInstanceOf(SchemaRegistryUnavailableError);
      await expect(fetch).rejects.toMatchObject({ retryable: true });
      await expect(fetch).rejects.not.toThrow(/secret/);
    },
  );

  it('makes a refused connection "registry unavailable"', async () => {
    const client = await clientFor(() => ({ status: 200 }));
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    await expect(client.schemaById(1)).rejects.toThrow(
      /did not answer GET \/schemas\/ids\/1 \(ECONNREFUSED\)/,
    );
  });
});
