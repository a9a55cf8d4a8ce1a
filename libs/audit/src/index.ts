export * from './domain/audit-entry';
export * from './audit-entry.schema';
export * from './audit-trail';
export * from './audit.module';
