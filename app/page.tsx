import { redirect } from "next/navigation";
import { currentUser, hasRole } from "@/lib/auth/caller";
import { setupRequired } from "@/lib/setup/service";

export default async function Home() {
  const user = await currentUser();
  if (!user) redirect((await setupRequired()) ? "/setup" : "/login");
  redirect(hasRole(user, "administrator") ? "/integrations" : "/content");
}
