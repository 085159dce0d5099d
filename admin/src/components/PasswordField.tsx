import { Field } from '@strapi/design-system';
import { Eye, EyeStriked } from '@strapi/icons';
import * as React from 'react';
import { useIntl } from 'react-intl';

import { getTranslation } from '../utils/getTranslation';

interface PasswordFieldProps {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  error?: string;
  hint?: string;
}

/** A password input with a show/hide toggle, in the design system's field frame. */
export const PasswordField = ({
  name,
  label,
  value,
  onChange,
  disabled,
  error,
  hint,
}: PasswordFieldProps) => {
  const { formatMessage } = useIntl();
  const [visible, setVisible] = React.useState(false);
  const toggleLabel = formatMessage(
    visible
      ? { id: getTranslation('section.password.hide'), defaultMessage: 'Hide password' }
      : { id: getTranslation('section.password.show'), defaultMessage: 'Show password' }
  );

  return (
    <Field.Root name={name} error={error} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <Field.Input
        type={visible ? 'text' : 'password'}
        autoComplete="new-password"
        value={value}
        disabled={disabled}
        onChange={(event: React.ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
        endAction={
          <Field.Action label={toggleLabel} onClick={() => setVisible((current) => !current)}>
            {visible ? <EyeStriked fill="neutral500" /> : <Eye fill="neutral500" />}
          </Field.Action>
        }
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};
