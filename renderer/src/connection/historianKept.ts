import { API_PATHS, type HealthResponse } from '@contracts';
import type { CoreClient } from './CoreClient.js';

/**
 * Whether the core keeps history (GET /api/health `historian`): the screens do not ask a core without one for
 * what only the historian holds (history, hidden dangers), so they log no failed requests. An older core that
 * does not say, or no answer, counts as keeping it (its own answer then tells).
 */
export async function historianKept(client: Pick<CoreClient, 'getJson'>): Promise<boolean> {
  const health = await client.getJson<HealthResponse>(API_PATHS.health);
  return health?.historian !== false;
}
