import { Injectable } from '@nestjs/common';
import { AdminUnits } from '@cp/admin-units';
import { caseReadUnits, type AuthUser } from '@cp/auth';
import { DomainError } from '@cp/contracts';
import { EventStore, load } from '@cp/event-store';
import { caseDecider, type CaseState } from '../domain/case.decider';
import { streamId } from '../write/case-stream';

/** Who may see a case: the rule the write path and the read path share (README "Who may do what"). */
@Injectable()
export class CaseAccess {
  constructor(
    private readonly store: EventStore,
    private readonly units: AdminUnits,
  ) {}

  /** Loads a case the user may see. Out-of-jurisdiction answers the same as a missing case. */
  async readable(user: AuthUser, caseId: string, at?: string) {
    const loaded = await load(this.store, caseDecider, streamId(caseId), { recordedAtOrBefore: at });
    if (!this.visible(user, loaded.state)) throw notFound(caseId, at);
    return loaded;
  }

  /**
   * Incident, residence or carrying commune, or the commune a transfer is addressed to, within the units
   * the user reads for (`caseReadUnits`: a commune role's communes only; an oversight role's units).
   */
  visible(user: AuthUser, s: CaseState): boolean {
    const units = caseReadUnits(user);
    const communes = [
      s.ownerCommuneCode,
      s.incidentCommuneCode,
      s.residenceCommuneCode,
      s.pendingTransfer?.toCommuneCode,
    ];
    return s.exists && units.length > 0 && communes.some((c) => c && this.units.covers(units, c));
  }

  /** The communes a set of units covers (a province: all of its communes), for the list's query. */
  communesOf(units: string[]): string[] {
    const out = new Set<string>();
    for (const u of units) {
      if (/^\d{5}$/.test(u)) out.add(u);
      else if (/^\d{2}$/.test(u)) for (const c of this.provinceCommunes().get(u) ?? []) out.add(c);
    }
    return [...out];
  }

  private byProvince?: Map<string, string[]>;
  private provinceCommunes(): Map<string, string[]> {
    if (!this.byProvince) {
      this.byProvince = new Map();
      for (const c of this.units.communes) {
        if (c.parent) this.byProvince.set(c.parent, [...(this.byProvince.get(c.parent) ?? []), c.code]);
      }
    }
    return this.byProvince;
  }
}

export function notFound(caseId: string, at?: string): DomainError {
  return new DomainError(
    'CASE.NOT_FOUND',
    `No case ${caseId} that you can see${at ? ` at ${at}` : ''}.`,
    'not_found',
  );
}
