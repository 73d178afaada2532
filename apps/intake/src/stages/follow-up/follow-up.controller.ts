import { Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Roles } from '@cp/auth';
import { ContactController, HOTLINE, operationId } from '../../http/contact-http';
import { ClockPoliciesQuery, FollowUpsQuery } from './follow-up.queries';

@ContactController()
export class FollowUpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('follow-ups')
  @Roles(...HOTLINE)
  @ApiOperation({
    summary: 'Referrals no commune took up in time (2 h, 30 min when urgent): to follow up',
    operationId: operationId('followUps'),
  })
  followUps() {
    return this.queries.execute(new FollowUpsQuery());
  }

  @Get('clock-policies')
  @Roles(...HOTLINE, 'inspector')
  @ApiOperation({
    summary:
      "The hotline's clock policies, every version (forwarding: receipt → referral; take-up: referral → acknowledgement), and the one in force",
    operationId: operationId('clockPolicies'),
  })
  clockPolicies() {
    return this.queries.execute(new ClockPoliciesQuery());
  }
}
