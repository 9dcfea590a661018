import type { AutotrackContext } from './autotrack-context.ts';

/**
 * Sends `form_submit` with what identifies the form. Field values are never read. Attributes
 * are read directly because a field named `id` or `action` shadows the form's properties.
 */
export function trackForms(context: AutotrackContext): void {
  context.listen(
    document,
    'submit',
    (event) => {
      const form = event.target as HTMLFormElement;
      const attribute = (name: string) => form.getAttribute(name);
      context.track('form_submit', {
        metadata: {
          formId: attribute('id'),
          formName: attribute('name'),
          formAction: new URL(attribute('action') || '', location.href).href,
          formMethod: (attribute('method') || 'get').toLowerCase(),
        },
      });
    },
    true,
  );
}
