import { Inject, Injectable } from '@nestjs/common';
import { AdminUnits } from '@cp/admin-units';
import type { AuthUser } from '@cp/auth';
import { EventStore, PersonalDataVault } from '@cp/event-store';
import { CONFIG } from '@cp/platform';
import { callerKeyOf, phoneDigits } from '../../access/caller-key';
import { Jurisdiction, receiverOf } from '../../access/jurisdiction';
import type { IntakeConfig } from '../../config';
import { ageOn } from '../../domain/age';
import { contactError } from '../../domain/contact.errors';
import type { IndexedChild } from '../../domain/indexed-child';
import { indexedChild, openIndexedChildren, type StoredIndexedChild } from '../../read/contact-index';
import { ContactReader } from '../../read/contact-reader';
import { coarseCaseState, iso } from '../../read/contact-view';
import { likelySameChild } from './domain/duplicates';
import type { DraftDuplicatesDto } from './search.dto';

/** How much the duplicate search compares and answers at most. */
const DUPLICATES = { childrenCompared: 10, reportsCompared: 1000, answers: 20 } as const;

/** The search for earlier reports about the same child, and for the caller's earlier contacts. */
@Injectable()
export class DuplicateSearch {
  constructor(
    private readonly store: EventStore,
    private readonly units: AdminUnits,
    private readonly vault: PersonalDataVault,
    private readonly reader: ContactReader,
    private readonly jurisdiction: Jurisdiction,
    @Inject(CONFIG) private readonly config: IntakeConfig,
  ) {}

  /**
   * Earlier contacts and hotline-referred cases that may be about the same child: same province, a
   * similar name (diacritics ignored, small typos tolerated), a compatible age. Newest first.
   */
  async possibleDuplicates(contactId: string) {
    const me = await this.reader.get(contactId);
    const mine: IndexedChild[] = me.children.slice(0, DUPLICATES.childrenCompared).map(indexedChild);
    const matches = await this.compareReports(mine, me.incidentCommuneCode, me.receivedAt, contactId);
    return matches.map(({ mineIndex: _i, row: _r, ...m }) => m);
  }

  /**
   * The side panel of a Mẫu 01 being typed (nothing recorded yet): the caller's earlier contacts (by the
   * keyed digest of the number) and the reports that may be about the same children. Bounded like the
   * search of a recorded contact: 10 children, 1000 reports, 20 answers (and 20 earlier contacts). Answers
   * the keyed digests of what it searched with, for the access trail; never the words or the number.
   */
  async draftDuplicates(dto: DraftDuplicatesDto, user?: AuthUser) {
    const scope = user && receiverOf(user).kind !== 'hotline' ? this.jurisdiction.unitsOf(user) : null;
    if (user && scope)
      this.jurisdiction.requireInJurisdiction(user, dto.incidentCommuneCode, 'incidentCommuneCode');
    const receivedAt = dto.receivedAt ? new Date(dto.receivedAt).toISOString() : new Date().toISOString();
    if (dto.incidentCommuneCode)
      this.jurisdiction.requireCommune(dto.incidentCommuneCode, 'incidentCommuneCode');
    const children = (dto.children ?? []).slice(0, DUPLICATES.childrenCompared);
    children.forEach((c, i) => {
      if (c.residenceCommuneCode)
        this.jurisdiction.requireCommune(c.residenceCommuneCode, `children[${i}].residenceCommuneCode`);
    });
    const mine = children
      .map((c, i) =>
        indexedChild({
          childRef: `draft-${i}`,
          name: c.name?.trim() || null,
          birthDate: c.birthDate ?? null,
          ageYears: c.ageYears ?? (c.birthDate ? ageOn(c.birthDate, receivedAt) : null),
          residenceCommuneCode: c.residenceCommuneCode ?? null,
        }),
      )
      .filter((c) => c.name || c.ageYears !== null || c.birthYear !== null);
    const digits = dto.reporterPhone?.replace(/\D/g, '') ?? '';
    if (mine.length === 0 && digits.length < 3) {
      throw contactError(
        'CONTACT.SEARCH_EMPTY',
        "children: give a child's name or age, or the reporter's phone, to search for earlier contacts.",
        'invalid',
        { field: 'children' },
      );
    }
    const callerKey =
      digits.length >= 3 ? callerKeyOf(this.config.callerKeySecret, dto.reporterPhone!) : null;
    let repeatCaller: {
      earlierContacts: number;
      contacts: Array<{
        contactId: string;
        receivedAt: string;
        purpose: string;
        status: string;
        incidentCommuneCode: string | null;
        caseId: string | null;
        caseState: 'open' | 'closed' | null;
      }>;
    } = { earlierContacts: 0, contacts: [] };
    if (callerKey) {
      const rows: Array<Record<string, unknown>> = await this.store.sql.query(
        `SELECT *, count(*) OVER ()::int AS total FROM in_contacts
         WHERE caller_key = $1 AND received_at <= $2
         ORDER BY received_at DESC LIMIT ${DUPLICATES.answers}`,
        [callerKey, receivedAt],
      );
      // A body other than the hotline sees only the contacts of its own jurisdiction.
      const visible =
        user && scope
          ? rows.filter((r) =>
              this.jurisdiction.mayRead(user, {
                incident_commune: r.incident_commune,
                receiver_kind: r.receiver_kind,
              }),
            )
          : rows;
      repeatCaller = {
        earlierContacts: scope ? visible.length : rows.length ? Number(rows[0].total) : 0,
        contacts: visible.map((r) => ({
          contactId: String(r.contact_id),
          receivedAt: iso(r.received_at as string),
          purpose: String(r.purpose),
          status: String(r.status),
          incidentCommuneCode: (r.incident_commune as string | null) ?? null,
          caseId: ((r.case_id ?? r.linked_case_id) as string | null) ?? null,
          caseState: coarseCaseState(r.case_status as string | null),
        })),
      };
    }
    const duplicates = (
      mine.length ? await this.compareReports(mine, dto.incidentCommuneCode ?? null, receivedAt, null) : []
    )
      .filter((m) => !user || !scope || this.jurisdiction.mayRead(user, m.row))
      .map(({ childRef: _c, mineIndex, row: _r, ...m }) => ({ ...m, childIndex: mineIndex }));
    // What the access trail keeps of the search: keyed digests of the names' words and of the number.
    const blindTokens = [
      ...this.vault.blindTokens(
        AdminUnits.fold(
          mine
            .map((c) => c.name ?? '')
            .filter(Boolean)
            .join(' '),
        ),
      ),
      // The number as a keyed digest of the index key (not the caller key: the trail links no caller).
      ...(callerKey ? [this.vault.blindToken(`tel ${phoneDigits(dto.reporterPhone!)}`)] : []),
    ];
    return { result: { repeatCaller, duplicates }, blindTokens };
  }

  /** The reports that may be about these children: bounded, best first. */
  private async compareReports(
    mine: IndexedChild[],
    incidentCommuneCode: string | null,
    receivedAt: string,
    exceptContactId: string | null,
  ) {
    const provinces = new Set(
      [
        incidentCommuneCode ? this.units.provinceOf(incidentCommuneCode) : null,
        ...mine.map((c) => (c.residenceCommuneCode ? this.units.provinceOf(c.residenceCommuneCode) : null)),
      ].filter((x): x is string => !!x),
    );
    // Bounded work per request, whatever the contact and the index hold: the children compared, the
    // reports compared with (the latest of three years, in the provinces concerned), the answers.
    const rows: Array<Record<string, unknown>> = await this.store.sql.query(
      `SELECT * FROM in_contacts
       WHERE ($1::uuid IS NULL OR contact_id <> $1) AND purpose = 'report'
         AND received_at > $2::timestamptz - interval '3 years'
         AND ($3::text[] = '{}' OR incident_province = ANY($3) OR referral_province = ANY($3))
       ORDER BY received_at DESC LIMIT ${DUPLICATES.reportsCompared}`,
      [exceptContactId, receivedAt, [...provinces]],
    );
    const opened = await openIndexedChildren(
      this.vault,
      rows.map((r) => ({ contactId: String(r.contact_id), children: r.children as StoredIndexedChild[] })),
      this.store.sql,
    );
    const out = [];
    for (const [i, r] of rows.entries()) {
      const theirs = opened[i];
      let best: {
        score: number;
        reasons: string[];
        child: IndexedChild;
        mine: IndexedChild;
        mineIndex: number;
      } | null = null;
      for (const [k, a] of mine.slice(0, DUPLICATES.childrenCompared).entries()) {
        for (const b of theirs) {
          const m = likelySameChild(a, b, { sameCommune: r.incident_commune === incidentCommuneCode });
          if (m && (!best || m.score > best.score)) best = { ...m, child: b, mine: a, mineIndex: k };
        }
      }
      if (!best) continue;
      out.push({
        contactId: String(r.contact_id),
        receivedAt: iso(r.received_at as string),
        incidentCommuneCode: (r.incident_commune as string | null) ?? null,
        status: String(r.status),
        caseId: ((r.case_id ?? r.linked_case_id) as string | null) ?? null,
        caseState: coarseCaseState(r.case_status as string | null),
        score: best.score,
        reasons: best.reasons,
        childRef: best.mine.childRef,
        mineIndex: best.mineIndex,
        matchedChild: { childRef: best.child.childRef, ageYears: best.child.ageYears },
        row: { incident_commune: r.incident_commune, receiver_kind: r.receiver_kind },
      });
    }
    return out.sort((a, b) => b.score - a.score).slice(0, DUPLICATES.answers);
  }
}
