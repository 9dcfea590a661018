import {
  type AnchorHTMLAttributes,
  type ReactNode,
  useEffect,
  useRef,
  useState,
  type MouseEvent,
} from 'react';
import { navigate } from '../router.ts';

/** An anchor that navigates inside the app without a reload (modifier clicks still open tabs). */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { href, onClick, ...rest } = props;
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handleClick} {...rest} />;
}

/** A native modal dialog: focus is trapped and Escape closes it, by the browser. */
export function Dialog(props: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="dialog-title"
      onClose={props.onClose}
      onCancel={props.onClose}
    >
      {props.open && (
        <div className="dialog-body">
          <h2 id="dialog-title" className="dialog-title">
            {props.title}
          </h2>
          {props.children}
          {props.footer && <div className="dialog-footer">{props.footer}</div>}
        </div>
      )}
    </dialog>
  );
}

export function CopyButton(props: { text: string; label?: string; className?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
    } catch {
      // Clipboard access can be refused (insecure origin); leave the text selectable instead.
      return;
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1600);
  };
  return (
    <button type="button" className={`button small ${props.className ?? ''}`} onClick={copy}>
      {copied ? 'Copied' : (props.label ?? 'Copy')}
    </button>
  );
}

/** A block of text with a copy button: keys, snippets, share links. */
export function CopyField(props: { text: string; label: string; multiline?: boolean }) {
  return (
    <div className={`copy-field ${props.multiline ? 'multiline' : ''}`}>
      {props.multiline ? (
        <textarea
          aria-label={props.label}
          className="copy-text"
          readOnly
          value={props.text}
          rows={props.text.split('\n').length}
          onFocus={(event) => event.currentTarget.select()}
        />
      ) : (
        <input
          aria-label={props.label}
          className="copy-text"
          readOnly
          value={props.text}
          onFocus={(event) => event.currentTarget.select()}
        />
      )}
      <CopyButton text={props.text} label={`Copy`} />
    </div>
  );
}

export function Skeleton(props: { height?: number; width?: string; className?: string }) {
  return (
    <span
      className={`skeleton ${props.className ?? ''}`}
      style={{ height: props.height ?? 14, width: props.width ?? '100%' }}
      aria-hidden="true"
    />
  );
}

export function EmptyState(props: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-title">{props.title}</p>
      {props.children && <div className="empty-text">{props.children}</div>}
      {props.action}
    </div>
  );
}

export function ErrorState(props: { message: string; onRetry?: () => void }) {
  return (
    <div className="error-state" role="alert">
      <p>{props.message}</p>
      {props.onRetry && (
        <button type="button" className="button small" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Spinner() {
  return <span className="spinner" aria-hidden="true" />;
}
