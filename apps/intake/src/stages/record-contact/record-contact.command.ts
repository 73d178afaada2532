import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '@cp/auth';
import type { Idempotency } from '@cp/event-store';
import { CONFIG, commandMetadata } from '@cp/platform';
import { callerKeyOf } from '../../access/caller-key';
import { Jurisdiction, receiverOf } from '../../access/jurisdiction';
import type { IntakeConfig } from '../../config';
import { ageOn } from '../../domain/age';
import type { ContactCommand } from '../../domain/contact.commands';
import { contactError } from '../../domain/contact.errors';
import type { ContactChild } from '../../domain/contact.events';
import { contactPersonalFields } from '../../domain/contact.personal-data';
import { ClockPolicies } from '../../write/clock-policies';
import { NEW_CONTACT } from '../../write/contact-stream';
import { ContactWriter, type CommandOutcome } from '../../write/contact-writer';
import type { RecordContactDto } from './record-contact.dto';

/** Record a Mẫu 01: a contact received by the hotline, or a report received by another body. */
export class RecordContactCommand extends Command<CommandOutcome> {
  constructor(
    readonly user: AuthUser,
    readonly dto: RecordContactDto,
    readonly idempotency?: Idempotency,
  ) {
    super();
  }
}

@CommandHandler(RecordContactCommand)
export class RecordContactHandler implements ICommandHandler<RecordContactCommand> {
  constructor(
    private readonly writer: ContactWriter,
    private readonly jurisdiction: Jurisdiction,
    private readonly clocks: ClockPolicies,
    @Inject(CONFIG) private readonly config: IntakeConfig,
  ) {}

  async execute({ user, dto, idempotency }: RecordContactCommand): Promise<CommandOutcome> {
    const receiver = receiverOf(user);
    if (receiver.kind !== 'hotline') {
      // A body other than the hotline records reports of its own jurisdiction only (Decree 56 Art. 25.1).
      this.jurisdiction.requireInJurisdiction(user, dto.incidentCommuneCode, 'incidentCommuneCode');
      if (dto.purpose !== 'report') {
        throw contactError(
          'CONTACT.PURPOSE_NOT_ALLOWED',
          'purpose: a provincial health department or a commune records reports (Mẫu 01); counselling and information are the hotline’s.',
          'invalid',
          { field: 'purpose' },
        );
      }
    }
    const incidentProvinceCode = dto.incidentCommuneCode
      ? this.jurisdiction.requireCommune(dto.incidentCommuneCode, 'incidentCommuneCode')
      : null;
    dto.children.forEach((c, i) => {
      if (c.residenceCommuneCode)
        this.jurisdiction.requireCommune(c.residenceCommuneCode, `children[${i}].residenceCommuneCode`);
    });
    const contactId = randomUUID();
    const reporter = dto.reporter;
    const command: ContactCommand = {
      type: 'RecordContact',
      metadata: commandMetadata(user, 'VN'),
      clocks: this.clocks.at(new Date(dto.receivedAt).toISOString()),
      data: {
        contactId,
        receivedAt: new Date(dto.receivedAt).toISOString(),
        receiver,
        channel: dto.channel,
        purpose: dto.purpose,
        concerns: [...new Set(dto.concerns)],
        sexualAbuseSubtypes: [...new Set(dto.sexualAbuseSubtypes ?? [])],
        category: dto.category ?? null,
        setting: dto.setting ?? null,
        incidentCommuneCode: dto.incidentCommuneCode ?? null,
        incidentProvinceCode,
        immediateDanger: dto.immediateDanger ?? false,
        children: dto.children.map((c): ContactChild => ({
          childRef: randomUUID(),
          sex: c.sex,
          ageYears: c.ageYears ?? (c.birthDate ? ageOn(c.birthDate, dto.receivedAt) : null),
          ageEstimated: c.ageYears !== undefined && !c.birthDate,
          ethnicity: c.ethnicity?.trim() || null,
          specialCircumstances: [...new Set(c.specialCircumstances ?? [])],
          residenceCommuneCode: c.residenceCommuneCode ?? null,
          ...(c.carers?.length
            ? {
                carers: c.carers.map((k) => ({
                  relation: k.relation,
                  ...(k.currentCarer !== undefined ? { currentCarer: k.currentCarer } : {}),
                  personal: compact({
                    name: k.name,
                    age: k.ageYears?.toString(),
                    occupation: k.occupation,
                    phone: k.phone,
                    address: k.address,
                  }),
                })),
              }
            : {}),
          personal: compact({
            name: c.name,
            birthDate: c.birthDate,
            address: c.address,
            familySituation: c.familySituation,
          }),
        })),
        caller: {
          type: dto.callerType ?? null,
          callerKey:
            reporter && !reporter.anonymous && reporter.phone
              ? callerKeyOf(this.config.callerKeySecret, reporter.phone)
              : null,
        },
        personal: {
          ...(reporter
            ? {
                // An anonymous reporter leaves nothing that identifies them.
                reporter: reporter.anonymous
                  ? { anonymous: true, consentToContact: false }
                  : {
                      anonymous: false,
                      name: reporter.name,
                      phone: reporter.phone,
                      address: reporter.address,
                      consentToContact: reporter.consentToContact,
                    },
              }
            : {}),
          ...(dto.notes ? { notes: dto.notes } : {}),
          ...(dto.incidentPlace ? { place: dto.incidentPlace } : {}),
          ...(dto.currentCondition ? { currentCondition: dto.currentCondition } : {}),
          ...(dto.actionsTaken ? { actionsTaken: dto.actionsTaken } : {}),
          ...(dto.allegedAbusers?.length
            ? {
                allegedAbusers: dto.allegedAbusers.map((a) => ({
                  relation: a.relation,
                  ...compact({
                    sex: a.sex,
                    name: a.name,
                    age: a.ageYears?.toString(),
                    description: a.description,
                  }),
                })),
              }
            : {}),
        },
      },
    };
    // A new contact: no stream to read, and the keys of its data subjects (children, reporter, narrative)
    // are stored with its first event. That event carries the command's data (contact.ts, RecordContact).
    const newSubjects = contactPersonalFields(contactId, 'ContactRecorded', command.data).map(
      (f) => f.subject,
    );
    return this.writer.run(
      contactId,
      command,
      { expectedVersion: 0, idempotency, loaded: NEW_CONTACT, newSubjects },
      { recordedBy: user.sub },
    );
  }
}

/** The given texts, trimmed, without the empty ones (an empty field is not recorded). */
function compact<K extends string>(fields: Record<K, string | undefined>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [k, v] of Object.entries(fields) as Array<[K, string | undefined]>) {
    const t = v?.trim();
    if (t) out[k] = t;
  }
  return out;
}
