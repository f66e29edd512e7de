import L from 'leaflet'

// the marker-cluster and heat plugins extend the global `L` when they load (UMD scripts)
;(globalThis as unknown as { L: typeof L }).L = L

export default L
