/** A list of codes as a group of checkboxes, bound to a form field holding the chosen codes. */
import { Checkbox } from '@mantine/core';
import { Controller, useFormContext, type FieldPathByValue } from 'react-hook-form';
import { fieldError } from '../../lib/messages';
import type { VisitValues } from './visitForm';

interface CodeChecksProps<C extends string> {
  name: FieldPathByValue<VisitValues, C[]>;
  label: string;
  table: { codes: readonly C[]; label(code: C): string };
}

export function CodeChecks<C extends string>({ name, label, table }: CodeChecksProps<C>) {
  const { control } = useFormContext<VisitValues>();
  return (
    <Controller
      name={name}
      control={control}
      render={({ field, fieldState }) => (
        <Checkbox.Group label={label} value={field.value as string[]} onChange={field.onChange} error={fieldError(fieldState.error, label)}>
          <div className="visit-checks">
            {table.codes.map((code, i) => (
              // The first box takes the field's ref, so that an error here can be focused.
              <Checkbox key={code} value={code} label={table.label(code)} size="sm" ref={i === 0 ? field.ref : undefined} onBlur={field.onBlur} />
            ))}
          </div>
        </Checkbox.Group>
      )}
    />
  );
}
