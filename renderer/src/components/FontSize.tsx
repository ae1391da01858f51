import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';

export const FONT_SCALES = [0.875, 1, 1.125, 1.25, 1.5] as const;
const KEY = 'kb.fontScale';

function stored(): number {
  const i = Number(localStorage.getItem(KEY));
  return Number.isInteger(i) && i >= 0 && i < FONT_SCALES.length ? i : 1;
}

/** Text size for the whole app (every size is rem-based off --font-scale); kept per PC. */
export function FontSize() {
  const { t } = useI18n();
  const [step, setStep] = useState(stored);
  useEffect(() => {
    document.documentElement.style.setProperty('--font-scale', String(FONT_SCALES[step]));
    localStorage.setItem(KEY, String(step));
  }, [step]);
  return (
    <div className="font-size" role="group" aria-label={t('font.label')}>
      <button type="button" aria-label={`A− ${t('font.smaller')}`} disabled={step === 0} onClick={() => setStep(step - 1)}>
        A−
      </button>
      <button type="button" aria-label={`A+ ${t('font.larger')}`} disabled={step === FONT_SCALES.length - 1} onClick={() => setStep(step + 1)}>
        A+
      </button>
    </div>
  );
}
