import { DynamicModule, Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AUDIT_ENTRY_MODEL, AuditEntrySchema } from './audit-entry.schema';
import { AuditController } from './audit.controller';
import { AuditTrail } from './audit-trail';

/**
 * The service's audit trail (`audit_entries` in its own database) and `GET /api/v1/audit`.
 * Needs PlatformModule (clock, config, service name, auth).
 */
@Global()
@Module({})
export class AuditModule {
  static forService(): DynamicModule {
    return {
      module: AuditModule,
      imports: [MongooseModule.forFeature([{ name: AUDIT_ENTRY_MODEL, schema: AuditEntrySchema }])],
      controllers: [AuditController],
      providers: [AuditTrail],
      exports: [AuditTrail],
    };
  }
}
