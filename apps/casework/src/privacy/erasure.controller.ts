import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import {
  AccessLog,
  ErasePersonalDataDto,
  fieldGroups,
  idempotencyFor,
  parseIfMatch,
  setCommandHeaders,
} from '@cp/platform';
import { CasesService } from '../cases/cases.service';
import type { CaseView } from '../cases/case-view';
import { STEP_RULES } from '../cases/domain/case.permissions';

type Res = Parameters<typeof setCommandHeaders>[0];
type Hdrs = Record<string, string | undefined>;

/**
 * Erasure of a case's personal data (DOMAIN §6, PDPL 91/2025): the chair of the commune that carries a
 * closed case orders it. The step is recorded on the case like any other (so the audit trail shows who
 * and when) and the case's key is destroyed; intake erases the contacts the case came from when it hears
 * the event. The free texts then read `[erased]` everywhere; codes, dates, deadlines and statistics stay.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class ErasureController {
  constructor(
    private readonly cases: CasesService,
    private readonly access: AccessLog,
  ) {}

  @Post(':id/erasure')
  @HttpCode(200)
  @Roles(...STEP_RULES.ErasePersonalData.roles)
  @ApiOperation({
    summary: "Erase the case's personal data once it is closed (its free texts; then its hotline contacts')",
    description:
      "Destroys the case's key: every free text of the case (report, assessments, measures, meeting, plan, " +
      'services, reviews, notes and reasons) reads `[erased]` from then on; the events, their hash chain, the ' +
      'deadlines and the statistics stay. Recorded on the case as PersonalDataErased. Asking again erases ' +
      'nothing more (200, same version).',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you saw (ETag)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async erase(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ErasePersonalDataDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ): Promise<CaseView> {
    // Appending PersonalDataErased destroys the case's key in the same transaction (the event store's
    // rule): no moment where the case says erased while its key still opens it.
    const { replayed } = await this.cases.step(
      user,
      id,
      {
        type: 'ErasePersonalData',
        erasureId: randomUUID(),
        basis: dto.basis,
        reference: dto.reference ?? null,
      },
      parseIfMatch(h['if-match']),
      idempotencyFor(h['idempotency-key'], user, `casework.erasure:${id}`, dto),
    );
    // The answer is the case as stored now, read again: its texts read `[erased]`.
    const read = await this.cases.read(user, id);
    const view = read.view as CaseView;
    await this.access.recordRead(user, {
      recordKind: 'case',
      recordId: id,
      caseId: id,
      view: 'erasure',
      fields: fieldGroups(view, {
        status: ['status', 'level', 'ownerCommuneCode'],
        deadlines: ['deadlines'],
      }),
      asAt: null,
      version: view.version,
      communes: [view.ownerCommuneCode, view.incidentCommuneCode, view.residenceCommuneCode],
    });
    setCommandHeaders(res, view.version, { replayed });
    return view;
  }
}
