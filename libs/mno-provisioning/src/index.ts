export * from './mno-provisioning.port';
export * from './mno-provisioning.errors';
export * from './mno-provisioning.config';
export * from './mno-provisioning.axios-adapter';
export * from './tmf641/notification-hub';
