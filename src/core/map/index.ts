/** The cost map: build (Flow + Analysis → CostMap) and render (SVG, HTML). */
export { buildCostMap } from './build';
export { renderBlockList, renderHtml, renderLegend } from './html';
export { escapeXml, renderNodeDetail, renderSvg, SvgOptions } from './svg';
export { MAP_CSS } from './style';
export type * from './types';
