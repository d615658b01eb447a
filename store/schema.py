"""The database contract (`SCHEMA.md`) as table definitions.

Tables are created explicitly, with their types, primary keys and foreign
keys, so that nothing grows the schema by accident. Columns beyond the
contract are marked `# extra`; the contract allows additions, never renames.
"""

from __future__ import annotations

SCHEMA_VERSION = 1
"""Bumped, with a migration in `store.migrate`, whenever a table or column changes."""

TEXT, INTEGER, REAL = str, int, float

TABLES: dict[str, dict] = {
    "documents": {
        "columns": {
            "id": TEXT,
            "source_path": TEXT,
            "filename": TEXT,
            "format": TEXT,
            "council": TEXT,
            "council_code": TEXT,
            "council_dfe_code": TEXT,
            "body": TEXT,
            "doc_date": TEXT,
            "title": TEXT,
            "author": TEXT,
            "kind": TEXT,
            "pages": INTEGER,
            "status": TEXT,
            "error": TEXT,
            "extracted_at": TEXT,
            "extractor_version": TEXT,
            "size": INTEGER,  # extra: file size in bytes
            "last_attempt_at": TEXT,  # extra: when the file was last ingested, successfully or not
            "last_attempt_error": TEXT,  # extra: why the last attempt failed, when rows were kept from an earlier one
        },
        "pk": "id",
        "not_null": {"id", "filename", "format", "status"},
    },
    "priorities": {
        "columns": {
            "id": INTEGER,  # extra: row identifier
            "document_id": TEXT,
            "number": TEXT,
            "title": TEXT,
            "inspection_ref": TEXT,
            "page": INTEGER,
        },
        "pk": "id",
        "not_null": {"document_id"},
        "foreign_keys": [("document_id", "documents", "id")],
    },
    "actions": {
        "columns": {
            "id": INTEGER,  # extra: row identifier (used by full-text search)
            "document_id": TEXT,
            "ref": TEXT,
            "priority": TEXT,
            "outcome": TEXT,
            "action": TEXT,
            "lead": TEXT,
            "due_raw": TEXT,
            "due_date": TEXT,
            "rag_raw": TEXT,
            "rag": TEXT,
            "progress": TEXT,
            "page": INTEGER,
        },
        "pk": "id",
        "not_null": {"document_id"},
        "foreign_keys": [("document_id", "documents", "id")],
    },
    "rag_key": {
        "columns": {
            "id": INTEGER,  # extra
            "document_id": TEXT,
            "label": TEXT,
            "rag": TEXT,
            "definition": TEXT,
            "page": INTEGER,
        },
        "pk": "id",
        "not_null": {"document_id"},
        "foreign_keys": [("document_id", "documents", "id")],
    },
    "rag_counts": {
        "columns": {
            "id": INTEGER,  # extra
            "document_id": TEXT,
            "grp": TEXT,
            "rag": TEXT,
            "count": INTEGER,
            "page": INTEGER,
        },
        "pk": "id",
        "not_null": {"document_id"},
        "foreign_keys": [("document_id", "documents", "id")],
    },
    "indicators": {
        "columns": {
            "id": INTEGER,
            "document_id": TEXT,
            "ref": TEXT,
            "marker": TEXT,  # extra: flag printed with the ref (NEW, R12M)
            "name": TEXT,
            "section": TEXT,
            "unit": TEXT,
            "target_raw": TEXT,
            "target": REAL,
            "floor": REAL,
            "comparator": TEXT,
            "direction_raw": TEXT,  # extra: direction of travel as printed
            "direction": TEXT,
            "rag": TEXT,
            "rag_previous": TEXT,
            "link": TEXT,  # extra: cross-reference column such as 'MTFP 1'
            "page": INTEGER,
        },
        "pk": "id",
        "not_null": {"document_id", "name"},
        "foreign_keys": [("document_id", "documents", "id")],
    },
    "indicator_values": {
        "columns": {
            "id": INTEGER,  # extra
            "indicator_id": INTEGER,
            "document_id": TEXT,  # extra: the indicator's document, for replacing a document's rows
            "period": TEXT,
            "period_end": TEXT,
            "value": REAL,
            "value_raw": TEXT,
            "status": TEXT,
        },
        "pk": "id",
        "not_null": {"indicator_id", "document_id"},
        "foreign_keys": [("indicator_id", "indicators", "id"), ("document_id", "documents", "id")],
    },
    "problems": {  # extra table: what could not be read, per document
        "columns": {
            "id": INTEGER,
            "document_id": TEXT,
            "stage": TEXT,
            "code": TEXT,
            "severity": TEXT,
            "page": INTEGER,
            "message": TEXT,
            "raw": TEXT,
        },
        "pk": "id",
        "not_null": {"document_id"},
        "foreign_keys": [("document_id", "documents", "id")],
    },
}

CHILD_TABLES = ["indicator_values", "indicators", "priorities", "actions", "rag_key", "rag_counts", "problems"]
"""Tables whose rows belong to one document, in the order they are deleted."""

INDEXES: list[tuple[str, list[str]]] = [
    ("priorities", ["document_id"]),
    ("actions", ["document_id"]),
    ("actions", ["rag"]),
    ("rag_key", ["document_id"]),
    ("rag_counts", ["document_id"]),
    ("indicators", ["document_id"]),
    ("indicator_values", ["indicator_id"]),
    ("indicator_values", ["document_id"]),
    ("problems", ["document_id"]),
    ("documents", ["council_code"]),
    ("documents", ["status"]),
]
