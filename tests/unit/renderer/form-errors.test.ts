import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/renderer/src/api/api-error';
import { formErrorsOf } from '../../../src/renderer/src/lib/zod-form';

const FIELDS = ['number', 'codecs', 'maxContacts'];
const invalid = (fields: unknown) =>
  new ApiError('INVALID_INPUT', 'codecs: "g729x" is not a codec', { fields });
// What the form shows: the message with the field's label (`ApiError` relabels bad input).
const SHOWN = invalid([]).message;

describe('a failed call as form errors', () => {
  it('puts an IPC-boundary error (prefixed path) under its field', () => {
    expect(formErrorsOf(invalid(['extension.codecs.0']), 'extension', FIELDS)).toEqual({
      codecs: SHOWN,
    });
  });

  it('puts a core error (the same shape, unprefixed path) under its field too', () => {
    expect(formErrorsOf(invalid(['codecs.0', 'maxContacts']), 'patch', FIELDS)).toEqual({
      codecs: SHOWN,
      maxContacts: SHOWN,
    });
  });

  it('sends a field the form does not show, or no field at all, above the buttons', () => {
    expect(formErrorsOf(invalid(['extension.secret']), 'extension', FIELDS)).toEqual({
      _form: SHOWN,
    });
    expect(formErrorsOf(invalid(undefined), 'extension', FIELDS)).toEqual({
      _form: SHOWN,
    });
  });

  it('shows any other failure as the form’s error, by its message', () => {
    const busy = new ApiError('AMI_RELOAD_BUSY', 'A reload is already running on pbx1', {
      fields: ['number'],
    });
    expect(formErrorsOf(busy, 'extension', FIELDS)).toEqual({
      _form: 'A reload is already running on pbx1',
    });
    expect(formErrorsOf(new Error('socket hang up'), 'extension', FIELDS)).toEqual({
      _form: 'socket hang up',
    });
  });
});
