/** A labelled file input; hands on the chosen file, or undefined when the choice is cleared. */
export function FileField({ id, label, accept, required, onPick }: { id: string; label: string; accept?: string; required?: boolean; onPick: (file: File | undefined) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="file" accept={accept} required={required} onChange={(e) => onPick(e.target.files?.[0])} />
    </div>
  );
}
