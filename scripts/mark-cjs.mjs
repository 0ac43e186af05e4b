// The CommonJS build lives in dist/cjs; this marker makes Node (and TypeScript) read its
// .js and .d.ts files as CommonJS although the package itself is "type": "module".
import { writeFileSync } from "node:fs"

writeFileSync(new URL("../dist/cjs/package.json", import.meta.url), JSON.stringify({ type: "commonjs" }) + "\n")
