import { connectAsync } from 'mqtt';
import { rtlsTopic } from '../../main/contracts/index.js';

/**
 * A badge the simulator reports on site now: the first RTLS position the broker carries. Who is on site
 * follows the demo's shifts, so a test that needs a person at work asks the broker instead of naming one
 * (the first person of the roster is off site at night).
 */
export async function aBadgeOnSite(mqttUrl: string, siteId: string): Promise<string> {
  const client = await connectAsync(mqttUrl, { reconnectPeriod: 0 });
  try {
    const first = new Promise<string>((resolve) => client.on('message', (topic) => resolve(topic.split('/').at(-1)!)));
    await client.subscribeAsync(rtlsTopic(siteId, '+'));
    return await first;
  } finally {
    await client.endAsync();
  }
}
