export * from './roles';
export * from './token-verifier';
export * from './staff-auth.guard';
export * from './auth.module';
export * from './current-staff.decorator';
