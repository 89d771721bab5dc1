"""The CIN census file itself: the return's content as plain rows, written to and read from the
DfE's XML (CIN_schema_2025.xsd / CIN_schema_2026.xsd, DOMAIN.md 3.1).

Nothing here touches the database: ``cin_census`` fills the rows from the records (export) and
writes the records from the rows (import). Reading collects every problem with its element
path (``Child[3]/CINdetails[1]/CINreferralDate``) instead of stopping at the first.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from sightline.returns import fields
from sightline.returns.files import Problem

SCHEMAS = Path(__file__).resolve().parent / "schemas"


# --- The return's content -------------------------------------------------------------------


@dataclass
class AssessmentRow:
    start: date | None
    internal_review: date | None = None
    authorised: date | None = None
    factors: list[str] = field(default_factory=list)
    path: str = ""


@dataclass
class CINPlanRow:
    start: date | None
    end: date | None = None
    path: str = ""


@dataclass
class Section47Row:
    start: date | None
    icpc_target: date | None = None
    icpc: date | None = None
    icpc_not_required: bool = False
    path: str = ""


@dataclass
class CPPlanRow:
    start: date | None
    end: date | None = None
    initial_category: str = ""
    latest_category: str = ""
    previous_plans: int = 0
    reviews: list[date] = field(default_factory=list)
    path: str = ""


@dataclass
class EpisodeRow:
    referral_date: date | None
    source: str = ""
    primary_need: str = ""
    closure_date: date | None = None
    closure_reason: str = ""
    icpc: date | None = None  # CINdetails/DateOfInitialCPC: a conference with no enquiry here
    nfa: bool = False
    assessments: list[AssessmentRow] = field(default_factory=list)
    cin_plans: list[CINPlanRow] = field(default_factory=list)
    section47s: list[Section47Row] = field(default_factory=list)
    cp_plans: list[CPPlanRow] = field(default_factory=list)
    path: str = ""


@dataclass
class ChildRow:
    la_child_id: str
    upn: str = ""
    former_upn: str = ""
    upn_unknown: str = ""
    birth_date: date | None = None
    expected_birth_date: date | None = None
    sex: str = ""
    death_date: date | None = None
    ethnicity: str = ""
    disabilities: list[str] = field(default_factory=list)
    episodes: list[EpisodeRow] = field(default_factory=list)
    path: str = ""


@dataclass
class Header:
    year: int | None = None
    reference_date: date | None = None
    lea: str = ""
    software: str = ""
    release: str = ""
    serial_no: str = ""
    at: str = ""


@dataclass
class CINReturn:
    header: Header
    children: list[ChildRow]


# --- Writing --------------------------------------------------------------------------------


def _iso(d: date) -> str:
    return d.isoformat()


def _sub(parent: Any, tag: str, text: str | None = None) -> Any:
    element = etree.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def to_xml(ret: CINReturn) -> bytes:
    """The return as the DfE's XML, elements in the schema's order."""
    h = ret.header
    message = etree.Element("Message")
    header = _sub(message, "Header")
    details = _sub(header, "CollectionDetails")
    _sub(details, "Collection", "CIN")
    _sub(details, "Year", str(h.year))
    assert h.reference_date is not None
    _sub(details, "ReferenceDate", _iso(h.reference_date))
    source = _sub(header, "Source")
    _sub(source, "SourceLevel", "L")
    _sub(source, "LEA", h.lea)
    _sub(source, "SoftwareCode", h.software)
    _sub(source, "Release", h.release)
    _sub(source, "SerialNo", h.serial_no)
    _sub(source, "DateTime", h.at)
    children = _sub(message, "Children")
    for c in ret.children:
        child = _child_xml(children, c)
        for e in c.episodes:
            _episode_xml(child, e)
    return etree.tostring(message, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _child_xml(children: Any, c: ChildRow) -> Any:
    """The child's identifiers and characteristics."""
    sub = etree.SubElement
    child = sub(children, "Child")
    ids = sub(child, "ChildIdentifiers")
    sub(ids, "LAchildID").text = c.la_child_id
    if c.upn:
        sub(ids, "UPN").text = c.upn
    if c.former_upn:
        sub(ids, "FormerUPN").text = c.former_upn
    if c.upn_unknown:
        sub(ids, "UPNunknown").text = c.upn_unknown
    if c.birth_date:
        sub(ids, "PersonBirthDate").text = _iso(c.birth_date)
    if c.expected_birth_date:
        sub(ids, "ExpectedPersonBirthDate").text = _iso(c.expected_birth_date)
    sub(ids, "Sex").text = c.sex
    if c.death_date:
        sub(ids, "PersonDeathDate").text = _iso(c.death_date)
    chars = sub(child, "ChildCharacteristics")
    sub(chars, "Ethnicity").text = c.ethnicity
    if c.disabilities:
        dis = sub(chars, "Disabilities")
        for code in c.disabilities:
            sub(dis, "Disability").text = code
    return child


def _episode_xml(child: Any, e: EpisodeRow) -> None:
    """One CIN episode with its assessments, plans, enquiries and protection plans."""
    sub = etree.SubElement
    cin = sub(child, "CINdetails")
    assert e.referral_date is not None
    sub(cin, "CINreferralDate").text = _iso(e.referral_date)
    sub(cin, "ReferralSource").text = e.source
    if e.primary_need:
        sub(cin, "PrimaryNeedCode").text = e.primary_need
    if e.closure_date:
        sub(cin, "CINclosureDate").text = _iso(e.closure_date)
    if e.closure_reason:
        sub(cin, "ReasonForClosure").text = e.closure_reason
    if e.icpc:
        sub(cin, "DateOfInitialCPC").text = _iso(e.icpc)
    for a in e.assessments:
        el = sub(cin, "Assessments")
        assert a.start is not None
        sub(el, "AssessmentActualStartDate").text = _iso(a.start)
        if a.internal_review:
            sub(el, "AssessmentInternalReviewDate").text = _iso(a.internal_review)
        if a.authorised:
            sub(el, "AssessmentAuthorisationDate").text = _iso(a.authorised)
        if a.factors:
            fs = sub(el, "FactorsIdentifiedAtAssessment")
            for code in a.factors:
                sub(fs, "AssessmentFactors").text = code
    for p in e.cin_plans:
        el = sub(cin, "CINPlanDates")
        assert p.start is not None
        sub(el, "CINPlanStartDate").text = _iso(p.start)
        if p.end:
            sub(el, "CINPlanEndDate").text = _iso(p.end)
    for s in e.section47s:
        el = sub(cin, "Section47")
        assert s.start is not None
        sub(el, "S47ActualStartDate").text = _iso(s.start)
        if s.icpc_target:
            sub(el, "InitialCPCtarget").text = _iso(s.icpc_target)
        if s.icpc:
            sub(el, "DateOfInitialCPC").text = _iso(s.icpc)
        sub(el, "ICPCnotRequired").text = "1" if s.icpc_not_required else "0"
    sub(cin, "ReferralNFA").text = "1" if e.nfa else "0"
    for cp in e.cp_plans:
        el = sub(cin, "ChildProtectionPlans")
        assert cp.start is not None
        sub(el, "CPPstartDate").text = _iso(cp.start)
        if cp.end:
            sub(el, "CPPendDate").text = _iso(cp.end)
        sub(el, "InitialCategoryOfAbuse").text = cp.initial_category
        sub(el, "LatestCategoryOfAbuse").text = cp.latest_category
        sub(el, "NumberOfPreviousCPP").text = str(cp.previous_plans)
        if cp.reviews:
            rs = sub(el, "Reviews")
            for d in cp.reviews:
                sub(rs, "CPPreviewDate").text = _iso(d)


# --- Schemas --------------------------------------------------------------------------------


def schema_path(year: int) -> Path:
    """The year's XSD, shipped with the package (returns/schemas/, copied unchanged from the
    DfE's published schemas in shared/reference/cin-census/)."""
    name = f"CIN_schema_{year}.xsd"
    if (SCHEMAS / name).exists():
        return SCHEMAS / name
    raise FileNotFoundError(f"the CIN census schema {name} is not available")


@cache
def schema(year: int) -> Any:
    return etree.XMLSchema(etree.parse(str(schema_path(year))))


# --- Reading --------------------------------------------------------------------------------


REPEATED = frozenset(
    {
        "Child",
        "CINdetails",
        "Assessments",
        "CINPlanDates",
        "Section47",
        "ChildProtectionPlans",
        "Disability",
        "AssessmentFactors",
        "CPPreviewDate",
    }
)


def short_path(path: str) -> str:
    """``/Message/Children/Child[3]/CINdetails[1]/X`` -> ``Child[3]/CINdetails[1]/X``."""
    for prefix in ("/Message/Children/", "/Message/"):
        if path.startswith(prefix):
            return path[len(prefix) :]
    return path.lstrip("/")


def element_path(el: Any) -> str:
    """Where an element is, below Message/Children (or Message): repeatable elements always
    carry their position among their like-named siblings, counted from 1."""
    parts: list[str] = []
    while el is not None and el.getparent() is not None:
        tag = el.tag
        if tag == "Children" and el.getparent().getparent() is None:
            break
        if tag in REPEATED:
            index = 1 + sum(1 for s in el.itersiblings(preceding=True) if s.tag == tag)
            parts.append(f"{tag}[{index}]")
        else:
            parts.append(str(tag))
        el = el.getparent()
    return "/".join(reversed(parts))


class Reader:
    """Reads the rows out of a parsed file; every value that does not parse is a problem."""

    def __init__(self, file: str, codes: dict[str, frozenset[str]]) -> None:
        self.file = file
        self.codes = codes
        self.problems: list[Problem] = []
        self.kids: dict[Any, dict[str, Any]] = {}

    def problem(self, location: str, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.file, location, field_name, message))

    def text(self, parent: Any, tag: str, path: str, required: bool = False) -> str:
        kids = self.kids.get(parent)
        if kids is None:  # one pass over the children instead of a find() per field
            kids = {}
            for c in parent:
                kids.setdefault(c.tag, c)
            self.kids[parent] = kids
        el = kids.get(tag)
        if el is None or el.text is None or not el.text.strip():
            if required:
                self.problem(f"{path}/{tag}", tag, "missing: this element is required")
            return ""
        return str(el.text).strip()

    def day(self, parent: Any, tag: str, path: str, required: bool = False) -> date | None:
        raw = self.text(parent, tag, path, required)
        return self.parse_day(raw, f"{path}/{tag}", tag) if raw else None

    def parse_day(self, raw: str, where: str, tag: str) -> date | None:
        try:
            return fields.iso_date(raw, birth=tag in BIRTH_DATES)
        except ValueError as error:
            self.problem(where, tag, str(error))
            return None

    def form(self, parent: Any, tag: str, path: str, check: Any, required: bool = False) -> str:
        """A text value that must have its form (``fields``): '' and a problem otherwise."""
        raw = self.text(parent, tag, path, required)
        if not raw:
            return ""
        try:
            return str(check(raw))
        except ValueError as error:
            self.problem(f"{path}/{tag}", tag, str(error))
            return ""

    def code(self, parent: Any, tag: str, path: str, kind: str, required: bool = False) -> str:
        raw = self.text(parent, tag, path, required)
        if raw and raw not in self.codes[kind]:
            self.problem(f"{path}/{tag}", tag, f"{fields.shown(raw)} is not a valid {kind} code")
            return ""
        return raw

    def codes_of(self, parent: Any, tag: str, path: str, kind: str) -> list[str]:
        values = []
        for i, el in enumerate(parent.findall(tag), start=1):
            raw = (el.text or "").strip()
            if raw not in self.codes[kind]:
                self.problem(
                    f"{path}/{tag}[{i}]", tag, f"{fields.shown(raw)} is not a valid {kind} code"
                )
            else:
                values.append(raw)
        return values

    def flag(self, parent: Any, tag: str, path: str) -> bool:
        raw = self.text(parent, tag, path, required=True)
        if raw and raw not in ("0", "1"):
            self.problem(f"{path}/{tag}", tag, f"{fields.shown(raw)} is not 0 or 1")
        return raw == "1"

    def number(self, parent: Any, tag: str, path: str) -> int:
        raw = self.text(parent, tag, path, required=True)
        if not raw:
            return 0
        try:
            return fields.whole_number(raw)
        except ValueError as error:
            self.problem(f"{path}/{tag}", tag, str(error))
            return 0

    def header(self, root: Any) -> Header:
        h = Header()
        details = root.find("Header/CollectionDetails")
        if details is None:
            self.problem("Header/CollectionDetails", "ReferenceDate", "missing: the header")
            return h
        h.reference_date = self.day(details, "ReferenceDate", "Header/CollectionDetails", True)
        year = self.text(details, "Year", "Header/CollectionDetails")
        try:
            h.year = fields.whole_number(year, 1900, 9999) if year else None
        except ValueError as error:
            self.problem("Header/CollectionDetails/Year", "Year", str(error))
        source = root.find("Header/Source")
        if source is not None:
            h.lea = self.text(source, "LEA", "Header/Source")
            h.software = self.text(source, "SoftwareCode", "Header/Source")
            h.release = self.text(source, "Release", "Header/Source")
            h.serial_no = self.text(source, "SerialNo", "Header/Source")
            h.at = self.text(source, "DateTime", "Header/Source")
        return h

    def child(self, el: Any, path: str) -> ChildRow:
        ids = el.find("ChildIdentifiers")
        chars = el.find("ChildCharacteristics")
        ip, cp = f"{path}/ChildIdentifiers", f"{path}/ChildCharacteristics"
        empty = etree.Element("x")
        if ids is None:
            self.problem(ip, "ChildIdentifiers", "missing: this element is required")
            ids = empty
        if chars is None:
            self.problem(cp, "ChildCharacteristics", "missing: this element is required")
            chars = empty
        c = ChildRow(
            la_child_id=self.text(ids, "LAchildID", ip, required=True),
            upn=self.form(ids, "UPN", ip, lambda v: fields.upn(v.upper())),
            former_upn=self.form(ids, "FormerUPN", ip, lambda v: fields.upn(v.upper())),
            upn_unknown=self.code(ids, "UPNunknown", ip, "UPNunknown"),
            birth_date=self.day(ids, "PersonBirthDate", ip),
            expected_birth_date=self.day(ids, "ExpectedPersonBirthDate", ip),
            sex=self.code(ids, "Sex", ip, "Sex", required=True),
            death_date=self.day(ids, "PersonDeathDate", ip),
            ethnicity=self.code(chars, "Ethnicity", cp, "Ethnicity", required=True),
            path=path,
        )
        dis = chars.find("Disabilities")
        if dis is not None:
            c.disabilities = self.codes_of(dis, "Disability", f"{cp}/Disabilities", "Disability")
        details = el.findall("CINdetails")
        if not details:
            self.problem(f"{path}/CINdetails", "CINdetails", "missing: a child needs an episode")
        for i, d in enumerate(details, start=1):
            c.episodes.append(self.episode(d, f"{path}/CINdetails[{i}]"))
        return c

    def episode(self, el: Any, path: str) -> EpisodeRow:
        e = EpisodeRow(
            referral_date=self.day(el, "CINreferralDate", path, required=True),
            source=self.code(el, "ReferralSource", path, "ReferralSource", required=True),
            primary_need=self.code(el, "PrimaryNeedCode", path, "PrimaryNeedCode"),
            closure_date=self.day(el, "CINclosureDate", path),
            closure_reason=self.code(el, "ReasonForClosure", path, "ReasonForClosure"),
            icpc=self.day(el, "DateOfInitialCPC", path),
            nfa=self.flag(el, "ReferralNFA", path),
            path=path,
        )
        for i, a in enumerate(el.findall("Assessments"), start=1):
            p = f"{path}/Assessments[{i}]"
            row = AssessmentRow(
                start=self.day(a, "AssessmentActualStartDate", p, required=True),
                internal_review=self.day(a, "AssessmentInternalReviewDate", p),
                authorised=self.day(a, "AssessmentAuthorisationDate", p),
                path=p,
            )
            fs = a.find("FactorsIdentifiedAtAssessment")
            if fs is not None:
                row.factors = self.codes_of(
                    fs, "AssessmentFactors", f"{p}/FactorsIdentifiedAtAssessment", "factor"
                )
            e.assessments.append(row)
        for i, c in enumerate(el.findall("CINPlanDates"), start=1):
            p = f"{path}/CINPlanDates[{i}]"
            e.cin_plans.append(
                CINPlanRow(
                    start=self.day(c, "CINPlanStartDate", p, required=True),
                    end=self.day(c, "CINPlanEndDate", p),
                    path=p,
                )
            )
        for i, s in enumerate(el.findall("Section47"), start=1):
            p = f"{path}/Section47[{i}]"
            e.section47s.append(
                Section47Row(
                    start=self.day(s, "S47ActualStartDate", p, required=True),
                    icpc_target=self.day(s, "InitialCPCtarget", p),
                    icpc=self.day(s, "DateOfInitialCPC", p),
                    icpc_not_required=self.flag(s, "ICPCnotRequired", p),
                    path=p,
                )
            )
        for i, cp in enumerate(el.findall("ChildProtectionPlans"), start=1):
            p = f"{path}/ChildProtectionPlans[{i}]"
            plan = CPPlanRow(
                start=self.day(cp, "CPPstartDate", p, required=True),
                end=self.day(cp, "CPPendDate", p),
                initial_category=self.code(
                    cp, "InitialCategoryOfAbuse", p, "category of abuse", required=True
                ),
                latest_category=self.code(
                    cp, "LatestCategoryOfAbuse", p, "category of abuse", required=True
                ),
                previous_plans=self.number(cp, "NumberOfPreviousCPP", p),
                path=p,
            )
            reviews = cp.find("Reviews")
            if reviews is not None:
                for j, r in enumerate(reviews.findall("CPPreviewDate"), start=1):
                    raw = (r.text or "").strip()
                    day = self.parse_day(raw, f"{p}/Reviews/CPPreviewDate[{j}]", "CPPreviewDate")
                    if day is not None:
                        plan.reviews.append(day)
            e.cp_plans.append(plan)
        return e


BIRTH_DATES = frozenset({"PersonBirthDate", "ExpectedPersonBirthDate"})
XINCLUDE = "{http://www.w3.org/2001/XInclude}"


def _not_plain(tree: Any, file: str) -> list[Problem]:
    """A return is plain elements and text: a DOCTYPE (and the entities it declares), an entity
    reference or an XInclude is refused, never expanded or followed."""
    problems = []
    if tree.docinfo.doctype:
        problems.append(
            Problem(file, "line 1", "", "a DOCTYPE is not allowed in a return (no DTD or entities)")
        )
    for node in tree.iter(etree.Entity):
        parent = node.getparent()
        where = element_path(parent) if parent is not None else ""
        tag = str(parent.tag) if parent is not None else ""
        problems.append(
            Problem(file, where, tag, f"the entity reference {node.text} is not allowed")
        )
    for el in tree.iter(f"{XINCLUDE}*"):
        parent = el.getparent()
        where = element_path(parent) if parent is not None else ""
        problems.append(
            Problem(file, where, "xi:include", "XInclude is not allowed: nothing is included")
        )
    return problems


def _located(tree: Any, path: str | None) -> str:
    """The short element path of a schema error's XPath (which may name an element the file
    declares in a namespace of its own)."""
    try:
        found = tree.xpath(path) if path else []
    except etree.XPathError:
        found = []
    return element_path(found[0]) if found else short_path(path or "")


def read(path: Path, codes: dict[str, frozenset[str]]) -> tuple[CINReturn | None, list[Problem]]:
    """Parse a CIN census file: the rows, and every problem found (malformed XML, the wrong
    root, breaches of the year's schema, codes Sightline does not know, dates that are not
    dates). The rows are None only when the file cannot be read as XML at all."""
    file = str(path)
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except (etree.XMLSyntaxError, OSError) as error:
        line = getattr(error, "lineno", None)
        location = f"line {line}" if line else ""
        message = getattr(error, "msg", None) or str(error)
        return None, [Problem(file, location, "", f"not a readable XML file: {message}")]
    root = tree.getroot()
    not_plain = _not_plain(tree, file)
    if not_plain:
        return None, not_plain
    if root.tag != "Message":
        return None, [
            Problem(file, f"/{root.tag}", root.tag, "the root element must be Message (CIN)")
        ]
    reader = Reader(file, codes)
    header = reader.header(root)
    problems: list[Problem] = []
    year = header.reference_date.year if header.reference_date else None
    if year is not None:
        try:
            xsd = schema(year)
        except (FileNotFoundError, etree.XMLSchemaParseError):
            xsd = None
        if xsd is not None and not xsd.validate(tree):
            for err in xsd.error_log:
                where = _located(tree, err.path)
                field_name = where.rsplit("/", 1)[-1].split("[", 1)[0] if where else ""
                message = err.message if len(err.message) <= 300 else err.message[:300] + "..."
                problems.append(Problem(file, where, field_name, f"line {err.line}: {message}"))
    children_el = root.find("Children")
    kids: list[ChildRow] = []
    if children_el is None:
        reader.problem("Children", "Children", "missing: this element is required")
    else:
        for i, c in enumerate(children_el.findall("Child"), start=1):
            kids.append(reader.child(c, f"Child[{i}]"))
    # The schema's message and ours may name the same element: keep the schema's.
    seen = {(p.location, p.field) for p in problems}
    problems.extend(p for p in reader.problems if (p.location, p.field) not in seen)
    return CINReturn(header, kids), problems


def now_stamp() -> str:
    return datetime.now().replace(microsecond=0).isoformat()


def canonical(ret: CINReturn) -> dict[str, Any]:
    """The return's content for comparing two returns (CONTRACTS.md "Round trip"): the same
    children and the same value in every field, whatever the order of elements, and ignoring
    the header's DateTime and SerialNo (and where in the file each element was)."""

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k != "path"}
        if isinstance(value, list):
            return sorted((clean(v) for v in value), key=repr)
        return value

    h = ret.header
    return {
        "header": (h.year, h.reference_date, h.lea, h.software, h.release),
        "children": {c.la_child_id: clean(asdict(c)) for c in ret.children},
        "count": len(ret.children),
    }
