// Build-time conversion (run once, output committed): Natural Earth 1:50m countries from the npm package
// world-atlas@2.0.2 (TopoJSON, public domain) -> GeoJSON with topojson-client@3.1.0, cut to the region
// around Iran so the page stays small. Usage: node build-boundaries.cjs WORLD_ATLAS_DIR TOPOJSON_CLIENT_DIR > countries-region.geojson
const fs = require("fs");
const path = require("path");
const [atlasDir, clientDir] = process.argv.slice(2);
const topojson = require(path.resolve(clientDir, "dist/topojson-client.js"));
const topo = JSON.parse(fs.readFileSync(path.join(atlasDir, "countries-50m.json"), "utf8"));
const all = topojson.feature(topo, topo.objects.countries);
const box = [20, 5, 80, 50]; // lon/lat window: Turkey .. Pakistan, Arabian Peninsula .. Caspian
function inBox(coords) {
  if (typeof coords[0] === "number") return coords[0] >= box[0] && coords[0] <= box[2] && coords[1] >= box[1] && coords[1] <= box[3];
  return coords.some(inBox);
}
function round(coords) {
  if (typeof coords[0] === "number") return [Math.round(coords[0] * 1000) / 1000, Math.round(coords[1] * 1000) / 1000];
  return coords.map(round);
}
const features = all.features
  .filter((f) => f.geometry && inBox(f.geometry.coordinates))
  .map((f) => ({ type: "Feature", properties: { name: f.properties.name, id: f.id }, geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) } }));
process.stdout.write(JSON.stringify({ type: "FeatureCollection", features }));
