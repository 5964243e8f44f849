import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GasTestSchema, type PermitDetail } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';

/**
 * A gas analysis read into a permit while it is open (气体分析, GB 30871-2022 §5.3, §6.3: before work and
 * again while it goes on; `permit:gasTest`, permit:operate): O2 %vol, combustibles %LEL, the sample point and
 * the analyst, taken now. A test is what lets work start or resume after a suspension for gas.
 */
export function GasTestEntry({ detail, onRecorded }: { detail: PermitDetail; onRecorded: (detail: PermitDetail) => void }) {
  const { t } = useTranslation();
  const client = useCoreClient();
  const [open, setOpen] = useState(false);
  const [fields, setFields] = useState({ oxygen: '', combustible: '', samplePoint: '', analyst: '' });
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const reading = (text: string) => (text.trim() === '' ? undefined : Number(text));
  const record = async () => {
    const oxygenPct = reading(fields.oxygen);
    const combustibleLelPct = reading(fields.combustible);
    const test = GasTestSchema.safeParse({
      takenAtMs: Date.now(),
      analystName: fields.analyst,
      ...(oxygenPct !== undefined && { oxygenPct }),
      ...(combustibleLelPct !== undefined && { combustibleLelPct }),
      ...(fields.samplePoint.trim() !== '' && { samplePoint: fields.samplePoint }),
    });
    if (!test.success) return setOutcome({ ok: false, text: t('problemCodes.ST_ERR_PERMIT_INVALID') });
    setBusy(true);
    const result = await client.request('permit:gasTest', { number: detail.permit.number, test: test.data });
    setBusy(false);
    if (!result.ok) return setOutcome({ ok: false, text: result.message });
    setOpen(false);
    setFields({ oxygen: '', combustible: '', samplePoint: '', analyst: '' });
    setOutcome({ ok: true, text: t('permits.gasEntry.done') });
    onRecorded(result.value);
  };
  const input = (name: keyof typeof fields, label: string, numeric: boolean) => (
    <label>
      {label}{' '}
      <input
        type={numeric ? 'number' : 'text'}
        step={numeric ? 'any' : undefined}
        maxLength={numeric ? undefined : 64}
        value={fields[name]}
        onChange={(e) => setFields((f) => ({ ...f, [name]: e.target.value }))}
        data-testid={`gas-entry-${name}`}
      />
    </label>
  );
  return (
    <div className="gas-entry">
      {!open && (
        <button type="button" onClick={() => {
            setOutcome(null);
            setOpen(true);
          }} data-testid="gas-entry-open">
          {t('permits.gasEntry.add')}
        </button>
      )}
      {open && (
        <form
          className="permit-step-form"
          onSubmit={(e) => {
            e.preventDefault();
            void record();
          }}
        >
          {input('oxygen', t('permits.gas.oxygen'), true)}
          {input('combustible', t('permits.gas.combustible'), true)}
          {input('samplePoint', t('permits.gas.samplePoint'), false)}
          {input('analyst', t('permits.gas.analyst'), false)}
          <button type="submit" className="confirm-yes" disabled={busy} data-testid="gas-entry-save">
            {t('permits.gasEntry.save')}
          </button>{' '}
          <button type="button" onClick={() => setOpen(false)}>
            {t('permits.step.cancel')}
          </button>
        </form>
      )}
      {outcome && (
        <p className={outcome.ok ? 'permit-step-done' : 'form-error'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}
        </p>
      )}
    </div>
  );
}
