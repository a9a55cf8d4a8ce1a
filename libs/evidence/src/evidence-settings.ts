import { applyDecorators } from '@nestjs/common';
import { IsOptional, Matches } from 'class-validator';

/** `EVIDENCE_SIGNING_KEY`, validated the same way by every service that signs bundles. */
export const EvidenceSigningKeySetting = () =>
  applyDecorators(
    IsOptional(),
    Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'EVIDENCE_SIGNING_KEY must be 32 random bytes, base64url (43 characters): npm run compose:env makes one' }),
  );

/** What production refuses without: a bundle signed with a key that dies with the process cannot be checked later. */
export function evidenceKeyProblems(signingKey: string | undefined): string[] {
  return signingKey ? [] : ['EVIDENCE_SIGNING_KEY: evidence bundles must be signed with a kept key in production (32 random bytes, base64url)'];
}
