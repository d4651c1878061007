"use client";

import type { ReactNode } from "react";
import { Alert } from "./alert";
import { Button } from "./button";
import { Dialog } from "./dialog";

type ConfirmDialogProps = {
  open: boolean;
  onClose: () => void;
  title: string;
  /** What stops working, and what is kept. */
  children: ReactNode;
  /** The destructive button's label, and its label while the action runs. */
  confirm: string;
  pendingLabel?: string;
  pending?: boolean;
  onConfirm: () => void;
  /** Why the last try failed, shown above the buttons. */
  error?: string;
};

/**
 * Asks before something that stops working or cannot be undone (lock, disable,
 * revoke, delete, turn off): Cancel takes focus first, the action is red.
 */
export function ConfirmDialog({ open, onClose, title, children, confirm, pendingLabel, pending = false, onConfirm, error }: ConfirmDialogProps) {
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      {children}
      {error ? <Alert>{error}</Alert> : null}
      <div className="flex flex-wrap justify-end gap-3">
        <Button variant="secondary" autoFocus onClick={onClose}>
          Cancel
        </Button>
        <Button variant="danger" disabled={pending} onClick={onConfirm}>
          {pending && pendingLabel ? pendingLabel : confirm}
        </Button>
      </div>
    </Dialog>
  );
}
