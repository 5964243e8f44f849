import { indicatorSourceText, type DutyPost, type LocalizedText, type Scene } from '../contracts/index.js';
import type { MessageLocale, MessageNames } from '../dispatch/index.js';
import { localizedName } from '../evacuation/index.js';
import { REPORT_STRINGS } from '../recording/index.js';

type Named = { id: string; name?: LocalizedText | undefined };

type SceneNames = Pick<Scene, 'areas' | 'sensors' | 'cameras' | 'equipment' | 'musterPoints' | 'organisation'>;
type Indexes = { areas: Map<string, LocalizedText | undefined>; sources: Map<string, LocalizedText | undefined>; musterPoints: Map<string, LocalizedText | undefined> };
/** The scene's names by id, built once per scene (a message is rendered per delivery). */
const INDEXES = new WeakMap<SceneNames, Indexes>();

function indexesOf(scene: SceneNames): Indexes {
  const known = INDEXES.get(scene);
  if (known) return known;
  const index = (items: readonly Named[]) => new Map(items.map((item) => [item.id, item.name]));
  const built = { areas: index(scene.areas), sources: new Map([...index(scene.areas), ...index(scene.equipment), ...index(scene.cameras), ...index(scene.sensors)]), musterPoints: index(scene.musterPoints) };
  INDEXES.set(scene, built);
  return built;
}

/**
 * The names a warning message uses, in one language: the scene's areas, sources (sensors, cameras, equipment,
 * areas, a declining indicator), muster points, the roster's posts (read when a message is rendered: the roster changes), and the alarm
 * conditions as the incident report words them. A name missing in zh-CN falls back to English, then the id.
 */
export function messageNames(scene: SceneNames, posts: () => readonly DutyPost[], locale: MessageLocale): MessageNames {
  const { areas, sources, musterPoints } = indexesOf(scene);
  const named = (map: Map<string, LocalizedText | undefined>, id: string) => {
    const text = map.get(id);
    return text === undefined ? undefined : localizedName(text, id, locale);
  };
  return {
    area: (id) => named(areas, id),
    // A declining indicator's `<indicatorId>/<dimension>/<key>`: the catalogue's name and the department or area.
    source: (id) => named(sources, id) ?? indicatorSourceText(id, locale, scene) ?? undefined,
    musterPoint: (id) => named(musterPoints, id),
    post: (id) => {
      const post = posts().find((p) => p.id === id);
      return post && localizedName(post.name, id, locale);
    },
    condition: (condition) => REPORT_STRINGS[locale].conditions[condition] ?? condition,
  };
}
