import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse, type Method } from 'axios';
import { z } from 'zod';
import {
  SchemaRegistryRejectedError,
  SchemaRegistryUnavailableError,
} from './schema-registry.errors';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** Confluent's error codes, which Apicurio's compatibility API answers with too. */
export const RegistryErrorCodes = { subjectNotFound: 40401, schemaNotFound: 40403 } as const;

export type CompatibilityLevel =
  | 'BACKWARD'
  | 'BACKWARD_TRANSITIVE'
  | 'FORWARD'
  | 'FORWARD_TRANSITIVE'
  | 'FULL'
  | 'FULL_TRANSITIVE'
  | 'NONE';

export interface SchemaRegistryClientOptions {
  /** Base URL of a Confluent-compatible API, e.g. `http://127.0.0.1:18181/apis/ccompat/v7`. */
  url: string;
  timeoutMs: number;
}

export interface RegistrySchema {
  /** The schema text as registered. */
  schema: string;
  /** `AVRO` when the registry leaves it out (Confluent does for Avro). */
  schemaType: string;
}

export type SchemaLookup =
  { found: true; id: number; version: number } | { found: false; subjectExists: boolean };

export interface CompatibilityVerdict {
  compatible: boolean;
  /** Why not, when the registry says (Confluent does with `verbose=true`; Apicurio does not). */
  messages: string[];
}

const schemaBody = z.object({ schema: z.string(), schemaType: z.string().optional() });
const idBody = z.object({ id: z.number().int() });
const lookupBody = z.object({ id: z.number().int(), version: z.number().int() });
const compatibilityBody = z.object({
  is_compatible: z.boolean(),
  messages: z.array(z.string()).optional(),
});
const errorBody = z.object({ error_code: z.number().optional(), message: z.string().optional() });

/**
 * The Confluent Schema Registry REST API (the part Handoff uses), over axios. Answers are
 * classified here, at the edge: 404 is "not there", a refusal is a `SchemaRegistryRejectedError`,
 * and no answer, a timeout, a 5xx or refused credentials are a `SchemaRegistryUnavailableError`.
 * https://docs.confluent.io/platform/current/schema-registry/develop/api.html
 */
export class SchemaRegistryClient {
  /** The URL without credentials, for messages. */
  readonly displayUrl: string;
  private readonly http: AxiosInstance;

  constructor(options: SchemaRegistryClientOptions) {
    this.displayUrl = withoutCredentials(options.url);
    this.http = axios.create({
      baseURL: options.url.replace(/\/+$/, ''),
      timeout: options.timeoutMs,
      headers: { Accept: `${CONTENT_TYPE}, application/json`, 'Content-Type': CONTENT_TYPE },
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({ keepAlive: true }),
      validateStatus: () => true,
    });
  }

  /** GET /schemas/ids/{id}: the schema behind a wire id, or undefined when the registry has none. */
  async schemaById(id: number): Promise<RegistrySchema | undefined> {
    const res = await this.send('GET', `/schemas/ids/${id}`);
    if (res.status === 404) return undefined;
    const body = this.parse(schemaBody, this.ok(res, `schema id ${id}`), `schema id ${id}`);
    return { schema: body.schema, schemaType: body.schemaType ?? 'AVRO' };
  }

  /** POST /subjects/{subject}: where this schema is registered under the subject, if it is. */
  async lookup(subject: string, schema: string): Promise<SchemaLookup> {
    const what = `the lookup of a schema under ${subject}`;
    const res = await this.send('POST', `/subjects/${encodeURIComponent(subject)}`, { schema });
    if (res.status === 404) {
      return {
        found: false,
        subjectExists: registryCode(res) !== RegistryErrorCodes.subjectNotFound,
      };
    }
    const body = this.parse(lookupBody, this.ok(res, what), what);
    return { found: true, id: body.id, version: body.version };
  }

  /** POST /subjects/{subject}/versions: the schema's id (the same one when it is already there). */
  async register(subject: string, schema: string): Promise<number> {
    const what = `the registration of a schema under ${subject}`;
    const path = `/subjects/${encodeURIComponent(subject)}/versions`;
    const res = await this.send('POST', path, { schema });
    return this.parse(idBody, this.ok(res, what), what).id;
  }

  /** PUT /config/{subject}: the compatibility rule new versions of the subject must pass. */
  async setCompatibility(subject: string, level: CompatibilityLevel): Promise<void> {
    const res = await this.send('PUT', `/config/${encodeURIComponent(subject)}`, {
      compatibility: level,
    });
    this.ok(res, `setting ${subject}'s compatibility to ${level}`);
  }

  /** POST /compatibility/subjects/{subject}/versions/latest: could this schema be the next version? */
  async checkCompatibility(subject: string, schema: string): Promise<CompatibilityVerdict> {
    const what = `the compatibility check of a schema against ${subject}`;
    const path = `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest`;
    const res = await this.send('POST', `${path}?verbose=true`, { schema });
    // Confluent answers 404 for a subject without versions: nothing to be incompatible with.
    if (res.status === 404 && registryCode(res) === RegistryErrorCodes.subjectNotFound) {
      return { compatible: true, messages: [] };
    }
    const body = this.parse(compatibilityBody, this.ok(res, what), what);
    return { compatible: body.is_compatible, messages: body.messages ?? [] };
  }

  private async send(method: Method, path: string, data?: unknown): Promise<AxiosResponse> {
    try {
      return await this.http.request({ method, url: path, data });
    } catch (cause) {
      const reason = axios.isAxiosError(cause) ? (cause.code ?? cause.message) : String(cause);
      throw new SchemaRegistryUnavailableError(
        `schema registry at ${this.displayUrl} did not answer ${method} ${path} (${reason})`,
        { cause },
      );
    }
  }

  /** The body of a 2xx; otherwise the classified error. */
  private ok(res: AxiosResponse, what: string): unknown {
    if (res.status >= 200 && res.status < 300) return res.data;
    const detail = errorBody.safeParse(res.data);
    const message =
      `schema registry at ${this.displayUrl} refused ${what}: HTTP ${res.status}` +
      (detail.success && detail.data.message ? ` (${detail.data.message})` : '');
    if (isOutage(res.status)) throw new SchemaRegistryUnavailableError(message);
    throw new SchemaRegistryRejectedError(res.status, registryCode(res), message);
  }

  private parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    throw new SchemaRegistryUnavailableError(
      `schema registry at ${this.displayUrl} answered ${what} with an unexpected body`,
    );
  }
}

/** Not the request's fault: worth asking again later (credentials included: they get fixed). */
function isOutage(status: number): boolean {
  return status >= 500 || [401, 403, 408, 429].includes(status);
}

function registryCode(res: AxiosResponse): number | undefined {
  const detail = errorBody.safeParse(res.data);
  return detail.success ? detail.data.error_code : undefined;
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/+$/, '');
  } catch {
    return url;
  }
}
