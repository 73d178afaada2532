import type {
  BrokenReason,
  CheckpointComparison,
  CheckpointDifference,
  CopyCheck,
  CopiedEvent,
  Finding,
  SourceCheck,
  SourceDifference,
  Verdict,
} from './integrity.types';

// What a comparison of one stream found, as sentences that name the version and the event, and its verdict.

export const short = (hash: string | null | undefined) => (hash ? `${hash.slice(0, 12)}…` : 'none');
export const eventName = (version: number, eventId: string | null) =>
  `event ${version}${eventId ? ` (id ${eventId})` : ''}`;

const WHERE_ORDER: Record<Finding['where'], number> = { source: 0, comparison: 1, checkpoint: 2, copy: 3 };

export function verdictOf(
  label: string,
  findings: Finding[],
  copy: CopyCheck,
  checkpoints: CheckpointComparison,
): { verdict: Verdict; detail: string } {
  const byPlace = (a: Finding, b: Finding) =>
    (a.version ?? Infinity) - (b.version ?? Infinity) || WHERE_ORDER[a.where] - WHERE_ORDER[b.where];
  const tampered = findings.filter((f) => f.tampered).sort(byPlace);
  if (tampered.length) {
    const more = tampered.length > 1 ? ` (${tampered.length - 1} more finding(s) below)` : '';
    return { verdict: 'tampered', detail: `${capitalise(tampered[0].detail)}.${more}` };
  }
  const open = findings.filter((f) => !f.tampered).sort(byPlace);
  if (open.length) {
    return {
      verdict: 'incomplete',
      detail: `No sign of tampering, but ${label} could not be fully verified: ${open.map((f) => f.detail).join('; ')}.`,
    };
  }
  const cp = checkpoints.latest
    ? ` and agrees with the ${checkpoints.received - checkpoints.ignored} checkpoint(s) published for it ` +
      `(latest: sequence ${checkpoints.latest.sequence}, version ${checkpoints.latest.version})`
    : '; no checkpoint has covered it yet';
  return {
    verdict: 'verified',
    detail:
      `All ${copy.events} events of ${label} verify: casework's recomputation holds, reporting's copy of the ` +
      `chain is unbroken and identical to casework's, event by event${cp}.`,
  };
}

export function sourceFindings(label: string, source: SourceCheck, copy: readonly CopiedEvent[]): Finding[] {
  switch (source.kind) {
    case 'unreachable':
      return [
        {
          version: null,
          eventId: null,
          where: 'source',
          reason: 'unreachable',
          tampered: false,
          detail: `casework could not be asked (${source.error})`,
        },
      ];
    case 'refused':
      return [
        {
          version: null,
          eventId: null,
          where: 'source',
          reason: 'refused',
          tampered: false,
          detail: `casework answered HTTP ${source.status} (${source.error})`,
        },
      ];
    case 'not_found':
      // Every copied event then shows as missing_in_source in the comparison, which names them.
      return [];
    case 'answered': {
      if (source.ok || !source.firstBroken) return [];
      const { streamVersion, reason } = source.firstBroken;
      const eventId =
        source.firstBroken.eventId ?? copy.find((e) => e.version === streamVersion)?.eventId ?? null;
      return [
        {
          version: streamVersion,
          eventId,
          where: 'source',
          reason,
          tampered: true,
          detail: `${eventName(streamVersion, eventId)} of ${label} ${BROKEN_SENTENCE[reason]} (casework's own verification: ${reason})`,
        },
      ];
    }
  }
}

const BROKEN_SENTENCE: Record<BrokenReason, string> = {
  hash_mismatch: "was altered in casework's database: its stored content no longer matches its hash",
  chain_broken:
    "no longer links to the event before it in casework's database: its previous hash differs, so an earlier event was altered or replaced",
  version_gap: "is missing from casework's database: the stream skips this version",
  subject_key_missing:
    "seals personal data under a key that is no longer in casework's database (deleted without an erasure)",
  subject_key_destroyed:
    "seals personal data under a key destroyed in casework's database without an erasure recorded in its store",
  subject_key_altered:
    "seals personal data that its key in casework's database no longer opens: the key was altered",
};

export function comparisonFinding(label: string, d: SourceDifference): Finding {
  const name = `${eventName(d.version, d.eventId)} of ${label}`;
  const detail =
    d.difference === 'missing_in_source'
      ? `${name} is in reporting's copy but no longer in casework's database: it was deleted (missing_in_source)`
      : d.difference === 'missing_in_copy'
        ? `${name} is in casework's database but not yet in reporting's copy (missing_in_copy)`
        : d.copy!.eventId !== d.source!.eventId
          ? `${name} was replaced in casework's database by a different event (id ${d.source!.eventId}) (altered)`
          : `${name} differs between casework's database and reporting's copy: casework holds hash ` +
            `${short(d.source!.hash)} (previous ${short(d.source!.prevHash)}) where the copy holds ` +
            `${short(d.copy!.hash)} (previous ${short(d.copy!.prevHash)}), so it was altered and its hash recomputed (altered)`;
  return differenceFinding('comparison', d, detail);
}

export function checkpointFinding(label: string, d: CheckpointDifference): Finding {
  return differenceFinding('checkpoint', d, `for ${label}, ${d.detail} (${d.difference})`);
}

/** A difference from casework's events is tampering, except an event reporting's copy has not yet received. */
function differenceFinding(
  where: 'comparison' | 'checkpoint',
  d: SourceDifference | CheckpointDifference,
  detail: string,
): Finding {
  return {
    version: d.version,
    eventId: d.eventId,
    where,
    reason: d.difference,
    tampered: d.difference !== 'missing_in_copy',
    detail,
  };
}

export function copyFindings(label: string, copy: CopyCheck): Finding[] {
  const p = copy.firstProblem;
  if (!p) return [];
  const name = `${eventName(p.version, p.eventId)} of ${label}`;
  const detail = {
    no_integrity: `reporting's copy of ${name} arrived without its hashes (published before hashes were sent)`,
    version_gap: `reporting's copy lacks ${name}`,
    chain_broken: `in reporting's copy, ${name} does not link to the event before it (its previous hash differs)`,
    duplicate_version: `reporting's copy holds two different events at version ${p.version} of ${label}: the source published a different history after this version`,
  }[p.reason];
  return [
    {
      version: p.version,
      eventId: p.eventId,
      where: 'copy',
      reason: p.reason,
      tampered: p.reason === 'chain_broken' || p.reason === 'duplicate_version',
      detail,
    },
  ];
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
