export { runCli, type RunCliOptions } from './run-cli';
export type { CliIO } from './cli-io';
export { parseCommandLine, parseKeyValues, COMMANDS, COMMAND_OPTIONS, USAGE, type CommandName, type ParsedCommandLine } from './parse-args';
export { buildTrainConfig } from './commands/train-command';
export { loadImageData, checkDataRequest, type DataRequest } from './load-data';
export { decodeFolder, type DecodeFolderOptions, type ProgressStream } from './decode-folder';
export { folderOptions, type FolderOptions } from './folder-options';
export { readNumericFlags, numericFlags, type NumericFlags } from './flags';
export { runStoppable, shellQuote, INTERRUPTED_EXIT_CODE } from './graceful-stop';
