"""The database contract (`SCHEMA.md`) as table definitions.

Tables are created explicitly, with their types, primary keys and foreign
keys, so that nothing grows the schema by accident. Columns beyond the
contract are marked `# extra`; the contract allows additions, never renames.
"""

from __future__ import annotations

SCHEMA_VERSION = 2
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
            "same_as": TEXT,
            "fingerprint": TEXT,  # extra: digest of the extracted text and records, to find the same paper in other bytes
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
            "action_key": TEXT,
            "action_key_method": TEXT,  # extra: how the action was linked to the key (ref, text, new)
            "action_key_score": REAL,  # extra: the match's score (1.0 for a new key)
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
            "measure": TEXT,
            "measure_score": REAL,  # extra: how well the indicator matched its catalogue measure (0-1)
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
    "measures": {  # the catalogue shipped with the package; not a document's rows
        "columns": {
            "id": TEXT,
            "name": TEXT,
            "unit": TEXT,
            "polarity": TEXT,
            "source": TEXT,
            "definition": TEXT,  # extra: what is counted, and over what population
            "reference": TEXT,  # extra: where the definition comes from
        },
        "pk": "id",
        "not_null": {"id", "name"},
    },
    "inspections": {
        "columns": {
            "id": INTEGER,  # extra
            "document_id": TEXT,
            "council_code": TEXT,
            "framework": TEXT,
            "inspection_start": TEXT,
            "inspection_end": TEXT,
            "published": TEXT,
            "lead_inspector": TEXT,
            "page": INTEGER,
        },
        "pk": "id",
        "not_null": {"document_id"},
        "foreign_keys": [("document_id", "documents", "id")],
    },
    "inspection_judgements": {
        "columns": {
            "id": INTEGER,  # extra
            "document_id": TEXT,
            "judgement": TEXT,
            "grade": TEXT,
            "grade_raw": TEXT,
            "page": INTEGER,
        },
        "pk": "id",
        "not_null": {"document_id"},
        "foreign_keys": [("document_id", "documents", "id")],
    },
    "recommendations": {
        "columns": {
            "id": INTEGER,
            "document_id": TEXT,
            "number": TEXT,
            "text": TEXT,
            "section": TEXT,
            "page": INTEGER,
        },
        "pk": "id",
        "not_null": {"document_id"},
        "foreign_keys": [("document_id", "documents", "id")],
    },
    "recommendation_links": {
        "columns": {
            "id": INTEGER,  # extra
            "document_id": TEXT,  # extra: the plan's document, whose priority or action answers
            "recommendation_id": INTEGER,
            "priority_id": INTEGER,
            "action_id": INTEGER,
            "method": TEXT,
            "score": REAL,
        },
        "pk": "id",
        "not_null": {"document_id", "recommendation_id"},
        "foreign_keys": [
            ("document_id", "documents", "id"),
            ("recommendation_id", "recommendations", "id"),
            ("priority_id", "priorities", "id"),
            ("action_id", "actions", "id"),
        ],
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

CHILD_TABLES = [
    "recommendation_links", "indicator_values", "indicators", "priorities", "actions", "rag_key", "rag_counts",
    "recommendations", "inspection_judgements", "inspections", "problems",
]
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
    ("actions", ["action_key"]),
    ("documents", ["same_as"]),
    ("indicators", ["measure"]),
    ("inspections", ["document_id"]),
    ("inspections", ["council_code"]),
    ("inspection_judgements", ["document_id"]),
    ("recommendations", ["document_id"]),
    ("recommendation_links", ["document_id"]),
    ("recommendation_links", ["recommendation_id"]),
]
