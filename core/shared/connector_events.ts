// The connector host's realtime event (core/connectors/health.ts), for administrators' screens.

declare module './events.js' {
  interface ModuleEvents {
    /** An instance's health changed (the Connectors screen refetches or shows it as is). */
    connector_health: { key: string; status: 'up' | 'down' | 'degraded' | 'stopped'; detail?: string; since: string; node: string }
  }
}

export {}
