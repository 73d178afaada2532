import { Injectable } from '@nestjs/common';
import { AdminUnits } from '@cp/admin-units';
import { HOTLINE_ROLES, communeUnits, hasAnyRole, type AuthUser } from '@cp/auth';
import type { ReportReceiver } from '@cp/contracts';
import { EventStore } from '@cp/event-store';
import { contactError } from '../domain/contact.errors';

/**
 * Which receiving body a user records for (Decree 56 Art. 25.1): the hotline for its roles; otherwise the
 * provincial health department (a provincial officer, for its first unit) or the commune (a worker).
 */
export function receiverOf(user: AuthUser): { kind: ReportReceiver; unit: string } {
  if (hasAnyRole(user, HOTLINE_ROLES)) return { kind: 'hotline', unit: 'VN' };
  if (hasAnyRole(user, ['provincial_officer']))
    return { kind: 'health_department', unit: user.units[0] ?? 'VN' };
  return { kind: 'commune', unit: communeUnits(user)[0] ?? user.units[0] ?? 'VN' };
}

/**
 * Who may see and record which contact: the hotline any; the other bodies that receive reports only those
 * of their own jurisdiction; and the communes a request names must exist.
 */
@Injectable()
export class Jurisdiction {
  constructor(
    private readonly store: EventStore,
    private readonly units: AdminUnits,
  ) {}

  /** The units a body other than the hotline acts for: a provincial officer's all, a commune worker's communes. */
  unitsOf(user: AuthUser): string[] {
    return hasAnyRole(user, ['provincial_officer']) ? [...user.units] : communeUnits(user);
  }

  /** For a body other than the hotline: the incident commune must be given and within its jurisdiction. */
  requireInJurisdiction(user: AuthUser, commune: string | undefined, field: string): void {
    if (receiverOf(user).kind === 'hotline') return;
    if (!commune) {
      throw contactError(
        'CONTACT.FIELD_REQUIRED',
        `${field}: give the commune where it happened; it must be within your jurisdiction.`,
        'invalid',
        { field },
      );
    }
    if (!this.units.covers(this.unitsOf(user), commune)) {
      throw contactError(
        'CONTACT.OUT_OF_JURISDICTION',
        `${field}: commune ${commune} is not within the units you act for.`,
        'forbidden',
        { field },
      );
    }
  }

  /**
   * For a body other than the hotline: only the reports its kind of body recorded in its jurisdiction
   * exist for it (404 otherwise). The hotline's contacts stay the hotline's: the commune learns who the
   * child is from the case (Decree 56 Art. 26.1), the reporter only as the reporter agreed.
   */
  async requireContactInJurisdiction(user: AuthUser, contactId: string): Promise<void> {
    if (!this.mayRead(user, await this.receiverRow(contactId))) {
      throw contactError(
        'CONTACT.NOT_FOUND',
        `No contact with id ${contactId} that you can see.`,
        'not_found',
      );
    }
  }

  private async receiverRow(contactId: string) {
    const rows: Array<{ incident_commune: string | null; receiver_kind: string }> =
      await this.store.sql.query(
        `SELECT incident_commune, receiver_kind FROM in_contacts WHERE contact_id = $1`,
        [contactId],
      );
    return rows[0] ?? null;
  }

  /** Whether `user` may read a contact recorded by `row.receiver_kind` in `row.incident_commune`. */
  mayRead(user: AuthUser, row: { incident_commune: unknown; receiver_kind: unknown } | null): boolean {
    const kind = receiverOf(user).kind;
    if (kind === 'hotline') return true;
    const commune = row?.incident_commune as string | null | undefined;
    return !!commune && row?.receiver_kind === kind && this.units.covers(this.unitsOf(user), commune);
  }

  /** The province of a commune of the 2025 list; 422 with suggestions for a code that is not one. */
  requireCommune(code: string, field: string): string {
    const province = this.units.provinceOf(code);
    if (!province) {
      const suggestions = this.units.suggest(code).map((c) => ({ code: c.code, name: c.name }));
      throw contactError(
        'CONTACT.UNKNOWN_COMMUNE',
        `${field}: ${code} is not a commune of the 2025 list of administrative units (34 provinces, 3,321 communes).`,
        'invalid',
        { field, suggestions },
      );
    }
    return province;
  }
}
