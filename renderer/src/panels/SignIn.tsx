import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';

/** A phone's keyboard neither capitalises nor corrects the user name: "Wang.fang" is not wang.fang. */
export function SignIn() {
  const { t } = useTranslation();
  const client = useCoreClient();
  const error = useCoreState((s) => s.signInError);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    await client.signIn(username, password);
    setBusy(false);
    setPassword('');
  };
  return (
    <main className="sign-in">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{t('signIn.title')}</h1>
        <label>
          {t('signIn.username')}
          <input name="username" autoComplete="username" autoCapitalize="none" autoCorrect="off" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </label>
        <label>
          {t('signIn.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <p className="form-error" role="alert" data-testid="sign-in-error">
            {t(`signIn.${error}`)}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
