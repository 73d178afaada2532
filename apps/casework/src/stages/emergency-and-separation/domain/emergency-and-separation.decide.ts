/** Emergency measures and the temporary separation of the child from caregivers (Decree 56/2017 Ch. III step 5, Mẫu 07; Law Art. 52). */
import { DomainError } from '@cp/contracts';
import { mustComeFirst, invalid, requireOpen, declared, requireText } from '../../../domain/case.guards';
import { DAY, deadline } from '../../../domain/case.deadlines';
import { activeSeparation } from '../../../domain/case.state';
import { decision, emit } from '../../../domain/case.decide';

export const decideTakeEmergencyMeasures = decision('TakeEmergencyMeasures', (command, state, now) => {
  requireOpen(state);
  if (command.measures.length === 0) {
    throw invalid('CASE.FIELD_REQUIRED', 'measures', 'name at least one measure taken.');
  }
  const takenAt = declared('takenAt', command.takenAt, command, state);
  return emit('EmergencyMeasuresTaken', {
    takenAt,
    at: now,
    measures: command.measures.map((m) => ({ ...m, description: m.description.trim() })),
  });
});

export const decideDecideSeparation = decision('DecideSeparation', (command, state, now) => {
  requireOpen(state);
  const assessment = state.initialAssessment;
  if (!assessment) {
    throw mustComeFirst(
      'CASE.INITIAL_ASSESSMENT_NOT_RECORDED',
      'initialAssessment',
      'Temporary separation rests on the initial assessment; record it',
    );
  }
  if (state.level !== 'intervention') {
    throw new DomainError(
      'CASE.SEPARATION_NEEDS_INTERVENTION',
      'Temporary separation is an intervention measure; the case is at the support level. Change the level with a reason first (POST /cases/:id/level).',
      'precondition',
      { requiredStep: 'level' },
    );
  }
  const active = activeSeparation(state);
  if (active) {
    throw new DomainError(
      'CASE.SEPARATION_ACTIVE',
      `Separation ${active.separationId} is in force until ${active.endsAt}; extend or revoke it.`,
      'conflict',
    );
  }
  const startsAt = declared('startsAt', command.startsAt, command, state);
  const endsAt = Date.parse(command.endsAt);
  if (Number.isNaN(endsAt) || endsAt <= Date.parse(startsAt)) {
    throw invalid('CASE.INVALID_TIME', 'endsAt', 'must be an instant after the start of the separation.');
  }
  const max = command.rules.policy.separationMaxDays;
  if (endsAt - Date.parse(startsAt) > max * DAY) {
    throw invalid(
      'CASE.SEPARATION_TOO_LONG',
      'endsAt',
      `a temporary separation lasts at most ${max} days (legal maximum 15) unless a competent authority requires longer; decide ${max} days and extend on that authority's request.`,
    );
  }
  const end = new Date(endsAt).toISOString();
  return emit('TemporarySeparationDecided', {
    separationId: command.separationId,
    decisionNo: command.decisionNo ?? null,
    placement: command.placement,
    placementNote: command.placementNote.trim(),
    startsAt,
    endsAt: end,
    at: now,
    deadlines: [
      deadline(
        'separation_end',
        `separation_end:${command.separationId}`,
        startsAt,
        end,
        command.rules,
        `Decree 56 Ch. III step 5a: the separation ends, is extended or revoked by ${end} (at most ${max} days in all unless a competent authority requires longer)`,
      ),
    ],
  });
});

/** Extending or revoking needs an open case with a separation in force. */
function requireActiveSeparation(state: Parameters<typeof activeSeparation>[0]) {
  requireOpen(state);
  const active = activeSeparation(state);
  if (!active)
    throw mustComeFirst('CASE.NO_ACTIVE_SEPARATION', 'separation', 'Decide a temporary separation');
  return active;
}

export const decideExtendSeparation = decision('ExtendSeparation', (command, state, now) => {
  const active = requireActiveSeparation(state);
  if (Date.parse(active.endsAt) < Date.parse(now)) {
    throw new DomainError(
      'CASE.SEPARATION_ALREADY_ENDED',
      `The separation ended at ${active.endsAt}; revoke it and, if the child must stay away from home, decide a new separation.`,
    );
  }
  const reason = requireText('reason', command.reason, 'say why the separation is extended.');
  const endsAt = Date.parse(command.endsAt);
  if (Number.isNaN(endsAt) || endsAt <= Date.parse(active.endsAt)) {
    throw invalid('CASE.INVALID_TIME', 'endsAt', `must be after the current end (${active.endsAt}).`);
  }
  const max = command.rules.policy.separationMaxDays;
  const authority = command.authorityRequest ?? null;
  if (endsAt - Date.parse(active.startsAt) > max * DAY && !authority) {
    throw invalid(
      'CASE.SEPARATION_LIMIT_EXCEEDED',
      'authorityRequest',
      `in all the separation would exceed ${max} days from ${active.startsAt}; beyond that it needs a competent authority's request (authority and reference).`,
    );
  }
  if (authority) {
    requireText('authorityRequest.authority', authority.authority, 'name the authority.');
    requireText('authorityRequest.reference', authority.reference, 'give the request reference.');
  }
  return emit('TemporarySeparationExtended', {
    separationId: active.separationId,
    previousEndsAt: active.endsAt,
    endsAt: new Date(endsAt).toISOString(),
    reason,
    authorityRequest: authority,
    at: now,
  });
});

export const decideRevokeSeparation = decision('RevokeSeparation', (command, state, now) => {
  const active = requireActiveSeparation(state);
  const revokedAt = declared('revokedAt', command.revokedAt, command, state);
  if (Date.parse(revokedAt) < Date.parse(active.startsAt)) {
    throw invalid('CASE.INVALID_TIME', 'revokedAt', 'cannot be before the separation started.');
  }
  return emit('TemporarySeparationRevoked', {
    separationId: active.separationId,
    revokedAt,
    reason: requireText('reason', command.reason, 'say why (e.g. the home is safe again).'),
    at: now,
  });
});
