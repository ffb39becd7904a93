// Copies the pinned GraphiQL browser bundles from node_modules into monoql/web/static/vendor,
// the (git-ignored) folder monoql serves them from.
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const target = path.join(root, "monoql", "web", "static", "vendor");
const assets = {
  "react.production.min.js": "react/umd/react.production.min.js",
  "react-dom.production.min.js": "react-dom/umd/react-dom.production.min.js",
  "graphiql.min.js": "graphiql/graphiql.min.js",
  "graphiql.min.css": "graphiql/graphiql.min.css",
  "plugin-explorer.umd.js": "@graphiql/plugin-explorer/dist/index.umd.js",
  "plugin-explorer.css": "@graphiql/plugin-explorer/dist/style.css",
};

fs.mkdirSync(target, { recursive: true });
for (const [name, source] of Object.entries(assets)) {
  fs.copyFileSync(path.join(root, "node_modules", source), path.join(target, name));
}
console.log(`copied ${Object.keys(assets).length} assets to ${path.relative(root, target)}`);
