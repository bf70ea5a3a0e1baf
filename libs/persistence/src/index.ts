export * from './data-source.factory';
export * from './migration.runner';
export * from './database-url.util';
export * from './scratch-database.factory';
export * from './migrations/persistence.migrations';
export { MessagingBackbone1795617000000 } from './migrations/1795617000000-messaging-backbone.migration';
export { OutboxRelayAfter1795620000000 } from './migrations/1795620000000-outbox-relay-after.migration';
export { ActivationSaga1795630000000 } from './migrations/1795630000000-activation-saga.migration';
export { SubscriberKeys1795640000000 } from './migrations/1795640000000-subscriber-keys.migration';
