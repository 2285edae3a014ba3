/*
 * Site settings of the Pilar web UI (edit on the server; no build step).
 * tileUrl: a tile server for the map background, e.g. an office mirror
 *   "https://tiles.example.go.id/{z}/{x}/{y}.png". Empty = no background tiles:
 *   the map shows region outlines and points only (works offline). The server's
 *   Content-Security-Policy admits tiles only from `pilar serve --tile-origin
 *   https://tiles.example.go.id` (the same origin, without the path).
 */
window.PILAR_CONFIG = {
  tileUrl: "",
  tileAttribution: "",
  tileMaxZoom: 18,
};
