/** The Voiceflow export format (`.vf` / `.json`, eras A–E, 2021–2026). */
import type { ExportFormat } from '../format';
import { isVoiceflowExport, readVoiceflow } from './read';

export const voiceflow: ExportFormat = {
  id: 'voiceflow',
  label: 'Voiceflow',
  detect: isVoiceflowExport,
  read: readVoiceflow,
};
