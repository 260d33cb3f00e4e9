/**
 * `agent-cost map <file>`: the cost map (the agent drawn as Voiceflow's canvas, coloured by cost)
 * as SVG on stdout, or as one self-contained HTML page (legend, every page, a text list of blocks).
 */
import { Command, Option } from 'commander';
import type { Analysis } from '../core/analyze';
import type { Flow } from '../core/flow/types';
import { buildCostMap, CostMap, MapPage, renderHtml, renderSvg } from '../core/map/index';
import { addSettingOptions } from './settingOptions';

export interface MapDeps {
  out(s: string): void;
  /** Reads and analyses the export with its project and the flags (as `report` does). */
  analyse(file: string, opts: Record<string, unknown>): { flow: Flow; analysis: Analysis };
  /** A usage error (exit 2, message on stderr). */
  usage(message: string): Error;
}

/**
 * The page a `--diagram` value names: an id, else a name (exact, then ignoring case); on an agentic
 * export "skills" is the Skills page and a workflow skill's name is its canvas page.
 */
export function findPage(map: CostMap, wanted: string): MapPage | string {
  const byId = map.pages.find((p) => p.id === wanted);
  if (byId) return byId;
  const skills = map.pages.find((p) => p.layout === 'skills');
  if (skills && wanted.toLowerCase() === 'skills') return skills;
  for (const same of [
    (p: MapPage) => p.name === wanted,
    (p: MapPage) => p.name.toLowerCase() === wanted.toLowerCase(),
  ]) {
    const hits = map.pages.filter(same);
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) return `diagram name "${wanted}" is ambiguous; use an id: ${hits.map((p) => p.id).join(', ')}`;
  }
  const workflow = skills?.nodes.filter((n) => n.skill?.page !== undefined && n.skill.name === wanted) ?? [];
  const page = workflow.length === 1 && map.pages.find((p) => p.id === workflow[0].skill!.page);
  if (page) return page;
  const list = map.pages.map((p) => `  ${p.name} (${p.id}, ${p.type.toLowerCase()})`).join('\n');
  return `no diagram "${wanted}" in this export; its diagrams are:\n${list || '  (none)'}`;
}

/** Adds the `map` command, with the assumption flags `report` takes. */
export function addMapCommand(program: Command, deps: MapDeps): void {
  const cmd = program
    .command('map <file>')
    .description('the cost map: the agent drawn as its Voiceflow canvas, each block coloured by its cost')
    .addOption(new Option('--format <format>', 'output format').choices(['svg', 'html']).default('svg'))
    .option(
      '--diagram <name|id>',
      'the diagram to draw: a name or id, "skills" (agentic exports) or a workflow name ' +
        '(default: the Skills page of an agentic export, else the diagram the conversation starts in; html: all)',
    )
    .option('--config <file>', 'project file (default: the nearest .agentcost.yaml above the export)');
  addSettingOptions(cmd).action((file: string, opts: Record<string, unknown>) => {
    const { flow, analysis } = deps.analyse(file, opts);
    const map = buildCostMap(flow, analysis);
    let pages = map.pages;
    if (opts.diagram !== undefined) {
      const p = findPage(map, String(opts.diagram));
      if (typeof p === 'string') throw deps.usage(p);
      pages = [p];
    }
    if (opts.format === 'html') return deps.out(renderHtml(map, pages));
    const page = opts.diagram !== undefined ? pages[0] : map.pages.find((p) => p.id === map.defaultPage);
    if (!page) throw deps.usage('this export has no diagram to draw');
    deps.out(renderSvg(map, page, { embedStyle: true, nodeTitles: true }) + '\n');
  });
}
