import { ConfigError } from './load-config';
import { loadDevstackRegistryConfig } from './devstack-registry.config';
import { loadSchemaRegistryConfig } from './schema-registry.config';

describe('loadSchemaRegistryConfig', () => {
  it('uses the local registry by default (no URL), registering schemas once one is given', () => {
    expect(loadSchemaRegistryConfig({})).toEqual({
      url: undefined,
      autoRegister: true,
      timeoutMs: 5_000,
    });
    expect(loadSchemaRegistryConfig({ SCHEMA_REGISTRY_URL: '' }).url).toBeUndefined();
  });

  it('reads the URL without a trailing slash, and check-only mode', () => {
    expect(
      loadSchemaRegistryConfig({
        SCHEMA_REGISTRY_URL: 'http://registry:8080/apis/ccompat/v7/',
        SCHEMA_REGISTRY_AUTO_REGISTER: 'false',
      }),
    ).toMatchObject({ url: 'http://registry:8080/apis/ccompat/v7', autoRegister: false });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadSchemaRegistryConfig({ SCHEMA_REGISTRY_URL: 'registry:8080' })).toThrow(
      /SCHEMA_REGISTRY_URL: must be the http\(s\) URL/,
    );
    expect(() => loadSchemaRegistryConfig({ SCHEMA_REGISTRY_AUTO_REGISTER: 'yes' })).toThrow(
      ConfigError,
    );
  });
});

describe('loadDevstackRegistryConfig', () => {
  it('is off unless asked for, and then runs Apicurio on its ports', () => {
    expect(loadDevstackRegistryConfig({}, {})).toMatchObject({
      mode: 'off',
      url: 'http://127.0.0.1:18181/apis/ccompat/v7',
      managementPort: 18191,
    });
    expect(loadDevstackRegistryConfig({ requested: true }, {}).mode).toBe('own');
    expect(
      loadDevstackRegistryConfig({}, { HANDOFF_REGISTRY: 'on', HANDOFF_REGISTRY_PORT: '38081' }),
    ).toMatchObject({ mode: 'own', url: 'http://127.0.0.1:38081/apis/ccompat/v7' });
  });

  it('checks the registry SCHEMA_REGISTRY_URL names instead of starting one', () => {
    const url = 'http://registry:8081';
    expect(
      loadDevstackRegistryConfig({ requested: true }, { SCHEMA_REGISTRY_URL: url }),
    ).toMatchObject({ mode: 'external', url });
  });
});
