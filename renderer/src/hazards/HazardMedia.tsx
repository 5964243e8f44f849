import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HazardMedia } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { mediaPath } from './hazardFeed.js';

/**
 * A picture or sound of the core's API as an object URL (a ticket's photo or voice note, a warning's camera
 * snapshot): the route asks for the sign-in token, which an <img> or <audio> cannot send, so it is fetched with
 * it and shown from a blob (as the camera evidence is). null while loading, 'missing' when the core has none or refused.
 */
export function useApiBlobUrl(path: string): string | null | 'missing' {
  const client = useCoreClient();
  const [url, setUrl] = useState<string | null | 'missing'>(null);
  useEffect(() => {
    let cancelled = false;
    let created: string | null = null;
    void client.getBlob(path).then((blob) => {
      if (cancelled) return;
      if (!blob) return setUrl('missing');
      created = URL.createObjectURL(blob);
      setUrl(created);
    });
    return () => {
      cancelled = true;
      if (created) URL.revokeObjectURL(created);
    };
  }, [client, path]);
  return url;
}

function MediaItem({ media }: { media: HazardMedia }) {
  const { t } = useTranslation();
  const url = useApiBlobUrl(mediaPath(media.ref));
  if (url === null) return <span className="hazard-photo muted">{t('hazards.room.detail.photoLoading')}</span>;
  if (url === 'missing') return <span className="hazard-photo muted">{t('hazards.room.detail.photoMissing')}</span>;
  if (media.kind === 'voice')
    return (
      <audio className="hazard-voice" controls src={url} aria-label={t('hazards.room.detail.voice')} data-testid="hazard-voice">
        {t('hazards.room.detail.voice')}
      </audio>
    );
  const stage = t(media.stage === 'report' ? 'hazards.room.detail.before' : 'hazards.room.detail.after');
  return <img className="hazard-photo" src={url} alt={stage} data-testid={`hazard-photo-${media.stage}`} />;
}

/** Before (the report's) and after (the rectification's) photos side by side, voice notes under them. */
export function HazardMediaStrip({ media }: { media: readonly HazardMedia[] }) {
  const { t } = useTranslation();
  const column = (stage: HazardMedia['stage'], title: string) => {
    const items = media.filter((m) => m.stage === stage);
    return (
      <div className="hazard-media-column" data-testid={`hazard-media-${stage}`}>
        <h4>{title}</h4>
        {items.length === 0 ? <p className="muted">{t('hazards.room.detail.noMedia')}</p> : items.map((m) => <MediaItem key={m.ref} media={m} />)}
      </div>
    );
  };
  return (
    <div className="hazard-media">
      {column('report', t('hazards.room.detail.before'))}
      {column('rectification', t('hazards.room.detail.after'))}
    </div>
  );
}
