import { Injectable } from '@nestjs/common';
import { AdminUnits } from '@cp/admin-units';
import type { AuthUser } from '@cp/auth';
import { ERASED } from '@cp/contracts';
import { EventStore, PersonalDataVault, load } from '@cp/event-store';
import { Jurisdiction } from '../access/jurisdiction';
import { contactDecider } from '../domain/contact.decider';
import { contactError } from '../domain/contact.errors';
import { streamId } from '../write/contact-stream';
import { iso, toListItem, toView, type ContactListItem, type ContactView } from './contact-view';

/** The filters of the work list (GET /contacts). */
export interface ContactListFilter {
  from?: string;
  to?: string;
  purpose?: string;
  status?: string;
  commune?: string;
  q?: string;
  mine?: 'true' | 'false';
  awaitingAcknowledgement?: 'true' | 'false';
  limit?: number;
}

export type ContactWithRepeatCaller = ContactView & {
  repeatCaller: { earlierContacts: number; lastAt: string | null };
};

/** The read path: a contact from its events, the lists from the contact index. */
@Injectable()
export class ContactReader {
  constructor(
    private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  async get(contactId: string): Promise<ContactWithRepeatCaller> {
    const loaded = await load(this.store, contactDecider, streamId(contactId));
    if (loaded.version === 0) {
      throw contactError('CONTACT.NOT_FOUND', `No contact with id ${contactId}.`, 'not_found');
    }
    const callerKey = loaded.state.contact!.caller?.callerKey ?? null;
    const key = callerKey === ERASED ? null : callerKey;
    let repeatCaller = { earlierContacts: 0, lastAt: null as string | null };
    if (key) {
      const rows: Array<{ n: number; last: string | null }> = await this.store.sql.query(
        `SELECT count(*)::int AS n, max(received_at) AS last FROM in_contacts
         WHERE caller_key = $1 AND contact_id <> $2 AND received_at <= $3`,
        [key, contactId, loaded.state.contact!.receivedAt],
      );
      repeatCaller = { earlierContacts: rows[0].n, lastAt: rows[0].last ? iso(rows[0].last) : null };
    }
    return { ...toView(contactId, loaded.state, loaded.version), repeatCaller };
  }

  /**
   * A contact as `user` may read it: the hotline any; a provincial officer or a commune worker (who record
   * reports too, Decree 56 Art. 25.1) only a report of an incident in their jurisdiction — another answers
   * 404 as if it did not exist.
   */
  async getFor(user: AuthUser, contactId: string): Promise<ContactWithRepeatCaller> {
    await this.jurisdiction.requireContactInJurisdiction(user, contactId);
    return this.get(contactId);
  }

  /**
   * The contact's hash chain recomputed, and every subject key its sealed fields use checked (event-sourcing
   * rules 10 and 11): names the first event that does not verify. Stream ids, versions and hashes only.
   */
  async integrity(contactId: string) {
    const result = await this.store.verifyStream(streamId(contactId));
    if (result.events === 0) {
      throw contactError('CONTACT.NOT_FOUND', `No contact with id ${contactId}.`, 'not_found');
    }
    return result;
  }

  /**
   * The counsellors' work list: contacts by time, purpose, status, commune, text; mine; awaiting the
   * commune. A search by name (`q`) also answers the keyed digests of its words, for the access trail
   * (the words themselves are never kept).
   */
  async list(
    user: AuthUser,
    q: ContactListFilter,
  ): Promise<{ items: ContactListItem[]; blindTokens: string[] | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (q.from) where.push(`received_at >= ${p(q.from)}`);
    if (q.to) where.push(`received_at < ${p(q.to)}`);
    if (q.purpose) where.push(`purpose = ${p(q.purpose)}`);
    if (q.status) where.push(`status = ${p(q.status)}`);
    if (q.commune) {
      const c = p(q.commune);
      where.push(`(incident_commune = ${c} OR referral_commune = ${c})`);
    }
    let blindTokens: string[] | null = null;
    if (q.q) {
      // Whole words, diacritics and case ignored, matched by their keyed digests (the blind index).
      const tokens = this.vault.blindTokens(AdminUnits.fold(q.q));
      blindTokens = tokens;
      where.push(tokens.length ? `search_tokens @> ${p(tokens)}::text[]` : 'false');
    }
    if (q.mine === 'true') {
      const me = p(user.sub);
      where.push(`(recorded_by = ${me} OR referred_by = ${me})`);
    }
    if (q.awaitingAcknowledgement === 'true')
      where.push(`referral_id IS NOT NULL AND acknowledged_at IS NULL`);
    const rows: Array<Record<string, unknown>> = await this.store.sql.query(
      `SELECT * FROM in_contacts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY received_at DESC LIMIT ${p(q.limit ?? 50)}`,
      params,
    );
    return { items: rows.map(toListItem), blindTokens };
  }

  /**
   * The supervisor's follow-up list, oldest due first: reports not passed on by their forwarding time and
   * still at the hotline, and referrals no commune took up in time.
   */
  async followUps(): Promise<ContactListItem[]> {
    const rows: Array<Record<string, unknown>> = await this.store.sql.query(
      `SELECT *, CASE WHEN status = 'open' THEN 'not_referred' ELSE 'not_taken_up' END AS alert
       FROM in_contacts
       WHERE (alert_raised_at IS NOT NULL AND acknowledged_at IS NULL)
          OR (forwarding_alert_at IS NOT NULL AND status = 'open')
       ORDER BY coalesce(CASE WHEN status = 'open' THEN forward_by END, acknowledge_by) LIMIT 500`,
    );
    return rows.map(toListItem);
  }
}
