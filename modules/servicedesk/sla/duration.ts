const ISO = /^P(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?)?$/

/** A business duration split into working days and working minutes. */
export interface BusinessDuration {
  days: number
  minutes: number
}

/**
 * Parses the ISO 8601 subset that SLA metadata allows: `PnD` (working days) and `TnHnM`
 * (working hours and minutes), e.g. `P3D`, `PT4H`, `P1DT2H30M`. Weeks, months and years are
 * refused: their length in working time would be a guess.
 */
export function parseBusinessDuration(iso: string): BusinessDuration {
  const match = ISO.exec(iso)
  if (!match || iso === 'P') throw new Error(`"${iso}" is not a business duration (PnD, PTnH, PTnM)`)
  const [, d = '0', h = '0', m = '0'] = match
  return { days: Number(d), minutes: Number(h) * 60 + Number(m) }
}
