"""Tables that go on over a page break: which pages to follow, and the parts joined.

The PDF reader analyses the pages triage picks; a page that ends with a table
planwatch may read has the next page analysed too (`table_goes_on`), and so
on while the table goes on. Once every page is read, `stitch_across_pages`
joins the parts of each table (`stitch.stitch_tables`), with nothing but
running headers and footers (lines in the page's top or bottom margin, or
reading like page numbers) between them.
"""

from __future__ import annotations

from .models import Page, Table, TextBlock
from .stitch import is_running_line, stitch_tables
from .triage import PageTriage


def table_goes_on(page: Page, triage: object, furniture_margin: float, *, followed: bool) -> bool:
    """RETURNS (bool): the page ends with a table planwatch may read, so the next page may hold the rest.

    The last table counts when its own text shows a triage sign (its header
    row, status labels), or when it is the table followed onto this page
    (`followed`) going on still: the page starts with it. A budget table that
    ends a cover page is not followed.
    """
    if not isinstance(triage, PageTriage) or not ends_with_table(page, furniture_margin):
        return False
    last = max(page.tables, key=lambda table: table.seq)
    if followed and _starts_page(page, last, furniture_margin):
        return True
    return triage.table_shows_sign(table_text(last))


def table_text(table: Table) -> str:
    """RETURNS (str): the table as text, a line per row (what triage reads)."""
    return "\n".join(" ".join(" ".join(cell.text.split()) for cell in row.cells) for row in table.rows)


def _starts_page(page: Page, table: Table, furniture_margin: float) -> bool:
    margin = (page.height or 0.0) * furniture_margin
    before = [block for block in page.blocks if block.seq < table.seq]
    return all(is_furniture_at(block, page.height or 0.0, margin) for block in before) and all(
        other.seq >= table.seq for other in page.tables
    )


def ends_with_table(page: Page, furniture_margin: float) -> bool:
    """RETURNS (bool): the page's last content, running headers and footers aside, is a table.

    Only then can a table go on over the page break (`stitch` joins parts
    with nothing but page furniture between them).
    """
    if not page.analysed or not page.tables:
        return False
    last_table = max(table.seq for table in page.tables)
    margin = (page.height or 0.0) * furniture_margin
    return not any(
        block.seq > last_table and not is_furniture_at(block, page.height or 0.0, margin) for block in page.blocks
    )


def is_furniture_at(block: TextBlock, height: float, margin: float) -> bool:
    """RETURNS (bool): the block is a running header or footer: in the page's top or bottom margin, or reading like one."""
    if block.bbox is None:
        return is_running_line(block)
    return block.bbox[3] <= margin or block.bbox[1] >= height - margin or is_running_line(block)


def stitch_across_pages(pages: list[Page], furniture_margin: float) -> list[Page]:
    """RETURNS (list[Page]): the pages, each table continued on the next pages joined to its first part."""
    tables = [table for page in pages for table in page.tables]
    if len(tables) < 2:
        return pages
    furniture: set[int] = set()
    for page in pages:
        height = page.height or 0.0
        margin = height * furniture_margin
        furniture.update(block.seq for block in page.blocks if is_furniture_at(block, height, margin))
    blocks = [block for page in pages for block in page.blocks]
    stitched = stitch_tables(tables, blocks, is_furniture=lambda block: block.seq in furniture)
    by_page: dict[int | None, list[Table]] = {}
    for table in stitched:
        by_page.setdefault(table.page, []).append(table)
    return [page.model_copy(update={"tables": by_page.get(page.number, [])}) for page in pages]
