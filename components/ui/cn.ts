import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/** Joins class names, and lets a later Tailwind class override an earlier one of the same kind (a variant beats a default). */
export function cn(...classes: ClassValue[]): string {
  return twMerge(clsx(classes));
}
