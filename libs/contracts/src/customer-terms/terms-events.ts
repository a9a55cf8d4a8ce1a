import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { IsDateTime } from '../envelope/date-time';
import { MINIMUM_NOTICE_PERIOD_DAYS } from '../subprocessor-changes/notice-period';

/** Events on `customer.terms.v1`, keyed by customerId. */
export const CustomerTermsEventTypes = {
  termsChanged: 'com.forewarn.customer.terms.changed.v1',
  deactivated: 'com.forewarn.customer.deactivated.v1',
} as const;

/**
 * How a customer's data processing agreement lets the company change subprocessors: `general`
 * written authorisation (told in advance, may object) or `specific` prior authorisation (SCC 2021
 * Clause 9(a) Option 1: the change may not apply to its data until it approves).
 */
export const AUTHORISATION_KINDS = ['general', 'specific'] as const;
export type AuthorisationKind = (typeof AUTHORISATION_KINDS)[number];

/** The longest notice period a customer's terms may ask (a year). */
export const MAXIMUM_NOTICE_PERIOD_DAYS = 365;

abstract class CustomerTermsEventBase {
  @IsString() @IsNotEmpty() customerId!: string;
  @IsString() @IsNotEmpty() customerName!: string;
  /** Counts the customer's writes: a consumer keeps the event with the highest. */
  @IsInt() @Min(0) revision!: number;
}

/** A customer's terms as they now stand (also sent when an inactive customer becomes active again). */
export class CustomerTermsChanged extends CustomerTermsEventBase {
  @IsInt() @Min(MINIMUM_NOTICE_PERIOD_DAYS) @Max(MAXIMUM_NOTICE_PERIOD_DAYS) noticePeriodDays!: number;
  @IsIn(AUTHORISATION_KINDS) authorisation!: AuthorisationKind;
  @IsDateTime() changedAt!: string;
}

/** The customer is no longer served: its terms no longer bind a change. */
export class CustomerDeactivated extends CustomerTermsEventBase {
  @IsDateTime() deactivatedAt!: string;
}
