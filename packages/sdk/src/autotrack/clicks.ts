import { type AutotrackContext, elementText } from './autotrack-context.ts';

/**
 * Sends the `data-track-click` value as an event name for clicks inside such an element
 * (`tagged`), and `outbound_click` for links to another origin (`outbound`).
 */
export function trackClicks(context: AutotrackContext, tagged?: boolean, outbound?: boolean) {
  context.listen<MouseEvent>(
    document,
    'click',
    (event) => {
      const target = event.target as Element;
      if (!target?.closest) return;
      const element = tagged && target.closest('[data-track-click]');
      if (element) {
        context.track(element.getAttribute('data-track-click') as string, {
          metadata: { tagName: element.tagName, text: elementText(element), id: element.id },
        });
      }
      const link = outbound && (target.closest('a[href]') as HTMLAnchorElement | null);
      if (link && /^http/.test(link.protocol) && link.origin !== location.origin) {
        context.track('outbound_click', { metadata: { href: link.href, text: elementText(link) } });
      }
    },
    true,
  );
}
