/**
 * Moves focus to the first field marked invalid, once React has rendered the errors.
 * A state update made after an await may commit after the next frame, so it looks
 * again for a few frames before giving up (a focus that was lost was a flaky e2e test).
 */
export function focusFirstInvalid(form: HTMLFormElement, framesLeft = 10) {
  requestAnimationFrame(() => {
    const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else if (framesLeft > 1) focusFirstInvalid(form, framesLeft - 1);
  });
}
