import { Controller, DynamicModule, Get, Global, Header, Logger, Module } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '@forewarn/auth';
import { EvidenceSigningKey } from './signing-key';

/** Where each service publishes the public key of its evidence bundles. */
export const EVIDENCE_KEY_PATH = '.well-known/forewarn-evidence-key';

export interface EvidenceOptions {
  /** The 32-byte Ed25519 seed, base64url; without it (development, tests) a key is made at start. */
  signingKey?: string;
}

class EvidenceKeyView {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: 'Ed25519';
  @ApiProperty({ pattern: '^[0-9a-f]{16}$', description: 'the first 16 hex digits of the SHA-256 of the raw public key, as bundles name it' }) keyId!: string;
  @ApiProperty({ description: 'SPKI, PEM' }) publicKeyPem!: string;
}

@ApiTags('evidence')
@Controller(EVIDENCE_KEY_PATH)
class EvidenceKeyController {
  constructor(private readonly key: EvidenceSigningKey) {}

  @Get()
  @Public()
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'The public key that checks the signature of this service\'s evidence bundles (npm run verify-bundle -- --key-url)' })
  @ApiOkResponse({ type: EvidenceKeyView })
  publicKey(): EvidenceKeyView {
    return { algorithm: 'Ed25519', keyId: this.key.keyId, publicKeyPem: this.key.publicKeyPem };
  }
}

/** The signing key of evidence bundles and its well-known URL. */
@Global()
@Module({})
export class EvidenceModule {
  static forService(options: EvidenceOptions): DynamicModule {
    const key = () => {
      if (options.signingKey) return EvidenceSigningKey.fromSeed(options.signingKey);
      new Logger('Evidence').warn('EVIDENCE_SIGNING_KEY is not set: bundles are signed with a key made at start, which the next start replaces');
      return EvidenceSigningKey.generate();
    };
    return {
      module: EvidenceModule,
      controllers: [EvidenceKeyController],
      providers: [{ provide: EvidenceSigningKey, useFactory: key }],
      exports: [EvidenceSigningKey],
    };
  }
}
