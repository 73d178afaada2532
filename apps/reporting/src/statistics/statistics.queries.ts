import {
  Command,
  CommandHandler,
  Query,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import type { IndicatorDefinition } from './indicators';
import type { Period } from './period';
import { StatisticsService, type StatisticsResult } from './statistics.service';

/** The indicators of a unit over a period, as known at an instant (each child counted once per indicator). */
export class StatisticsQuery extends Query<StatisticsResult & { period: Period }> {
  constructor(
    readonly unit: string,
    readonly period: Period,
    readonly asKnownAt: string | undefined,
    readonly codes: string[] | undefined,
  ) {
    super();
  }
}

/** Every indicator definition in force. */
export class IndicatorsQuery extends Query<{ items: IndicatorDefinition[] }> {}

/** Add or change an indicator definition (national admins; no release needed). */
export class DefineIndicatorCommand extends Command<IndicatorDefinition> {
  constructor(
    readonly definition: IndicatorDefinition,
    readonly actorId: string,
  ) {
    super();
  }
}

@QueryHandler(StatisticsQuery)
export class StatisticsHandler implements IQueryHandler<StatisticsQuery> {
  constructor(private readonly stats: StatisticsService) {}

  async execute({ unit, period, asKnownAt, codes }: StatisticsQuery) {
    const result = await this.stats.compute({ unit, from: period.from, to: period.to, asKnownAt, codes });
    return { ...result, period };
  }
}

@QueryHandler(IndicatorsQuery)
export class IndicatorsHandler implements IQueryHandler<IndicatorsQuery> {
  constructor(private readonly stats: StatisticsService) {}

  async execute() {
    return { items: await this.stats.definitions() };
  }
}

@CommandHandler(DefineIndicatorCommand)
export class DefineIndicatorHandler implements ICommandHandler<DefineIndicatorCommand> {
  constructor(private readonly stats: StatisticsService) {}

  execute({ definition, actorId }: DefineIndicatorCommand): Promise<IndicatorDefinition> {
    return this.stats.define(definition, actorId);
  }
}
