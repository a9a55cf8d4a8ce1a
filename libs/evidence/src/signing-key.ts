import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign } from 'node:crypto';

/** DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows it (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The Ed25519 key that signs evidence bundles. Its public half is published at the service's
 * well-known URL, so a bundle's origin is checked against the service, not against the bundle.
 */
export class EvidenceSigningKey {
  readonly publicKeyPem: string;
  /** The first 16 hex digits of the SHA-256 of the raw public key: what a person compares by eye. */
  readonly keyId: string;

  private constructor(private readonly privateKey: KeyObject) {
    const publicKey = createPublicKey(privateKey);
    this.publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    this.keyId = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  }

  /** From the 32-byte seed, base64url (`EVIDENCE_SIGNING_KEY`). */
  static fromSeed(seedBase64Url: string): EvidenceSigningKey {
    const seed = Buffer.from(seedBase64Url, 'base64url');
    if (seed.length !== 32) throw new Error('EVIDENCE_SIGNING_KEY must be 32 bytes, base64url (43 characters)');
    return new EvidenceSigningKey(createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' }));
  }

  /** A key that lives as long as the process: for development and tests only. */
  static generate(): EvidenceSigningKey {
    return new EvidenceSigningKey(generateKeyPairSync('ed25519').privateKey);
  }

  sign(bytes: Buffer): string {
    return sign(null, bytes, this.privateKey).toString('base64');
  }
}
