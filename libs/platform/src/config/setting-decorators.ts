import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, Max, Min } from 'class-validator';

/** Environment values are strings; an empty one counts as unset, so the default applies. */
const unsetOr = (convert: (raw: string) => unknown) => ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : convert(String(value));

/** A whole-number setting within bounds. */
export const IntSetting = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  applyDecorators(Transform(unsetOr(Number)), IsInt(), Min(min), Max(max));

/** A number setting (fractions allowed) with a lower bound. */
export const NumberSetting = (min: number) => applyDecorators(Transform(unsetOr(Number)), IsNumber(), Min(min));

const ON = ['1', 'true', 'yes', 'on'];
const OFF = ['0', 'false', 'no', 'off'];

/**
 * An on/off setting: 1/true/yes/on or 0/false/no/off. Anything else is refused at start, so a
 * mistyped value never quietly turns a safeguard off.
 */
export const FlagSetting = () =>
  applyDecorators(
    Transform(unsetOr((raw) => (ON.includes(raw.toLowerCase()) ? true : OFF.includes(raw.toLowerCase()) ? false : raw))),
    IsBoolean({ message: ({ property }) => `${property} must be one of ${[...ON, ...OFF].join(', ')}` }),
  );
