import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { AdminUnits } from '@cp/admin-units';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import { unitFor } from '../jurisdiction';
import { parsePeriod } from '../statistics/period';
import { StatisticsQueryDto, STATISTICS_READERS, asKnownAtOf } from '../statistics/statistics.controller';
import { renderCsv } from './render/csv';
import { renderDocx } from './render/docx';
import { renderXlsx } from './render/xlsx';
import { PeriodicReportQuery } from './reports.queries';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'docx'] as const;

export class PeriodicReportQueryDto extends StatisticsQueryDto {
  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    description: 'json (default), csv, xlsx (data annexes) or docx',
  })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: (typeof REPORT_FORMATS)[number];
}

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly units: AdminUnits,
  ) {}

  @Get('periodic')
  @Roles(...STATISTICS_READERS)
  @ApiOperation({
    summary:
      'Half-year or annual report of a commune, a province or the nation (JSON, CSV, XLSX, DOCX), as known at any past instant',
  })
  async periodic(
    @CurrentUser() user: AuthUser,
    @Query() q: PeriodicReportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const unit = unitFor(this.units, user, q.unit);
    const period = parsePeriod(q.period, q.from, q.to);
    const report = await this.queries.execute(new PeriodicReportQuery(unit, period, asKnownAtOf(q)));
    const format = q.format ?? 'json';
    if (format === 'json') return report;
    const name = `bao-cao-bvte-${unit}-${q.period ?? `${report.period.from}_${report.period.to}`}`;
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="${name}.${format}"`);
    const body =
      format === 'csv'
        ? Buffer.from(renderCsv(report), 'utf8')
        : format === 'xlsx'
          ? await renderXlsx(report)
          : await renderDocx(report);
    return new StreamableFile(body);
  }
}
