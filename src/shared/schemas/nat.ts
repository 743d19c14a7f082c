import { z } from 'zod';
import { address, networkOrAddress } from './fields';
import { unknownKey } from './extension';

export const externalMediaAddressInput = address('externalMediaAddress');
export const externalSignalingAddressInput = address('externalSignalingAddress');

export const localNetsInput = z
  .array(networkOrAddress('localNets'), {
    error: 'localNets: must be a list of IP addresses or CIDR networks',
  })
  .max(64, 'localNets: at most 64 networks')
  .refine((l) => new Set(l).size === l.length, {
    message: 'localNets: must not list a network twice',
  });

/**
 * NAT settings of one transport. Omitted field: unchanged; `null`: clear the managed value;
 * `localNets`: the complete managed list (hand-written local_net lines are never touched).
 */
export const natPatchInput = z.strictObject(
  {
    externalMediaAddress: externalMediaAddressInput.nullable().optional(),
    externalSignalingAddress: externalSignalingAddressInput.nullable().optional(),
    localNets: localNetsInput.optional(),
  },
  { error: unknownKey('NAT settings') },
);

export type NatPatchInput = z.infer<typeof natPatchInput>;
