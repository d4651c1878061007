import { ROLES, type Role } from "@/lib/users/schema";

export const ROLE_LABELS: Record<Role, string> = {
  administrator: "Administrator",
  publisher: "Publisher",
  viewer: "Viewer",
};

export const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
