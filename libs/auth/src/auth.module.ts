import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { StaffAuthGuard } from './staff-auth.guard';
import { TokenVerifier, TokenVerifierOptions } from './token-verifier';

@Module({})
export class AuthModule {
  static forRoot(options: TokenVerifierOptions): DynamicModule {
    return {
      module: AuthModule,
      providers: [{ provide: TokenVerifier, useValue: new TokenVerifier(options) }, { provide: APP_GUARD, useClass: StaffAuthGuard }],
      exports: [TokenVerifier],
    };
  }
}
