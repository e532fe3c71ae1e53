"""Fee and benefit simulator: what each mode of care costs a family, after the Caf benefits
and the tax credit, with every step explained and sourced.

Pure Python (no Django import), so that it can be tested on its own and reused by the pages.
Every legal figure is dated data in ``data/*.toml`` (one file per rule family, one block per
period, each with its legal source); adding a period is a data change only.

The reform of the CMG "emploi direct" in force since 1 September 2025 (décret n° 2025-515 du
30 mai 2025) is modelled here because OpenFisca-France, the rules-as-code engine used by the
administration's simulators, does not model it yet: its CMG parameters were last checked in
January 2025. The rules OpenFisca does model (the CMG before 1 September 2025, the childcare
tax credit ``ci_gardenf``) are cross-checked against it in the test suite.

Public API (keyword-only arguments, amounts as ``Decimal``):

- ``psu_hourly_rate`` / ``psu_monthly_fee``: fee of a PSU crèche;
- ``cmg_direct_employment``: CMG for an assistant maternel or a home carer;
- ``cmg_structure_micro_creche``: CMG for a PAJE micro-crèche;
- ``childcare_tax_credit`` / ``home_employment_tax_credit``: tax credits;
- ``compare_modes``: net monthly cost of each mode for one ``FamilySituation`` (a frozen
  dataclass that refuses absurd situations with ``InvalidSituation``);
- ``shared_home_care``: each family's cost, CMG and tax credit in a garde partagée.

Each result carries ``lines``: ``Line`` objects (plain-French label, formula, value, source
reference and URL, date of the figures, whether the figure is confirmed).
"""

from .cmg import CareMode, CmgResult, cmg_direct_employment, cmg_structure_micro_creche
from .compare import (
    CarePrices,
    Comparison,
    FamilySituation,
    InvalidSituation,
    Mode,
    ModeCost,
    compare_modes,
    shared_home_care,
)
from .explanation import Line
from .periods import Period, PeriodNotFound, RuleTable, Source, load_table
from .psu import Establishment, PsuHourlyRate, PsuMonthlyFee, psu_hourly_rate, psu_monthly_fee
from .tax_credit import TaxCreditResult, childcare_tax_credit, home_employment_tax_credit

__all__ = [
    "CareMode",
    "CarePrices",
    "CmgResult",
    "Comparison",
    "Establishment",
    "FamilySituation",
    "InvalidSituation",
    "Line",
    "Mode",
    "ModeCost",
    "Period",
    "PeriodNotFound",
    "PsuHourlyRate",
    "PsuMonthlyFee",
    "RuleTable",
    "Source",
    "TaxCreditResult",
    "childcare_tax_credit",
    "cmg_direct_employment",
    "cmg_structure_micro_creche",
    "compare_modes",
    "home_employment_tax_credit",
    "load_table",
    "psu_hourly_rate",
    "psu_monthly_fee",
    "shared_home_care",
]
