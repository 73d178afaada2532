import path from 'node:path';
import fs from 'node:fs';

/** What the global setup tells the tests about the stack it started. */
export interface BrowserStack {
  id: string;
  intake: string;
  casework: string;
  reporting: string;
  logDir: string;
  clocks: { takeUpMinutes: number; forwardingMinutes: number; scanMs: number };
}

export const STACK_FILE = path.resolve(__dirname, '..', '..', '..', '.local', 'browser', 'stack.json');

export function browserStack(): BrowserStack {
  return JSON.parse(fs.readFileSync(STACK_FILE, 'utf8')) as BrowserStack;
}
