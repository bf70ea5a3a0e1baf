export * from './health.module';
export * from './health-routes';
export * from './health-http.server';
export * from './readiness';
export * from './health-port.config';
