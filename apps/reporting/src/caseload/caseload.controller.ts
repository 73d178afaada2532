import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { AdminUnits } from '@cp/admin-units';
import { covers } from '../jurisdiction';
import { CurrentUser, Roles, caseReadUnits, type AuthUser } from '@cp/auth';
import {
  CASE_STATUSES,
  CONCERNS,
  DomainError,
  PROTECTION_LEVELS,
  type CaseStatus,
  type Concern,
  type ProtectionLevel,
} from '@cp/contracts';

export class CaseloadQueryDto {
  @ApiPropertyOptional({
    description: 'Commune (5 digits), province (2 digits) or VN; defaults to your first unit',
  })
  @IsOptional()
  @Matches(/^(VN|\d{2}|\d{5})$/, {
    message: 'unit must be VN, a 2-digit province code or a 5-digit commune code',
  })
  unit?: string;

  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ enum: PROTECTION_LEVELS, description: 'Protection level decided at the assessment' })
  @IsOptional()
  @IsIn(PROTECTION_LEVELS)
  level?: ProtectionLevel;

  @ApiPropertyOptional({ enum: CONCERNS, description: 'Form of abuse or issue recorded on the case' })
  @IsOptional()
  @IsIn(CONCERNS)
  form?: Concern;

  @ApiPropertyOptional({ description: "Assigned worker's user id, or `me`" })
  @IsOptional()
  @Matches(/^[\w.@:-]{1,200}$/, { message: 'worker must be a user id or me' })
  worker?: string;

  @ApiPropertyOptional({ description: 'Only cases with a deadline missed or past due' })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 500 })
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

@ApiTags('caseload')
@ApiBearerAuth()
@Controller('cases')
export class CaseloadController {
  constructor(
    private readonly ds: DataSource,
    private readonly units: AdminUnits,
  ) {}

  @Get()
  @Roles('commune_worker', 'commune_chair', 'provincial_officer', 'inspector')
  @ApiOperation({ summary: 'Caseload of a commune, a province or the nation' })
  async list(@CurrentUser() user: AuthUser, @Query() q: CaseloadQueryDto) {
    // A commune role counts only its communes (a province or VN on its token gives it nothing).
    const acting = caseReadUnits(user);
    const unit = q.unit ?? acting[0];
    if (!unit || !covers(this.units, acting, unit)) {
      throw new DomainError(
        'CASELOAD.OUT_OF_JURISDICTION',
        `You do not act for unit ${unit ?? '(none)'}.`,
        'forbidden',
      );
    }
    const where: string[] = [];
    const params: unknown[] = [];
    if (unit.length === 5) {
      params.push(unit);
      where.push(`commune_code = $${params.length}`);
    } else if (unit.length === 2) {
      params.push(unit);
      where.push(`province_code = $${params.length}`);
    }
    if (q.status) {
      params.push(q.status);
      where.push(`status = $${params.length}`);
    }
    if (q.level) {
      params.push(q.level);
      where.push(`level = $${params.length}`);
    }
    if (q.form) {
      params.push(q.form);
      where.push(`$${params.length} = ANY(concerns)`);
    }
    if (q.worker) {
      params.push(q.worker === 'me' ? user.sub : q.worker);
      where.push(`assigned_worker_id = $${params.length}`);
    }
    // Overdue: a deadline was reported missed and not met since, or the next one is already past.
    if (q.overdue) where.push(`(missed_count > 0 OR next_due_at < now())`);
    params.push(q.limit ?? 100);
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT case_id, commune_code, province_code, status, level, urgent, concerns, source_kind, contact_id,
              received_at, opened_at, initial_assessment_due_at, next_due_at, missed_count, assigned_worker_id,
              case_version
       FROM rm_caseload ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY received_at DESC LIMIT $${params.length}`,
      params,
    );
    return {
      unit,
      count: rows.length,
      items: rows.map((r) => ({
        caseId: r.case_id,
        communeCode: String(r.commune_code),
        provinceCode: String(r.province_code),
        status: r.status,
        level: r.level,
        urgent: r.urgent,
        concerns: r.concerns,
        source: r.source_kind,
        contactId: r.contact_id,
        receivedAt: new Date(r.received_at as string).toISOString(),
        openedAt: new Date(r.opened_at as string).toISOString(),
        initialAssessmentDueAt: r.initial_assessment_due_at
          ? new Date(r.initial_assessment_due_at as string).toISOString()
          : null,
        nextDueAt: r.next_due_at ? new Date(r.next_due_at as string).toISOString() : null,
        missedDeadlines: Number(r.missed_count),
        assignedWorkerId: r.assigned_worker_id,
        version: r.case_version,
      })),
    };
  }
}
