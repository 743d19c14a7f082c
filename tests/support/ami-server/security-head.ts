import type { Fields } from './channels';
import { eventTv } from './formats';

/**
 * The fields every AMI security event (InvalidAccountID, InvalidPassword, SuccessfulAuth,
 * RequestBadFormat; transcripts 01-03) starts with, in Asterisk's order.
 */
export function amiSecurityHead(severity: 'Error' | 'Informational', version: string): Fields {
  return [
    ['Privilege', 'security,all'],
    ['EventTV', eventTv()],
    ['Severity', severity],
    ['Service', 'AMI'],
    ['EventVersion', version],
  ];
}
