import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { Providers } from "@/app/providers";
import { AuthShell } from "@/components/auth/auth-shell";
import { SetupForm } from "@/components/setup/setup-form";
import { setupRequired } from "@/lib/setup/service";

export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage() {
  await connection();
  if (!(await setupRequired())) redirect("/login");
  return (
    <AuthShell
      title="Create the first administrator"
      description="This server has no users yet. The account you create here can manage integrations, users and settings."
    >
      <Providers>
        <SetupForm />
      </Providers>
    </AuthShell>
  );
}
