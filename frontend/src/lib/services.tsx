import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ApiClient } from './api-client';
import type { ConnectionState, LiveStream } from './live-stream';

/** Outside systems the UI talks to, injected so tests can swap the live stream (HTTP is mocked with MSW). */
export interface AppServices {
  api: ApiClient;
  createLiveStream: (getToken: () => string | null, refreshSession: () => Promise<boolean>) => LiveStream;
}

const ServicesContext = createContext<AppServices | null>(null);
const LiveStreamContext = createContext<LiveStream | null>(null);

export function ServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesProvider');
  return services;
}

export function useApi(): ApiClient {
  return useServices().api;
}

/** Opens the live stream for the signed-in part of the app and closes it on sign-out. */
export function LiveStreamProvider({ children }: { children: ReactNode }) {
  const { api, createLiveStream } = useServices();
  const [stream, setStream] = useState<LiveStream | null>(null);
  useEffect(() => {
    const created = createLiveStream(
      () => api.tokens.get()?.accessToken ?? null,
      () => api.refreshOnce(),
    );
    setStream(created);
    return () => created.close();
  }, [api, createLiveStream]);
  return <LiveStreamContext.Provider value={stream}>{children}</LiveStreamContext.Provider>;
}

export function useLiveStream(): LiveStream | null {
  return useContext(LiveStreamContext);
}

export function useConnectionState(): ConnectionState {
  const stream = useLiveStream();
  const [state, setState] = useState<ConnectionState>(stream?.state ?? 'connecting');
  useEffect(() => {
    if (!stream) return;
    setState(stream.state);
    return stream.onConnectionChange(setState);
  }, [stream]);
  return state;
}
