"""Import: parse → detect → map → normalize → validate → dedupe → write, one pipeline for the wizard and the
command line. Pages and the CLI use the functions re-exported here."""

from services.importer.context import ImportCancelled
from services.importer.detect import UnusableFile
from services.importer.mapping import FIELDS
from services.importer.match import POLICIES
from services.importer.models import (
    FileOverview,
    ImportPreview,
    ImportReport,
    RejectedRow,
    RowWarning,
    UndoReport,
    ValueOverview,
)
from services.importer.run import run_import
from services.importer.undo import get_batch, undo_import
from services.importer.wizard import inspect_file, preview_import, rejected_rows_csv, value_overview

__all__ = [
    'FIELDS',
    'POLICIES',
    'FileOverview',
    'ImportCancelled',
    'ImportPreview',
    'ImportReport',
    'RejectedRow',
    'RowWarning',
    'UndoReport',
    'UnusableFile',
    'ValueOverview',
    'get_batch',
    'inspect_file',
    'preview_import',
    'rejected_rows_csv',
    'run_import',
    'undo_import',
    'value_overview',
]
