import { Field } from '@/app/_components/ui/field';
import { passwordHint } from '@/lib/auth/password-rules';

/**
 * The new password twice, with the rules as a hint, for resetting and
 * changing a password. The hidden username lets password managers file the
 * new password under the right account.
 */
export function NewPasswordFields({ email, fieldErrors }: { email: string; fieldErrors?: Record<string, string[]> }) {
  return (
    <>
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={passwordHint}
        errors={fieldErrors?.password}
      />
      <Field label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" required errors={fieldErrors?.confirmPassword} />
    </>
  );
}
