import type { RaiseFollowUpAlert, RaiseForwardingAlert } from '../../../domain/contact.commands';
import type { FollowUpAlertRaised, ForwardingAlertRaised } from '../../../domain/contact.events';
import { requireSystem } from '../../../domain/contact.guards';
import type { ContactState } from '../../../domain/contact.state';

/** A report not passed on by its forwarding time: one alert for the supervisor, once. */
export function raiseForwardingAlert(
  command: RaiseForwardingAlert,
  state: ContactState,
): ForwardingAlertRaised[] {
  const now = command.metadata.now;
  requireSystem(command.metadata);
  const c = state.contact;
  // Only a report still at the hotline: referred, added to a case or closed, it was dealt with.
  if (!c?.forwardBy || state.status !== 'open' || state.forwardingAlertRaisedAt) return [];
  if (Date.parse(c.forwardBy) > Date.parse(now)) return [];
  return [{ type: 'ForwardingAlertRaised', data: { forwardBy: c.forwardBy, raisedAt: now } }];
}

/** A referral no commune took up by its take-up time: one alert for the supervisor, once. */
export function raiseFollowUpAlert(command: RaiseFollowUpAlert, state: ContactState): FollowUpAlertRaised[] {
  const now = command.metadata.now;
  requireSystem(command.metadata);
  const r = state.referral;
  if (!r?.acknowledgeBy || r.acknowledgedAt || r.alertRaisedAt) return [];
  if (Date.parse(r.acknowledgeBy) > Date.parse(now)) return [];
  return [
    {
      type: 'FollowUpAlertRaised',
      data: { referralId: r.referralId, acknowledgeBy: r.acknowledgeBy, raisedAt: now },
    },
  ];
}
