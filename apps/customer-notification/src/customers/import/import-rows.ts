import { BadRequestException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { parse } from 'csv-parse/sync';
import { nullPaths } from '@forewarn/platform';
import { ContactDto, ImportCustomerDto } from '../customer.dto';
import type { CustomerStatus } from '../customer.schema';

/** One contact of one customer (or a customer alone) as the file gave it. */
export interface ImportRow {
  /** JSON: the element's position (1 = first). CSV: the spreadsheet row (1 = the header). */
  row: number;
  externalId: string;
  customerName: string;
  status?: CustomerStatus;
  contact?: ContactDto;
}

export interface RejectedRow {
  row: number;
  externalId?: string;
  field: string;
  reason: string;
}

export interface ParsedImport {
  rows: ImportRow[];
  rejected: RejectedRow[];
  /** Rows the file held, good and bad. */
  total: number;
}

/** The CSV columns: one row per contact; a row with neither contactName nor email lists a customer alone. */
export const CSV_COLUMNS = ['externalId', 'customerName', 'contactName', 'email', 'receives', 'status'] as const;
const REQUIRED_CSV_COLUMNS = ['externalId', 'customerName', 'contactName', 'email'];

function firstProblem(errors: ValidationError[], prefix = ''): { field: string; reason: string } {
  const e = errors[0];
  const field = `${prefix}${e.property}`;
  if (e.constraints) return { field, reason: Object.values(e.constraints)[0] };
  return firstProblem(e.children ?? [], `${field}.`);
}

function validated<T extends object>(cls: new () => T, plain: unknown): { value: T } | { field: string; reason: string } {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return { field: '', reason: 'must be an object' };
  const value = plainToInstance(cls, plain);
  const [nullField] = nullPaths(value);
  if (nullField !== undefined) return { field: nullField, reason: `${nullField} must not be null (leave it out instead)` };
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length === 0 ? { value } : firstProblem(errors);
}

/** A JSON import: an array of `{ externalId, name, status?, contacts?: [{ name, email, receives? }] }`. */
export function rowsFromJson(body: unknown): ParsedImport {
  if (!Array.isArray(body)) throw new BadRequestException('body: a JSON import is an array of customers (or send text/csv)');
  const parsed: ParsedImport = { rows: [], rejected: [], total: body.length };
  body.forEach((element: unknown, index) => {
    const row = index + 1;
    const customer = validated(ImportCustomerDto, element);
    if (!('value' in customer)) {
      const externalId = (element as { externalId?: unknown } | null)?.externalId;
      parsed.rejected.push({ row, ...(typeof externalId === 'string' ? { externalId } : {}), ...customer });
      return;
    }
    const { externalId, name: customerName, status, contacts = [] } = customer.value;
    parsed.rows.push({ row, externalId, customerName, status });
    contacts.forEach((plain, i) => {
      const contact = validated(ContactDto, plain);
      if ('value' in contact) parsed.rows.push({ row, externalId, customerName, status, contact: contact.value });
      else parsed.rejected.push({ row, externalId, field: `contacts.${i}${contact.field ? `.${contact.field}` : ''}`, reason: contact.reason });
    });
  });
  return parsed;
}

/** A CSV import with a header row naming the columns of `CSV_COLUMNS` (any order, any case). */
export function rowsFromCsv(text: string): ParsedImport {
  let records: { record: Record<string, string>; info: { records: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => CSV_COLUMNS.find((c) => c.toLowerCase() === h.trim().toLowerCase()) ?? h.trim()),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    });
  } catch (e) {
    throw new BadRequestException(`body: the CSV cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const header = records.length > 0 ? Object.keys(records[0].record) : [];
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => records.length > 0 && !header.includes(c));
  if (missing.length > 0) throw new BadRequestException(`body: the CSV header lacks the column(s) ${missing.join(', ')}; columns: ${CSV_COLUMNS.join(', ')}`);
  const parsed: ParsedImport = { rows: [], rejected: [], total: records.length };
  for (const { record, info } of records) {
    const row = info.records + 1;
    const externalId = record.externalId || undefined;
    const customer = validated(ImportCustomerDto, {
      externalId: record.externalId,
      name: record.customerName,
      ...(record.status ? { status: record.status } : {}),
    });
    if (!('value' in customer)) {
      parsed.rejected.push({ row, ...(externalId ? { externalId } : {}), field: customer.field === 'name' ? 'customerName' : customer.field, reason: customer.reason.replace(/^name /, 'customerName ') });
      continue;
    }
    const { name: customerName, status } = customer.value;
    if (!record.contactName && !record.email) {
      parsed.rows.push({ row, externalId: customer.value.externalId, customerName, status });
      continue;
    }
    const receives = record.receives ? record.receives.split(';').map((r) => r.trim()).filter(Boolean) : undefined;
    const contact = validated(ContactDto, { name: record.contactName, email: record.email, ...(receives ? { receives } : {}) });
    if ('value' in contact) {
      parsed.rows.push({ row, externalId: customer.value.externalId, customerName, status, contact: contact.value });
    } else {
      const field = contact.field === 'name' ? 'contactName' : contact.field;
      parsed.rejected.push({ row, externalId: customer.value.externalId, field, reason: contact.reason.replace(/^name /, 'contactName ') });
    }
  }
  return parsed;
}
