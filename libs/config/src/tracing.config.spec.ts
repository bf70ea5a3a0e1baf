import { loadTracingConfig } from './tracing.config';

describe('loadTracingConfig', () => {
  it('exports nothing by default', () => {
    expect(loadTracingConfig({})).toEqual({ otlpTracesUrl: undefined });
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toEqual({
      otlpTracesUrl: undefined,
    });
  });

  it("sends traces to the OTLP base URL's /v1/traces", () => {
    expect(
      loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).otlpTracesUrl,
    ).toBe('http://collector:4318/v1/traces');
  });

  it('takes the traces endpoint as given when it is set', () => {
    const config = loadTracingConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.com/otlp',
    });
    expect(config.otlpTracesUrl).toBe('https://traces.example.com/otlp');
  });

  it('refuses an endpoint that is not a URL, naming the variable', () => {
    expect(() => loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: must be an http\(s\) URL/,
    );
  });
});
