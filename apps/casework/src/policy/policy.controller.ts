import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import type { Role } from '@cp/contracts';
import {
  CalendarOverrideDto,
  CreatePolicyDto,
  ListPoliciesQueryDto,
  OverridesQueryDto,
  WorkingDaysQueryDto,
} from './policy.dto';
import { PolicyService } from './policy.service';
import type { PolicyRecord } from './policy-rules';

/** Everyone who sees deadlines may see the rule behind them; an inspector any version ever used. */
export const POLICY_READERS: Role[] = [
  'commune_worker',
  'commune_chair',
  'provincial_officer',
  'inspector',
  'admin',
];

type Res = { setHeader: (name: string, value: string) => void };

@ApiTags('deadline-policies')
@ApiBearerAuth()
@Controller('deadline-policies')
export class PolicyController {
  constructor(private readonly policies: PolicyService) {}

  @Get()
  @Roles(...POLICY_READERS)
  @ApiOperation({
    summary: 'Deadline policies, newest first (the built-in national default included under VN)',
  })
  list(@Query() q: ListPoliciesQueryDto): Promise<PolicyRecord[]> {
    return this.policies.list(q.scope);
  }

  @Get(':version')
  @Roles(...POLICY_READERS)
  @ApiOperation({ summary: 'The policy behind a deadline’s policyVersion' })
  get(@Param('version') version: string): Promise<PolicyRecord> {
    return this.policies.get(version);
  }

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Record a new policy version for VN, a province or a commune of your units (never looser than the law)',
  })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreatePolicyDto,
    @Res({ passthrough: true }) res: Res,
  ): Promise<PolicyRecord> {
    const policy = await this.policies.create(user, {
      scope: dto.scope,
      effectiveFrom: dto.effectiveFrom,
      values: { ...dto.values },
      reason: dto.reason,
    });
    res.setHeader('Location', `/api/v1/deadline-policies/${encodeURIComponent(policy.version)}`);
    return policy;
  }
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly policies: PolicyService) {}

  @Get('working-days')
  @Roles(...POLICY_READERS)
  @ApiOperation({
    summary: 'Each local date from `from` to `to` (≤ 400 days): working day, holiday and its name',
  })
  workingDays(@Query() q: WorkingDaysQueryDto) {
    return this.policies.workingDays(q.from, q.to);
  }

  @Get('overrides')
  @Roles(...POLICY_READERS)
  @ApiOperation({ summary: 'Bridge days and swapped Saturdays in force, and the history of admin changes' })
  overrides(@Query() q: OverridesQueryDto) {
    return this.policies.overrides(q.year);
  }

  @Post('overrides')
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({ summary: 'Record a Government decision for one date (national admins only)' })
  addOverride(@CurrentUser() user: AuthUser, @Body() dto: CalendarOverrideDto) {
    return this.policies.addOverride(user, {
      date: dto.date,
      kind: dto.kind,
      name: dto.name,
      source: dto.source,
    });
  }
}
