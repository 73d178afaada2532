/** The sweep's queries: what it compares, in the database, on every run (docs/audit-integrity.md). */

/**
 * A checkpoint whose heads the comparisons trust: digest and signature verify, the body names its topic's
 * producer (NULL in both: received before signatures were checked, trusted by its digest as it was then).
 */
export const trusted = (c: string) =>
  `${c}.digest_verifies AND ${c}.signature_verifies IS NOT FALSE ` +
  `AND coalesce(${c}.claimed_producer, ${c}.producer) = ${c}.producer`;

/**
 * The checkpoints received since `$1` (position), each with what its chain needs: the received checkpoint
 * its previous digest names, how many name the same previous digest, how many distinct checkpoints claim
 * its sequence, and the digest of the checkpoint received with the sequence before it.
 */
export const CHECKPOINTS_SQL = `
SELECT c.producer, c.sequence, c.digest, c.previous_digest, c.digest_verifies, c.signature_verifies, c.key_id,
       c.claimed_producer, c.at, p.sequence AS predecessor_sequence,
       (SELECT count(*) FROM rm_integrity_checkpoints s
        WHERE s.producer = c.producer AND s.previous_digest = c.previous_digest)::int AS same_parent,
       (SELECT count(DISTINCT s.digest) FROM rm_integrity_checkpoints s
        WHERE s.producer = c.producer AND s.sequence = c.sequence)::int AS same_sequence,
       (SELECT s.digest FROM rm_integrity_checkpoints s
        WHERE s.producer = c.producer AND s.sequence = c.sequence - 1 ORDER BY s.position LIMIT 1) AS before_digest
FROM rm_integrity_checkpoints c
LEFT JOIN rm_integrity_checkpoints p ON p.producer = c.producer AND p.digest = c.previous_digest
WHERE c.position > $1`;

/**
 * Every trusted head against everything else reporting holds about its stream, for the heads received
 * since `$1` and the copied events received since `$2`:
 *
 * - `copy_at`: the copy holds another hash at the head's version;
 * - `copy_next`: the copy's next event links to another hash than the head's;
 * - `rewritten`: the head published before it has another hash at the same version;
 * - `went_back`: the head published before it is at a higher version (events were deleted);
 * - `previous`: what the producer says the stream now holds at the version it published last differs
 *   from that head, or from the copy.
 */
export const HEADS_SQL = `
WITH fresh AS (
  SELECT h.stream_id, h.version, h.hash, h.previous_version, h.previous_hash, c.producer, c.sequence
  FROM rm_integrity_checkpoints c JOIN rm_integrity_heads h ON h.checkpoint_event_id = c.event_id
  WHERE c.position > $1 AND ${trusted('c')}
  UNION
  SELECT h.stream_id, h.version, h.hash, h.previous_version, h.previous_hash, c.producer, c.sequence
  FROM rm_events e
  JOIN rm_integrity_heads h
    ON h.stream_id = e.source_stream AND e.source_version IN (h.version, h.version + 1, h.previous_version)
  JOIN rm_integrity_checkpoints c ON c.event_id = h.checkpoint_event_id AND c.producer = e.producer
  -- a full sweep (both floors 0) has every head in the first part already
  WHERE $2 > 0 AND e.position > $2 AND ${trusted('c')}
), earlier AS (
  -- the head the producer published for the stream just before (each head answers for the one before
  -- it, so the whole sequence holds when every pair does)
  SELECT f.producer AS f_producer, f.stream_id AS f_stream, f.sequence AS f_sequence, u.version, u.hash,
         u.sequence
  FROM fresh f
  CROSS JOIN LATERAL (
    SELECT uh.version, uh.hash, uc.sequence
    FROM rm_integrity_heads uh JOIN rm_integrity_checkpoints uc ON uc.event_id = uh.checkpoint_event_id
    WHERE uh.stream_id = f.stream_id AND uc.producer = f.producer AND uc.sequence < f.sequence
      AND ${trusted('uc')}
    ORDER BY uc.sequence DESC LIMIT 1
  ) u
)
SELECT 'copy_at' AS test, f.producer, f.stream_id, f.version, f.sequence, f.hash, e.event_id,
       e.hash AS other_hash, NULL::int AS other_version, NULL::int AS other_sequence
FROM fresh f JOIN rm_events e
  ON e.producer = f.producer AND e.source_stream = f.stream_id AND e.source_version = f.version
WHERE f.version > 0 AND e.hash IS NOT NULL AND e.hash <> f.hash
UNION ALL
SELECT 'copy_next', f.producer, f.stream_id, f.version, f.sequence, f.hash, e.event_id, e.prev_hash,
       e.source_version, NULL
FROM fresh f JOIN rm_events e
  ON e.producer = f.producer AND e.source_stream = f.stream_id AND e.source_version = f.version + 1
WHERE e.prev_hash IS NOT NULL AND e.prev_hash <> f.hash
UNION ALL
SELECT 'rewritten', f.producer, f.stream_id, f.version, f.sequence, f.hash, NULL, u.hash, u.version, u.sequence
FROM fresh f JOIN earlier u
  ON u.f_producer = f.producer AND u.f_stream = f.stream_id AND u.f_sequence = f.sequence
 AND u.version = f.version AND u.hash <> f.hash
UNION ALL
SELECT 'went_back', f.producer, f.stream_id, f.version, f.sequence, f.hash, NULL, u.hash, u.version, u.sequence
FROM fresh f JOIN earlier u
  ON u.f_producer = f.producer AND u.f_stream = f.stream_id AND u.f_sequence = f.sequence AND u.version > f.version
UNION ALL
SELECT 'previous', f.producer, f.stream_id, f.previous_version, f.sequence, f.previous_hash, NULL, u.hash,
       u.version, u.sequence
FROM fresh f JOIN earlier u
  ON u.f_producer = f.producer AND u.f_stream = f.stream_id AND u.f_sequence = f.sequence
 AND u.version = f.previous_version AND u.hash IS DISTINCT FROM f.previous_hash
UNION ALL
SELECT 'previous', f.producer, f.stream_id, f.previous_version, f.sequence, f.previous_hash, e.event_id, e.hash,
       e.source_version, NULL
FROM fresh f JOIN rm_events e
  ON e.producer = f.producer AND e.source_stream = f.stream_id AND e.source_version = f.previous_version
WHERE e.hash IS NOT NULL AND e.hash IS DISTINCT FROM f.previous_hash`;

/**
 * The copy against itself, for the copied events received since `$1`: two different events at one
 * version of a stream (`conflict`), or consecutive events that do not link (`link`).
 */
export const COPY_SQL = `
WITH fresh AS (
  SELECT * FROM rm_events WHERE position > $1 AND source_stream IS NOT NULL AND hash IS NOT NULL
)
SELECT 'conflict' AS test, f.producer, f.source_stream AS stream_id, f.source_version AS version,
       f.event_id, f.hash, o.event_id AS other_event_id, o.hash AS other_hash
FROM fresh f JOIN rm_events o
  ON o.producer = f.producer AND o.source_stream = f.source_stream AND o.source_version = f.source_version
 AND o.event_id <> f.event_id
UNION ALL
SELECT 'link', f.producer, f.source_stream, f.source_version, f.event_id, f.prev_hash, p.event_id, p.hash
FROM fresh f JOIN rm_events p
  ON p.producer = f.producer AND p.source_stream = f.source_stream AND p.source_version = f.source_version - 1
WHERE p.hash IS NOT NULL AND p.hash <> f.prev_hash
UNION ALL
SELECT 'link', f.producer, f.source_stream, n.source_version, n.event_id, n.prev_hash, f.event_id, f.hash
FROM fresh f JOIN rm_events n
  ON n.producer = f.producer AND n.source_stream = f.source_stream AND n.source_version = f.source_version + 1
WHERE n.prev_hash IS NOT NULL AND n.prev_hash <> f.hash`;

/** The faults producers reported in trusted checkpoints received since `$1`. */
export const FAULTS_SQL = `
SELECT c.producer, c.sequence, f.value AS fault
FROM rm_integrity_checkpoints c, jsonb_array_elements(coalesce(c.faults, '[]'::jsonb)) AS f(value)
WHERE c.position > $1 AND ${trusted('c')}`;
