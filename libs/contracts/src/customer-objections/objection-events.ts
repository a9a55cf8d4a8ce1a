import { IsDateTime } from '../envelope/date-time';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** Events on `customer.objections.v1`, keyed by changeId. */
export const CustomerObjectionEventTypes = {
  received: 'com.forewarn.customer.objection.received.v1',
  withdrawn: 'com.forewarn.customer.objection.withdrawn.v1',
  /** A customer under specific authorisation approved the change (its contact, through the signed link). */
  authorisationGiven: 'com.forewarn.customer.authorisation.given.v1',
} as const;

abstract class ObjectionEventBase {
  @IsString() @IsNotEmpty() objectionId!: string;
  @IsString() @IsNotEmpty() changeId!: string;
  @IsString() @IsNotEmpty() customerId!: string;
  @IsString() @IsNotEmpty() customerName!: string;
  @IsString() @IsNotEmpty() contactId!: string;
}

/** A customer contact objected to a change through the signed link in its notice. */
export class CustomerObjectionReceived extends ObjectionEventBase {
  @IsEmail() contactEmail!: string;
  @IsString() @IsNotEmpty() @MaxLength(4000) reason!: string;
  @IsDateTime() receivedAt!: string;
}

/** The contact withdrew the objection. */
export class CustomerObjectionWithdrawn extends ObjectionEventBase {
  @IsDateTime() withdrawnAt!: string;
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

/** A customer under specific prior authorisation approved the change, through one of its contacts. */
export class CustomerAuthorisationGiven {
  @IsString() @IsNotEmpty() approvalId!: string;
  @IsString() @IsNotEmpty() changeId!: string;
  @IsString() @IsNotEmpty() customerId!: string;
  @IsString() @IsNotEmpty() customerName!: string;
  @IsString() @IsNotEmpty() contactId!: string;
  @IsEmail() contactEmail!: string;
  @IsDateTime() givenAt!: string;
}
