import { invalidInput } from './jobs-error';

/** graphd keeps job ids as i32 and parses them with atoi: anything else must never reach it. */
export const MAX_JOB_ID = 2_147_483_647;

export function isJobId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_JOB_ID;
}

/** Accepts plain decimal digits only: no sign, exponent, hex, spaces or leading zeros. */
export function parseJobId(text: string): number {
  const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text;
  if (!/^[1-9][0-9]{0,9}$/.test(text) || Number(text) > MAX_JOB_ID) {
    throw invalidInput(`\`${shown}\` is not a job id.`, `A job id is a whole number from 1 to ${MAX_JOB_ID}, as shown by \`list\`.`);
  }
  return Number(text);
}
