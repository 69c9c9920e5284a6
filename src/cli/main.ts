import { Command } from 'commander';
import { VERSION } from '../shared/version.js';
import { registerAnalyzeCommands } from './analyze-commands.js';
import { registerAnalyzeInsightCommands } from './analyze-insight-commands.js';
import { registerBackupCommands } from './backup-commands.js';
import { registerCustomerCommands } from './customer-commands.js';
import { registerDemoCommand } from './demo-command.js';
import { registerExportCommands } from './export-commands.js';
import { registerImportCommands } from './import-commands.js';
import { registerMessagingCommands } from './messaging-commands.js';
import { registerMigrateCommand } from './migrate-command.js';
import { registerModelCommands } from './model-commands.js';
import { registerServeCommand } from './serve-command.js';
import { registerUserCommands } from './user-commands.js';

const program = new Command();
program
  .name('weixi')
  .description('Weixi 维系 — a CRM for keeping and growing existing customers.\nData: embedded PGlite in ./data (--data-dir, WEIXI_DATA_DIR) or PostgreSQL (DATABASE_URL).')
  .version(VERSION);

registerServeCommand(program);
registerMigrateCommand(program);
registerDemoCommand(program);
registerUserCommands(program);
registerCustomerCommands(program);
registerBackupCommands(program);
registerImportCommands(program);
registerExportCommands(program);
registerMessagingCommands(program);
registerAnalyzeCommands(program);
registerAnalyzeInsightCommands(program);
registerModelCommands(program);

await program.parseAsync(process.argv);
