import type {
  EventChannel,
  EventPayload,
  InputOf,
  InvokeChannel,
  IpcResult,
  OutputOf,
  RendererApi,
} from '../../../shared/ipc';
import { ApiError } from './api-error';
import { perf } from './perf';

export { ApiError, errorText } from './api-error';
import { createWsApi } from './ws-client';

const TOKEN_KEY = 'rayanpbx.bridgeToken';

function bridgeApi(): RendererApi {
  // The bridge opens the page at `#token=...`: keep it for reloads, then clear it from the URL.
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (m?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  return createWsApi(`ws://${location.host}/ipc`, token);
}

export const api: RendererApi = window.api ?? bridgeApi();
export const transportKind: 'electron' | 'bridge' = window.api ? 'electron' : 'bridge';

export async function call<C extends InvokeChannel>(
  channel: C,
  input: InputOf<C>,
): Promise<OutputOf<C>> {
  const fn = api[channel] as unknown as (input: InputOf<C>) => Promise<IpcResult<OutputOf<C>>>;
  const r = await fn(input);
  if (!r.ok) throw new ApiError(r.error.code, r.error.message, r.error.details);
  return r.value as OutputOf<C>;
}

export function subscribe<E extends EventChannel>(
  event: E,
  cb: (payload: EventPayload<E>) => void,
): () => void {
  if (event === 'live/events') {
    return api.on(event, (payload) => {
      const at = performance.now();
      const wall = Date.now();
      cb(payload);
      perf.record('liveDeliveries', {
        at,
        wall,
        events: (payload as unknown[]).length,
        handleMs: performance.now() - at,
      });
    });
  }
  return api.on(event, cb);
}
