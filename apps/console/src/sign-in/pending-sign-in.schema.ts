import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A sign-in sent to the identity provider and not back yet: the PKCE verifier, state and nonce the
 * answer must match. Kept under the SHA-256 of a short-lived cookie and deleted when used.
 */
@Schema({ collection: 'console_sign_ins', versionKey: false })
export class PendingSignInDocument {
  @Prop({ type: String })
  _id!: string;

  @Prop({ required: true }) codeVerifier!: string;
  @Prop({ required: true }) state!: string;
  @Prop({ required: true }) nonce!: string;
  @Prop({ required: true }) returnTo!: string;
  @Prop({ required: true, index: true }) expiresAt!: Date;
}

export const PendingSignInSchema = SchemaFactory.createForClass(PendingSignInDocument);
