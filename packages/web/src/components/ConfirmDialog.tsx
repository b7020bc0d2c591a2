import { useEffect, useRef } from 'react';

interface ConfirmDialogProps {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal question inside the page (never `window.confirm`, which blocks the live page and cannot
 * be styled for a projector). Mount it to ask; unmount it to close. Escape and the backdrop cancel.
 */
export function ConfirmDialog({ title, body, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="confirm"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
      data-testid="confirm-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      onClick={(e) => {
        // The dialog element also covers its own padding: only a click outside its box is the backdrop.
        if (e.target !== e.currentTarget) return;
        const r = e.currentTarget.getBoundingClientRect();
        const inside = e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
        if (!inside) onCancel();
      }}
    >
      <h3 id="confirm-title" className="confirm-title">
        {title}
      </h3>
      <p id="confirm-body" className="confirm-body">
        {body}
      </p>
      <div className="confirm-buttons">
        <button type="button" className="btn" data-testid="confirm-no" autoFocus onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="btn btn-danger" data-testid="confirm-yes" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
