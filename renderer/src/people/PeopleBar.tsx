import { useCoreState } from '../connection/CoreClientContext.js';
import { PeopleStrip } from './PeopleStrip.js';
import { SiteSearch } from './SiteSearch.js';

/** Under the alarm banner on every screen: the site search (desk views) and the people strip. */
export function PeopleBar({ withSearch }: { withSearch: boolean }) {
  const scene = useCoreState((s) => s.scene);
  return (
    <div className="people-bar">
      {withSearch && scene && <SiteSearch scene={scene} />}
      <PeopleStrip />
    </div>
  );
}
