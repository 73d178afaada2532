import { Module } from '@nestjs/common';
import { CalendarController, PolicyController } from './policy.controller';
import { PolicyService } from './policy.service';

/**
 * Deadline policies and the working calendar. Needs the DataSource and AdminUnits of the global
 * PlatformModule, whose migrations must include DeadlinePolicies1763900002000.
 */
@Module({
  controllers: [PolicyController, CalendarController],
  providers: [PolicyService],
  exports: [PolicyService],
})
export class PolicyModule {}
