import { json, otherMethods } from "@/lib/http/respond";

// connectapi's connect() pings here first and stops only on 402 (an expired licence).
export const GET = async () => json({});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
