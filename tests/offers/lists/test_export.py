import io

from openpyxl import load_workbook

from sppe.offers.lists.enums import ListKind
from sppe.offers.lists.export import export_file, template_file
from sppe.offers.lists.formats import AM_SPEC, ESTABLISHMENT_SPEC
from sppe.offers.lists.reader import read_table
from sppe.offers.lists.services import offer_list_import_apply, offer_list_import_preview

from ..factories import ChildminderFactory, EstablishmentFactory, MamFactory
from .generators import am_rows, establishment_rows, to_csv


def test_templates_hold_the_headers_only():
    for spec in (AM_SPEC, ESTABLISHMENT_SPEC):
        csv_text = template_file(spec, "csv").decode("utf-8")
        assert (
            csv_text
            == "\ufeff" + ";".join(f'"{h}"' if ";" in h else h for h in spec.headers) + "\r\n"
        )
        workbook = load_workbook(io.BytesIO(template_file(spec, "xlsx")), read_only=True)
        assert workbook.sheetnames == ["Liste", "Aide"]
        rows = list(workbook["Liste"].iter_rows(values_only=True))
        assert rows == [tuple(spec.headers)]
        help_rows = list(workbook["Aide"].iter_rows(values_only=True))
        assert len(help_rows) == len(spec.columns) + 1
        workbook.close()


def test_export_reimports_with_zero_changes(territory, communes):
    mam = MamFactory(name="MAM Les Lucioles", commune=communes[0])
    ChildminderFactory(
        agrement_number="01-7",
        commune=communes[0],
        mam=mam,
        languages=["français", "wolof"],
        postal_code="01000",
        phone="0612345678",
    )
    offer_list_import_apply(
        list_import=offer_list_import_preview(
            kind=ListKind.AM, file_name="a.csv", data=to_csv(am_rows(communes, 20)), by=None
        ),
        by=None,
    )
    offer_list_import_apply(
        list_import=offer_list_import_preview(
            kind=ListKind.ESTABLISHMENTS,
            file_name="e.csv",
            data=to_csv(establishment_rows(communes, 6)),
            by=None,
        ),
        by=None,
    )
    EstablishmentFactory(external_id=None, commune=communes[0], name="Sans numéro")
    for spec in (AM_SPEC, ESTABLISHMENT_SPEC):
        for file_format in ("csv", "xlsx"):
            data = export_file(spec, territory, file_format)
            table = read_table(data, f"export.{file_format}")
            assert table.headers == spec.headers
            list_import = offer_list_import_preview(
                kind=spec.kind, file_name=f"export.{file_format}", data=data, by=None
            )
            counts = list_import.summary["counts"]
            assert list_import.summary["errors"] == []
            assert (counts["created"], counts["updated"]) == (0, 0), list_import.summary
            expected = 21 if spec is AM_SPEC else 6
            assert counts["unchanged"] == expected
    # Codes keep their leading zero in both formats.
    table = read_table(export_file(AM_SPEC, territory, "xlsx"), "a.xlsx")
    first = dict(zip(table.headers, table.rows[0][1], strict=False))
    assert (first["Numéro d'agrément"], first["Code postal"]) == ("01-7", "01000")
    assert first["MAM"] == "MAM Les Lucioles"
    assert first["Langues"] == "français, wolof"
