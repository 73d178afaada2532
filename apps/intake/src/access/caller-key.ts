import { createHmac } from 'node:crypto';

/** A keyed digest of the phone number: the same caller gives the same key, the key gives no number. */
export function callerKeyOf(secret: Parameters<typeof createHmac>[1], phone: string): string {
  return createHmac('sha256', secret).update(phoneDigits(phone)).digest('hex').slice(0, 32);
}

/** 0912…, +84 912…, 0084 912…, +84 0912… are one number. */
export function phoneDigits(phone: string): string {
  return phone
    .replace(/\D/g, '')
    .replace(/^(00)?84/, '0')
    .replace(/^0+/, '0');
}
