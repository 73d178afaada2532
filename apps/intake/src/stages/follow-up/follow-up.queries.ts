import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ContactListItem } from '../../read/contact-view';
import { ContactReader } from '../../read/contact-reader';
import { ClockPolicies } from '../../write/clock-policies';

/** The supervisor's follow-up list: reports not passed on, referrals not taken up, oldest due first. */
export class FollowUpsQuery extends Query<ContactListItem[]> {}

/** Every version of the hotline's clock policy, and the one in force. */
export class ClockPoliciesQuery extends Query<ReturnType<ClockPolicies['all']>> {}

@QueryHandler(FollowUpsQuery)
export class FollowUpsHandler implements IQueryHandler<FollowUpsQuery> {
  constructor(private readonly reader: ContactReader) {}

  execute(): Promise<ContactListItem[]> {
    return this.reader.followUps();
  }
}

@QueryHandler(ClockPoliciesQuery)
export class ClockPoliciesHandler implements IQueryHandler<ClockPoliciesQuery> {
  constructor(private readonly clocks: ClockPolicies) {}

  async execute() {
    return this.clocks.all();
  }
}
