export { createUsageHistoryRepo, DEFAULT_RETENTION, ALL_SPACES, type UsageHistoryRepo, type UsageRetention } from './history-store.js'
export { createUsageSampler, type UsageSampler } from './sampler.js'
export { usageHistory, MAX_SPAN_MS, type UsageHistoryQuery } from './history.js'
