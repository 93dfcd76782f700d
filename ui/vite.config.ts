import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The bundle goes where the Maven jar picks it up; relative URLs keep it working under any
// --static-prefix, and /static-files/ is where MLflow's server has its UI assets too.
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: {
    outDir: "target/classes/dev/cairn/ui",
    assetsDir: "static-files",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
  },
});
