/**
 * List actions whose *empty* result Asterisk reports as `Response: Error` instead of an empty
 * list, with the exact messages that mean "nothing there" (stray trailing LF already removed by
 * the parser). Taken from the recordings (06b, 15d) and from the Asterisk 22 sources
 * (res_pjsip: `ami_show_endpoints`, `ami_show_aors`, `ami_show_auths`, `ami_show_contacts`).
 *
 * Only these pairs are read as empty lists. Other errors of the same actions (e.g. "Could not
 * get endpoints") stay errors: they mean Asterisk could not answer, not that nothing exists.
 */
const EMPTY_LIST_ERRORS: Readonly<Record<string, readonly string[]>> = {
  pjsipshowcontacts: ['No Contacts found'],
  pjsipshowendpoints: ['No endpoints found'],
  pjsipshowaors: ['No AORs found'],
  pjsipshowauths: ['No Auths found'],
  pjsipshowresourcelists: ['No resource lists found'],
};

/** True when `message` is how Asterisk says "empty" for the list action `action`. */
export function isEmptyListError(action: string, message: string): boolean {
  const known = EMPTY_LIST_ERRORS[action.toLowerCase()];
  return known !== undefined && known.includes(message.trim());
}

/** The event that ends a list: `EventList: Complete` (e.g. `EndpointListComplete`). */
export function isListComplete(eventList: string | undefined): boolean {
  return eventList !== undefined && eventList.toLowerCase() === 'complete';
}
