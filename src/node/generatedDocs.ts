/**
 * Files written from the settings table by `npm run docs:settings`: the README's assumptions and
 * budgets tables, package.json's VS Code settings, the project-file JSON Schema. Tests compare
 * each file with what it should be, so the docs cannot drift from the code.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { BUDGETS_TABLE } from '../core/config/budgets';
import { projectFileSchema } from '../core/config/schema';
import { Rates } from '../core/pricing/rates';
import { SETTINGS_TABLE } from '../core/settings';
import { budgetsMarkdown, replaceGenerated, settingsMarkdown } from '../core/settings/docs';
import { editorConfiguration } from '../core/settings/editor';

export interface GeneratedFile {
  /** Relative to the repository. */
  file: string;
  actual: string;
  expected: string;
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

export function generatedFiles(root: string, rates: Rates = new Rates()): GeneratedFile[] {
  const read = (f: string) => readFileSync(path.join(root, f), 'utf8');
  const readme = read('README.md');
  const pkgText = read('package.json');
  const pkg = JSON.parse(pkgText);
  pkg.contributes.configuration = editorConfiguration(rates);
  return [
    {
      file: 'README.md',
      actual: readme,
      expected: replaceGenerated(
        replaceGenerated(readme, 'settings-table', settingsMarkdown(SETTINGS_TABLE)),
        'budgets-table',
        budgetsMarkdown(BUDGETS_TABLE),
      ),
    },
    { file: 'package.json', actual: pkgText, expected: json(pkg) },
    {
      file: 'schema/agentcost.schema.json',
      actual: read('schema/agentcost.schema.json'),
      expected: json(projectFileSchema(rates)),
    },
  ];
}
