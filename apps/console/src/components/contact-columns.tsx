import type { TFunction } from 'i18next';
import type { ColumnType } from 'antd/es/table';
import { Link } from 'wouter';
import type { ContactListItem } from '../api/views';
import { formatDateTime } from '../lib/dates';
import { CommuneName } from './commune-name';

/** The columns every list of contacts starts with: when it came in (the link to it) and where. */

export const receivedAtColumn = (t: TFunction): ColumnType<ContactListItem> => ({
  title: t('contacts.receivedAt'),
  key: 'receivedAt',
  render: (_: unknown, c) => (
    <Link href={`/contacts/${c.id}`} aria-label={t('contacts.open', { time: formatDateTime(c.receivedAt) })}>
      {formatDateTime(c.receivedAt)}
    </Link>
  ),
});

/** The commune the report was referred to, or else where it happened. */
export const communeColumn = (t: TFunction): ColumnType<ContactListItem> => ({
  title: t('contacts.commune'),
  key: 'commune',
  render: (_: unknown, c) => <CommuneName code={c.referralCommuneCode ?? c.incidentCommuneCode} />,
});
