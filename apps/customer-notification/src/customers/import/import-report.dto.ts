import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ImportedCustomer, ImportReport } from './customer-import.service';
import type { RejectedRow } from './import-rows';

class ImportedCustomerView implements ImportedCustomer {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() externalId!: string;
  @ApiProperty({ type: [Number], description: 'The rows that named this customer' }) rows!: number[];
}

class UpdatedCustomerView extends ImportedCustomerView {
  @ApiProperty({ enum: ['name', 'status', 'contacts'], isArray: true }) changed!: string[];
}

class RejectedRowView implements RejectedRow {
  @ApiProperty({ description: 'JSON: the element (1 = first). CSV: the spreadsheet row (1 = the header, so data starts at 2)' })
  row!: number;
  @ApiPropertyOptional() externalId?: string;
  @ApiProperty({ example: 'email', description: 'The column (CSV) or field path (JSON) at fault' }) field!: string;
  @ApiProperty({ example: 'email must be an email' }) reason!: string;
}

export class ImportReportView implements ImportReport {
  @ApiProperty({ description: 'Rows (CSV) or elements (JSON) the file held' }) rows!: number;
  @ApiProperty({ type: [ImportedCustomerView] }) created!: ImportedCustomerView[];
  @ApiProperty({ type: [UpdatedCustomerView] }) updated!: UpdatedCustomerView[];
  @ApiProperty({ type: [ImportedCustomerView], description: 'Named by the file, already as it says' }) unchanged!: ImportedCustomerView[];
  @ApiProperty({ type: [RejectedRowView] }) rejected!: RejectedRowView[];
}
