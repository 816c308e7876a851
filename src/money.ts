/** Money is integer cents inside and a two-decimal string outside; no floating point touches it. */

/** "19.9" → 1990. The spec's pattern has already checked the shape. */
export function parseMoney(amount: string): number {
  const [whole = '0', fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** 1990 → "19.90" */
export function formatMoney(cents: number): string {
  const whole = Math.floor(cents / 100);
  const fraction = cents % 100;
  return `${whole}.${fraction.toString().padStart(2, '0')}`;
}
