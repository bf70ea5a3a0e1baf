export * from './api-key';
export * from './principals';
export * from './auth.guards';
export * from './auth-failures';
export * from './operator-keys';
