import { CommandHandler, Command, type ICommandHandler } from '@nestjs/cqrs';
import type { AuthUser } from '@cp/auth';
import type { Idempotency } from '@cp/event-store';
import type { CaseView } from '../../read/case-view';
import type { Handled } from '../../write/case-stream';
import { CaseWriter } from '../../write/case-writer';
import { StepHandler, StepMessage } from '../../write/step-message';
import type { OpenCaseDto } from './report-and-verification.dto';

// One command and one handler per step of this stage; the handler hands the step to the write path.

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

export class AssignWorkerCommand extends StepMessage<'AssignWorker'> {}
@CommandHandler(AssignWorkerCommand)
export class AssignWorkerHandler extends StepHandler<'AssignWorker'> {}

export class RecordResidenceCommand extends StepMessage<'RecordResidence'> {}
@CommandHandler(RecordResidenceCommand)
export class RecordResidenceHandler extends StepHandler<'RecordResidence'> {}

/** This stage's steps on the command bus, by command type. */
export const REPORT_AND_VERIFICATION_STEPS = {
  AssignWorker: AssignWorkerCommand,
  RecordResidence: RecordResidenceCommand,
} as const;

export const REPORT_AND_VERIFICATION_HANDLERS = [
  OpenCaseHandler,
  AssignWorkerHandler,
  RecordResidenceHandler,
];
