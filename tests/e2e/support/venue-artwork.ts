/**
 * A stand-in for a venue's artwork: a wide SVG banner, as a venue would drop into the data dir and name
 * in `display.artwork`. Drawn from shapes and text, so no binary file lives in the repository.
 */
export const VENUE_ARTWORK_SVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="700" viewBox="0 0 1600 700">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#1d3b6b"/>
      <stop offset="1" stop-color="#0b1220"/>
    </linearGradient>
  </defs>
  <rect width="1600" height="700" rx="40" fill="url(#sky)"/>
  <g fill="#7cc4ff" opacity="0.9">
    <path d="M160 520 Q800 240 1440 520 L1440 600 L160 600 Z"/>
  </g>
  <g fill="#ffd54a">
    <rect x="300" y="180" width="18" height="200"/>
    <rect x="1282" y="180" width="18" height="200"/>
    <circle cx="309" cy="170" r="34"/>
    <circle cx="1291" cy="170" r="34"/>
  </g>
  <text x="800" y="140" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="110"
        font-weight="700" fill="#ffffff">Riverside Arena</text>
  <text x="800" y="670" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="56"
        fill="#ffffff">North gate</text>
</svg>
`;
