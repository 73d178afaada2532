import { type IntegrityAlertKind, type IntegrityAlertV1 } from '@cp/contracts';
import { type Sql } from '@cp/event-store';
import { checkpointLink } from './integrity-compare';
import { CHECKPOINTS_SQL, HEADS_SQL, COPY_SQL, FAULTS_SQL } from './integrity-sweep.sql';

// What the sweep's queries found, as alerts that name the stream, the version and the event.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of raw SQL are untyped
type Row = Record<string, any>;

/** A finding of the sweep, before it is stored: `fingerprint` names it, so finding it again adds nothing. */
export interface AlertFinding extends Omit<IntegrityAlertV1, 'alertId' | 'detectedAt'> {
  fingerprint: string;
  evidence: Record<string, unknown>;
}

const short = (hash: unknown) => (typeof hash === 'string' && hash ? `${hash.slice(0, 12)}…` : 'none');

export function toAlert(r: Row): IntegrityAlertV1 {
  return {
    alertId: String(r.alert_id),
    kind: r.kind as IntegrityAlertKind,
    producer: r.producer as IntegrityAlertV1['producer'],
    streamId: r.stream_id ?? null,
    version: r.version === null || r.version === undefined ? null : Number(r.version),
    eventId: r.event_id ?? null,
    checkpointSequence:
      r.checkpoint_sequence === null || r.checkpoint_sequence === undefined
        ? null
        : Number(r.checkpoint_sequence),
    detail: String(r.detail),
    detectedAt: new Date(r.detected_at).toISOString(),
  };
}

/** Everything the sweep finds among what arrived since `from` (positions), as findings to store. */
export async function findAlerts(
  sql: Sql,
  from: { checkpoints: number; events: number },
): Promise<AlertFinding[]> {
  const out: AlertFinding[] = [];
  const checkpoints: Row[] = await sql.query(CHECKPOINTS_SQL, [from.checkpoints]);
  for (const c of checkpoints) out.push(...checkpointFindings(c));
  const heads: Row[] = await sql.query(HEADS_SQL, [from.checkpoints, from.events]);
  for (const h of heads) out.push(headFinding(h));
  const copy: Row[] = await sql.query(COPY_SQL, [from.events]);
  for (const c of copy) out.push(copyFinding(c));
  const faults: Row[] = await sql.query(FAULTS_SQL, [from.checkpoints]);
  for (const f of faults) out.push(faultFinding(f));
  return out;
}

export function checkpointFindings(c: Row): AlertFinding[] {
  const producer = c.producer as AlertFinding['producer'];
  const sequence = Number(c.sequence);
  const name = `checkpoint ${sequence} of ${producer} (digest ${short(c.digest)})`;
  const base = { producer, streamId: null, version: null, eventId: null, checkpointSequence: sequence };
  const evidence = { digest: c.digest, previousDigest: c.previous_digest, keyId: c.key_id };
  const out: AlertFinding[] = [];
  const add = (kind: IntegrityAlertKind, detail: string, key = String(c.digest)) =>
    out.push({ ...base, kind, fingerprint: `${kind}|${producer}|${key}`, detail, evidence });
  if (c.signature_verifies === false) {
    add(
      'signature_invalid',
      `${name} is not signed by ${producer}'s key${c.key_id ? ` (it names key ${c.key_id})` : ' (it carries no signature)'}: it may be forged, and its heads are not trusted`,
    );
  }
  if (!c.digest_verifies) {
    add('digest_mismatch', `${name} does not match its own digest: it was changed after it was made`);
  }
  if (c.claimed_producer !== null && c.claimed_producer !== producer) {
    add(
      'producer_mismatch',
      `${name} arrived on ${producer}'s topic but says it is ${String(c.claimed_producer)}'s: its heads are not trusted`,
    );
  }
  const link = checkpointLink({
    producer,
    sequence,
    digest: c.digest,
    previousDigest: c.previous_digest,
    digestVerifies: true,
    predecessor: c.predecessor_sequence === null ? null : { sequence: Number(c.predecessor_sequence) },
    sameParent: Number(c.same_parent),
  });
  const before = c.before_digest as string | null;
  if (link === 'forked' || Number(c.same_sequence) > 1) {
    add(
      'checkpoint_chain_forked',
      `${name} shares its place in ${producer}'s chain with another checkpoint: ${producer} published two different histories`,
      `${sequence}|${String(c.previous_digest)}`,
    );
  } else if (link === 'broken' || (before !== null && before !== c.previous_digest)) {
    add(
      'checkpoint_chain_broken',
      `${name} does not chain to the checkpoint before it (it names ${short(c.previous_digest)}${before ? `, checkpoint ${sequence - 1} is ${short(before)}` : ''}): checkpoints were removed, reordered or replaced`,
    );
  }
  return out;
}

export function headFinding(h: Row): AlertFinding {
  const producer = h.producer as AlertFinding['producer'];
  const stream = String(h.stream_id);
  const version = h.version === null ? null : Number(h.version);
  const sequence = Number(h.sequence);
  const base = { producer, streamId: stream, checkpointSequence: sequence, eventId: h.event_id ?? null };
  const evidence = {
    headHash: h.hash,
    otherHash: h.other_hash,
    otherVersion: h.other_version,
    otherSequence: h.other_sequence,
  };
  // `key` tells this finding from others of its kind at the same place.
  const alert = (
    kind: IntegrityAlertKind,
    at: number | null,
    key: unknown,
    detail: string,
  ): AlertFinding => ({
    ...base,
    kind,
    version: at,
    fingerprint: `${kind}|${producer}|${stream}|${at}|${String(key)}`,
    detail,
    evidence,
  });
  switch (h.test as 'copy_at' | 'copy_next' | 'rewritten' | 'went_back' | 'previous') {
    case 'copy_at':
    case 'copy_next': {
      // The copy disagrees either on the event's own hash or on the link the next event holds to it.
      const copySays =
        h.test === 'copy_at'
          ? `reporting's copy of it (published with the event) has ${short(h.other_hash)}`
          : `in reporting's copy event ${Number(h.other_version)} links to ${short(h.other_hash)}`;
      return alert(
        'head_differs_from_copy',
        version,
        h.hash,
        `${producer}'s checkpoint ${sequence} says event ${version} of ${stream} has hash ${short(h.hash)}, ` +
          `but ${copySays}: the stream was rewritten, hashes recomputed`,
      );
    }
    case 'rewritten':
      return alert(
        'head_rewritten',
        version,
        h.hash,
        `${producer}'s checkpoint ${sequence} publishes event ${version} of ${stream} with hash ${short(h.hash)}, ` +
          `where its checkpoint ${Number(h.other_sequence)} had published ${short(h.other_hash)}: the history under it was rewritten`,
      );
    case 'went_back':
      return alert(
        'head_went_back',
        (version ?? 0) + 1,
        sequence,
        `${producer}'s checkpoint ${sequence} says ${stream} ends at version ${version}, but its checkpoint ` +
          `${Number(h.other_sequence)} had published version ${Number(h.other_version)}: events from version ${(version ?? 0) + 1} on were deleted`,
      );
    case 'previous':
      return alert(
        'history_rewritten',
        version,
        h.hash ?? 'gone',
        `${producer}'s checkpoint ${sequence} says ${stream} now holds ${h.hash ? `hash ${short(h.hash)}` : 'nothing'} at version ${version}, ` +
          `which ${h.other_sequence === null ? "reporting's copy" : `its checkpoint ${Number(h.other_sequence)}`} had as ${short(h.other_hash)}: the history under a published head was rewritten or deleted`,
      );
  }
}

export function copyFinding(c: Row): AlertFinding {
  const producer = c.producer as AlertFinding['producer'];
  const stream = String(c.stream_id);
  const version = Number(c.version);
  const base = { producer, streamId: stream, version, eventId: String(c.event_id), checkpointSequence: null };
  const evidence = { hash: c.hash, otherEventId: c.other_event_id, otherHash: c.other_hash };
  if (c.test === 'conflict') {
    return {
      ...base,
      kind: 'copy_conflict',
      fingerprint: `copy_conflict|${producer}|${stream}|${version}`,
      detail: `${producer} published two different events at version ${version} of ${stream} (${String(c.event_id)} and ${String(c.other_event_id)}): its history was rewritten after the first was published`,
      evidence,
    };
  }
  return {
    ...base,
    kind: 'copy_chain_broken',
    fingerprint: `copy_chain_broken|${producer}|${stream}|${version}`,
    detail: `in the events ${producer} published, event ${version} of ${stream} links to ${short(c.hash)} but event ${version - 1} has hash ${short(c.other_hash)}: an event was altered or replaced before it was published`,
    evidence,
  };
}

export function faultFinding(f: Row): AlertFinding {
  const producer = f.producer as AlertFinding['producer'];
  const fault = f.fault as { streamId: string; version: number; eventId: string | null; reason: string };
  return {
    kind: 'producer_fault',
    producer,
    streamId: fault.streamId,
    version: fault.version,
    eventId: fault.eventId ?? null,
    checkpointSequence: Number(f.sequence),
    fingerprint: `producer_fault|${producer}|${fault.streamId}|${fault.version}|${fault.reason}`,
    detail: `${producer} reports in its signed checkpoint ${Number(f.sequence)} that event ${fault.version} of ${fault.streamId} no longer verifies in its database (${fault.reason})`,
    evidence: { fault },
  };
}
