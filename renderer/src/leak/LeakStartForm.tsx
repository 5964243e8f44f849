import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { roleMay, type Equipment } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { uiStore } from '../state/uiStore.js';

const HOLE_PRESETS_MM = [10, 25, 50, 100];

/**
 * Start a leak study at the selected equipment: a hole (the source model follows the equipment's
 * substance, storage and inventory) or a known release rate, for how long, and which model. A study
 * never touches the plant. A trainer may instead simulate the same release on the demo plant, a
 * separate and clearly labelled act (leak:simulateRelease): the simulator leaks and real alarms follow.
 */
export function LeakStartForm({ equipment }: { equipment: Equipment }) {
  const { t } = useTranslation();
  const client = useCoreClient();
  const user = useCoreState((s) => s.user);
  const [source, setSource] = useState<'hole' | 'rate'>('hole');
  const [holeMm, setHoleMm] = useState('25');
  const [rateKgS, setRateKgS] = useState('1');
  const [durationMin, setDurationMin] = useState('30');
  const [model, setModel] = useState<'auto' | 'gaussian' | 'dense'>('auto');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!user || !roleMay(user.role, 'simulation:run') || equipment.substanceId === undefined) return null;
  const maySimulate = roleMay(user.role, 'simulator:inject');

  const send = async (event: 'leak:start' | 'leak:simulateRelease') => {
    const amount = Number(source === 'hole' ? holeMm : rateKgS);
    const minutes = Number(durationMin);
    if (!(amount > 0) || !(minutes > 0)) {
      setError(t('leak.form.invalid'));
      return;
    }
    setBusy(true);
    setError(null);
    const result = await client.request(event, {
      equipmentId: equipment.id,
      ...(source === 'hole' ? { holeDiameterM: amount / 1000 } : { rateKgS: amount }),
      durationS: minutes * 60,
      model,
    });
    setBusy(false);
    if (result.ok) uiStore.set({ sidePanel: 'leak' });
    else setError(result.message);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await send('leak:start');
  };

  return (
    <form className="leak-form" onSubmit={(e) => void submit(e)} data-testid="leak-form" aria-labelledby="leak-form-title">
      <h4 id="leak-form-title">{t('leak.form.title')}</h4>
      <fieldset>
        <legend>{t('leak.form.source')}</legend>
        <label>
          <input type="radio" name="leak-source" checked={source === 'hole'} onChange={() => setSource('hole')} /> {t('leak.form.hole')}
        </label>
        <label>
          <input type="radio" name="leak-source" checked={source === 'rate'} onChange={() => setSource('rate')} /> {t('leak.form.rate')}
        </label>
      </fieldset>
      {source === 'hole' ? (
        <label>
          {t('leak.form.holeDiameterMm')}
          <input type="number" min="1" max="5000" step="any" value={holeMm} onChange={(e) => setHoleMm(e.target.value)} list="leak-hole-presets" data-testid="leak-hole-mm" />
          <datalist id="leak-hole-presets">
            {HOLE_PRESETS_MM.map((mm) => (
              <option key={mm} value={mm} />
            ))}
          </datalist>
        </label>
      ) : (
        <label>
          {t('leak.form.rateKgS')}
          <input type="number" min="0.001" max="10000" step="any" value={rateKgS} onChange={(e) => setRateKgS(e.target.value)} data-testid="leak-rate" />
        </label>
      )}
      <label>
        {t('leak.form.durationMin')}
        <input type="number" min="1" max="1440" step="any" value={durationMin} onChange={(e) => setDurationMin(e.target.value)} />
      </label>
      <label>
        {t('leak.form.model')}
        <select value={model} onChange={(e) => setModel(e.target.value as typeof model)}>
          <option value="auto">{t('leak.form.modelAuto')}</option>
          <option value="gaussian">{t('leak.form.modelGaussian')}</option>
          <option value="dense">{t('leak.form.modelDense')}</option>
        </select>
      </label>
      <button type="submit" disabled={busy} data-testid="leak-start">
        {t('leak.form.start')}
      </button>
      <p className="empty">{t('leak.form.studyNote')}</p>
      {maySimulate && (
        <button type="button" disabled={busy} onClick={() => void send('leak:simulateRelease')} data-testid="leak-simulate-release">
          {t('leak.form.simulateRelease')}
        </button>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
