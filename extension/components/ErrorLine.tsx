/**
 * How every page shows what went wrong: one sentence (ui/actions.ts `errorMessage` writes it in the
 * rep's language), announced to screen readers, nothing when there is none.
 */
export function ErrorLine({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}
