import { AppError, type Messages } from '../../shared/errors.js';

/** Errors a backup or restore reports to the person running it (zh-CN and en-US). */

export function notABackupError(file: string, reason: Messages): AppError {
  return new AppError('backup_not_recognised', {
    'zh-CN': `${file} 不是维系备份文件（${reason['zh-CN']}）`,
    'en-US': `${file} is not a Weixi backup file (${reason['en-US']})`,
  }, { file });
}

export function corruptBackupError(file: string, reason: Messages): AppError {
  return new AppError('backup_corrupt', {
    'zh-CN': `备份文件 ${file} 已损坏或不完整：${reason['zh-CN']}。数据库未作任何改动。`,
    'en-US': `The backup file ${file} is damaged or incomplete: ${reason['en-US']}. The database was not changed.`,
  }, { file });
}

export function backupFormatTooNewError(file: string, formatVersion: number, supported: number): AppError {
  return new AppError('backup_format_too_new', {
    'zh-CN': `备份文件 ${file} 的格式版本为 ${formatVersion}，本程序只支持到 ${supported}。请升级维系后再恢复。`,
    'en-US': `The backup file ${file} has format version ${formatVersion}; this program reads up to ${supported}. Upgrade Weixi to restore it.`,
  }, { file, formatVersion });
}

export function backupSchemaTooNewError(file: string, backupVersion: string, latest: string | undefined): AppError {
  return new AppError('backup_schema_too_new', {
    'zh-CN': `备份文件 ${file} 来自更新版本的维系（数据库结构 ${backupVersion}，本程序最新为 ${latest ?? '无'}）。请升级维系后再恢复。`,
    'en-US': `The backup file ${file} comes from a newer Weixi (schema ${backupVersion}; this program knows up to ${latest ?? 'none'}). Upgrade Weixi to restore it.`,
  }, { file, backupVersion, latest });
}

export function targetNotEmptyError(table: string): AppError {
  return new AppError('restore_target_not_empty', {
    'zh-CN': `目标数据库已有数据（表 ${table} 不是空的），未作任何改动。如要用备份替换其中全部数据，请加 --force。`,
    'en-US': `The target database already holds data (table ${table} is not empty); nothing was changed. Use --force to replace all of its data with the backup.`,
  }, { table }, 409);
}

export function schemaMismatchError(missing: Messages, targetVersion: string | undefined, backupVersion: string): AppError {
  return new AppError('restore_schema_mismatch', {
    'zh-CN': `目标数据库的结构（${targetVersion ?? '无'}）与备份（${backupVersion}）不一致：缺少${missing['zh-CN']}，无法装入，未作任何改动。请恢复到一个新建的空数据库（或新的数据目录）。`,
    'en-US': `The target database schema (${targetVersion ?? 'none'}) does not match the backup's (${backupVersion}): it lacks ${missing['en-US']}, so nothing was loaded or changed. Restore into a new, empty database (or a new data directory).`,
  }, { missing, targetVersion, backupVersion }, 409);
}

export function backupSchemaUnknownError(file: string, backupVersion: string): AppError {
  return new AppError('backup_schema_unknown', {
    'zh-CN': `备份文件 ${file} 的数据库结构版本 ${backupVersion} 不属于本程序的任何版本，无法恢复。`,
    'en-US': `The backup file ${file} has schema version ${backupVersion}, which this program does not know, so it cannot be restored.`,
  }, { file, backupVersion });
}

export function backupFileMissingError(file: string): AppError {
  return new AppError('backup_file_missing', {
    'zh-CN': `找不到备份文件 ${file}`,
    'en-US': `The backup file ${file} does not exist`,
  }, { file }, 404);
}

export function emptySchemaError(): AppError {
  return new AppError('backup_no_schema', {
    'zh-CN': '该数据库还没有维系的数据结构（从未运行过 weixi migrate 或 serve），没有可备份的内容。',
    'en-US': 'This database has no Weixi schema yet (weixi migrate or serve never ran on it); there is nothing to back up.',
  });
}

export function outputIsDirectoryError(file: string): AppError {
  return new AppError('backup_output_is_directory', {
    'zh-CN': `${file} 是一个目录，请给出备份文件的路径`,
    'en-US': `${file} is a directory; give the path of the backup file to write`,
  }, { file });
}

export function restoreFailedError(reason: string, cause: unknown): AppError {
  const error = new AppError('restore_failed', {
    'zh-CN': `恢复失败，数据库未作任何改动：${reason}`,
    'en-US': `The restore failed and the database was not changed: ${reason}`,
  }, { reason }, 500);
  error.cause = cause;
  return error;
}

export function cancelledError(operation: 'backup' | 'restore'): AppError {
  return operation === 'backup'
    ? new AppError('backup_cancelled', { 'zh-CN': '备份已取消，未写出文件', 'en-US': 'The backup was cancelled; no file was written' }, undefined, 499)
    : new AppError('restore_cancelled', { 'zh-CN': '恢复已取消，数据库未作任何改动', 'en-US': 'The restore was cancelled; the database was not changed' }, undefined, 499);
}

export function outputUnwritableError(file: string, reason: string): AppError {
  return new AppError('backup_output_unwritable', {
    'zh-CN': `无法写入备份文件 ${file}：${reason}`,
    'en-US': `Cannot write the backup file ${file}: ${reason}`,
  }, { file, reason });
}
