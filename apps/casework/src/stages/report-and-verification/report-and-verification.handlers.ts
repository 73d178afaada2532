import { CommandHandler, Command, type ICommandHandler } from '@nestjs/cqrs';
import type { AuthUser } from '@cp/auth';
import type { Idempotency } from '@cp/event-store';
import type { CaseView } from '../../read/case-view';
import type { Handled } from '../../write/case-stream';
import { CaseWriter } from '../../write/case-writer';
import { stepsOnBus } from '../../write/step-message';
import type { OpenCaseDto } from './report-and-verification.dto';

/** Opening a case the commune received directly (Mẫu 01): no case yet, so no version to check. */
export class OpenCaseCommand extends Command<Handled<CaseView>> {
  constructor(
    readonly user: AuthUser,
    readonly dto: OpenCaseDto,
    readonly idempotency: Idempotency | undefined,
  ) {
    super();
  }
}

@CommandHandler(OpenCaseCommand)
export class OpenCaseHandler implements ICommandHandler<OpenCaseCommand> {
  constructor(private readonly writer: CaseWriter) {}

  execute(m: OpenCaseCommand): Promise<Handled<CaseView>> {
    return this.writer.openDirect(m.user, m.dto, m.idempotency);
  }
}

/** This stage's steps on the command bus: one message class and one handler per command type. */
const reportAndVerification = stepsOnBus('AssignWorker', 'RecordResidence');

export const REPORT_AND_VERIFICATION_STEPS = reportAndVerification.steps;
export const REPORT_AND_VERIFICATION_HANDLERS = [OpenCaseHandler, ...reportAndVerification.handlers];
