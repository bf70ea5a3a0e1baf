export * from './activation-kpis';
export * from './kpi-period';
export * from './kpi-report';
