'use client';

/** A labelled input with the DRF field errors for it shown inline. */
export default function Field({
  name,
  label,
  type = 'text',
  autoComplete,
  errors,
}: {
  name: string;
  label: string;
  type?: string;
  autoComplete?: string;
  errors?: string[];
}) {
  const errorId = `${name}-errors`;
  const invalid = Boolean(errors?.length);
  return (
    <label>
      {label}
      <input
        name={name}
        type={type}
        autoComplete={autoComplete}
        aria-invalid={invalid}
        aria-describedby={invalid ? errorId : undefined}
        data-testid={`input-${name}`}
      />
      {invalid && (
        <ul className="field-error" id={errorId} data-testid={`error-${name}`}>
          {errors!.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </label>
  );
}
