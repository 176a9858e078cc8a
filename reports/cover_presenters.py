"""The committee paper for people: each field with its prompt, its text (the council's, or the
starting draft from the figures) and whether it is still the draft; the cover, implications,
children's voice and previous-strategy review as the documents print them."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Model

from reports import cover_drafts as drafts
from reports import cover_selectors as selectors
from reports.cover_models import CoverReport, Kind, StrategyReview
from reports.selectors import Dashboard
from sufficiency.calendar import long_date
from sufficiency.formatting import count
from sufficiency.plan.models import Priority, Strategy
from sufficiency.plan.presenters import measure_value
from sufficiency.richtext import rich_text

# What each field must cover: the prompt shown under it while editing.
HINTS = {
    "meeting": "The board or committee the report goes to, for example Corporate Parenting "
    "Board or Cabinet.",
    "meeting_date": "The date of the meeting.",
    "author": "Name, job title and contact details of the officer who wrote the report.",
    "accountable_director": "The director accountable for the report, and their job title.",
    "lead_member": "The cabinet member or portfolio holder with lead responsibility.",
    "wards": "The wards or electoral divisions affected: for a strategy, usually All.",
    "key_decision": "Whether this is a key decision under the council's constitution, and so "
    "on the forward plan.",
    "classification": "The report's protective marking, for example OFFICIAL or "
    "OFFICIAL-SENSITIVE, and whether it is open to the public.",
    "recommendations": "What the board is asked to do, one a line, each starting with what it "
    "does: approve…, comment on and note…, endorse…",
    "reasons": "Why the board is asked to do it: the duty, the decision needed and what "
    "happens next.",
    "financial": "Spend against the budget and the forecast, the cost of the actions, savings "
    "expected and how it is funded. Ask finance to agree it.",
    "legal": "The duties the report discharges and any legal risk. Ask legal services to agree it.",
    "equalities": "Who the children are by sex, ethnicity, age and disability, any group over- "
    "or under-represented, and the effect on people with protected characteristics.",
    "risks": "The main risks to delivering the strategy, and how each is managed.",
    "consultation": "Who was consulted (children and care leavers, partners, providers, staff) "
    "and what changed as a result.",
    "human_resources": "Any effect on staff: posts, recruitment, training. Write None if there "
    "is none.",
    "property": "Any effect on buildings or land: homes to open, buy or close. Write None if "
    "there is none.",
    "finance_sign_off": "Name and job title of the finance officer who agreed the financial "
    "implications, and the date.",
    "legal_sign_off": "Name and job title of the lawyer who agreed the legal implications, and "
    "the date.",
    "director_sign_off": "Name and job title of the director who approved the report for the "
    "meeting, and the date.",
    "background_papers": "Documents the report relies on that are not attached, one a line, "
    "with where they can be read.",
    "children_heard": "How many children in care were heard while writing the strategy.",
    "care_leavers_heard": "How many care leavers were heard.",
    "how_heard": "How they were heard: the Children in Care Council, surveys, focus groups, "
    "advocates, reviews.",
    "what_they_said": "What they told us, in their own words where you can.",
    "you_said_we_did": "Each pair on two lines: what children said, then what changed because "
    "of it. Leave a blank line between pairs.",
    "previous_title": "The title and period of the previous strategy, for example Sufficiency "
    "Strategy 2022-2025.",
    "previous_ended_on": "When the previous strategy ended: its measures are shown as they "
    "stood that day, against the figures at this strategy's date.",
    "previous_summary": "What the previous strategy achieved and what we learned from it.",
}

COVER_FIELDS = ["meeting", "meeting_date", "author", "accountable_director", "lead_member",
                "wards", "key_decision", "classification",
                "recommendations", "reasons"]  # fmt: skip
IMPLICATION_FIELDS = ["financial", "legal", "equalities", "risks", "consultation",
                      "human_resources", "property"]  # fmt: skip
SIGN_OFF_FIELDS = ["finance_sign_off", "legal_sign_off", "director_sign_off",
                   "background_papers"]  # fmt: skip
VOICE_FIELDS = ["children_heard", "care_leavers_heard", "how_heard", "what_they_said",
                "you_said_we_did"]  # fmt: skip
PREVIOUS_FIELDS = ["previous_title", "previous_ended_on", "previous_summary"]
# Written one item a line, shown as a list.
LIST_FIELDS = {"recommendations", "background_papers"}
NOT_WRITTEN = "Not written yet"


@dataclass(frozen=True)
class Shown:
    name: str
    label: str
    hint: str
    text: str  # as printed: the council's words or the draft; "" when neither
    draft: bool  # still the starting draft (nothing written by the council)
    items: list[str] = field(default_factory=list)  # a list field's lines

    @property
    def written(self) -> bool:
        return bool(self.text)


def _label(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


def _stored_text(instance: Model, name: str) -> str:
    value = getattr(instance, name)
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return count(value)
    display = getattr(instance, f"get_{name}_display", None)
    return str(display()) if display is not None else str(value).strip()


def shown(instance: Model, name: str, draft_texts: dict[str, str]) -> Shown:
    text = _stored_text(instance, name)
    draft = not text and bool(draft_texts.get(name))
    if draft:
        text = draft_texts[name]
    return Shown(
        name=name,
        label=_label(type(instance), name),
        hint=HINTS[name],
        text=text,
        draft=draft,
        items=drafts.lines(text) if name in LIST_FIELDS else [],
    )


def cover_drafts(
    cover: CoverReport,
    strategy: Strategy | None,
    dash: Callable[[], Dashboard],
    only: Collection[str] | None = None,
) -> dict[str, str]:
    """The starting draft of each field that has one (of `only` those, if given), from the
    document's figures; `dash` is called only when a draft needs them."""
    is_strategy = cover.kind == Kind.STRATEGY
    title = f"{strategy.title} {strategy.period}".strip() if strategy else "the strategy"
    makers: dict[str, Callable[[], str]] = {
        "wards": lambda: drafts.DEFAULT_WARDS,
        "classification": selectors.classification_default,
        "recommendations": lambda: drafts.recommendations(strategy=is_strategy, title=title),
        "reasons": lambda: drafts.reasons(strategy=is_strategy, on=cover.reference_date),
        "financial": lambda: drafts.financial(selectors.spend_figures(dash())),
        "legal": lambda: drafts.legal(council=cover.la.name, strategy=is_strategy),
        "equalities": lambda: drafts.equalities(selectors.equality_figures(dash())),
        "background_papers": lambda: drafts.background_papers(
            previous_strategy=_previous_title(strategy) if is_strategy else ""
        ),
    }
    return {name: make() for name, make in makers.items() if only is None or name in only}


def _previous_title(strategy: Strategy | None) -> str:
    review = selectors.review_of(strategy)
    return review.previous_title if review is not None else ""


def review_drafts(review: StrategyReview) -> dict[str, str]:
    # The strategy's own free text about children's voice, until the structured field is written.
    return {"what_they_said": review.strategy.childrens_voice.strip()}


def you_said_we_did(text: str) -> list[tuple[str, str]]:
    """Pairs written as two lines each, a blank line between pairs; an odd line out is a
    "you said" whose answer is not written yet."""
    pairs = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = drafts.lines(block)
        if lines:
            pairs.append((lines[0], " ".join(lines[1:])))
    return pairs


@dataclass
class Paper:
    """The committee paper around one document, as both the page and the PDF show it."""

    cover: CoverReport
    fields: dict[str, Shown]
    recommendations: list[str]
    cover_rows: list[Shown]
    implications: list[Shown]
    sign_offs: list[Shown]
    background_papers: Shown
    voice: dict | None = None
    previous: dict | None = None


def paper(dash: Dashboard, kind: str) -> Paper:
    """The cover, implications and (for the strategy) voice and previous strategy of a
    document at the dashboard's date."""
    cover = selectors.cover_at(dash.la, kind, dash.on)
    strategy = dash.strategy
    texts = cover_drafts(cover, strategy, lambda: dash)
    fields = {
        n: shown(cover, n, texts) for n in COVER_FIELDS + IMPLICATION_FIELDS + SIGN_OFF_FIELDS
    }
    result = Paper(
        cover=cover,
        fields=fields,
        recommendations=fields["recommendations"].items,
        cover_rows=[fields[n] for n in COVER_FIELDS if n not in ("recommendations", "reasons")],
        implications=[fields[n] for n in IMPLICATION_FIELDS],
        sign_offs=[fields[n] for n in SIGN_OFF_FIELDS if n != "background_papers"],
        background_papers=fields["background_papers"],
    )
    if kind == Kind.STRATEGY and strategy is not None:
        review = selectors.review_of(strategy)
        assert review is not None
        result.voice = voice(review, strategy)
        result.previous = previous(review, dash)
    return result


def voice(review: StrategyReview, strategy: Strategy) -> dict:
    texts = review_drafts(review)
    fields = {n: shown(review, n, texts) for n in VOICE_FIELDS}
    return {
        "review": review,
        "fields": fields,
        "children_heard": review.children_heard,
        "care_leavers_heard": review.care_leavers_heard,
        "pairs": you_said_we_did(review.you_said_we_did),
        # The strategy's own text about voice (its draft) is written in the plan's Markdown.
        "what_they_said": rich_text(fields["what_they_said"].text),
        "i_statements": [
            (priority, priority.i_statement_list)
            for priority in Priority.objects.filter(strategy=strategy)
            if priority.i_statement_list
        ],
    }


def previous(review: StrategyReview, dash: Dashboard) -> dict:
    fields = {n: shown(review, n, {}) for n in PREVIOUS_FIELDS}
    rows = []
    if review.previous_ended_on is not None and dash.strategy is not None:
        for item in selectors.previous_measures(dash.strategy, review.previous_ended_on, dash):
            m = item.measure
            rows.append(
                {
                    "name": m.name,
                    "baseline": measure_value(m.baseline_value, m.unit),
                    "baseline_date": m.baseline_date,
                    "target": measure_value(m.target_value, m.unit),
                    "target_date": m.target_date,
                    "actual": measure_value(item.actual, m.unit)
                    if item.actual is not None
                    else "Not known",
                    "met": {True: "Met", False: "Not met", None: "Not known"}[item.met],
                    "met_tag": {True: "good", False: "bad", None: "neutral"}[item.met],
                }
            )
    return {"review": review, "fields": fields, "measures": rows, "on": dash.on}


def recommendations_for(report) -> list[str]:
    """What the board is asked to do in a report (anything with la, kind and reference_date: a
    GeneratedReport or a CoverReport): the council's recommendations, else the draft."""
    cover = selectors.cover_at(report.la, report.kind, report.reference_date)
    if cover.recommendations.strip():
        return drafts.lines(cover.recommendations)
    strategy = selectors.strategy_of(report.la)
    title = f"{strategy.title} {strategy.period}".strip() if strategy else "the strategy"
    return drafts.lines(drafts.recommendations(strategy=cover.kind == Kind.STRATEGY, title=title))


def quarterly_paper(dash: Dashboard, context: dict) -> Paper:
    """The quarterly's paper, agreeing with its one-page summary on what the board is asked to
    do: the council's recommendations when it wrote them (the summary then lists those), else
    the summary's own list drawn from the figures (the cover then lists that). One list, printed
    twice."""
    result = paper(dash, Kind.QUARTERLY)
    written = result.fields["recommendations"]
    if written.text and not written.draft:
        context["board_asks"] = result.recommendations
    else:
        result.recommendations = list(context["board_asks"])
    return result
