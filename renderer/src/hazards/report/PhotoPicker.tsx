import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_HAZARD_PHOTOS_PER_STEP } from '@contracts';
import { useCoreClient } from '../../connection/CoreClientContext.js';
import { downscalePhoto, uploadMedia } from './reportMedia.js';

/** A photo on the form: its thumbnail (the downscaled JPEG, from memory), and where its upload stands. */
export type PhotoItem = { key: number; thumbUrl: string | null; takenAtMs: number; state: 'uploading' | 'sent' | 'failed'; ref?: string; problem?: string };

/**
 * Photos from the phone's camera (capture="environment": the back camera opens at once) or its gallery, several at
 * a time; each is downscaled in the browser and sent on its own, its thumbnail shown at once and a progress bar
 * counting the photos sent.
 */
export function PhotoPicker({ photos, onPhotos, voiceTaken }: { photos: PhotoItem[]; onPhotos: (update: (photos: PhotoItem[]) => PhotoItem[]) => void; voiceTaken: boolean }) {
  const { t } = useTranslation();
  const client = useCoreClient();
  const nextKey = useRef(0);
  const [tooMany, setTooMany] = useState(false);
  // The thumbnails' object URLs go with the form.
  const urls = useRef(new Set<string>());
  useEffect(() => () => urls.current.forEach((url) => URL.revokeObjectURL(url)), []);

  // A voice note counts against the step's media limit too.
  const room = MAX_HAZARD_PHOTOS_PER_STEP - (voiceTaken ? 1 : 0) - photos.length;
  const update = (key: number, change: Partial<PhotoItem>) => onPhotos((list) => list.map((p) => (p.key === key ? { ...p, ...change } : p)));

  const add = (files: File[]) => {
    setTooMany(files.length > room);
    for (const file of files.slice(0, Math.max(0, room))) {
      const key = nextKey.current++;
      // A camera photo's file time is when it was taken; a gallery one's may be any time before now.
      const takenAtMs = file.lastModified > 0 ? Math.min(file.lastModified, Date.now()) : Date.now();
      onPhotos((list) => [...list, { key, thumbUrl: null, takenAtMs, state: 'uploading' }]);
      void (async () => {
        let jpeg: Blob;
        try {
          jpeg = await downscalePhoto(file);
        } catch {
          return update(key, { state: 'failed', problem: t('hazards.phone.photos.unreadable') });
        }
        const thumbUrl = URL.createObjectURL(jpeg);
        urls.current.add(thumbUrl);
        update(key, { thumbUrl });
        const answer = await uploadMedia(client, jpeg);
        update(key, answer.ok ? { state: 'sent', ref: answer.ref } : { state: 'failed', problem: answer.message });
      })();
    }
  };
  const remove = (key: number) => onPhotos((list) => list.filter((p) => p.key !== key));

  const sent = photos.filter((p) => p.state === 'sent').length;
  const uploading = photos.some((p) => p.state === 'uploading');
  return (
    <fieldset className="report-field" data-testid="report-photos">
      <legend>{t('hazards.phone.photos.title')}</legend>
      <label className={`report-photo-button${room <= 0 ? ' disabled' : ''}`}>
        {t('hazards.phone.photos.take')}
        <input
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          disabled={room <= 0}
          data-testid="report-photo-input"
          onChange={(event) => {
            add([...(event.target.files ?? [])]);
            // The same photo may be chosen again after it was removed.
            event.target.value = '';
          }}
        />
      </label>
      {photos.length > 0 && (
        <>
          <ul className="report-thumbs">
            {photos.map((photo) => (
              <li key={photo.key} data-testid="report-photo" data-state={photo.state}>
                {photo.thumbUrl ? <img src={photo.thumbUrl} alt={t('hazards.phone.photos.thumb')} /> : <span className="report-thumb-wait">{t('hazards.phone.photos.preparing')}</span>}
                {photo.state === 'failed' && <span className="form-error">{photo.problem}</span>}
                <button type="button" onClick={() => remove(photo.key)} aria-label={t('hazards.phone.photos.remove')}>
                  ×
                </button>
              </li>
            ))}
          </ul>
          {uploading && (
            <div className="report-progress">
              <progress max={photos.length} value={sent} data-testid="report-photo-progress" />
              <span>{t('hazards.phone.photos.progress', { sent, total: photos.length })}</span>
            </div>
          )}
        </>
      )}
      {tooMany && <p className="form-error">{t('hazards.phone.photos.tooMany', { max: MAX_HAZARD_PHOTOS_PER_STEP })}</p>}
    </fieldset>
  );
}
