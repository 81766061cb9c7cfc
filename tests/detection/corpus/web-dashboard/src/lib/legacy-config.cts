import path = require('node:path')

export interface LegacyConfig {
  root: string
  verbose: boolean
}

export function loadLegacyConfig(cwd: string): LegacyConfig {
  const file = path.join(cwd, 'dashboard.config.cjs')
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const raw = require(file) as Partial<LegacyConfig>
  return { root: raw.root ?? cwd, verbose: raw.verbose ?? false }
}
