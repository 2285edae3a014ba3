// geo.js - region outlines (GeoJSON) and shared Leaflet helpers.
import { get, qs } from './api.js';

const cache = {};

// Outlines of regencies ('regency') or districts ('district') of Kaltim/Kaltara:
// from the API when it has /boundaries, else the copy in web/data (see its SOURCE.md).
export async function outlines(level, ctx) {
  if (!cache[level]) {
    cache[level] = (async () => {
      if (ctx && await ctx.hasRoute('GET', '/boundaries')) {
        try {
          const fc = await get('/boundaries' + qs({ level }));
          if (fc && fc.type === 'FeatureCollection') return fc;
        } catch (_) { /* fall back to the static copy */ }
      }
      // Beside this module, so the versioned path (/v/<version>/data/...) is cached for good.
      const file = level === 'district' ? '../data/districts-64-65.geojson' : '../data/regencies-64-65.geojson';
      const r = await fetch(new URL(file, import.meta.url));
      if (!r.ok) throw new Error('Batas wilayah tidak dapat dimuat');
      return r.json();
    })();
  }
  return cache[level];
}

// A Leaflet map without network needs: tiles only when PILAR_CONFIG.tileUrl is set.
export function makeMap(el, opts = {}) {
  const L = window.L;
  const map = L.map(el, { zoomControl: true, attributionControl: true, minZoom: 4, maxZoom: (window.PILAR_CONFIG || {}).tileMaxZoom || 18, ...opts });
  const cfg = window.PILAR_CONFIG || {};
  if (cfg.tileUrl) {
    L.tileLayer(cfg.tileUrl, { maxZoom: cfg.tileMaxZoom || 18, attribution: cfg.tileAttribution || '' }).addTo(map);
  }
  map.attributionControl.setPrefix('Batas wilayah: cahyadsn/wilayah_boundaries (MIT)');
  map.setView([0.5, 116.5], 6);
  return map;
}

// Sequential colour scale (calm teal), 6 steps.
export const SCALE = ['#eef6f7', '#cfe6ea', '#9fcdd6', '#66aebd', '#2f8a9e', '#0f5c6e'];
export function colourFor(v, max) {
  if (!v || !max) return SCALE[0];
  const i = Math.min(SCALE.length - 1, 1 + Math.floor((v / max) * (SCALE.length - 1.0001)));
  return SCALE[i];
}
