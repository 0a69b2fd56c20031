import type {
  ApiClient,
  CapacityPlanAnswer,
  CapacitySettings,
  Preset,
  PresetBody,
  SpaceBranding,
  SpaceLimitsAnswer,
  SpaceLimitsBody,
} from '../../api.js'
import type { PresetAnswer, PresetsAnswer, SpaceBrandingAnswer, SpaceRetention } from '../../../server/contract/index.js'

// The admin console's calls that only it makes, over the client's generic `request`: they ship with the console's
// script, not with every host page's.

const q = encodeURIComponent
const presets = (spaceId: string | null) => (spaceId ? `/admin/spaces/${q(spaceId)}/presets` : '/admin/presets')

/** `GET|PUT /admin/spaces/:spaceId/limits`: a space's overrides and what is in force. */
export const getSpaceLimits = (api: ApiClient, spaceId: string) => api.request<SpaceLimitsAnswer>('GET', `/admin/spaces/${q(spaceId)}/limits`)
export const putSpaceLimits = (api: ApiClient, spaceId: string, body: SpaceLimitsBody) =>
  api.request<SpaceLimitsAnswer>('PUT', `/admin/spaces/${q(spaceId)}/limits`, body)

/** Built-in and global presets (`spaceId` null), or those a space's rooms may pick. */
export const listAdminPresets = async (api: ApiClient, spaceId: string | null): Promise<Preset[]> =>
  (await api.request<PresetsAnswer>('GET', presets(spaceId))).presets
export const createPreset = async (api: ApiClient, spaceId: string | null, body: PresetBody): Promise<Preset> =>
  (await api.request<PresetAnswer>('POST', presets(spaceId), body)).preset
export const deletePreset = (api: ApiClient, spaceId: string | null, presetId: string) => api.request<void>('DELETE', `${presets(spaceId)}/${q(presetId)}`)

/** A space's branding. */
export const getBranding = async (api: ApiClient, spaceId: string): Promise<SpaceBranding> =>
  (await api.request<SpaceBrandingAnswer>('GET', `/admin/spaces/${q(spaceId)}/branding`)).branding
export const putBranding = async (api: ApiClient, spaceId: string, branding: SpaceBranding): Promise<SpaceBranding> =>
  (await api.request<SpaceBrandingAnswer>('PUT', `/admin/spaces/${q(spaceId)}/branding`, branding)).branding

/** `GET|PUT|DELETE /admin/spaces/:spaceId/retention`: a space's own rule for its recordings (null days: kept until
 * deleted); DELETE: the global rule applies again. */
const retention = (spaceId: string) => `/admin/spaces/${q(spaceId)}/retention`
export const getSpaceRetention = (api: ApiClient, spaceId: string) => api.request<SpaceRetention>('GET', retention(spaceId))
export const putSpaceRetention = (api: ApiClient, spaceId: string, recordingDays: number | null) =>
  api.request<SpaceRetention>('PUT', retention(spaceId), { recordingDays })
export const deleteSpaceRetention = (api: ApiClient, spaceId: string) => api.request<SpaceRetention>('DELETE', retention(spaceId))

/** `PUT /admin/capacity` and `GET /admin/capacity/plan`. */
export const putCapacity = (api: ApiClient, settings: Partial<CapacitySettings>) => api.request<CapacitySettings>('PUT', '/admin/capacity', settings)
export function getCapacityPlan(api: ApiClient, query: { from: number; to: number }, signal?: AbortSignal) {
  return api.request<CapacityPlanAnswer>('GET', `/admin/capacity/plan?from=${query.from}&to=${query.to}`, undefined, signal)
}
