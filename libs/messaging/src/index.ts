export * from './topics/topic-catalog';
export * from './kafkajs/kafkajs-admin';
