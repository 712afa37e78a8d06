"""The tagger's language rules, one short passage each, written the way councils' reports say things."""

from __future__ import annotations

from pathlib import Path

import pytest

from lscp import pipeline

HEAD = "Harbourside Safeguarding Children Partnership Annual Report 2021/22\n\n"


def facts(tmp_path: Path, text: str, kind: str | None = None, head: str = HEAD) -> list[dict]:
    path = tmp_path / "report.txt"
    path.write_text(head + text, encoding="utf-8")
    result = pipeline.process_file(path)
    out = []
    for fact in result.facts:
        fact = {k: v for k, v in fact.items() if k != "evidence"}
        if kind is None or fact["kind"] == kind:
            out.append(fact)
    return out


def figures(tmp_path: Path, text: str, head: str = HEAD) -> set[tuple]:
    return {
        (f["metric"], f["value"], f["comparator"], f["breakdown"], f["area"])
        for f in facts(tmp_path, text, "figure", head)
    }


# ---------------------------------------------------------------- figures


def test_episodes_relating_to_children(tmp_path):
    found = figures(tmp_path, "In 2021/22 there were 634 missing episodes relating to 167 children.\n")
    assert ("missing_episodes", 634, None, None, None) in found
    assert ("missing_children", 167, None, None, None) in found


def test_call_out_lines_and_breakdowns(tmp_path):
    text = (
        "Snapshot\n\n↘ 653 children and young people aged 0-18\n\n↘ 7.7% of total population\n\n"
        "↔ 12% of children living in poverty\n\n↗ 40 cases referred / stepped-down to the Early Help Team\n\n"
        "↘ 4 young people going missing from care (12 incidents)\n\n↗ 23 child protection investigations\n\n"
        "↘ 12 children & young people looked after as of March 2022\n"
    )
    found = figures(tmp_path, text)
    assert {
        ("child_population", 653, None, None, None),
        ("child_population_pct", 7.7, None, None, None),
        ("child_poverty_pct", 12, None, None, None),
        ("early_help_referrals", 40, None, None, None),
        ("missing_children", 4, None, None, None),
        ("missing_episodes", 12, None, "from_care", None),
        ("s47_enquiries", 23, None, None, None),
        ("children_looked_after", 12, None, None, None),
    } <= found


def test_a_lone_number_before_a_call_out_of_its_own_takes_the_label_above(tmp_path):
    text = "Number of referrals into Early Help\n\n1831\n\n1740 missing episodes recorded in the year.\n"
    found = figures(tmp_path, text)
    assert ("early_help_referrals", 1831, None, None, None) in found
    assert ("missing_episodes", 1740, None, None, None) in found
    assert ("missing_episodes", 1831, None, None, None) not in found


def test_a_population_share_needs_children(tmp_path):
    found = figures(tmp_path, "The Polish community makes up 3.3% of the total population of the borough.\n")
    assert not any(f[0] == "child_population_pct" for f in found)


def test_numbers_in_words(tmp_path):
    text = "Four Rapid Reviews were held. No LCSPRs were commissioned in 2021/22. Nearly two thirds of referrals came from the police.\n"
    found = figures(tmp_path, text)
    assert ("rapid_reviews", 4, None, None, None) in found
    assert ("lcspr_commissioned", 0, None, None, None) in found
    assert not any(f[0] == "referrals" for f in found)


def test_earlier_year_after_the_number_is_a_previous_year_figure(tmp_path):
    text = (
        "There were 311 contacts to the LADO in 2021/22, a 44% increase from the 174 contacts in 2020/21.\n\n"
        "There were 15 private fostering arrangements in 2021/22, the same as 2020/21.\n\n"
        "47 training sessions were held in 2021/22 (70 in 2019/20).\n"
    )
    found = figures(tmp_path, text)
    assert ("lado_referrals", 311, None, None, None) in found
    assert ("lado_referrals", 174, "previous_year", None, None) in found
    assert ("private_fostering", 15, "previous_year", None, None) in found
    assert not any(f[1] == 70 for f in found)  # two years back compares with nothing the contract keeps


def test_rates_and_comparators_carry_the_measure(tmp_path):
    text = (
        "At the end of March 2022, 211 children were subject to a child protection plan. "
        "This is a rate of 33 per 10k, well below statistical neighbours (42) and the England average (44).\n"
    )
    found = figures(tmp_path, text)
    assert ("cp_plans", 211, None, None, None) in found
    assert ("cp_plan_rate_per_10k", 33, None, None, None) in found
    assert ("cp_plan_rate_per_10k", 42, "statistical_neighbour", None, None) in found
    assert ("cp_plan_rate_per_10k", 44, "national", None, None) in found


def test_a_rate_of_something_without_a_rate_metric_is_no_count(tmp_path):
    text = "This represents a rate of 129 Section 47 investigations per 10,000, less than statistical neighbours (175 in 2020-21).\n"
    found = figures(tmp_path, text)
    assert not any(f[0] == "s47_enquiries" for f in found)


def test_place_names_are_not_comparators(tmp_path):
    text = "The re-referral rate in the City of London increased from 9.7% in 2020/21 to 15%.\n"
    found = figures(tmp_path, text)
    assert ("re_referral_pct", 9.7, "previous_year", None, None) in found


def test_dates_outside_the_reporting_year(tmp_path):
    text = (
        "387 care leavers were supported at 31 March 2022. 357 care leavers were supported at the end of September 2022.\n\n"
        "There were 63 care leavers being supported as at 31st March 2022, lower than the 79 supported as at March 2021.\n"
    )
    found = figures(tmp_path, text)
    assert ("care_leavers", 387, None, None, None) in found
    assert not any(f[1] == 357 for f in found)
    assert ("care_leavers", 79, "previous_year", None, None) in found


def test_not_a_figure(tmp_path):
    text = (
        "As of August 2021, there are 80 registered children missing education.\n\n"
        "You can call the helpline on 0808 800 5000.\n\n"
        "Assessments are set out in the Children Act 1989.\n\n"
        "The average weekly number of referrals was 23.\n\n"
        "↗ 301 MARAC meetings involving children and young people living in families with domestic violence\n\n"
        "1451 training places were offered and 1031 delegates attended, 420 (29%) either cancelled or did not attend.\n"
    )
    found = figures(tmp_path, text)
    assert ("training_places", 1451, None, None, None) in found
    assert ("training_attendees", 1031, None, None, None) in found
    assert {f[1] for f in found} == {1451, 1031}


def test_a_table_of_contents_run_into_one_line_has_page_numbers_not_figures(tmp_path):
    contents = (
        "Contents\n\n"
        "Learning and Improvement 108 Rapid Reviews 110 Referrals and Assessments 112 MARAC 115 Child Protection "
        "Plans 118 Children in Care 121\n\n"
    )
    prose = "There were 412 referrals, 96 child protection plans and 37 MARAC cases in the year.\n"
    found = figures(tmp_path, contents + prose)
    assert found == figures(tmp_path, prose)
    assert {f[1] for f in found} == {412, 96, 37}


def test_table_row_label_says_rate_and_column_says_region(tmp_path):
    text = (
        "Indicator\tHarbourside 2021/22\tHarbourside 2020/21\tSouth East 2021/22\n"
        "Child protection plans per 10,000 children\t39.9\t42.6\t38.3\n"
    )
    found = figures(tmp_path, text)
    assert ("cp_plan_rate_per_10k", 39.9, None, None, None) in found
    assert ("cp_plan_rate_per_10k", 42.6, "previous_year", None, None) in found
    assert ("cp_plan_rate_per_10k", 38.3, "regional", None, None) in found


def test_sections_of_a_two_area_partnership(tmp_path):
    head = "Kingston and Richmond Safeguarding Children Partnership Annual Report 2021/22\n\n"
    text = (
        "Contents\tPage\nForeword\t1\nKingston Snapshot\t4\nRichmond Snapshot\t8\nTraining\t12\n\n"
        "Kingston Snapshot\n\n↗ 2,140 referrals\n\nRichmond Snapshot\n\n↗ 1,870 referrals\n\n"
        "Training\n\n2,024 people attended the partnership's training.\n"
    )
    found = figures(tmp_path, text, head)
    assert ("referrals", 2140, None, None, "Kingston upon Thames") in found
    assert ("referrals", 1870, None, None, "Richmond upon Thames") in found
    assert ("training_attendees", 2024, None, None, None) in found


# ---------------------------------------------------------------- reviews


def reviews(tmp_path: Path, text: str) -> dict[str, tuple]:
    return {f["case_name"]: (f["review_type"], f["status"]) for f in facts(tmp_path, text, "review")}


def test_named_reviews_in_a_list_and_national_titles(tmp_path):
    text = (
        "We finalised three Safeguarding Practice Reviews which had been started in a previous year.\n\n"
        "- Ava published July 2022\n- Noah awaiting inquest before we can publish\n\n"
        "Partners took forward the learning from the national Panel's Star and Arthur review.\n\n"
        "In December 2021, the SCR Tashaûn (Child C) update report was published.\n"
    )
    found = reviews(tmp_path, text)
    assert found["Ava"] == ("lcspr", "published")
    assert found["Noah"] == ("lcspr", "awaiting_publication")
    assert found["Star & Arthur"] == ("national_review", "completed")
    assert found["Tashaûn (Child C)"] == ("scr", "published")
    assert "Child C" not in found and "Tashaûn" not in found


def test_a_place_before_a_review_type_is_no_case(tmp_path):
    found = reviews(tmp_path, "Regional learning - Greenwich LCSPR - Child T, which was published in 2021.\n")
    assert "Greenwich" not in found and found["Child T"][0] == "lcspr"


# ---------------------------------------------------------------- partners and people


def test_partners_by_the_form_of_their_names(tmp_path):
    text = (
        "The safeguarding partners in Harbourside are Harbourside Council, NHS Greywold Integrated Care Board and Greywold Police.\n\n"
        "RELEVANT AGENCIES REPRESENTED ON THE BOARD\n\n- Greywold Fire and Rescue Service\n- Harbourside Hospitals NHS Foundation Trust\n"
    )
    found = {f["name"]: (f["org_type"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert found["Harbourside Council"] == ("local_authority", "statutory_partner")
    assert found["NHS Greywold Integrated Care Board"] == ("health", "statutory_partner")
    assert found["Greywold Police"] == ("police", "statutory_partner")
    assert found["Greywold Fire and Rescue Service"] == ("fire", "relevant_agency")
    assert found["Harbourside Hospitals NHS Foundation Trust"] == ("health", "relevant_agency")


def test_register_names_missing_their_endings(tmp_path):
    text = "Agencies represented on the Board:\n\n- North West Anglia Hospital\n- Cambridgeshire Fire and Rescue\n"
    names = {f["name"] for f in facts(tmp_path, text, "partner")}
    assert {"North West Anglia NHS Foundation Trust", "Cambridgeshire Fire and Rescue Service"} <= names


def test_people_and_their_roles(tmp_path):
    text = (
        "Keith Morley Independent Scrutineer\n\n"
        "I was appointed as the new Independent Scrutineer in January 2022, taking over from Helen Dacre.\n\n"
        "The safeguarding partners are:\n\n"
        "- Tim Shaw, The Chief Executive of Harbourside Council (retired in May 2021 and replaced by Mark Bryce in July 2021)\n"
    )
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert {
        ("Keith Morley", "independent_scrutineer"),
        ("Helen Dacre", "independent_scrutineer"),
        ("Tim Shaw", "statutory_partner_lead"),
        ("Mark Bryce", "statutory_partner_lead"),
    } <= found


def test_a_person_named_after_an_organisation_and_a_dash(tmp_path):
    text = (
        "The statutory safeguarding partners are:\n\n"
        "- Harbourside Council – represented by Rachel Okafor, Director of Children's Services\n"
        "- Harbourside Constabulary – represented by Chief Superintendent Mark Ellison, Head of Public Protection\n\n"
        "Venue: Council Chamber, Civic Offices, Market Street, Harbourside. Contact: Kate Brennan, Democratic Services Officer\n"
    )
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert ("Rachel Okafor", "statutory_partner_lead") in found
    assert ("Mark Ellison", "statutory_partner_lead") in found
    assert not any(name in ("Civic Offices", "Market Street", "Council Chamber") for name, _ in found)


def test_a_contact_officer_in_a_cover_sheets_prose_cell(tmp_path):
    text = (
        "<b>HARBOURSIDE COUNCIL</b>\t<b>WARDS:</b> All\n"
        "<b>REPORT OF:</b> Director of Children's Services\t\n"
        "<p><b>SUMMARY OF REPORT</b></p> <p>This report introduces the partnership's annual report for 2021/22, which "
        "is attached as Appendix A.</p> <p><b>Contact Officer:</b> Ruth Ellis, Director of Children's Services, Civic "
        "Centre, Harbourside HB1 1AA</p>\t\n"
    )
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert found == {("Ruth Ellis", "statutory_partner_lead")}


# ---------------------------------------------------------------- priorities and finance


def test_priorities_are_the_partnerships_own(tmp_path):
    text = (
        "Understanding child sexual exploitation remains a priority for the partnership.\n\n"
        "The report links to the Council's Prevention and Housing priorities.\n\n"
        "Progress against our priorities has seen:\n\n- a new neglect toolkit for schools\n"
    )
    found = {f["theme"] for f in facts(tmp_path, text, "priority")}
    assert "child_sexual_exploitation" in found
    assert "housing" not in found and "neglect" not in found


def test_budget_table_with_a_spending_part(tmp_path):
    text = (
        "Budget 2021-22\n\n"
        "Income 2021-22\t£\nHarbourside Council\t118,400\nTotal income\t130,400\n"
        "Expenditure 2021-22\t£\nBusiness unit staffing\t112,300\nTotal expenditure\t126,600\n"
    )
    found = {(f["direction"], f["counterparty"], f["amount_gbp"], f["is_total"]) for f in facts(tmp_path, text, "finance")}
    assert ("expenditure", "Business unit staffing", 112300, False) in found
    assert ("expenditure", "Total expenditure", 126600, True) in found
    assert ("income", "Total income", 130400, True) in found


@pytest.mark.parametrize("alias", ["met", "the partnership"])
def test_common_words_are_not_organisations(tmp_path, alias):
    text = f"Relevant agencies said the training {alias} their needs.\n"
    assert not facts(tmp_path, text, "partner")


# ---------------------------------------------------------------- the span rulers


def test_one_pass_of_the_rulers_finds_what_a_ruler_per_key_would(tmp_path):
    """The rule sets run as one component; each spans key must hold what its own spaCy SpanRuler would give."""
    import spacy

    from lscp.tag.nlp import RULERS, load_patterns

    tagger = pipeline.tagger()
    nlp = tagger.nlp
    reference = spacy.blank("en")
    reference.add_pipe("sentencizer")
    extra = {key: [{"label": l, "pattern": p, "id": i, "exact": e} for l, p, i, e in rows] for key, rows in tagger.data.patterns()}
    sets = {key: [row for name in files for row in load_patterns(name)] for key, files in RULERS.items()} | extra
    for key, rows in sets.items():
        for mode in ("lower", "orth"):
            group = [{k: r[k] for k in ("label", "pattern", "id")} for r in rows if bool(r.get("exact")) == (mode == "orth")]
            if group:
                ruler = reference.add_pipe(
                    "span_ruler", name=f"{key}_{mode}",
                    config={"spans_key": key, "phrase_matcher_attr": "LOWER" if mode == "lower" else None, "overwrite": False},
                )
                ruler.add_patterns(group)
    text = (
        "The Chair of the Harbourside and Greywold Safeguarding Children Partnership met Greywold Police, Harbourside "
        "Borough Council and the NHS Greywold Integrated Care Board. 1,204 children in Harbourside aged under 18 were "
        "referred to Early Help; 41 child protection (section 47) enquiries were started and two Local Child Safeguarding "
        "Practice Reviews have been published. Neglect and exploitation remain our priorities; MET and CAMHS attended."
    )
    ours, theirs = nlp(text), reference(text)
    assert set(ours.spans) == {key for key in theirs.spans if len(theirs.spans[key])}  # no empty groups are written
    for key in ours.spans:
        assert [(s.start, s.end, s.label_, s.id_) for s in ours.spans[key]] == [(s.start, s.end, s.label_, s.id_) for s in theirs.spans[key]]
    assert len(ours.spans["org_shape"]) and len(ours.spans["metric"])


# ---------------------------------------------------------------- partners by what they are, and where they are listed


def partners(tmp_path: Path, text: str, head: str = HEAD) -> dict[str, str]:
    return {f["name"]: f["role"] for f in facts(tmp_path, text, "partner", head)}


def test_the_partnerships_own_council_is_a_statutory_partner_wherever_named(tmp_path):
    found = partners(tmp_path, "Harbourside Council has invested in anti-racist training for its frontline staff.\n")
    assert found == {"Harbourside Council": "statutory_partner"}


def test_health_boards_and_forces_named_as_members_are_statutory_partners(tmp_path):
    text = "Board members include Greywold Police, NHS Greywold Integrated Care Board and Greywold Fire and Rescue Service.\n"
    found = partners(tmp_path, text, "Harbourside Safeguarding Children Partnership Annual Report 2023/24\n\n")
    assert found["Greywold Police"] == "statutory_partner"
    assert found["NHS Greywold Integrated Care Board"] == "statutory_partner"
    assert found["Greywold Fire and Rescue Service"] == "relevant_agency"


def test_a_clinical_commissioning_group_after_july_2022_is_a_member_only(tmp_path):
    text = "Board members include NHS Greywold Clinical Commissioning Group.\n"
    found = partners(tmp_path, text, "Harbourside Safeguarding Children Partnership Annual Report 2023/24\n\n")
    assert found == {"NHS Greywold Clinical Commissioning Group": "relevant_agency"}


def test_the_place_before_are_is_not_a_partner(tmp_path):
    text = "The safeguarding partners in the London Borough of Harbourside are Harbourside Council, Greywold Police and NHS Greywold Integrated Care Board.\n"
    found = partners(tmp_path, text)
    assert "London Borough of Harbourside" not in found
    assert found["Harbourside Council"] == "statutory_partner"


def test_short_lines_after_a_partners_lead_in_take_its_role(tmp_path):
    text = (
        "The three lead safeguarding partners are:\n\n"
        "Ruth Ellis, Chief Executive, Harbourside Council\n\n"
        "Omar Shah, Chief Constable, Greywold Police\n\n"
        "We thank everyone who contributed to this report, including colleagues at the Greywold Ambulance Service NHS Trust.\n"
    )
    found = partners(tmp_path, text)
    assert found["Greywold Police"] == "statutory_partner"
    assert "Greywold Ambulance Service NHS Trust" not in found


def test_a_title_line_set_as_text_gives_its_role_to_the_lines_under_it(tmp_path):
    text = (
        "APPENDIX: MEMBERS OF THE PARTNERSHIP\n\n"
        "Relevant agencies\n"
        "Greywold Hospitals NHS Foundation Trust\n"
        "Greywold Fire and Rescue Service\n\n"
        "Relevant agencies\n"
        "•	Greywold Youth Justice Service\n"
        "•	NSPCC\n"
    )
    found = partners(tmp_path, text)
    assert found["Greywold Hospitals NHS Foundation Trust"] == "relevant_agency"
    assert found["Greywold Fire and Rescue Service"] == "relevant_agency"
    assert found["Greywold Youth Justice Service"] == "relevant_agency"


def test_a_list_of_sentences_under_a_partners_heading_names_no_partners(tmp_path):
    text = (
        "## Contributions from the statutory safeguarding partners\n\n"
        "- The young people's group was recognised by winning the Beacon Trust's national participation award in October 2022.\n"
    )
    assert not partners(tmp_path, text)


def test_a_table_line_gives_the_role_of_its_own_organisations(tmp_path):
    text = (
        "HARBOURSIDE BOROUGH COUNCIL\tWARDS: All\n"
        "SUMMARY\tThe three statutory safeguarding partners are Harbourside Council, Greywold Police and NHS Greywold Integrated Care Board.\n"
        "CONTACT\tDemocratic Services, Greywold Fire and Rescue Service building\n"
    )
    found = partners(tmp_path, text)
    assert found["Harbourside Council"] == "statutory_partner"
    assert "Greywold Fire and Rescue Service" not in found


# ---------------------------------------------------------------- people at meetings


def people(tmp_path: Path, text: str, head: str = HEAD) -> set[tuple[str, str]]:
    return {(f["name"], f["role"]) for f in facts(tmp_path, text, "person", head)}


def test_councillors_and_officers_present(tmp_path):
    text = (
        "PRESENT: Councillor Ann Tate (Chair); Councillors Joe Marsh, Mary Lund and Raj Patel.\n\n"
        "ALSO PRESENT: Sam Cole (Director of Children's Services); Lena Ford (Independent Scrutineer).\n"
    )
    found = people(tmp_path, text)
    assert {("Ann Tate", "other"), ("Joe Marsh", "other"), ("Mary Lund", "other"), ("Raj Patel", "other")} <= found
    assert {("Sam Cole", "statutory_partner_lead"), ("Lena Ford", "independent_scrutineer")} <= found


def test_an_attendance_table(tmp_path):
    text = "Name\tRole\tAttendance\nCouncillor Ben Hart\tVice-Chair\tPresent\nReverend Alan Moss\tCo-opted Member\tApologies\n"
    found = people(tmp_path, text)
    assert {("Ben Hart", "other"), ("Alan Moss", "other")} <= found


def test_people_listed_with_semicolons_each_keep_their_role(tmp_path):
    text = (
        "We have delegated leadership to Kate Dunn, Director of Children's Services, Harbourside Council; "
        "Priya Rao, Director of Nursing, NHS Greywold Integrated Care Board; and Chief Superintendent Tom Reid, Greywold Police.\n"
    )
    found = people(tmp_path, text)
    assert {("Kate Dunn", "statutory_partner_lead"), ("Priya Rao", "statutory_partner_lead"), ("Tom Reid", "statutory_partner_lead")} <= found


def test_a_place_from_the_areas_register_opens_no_persons_name(tmp_path):
    text = "Merton Voices, the young people's forum chaired by the Independent Chair, met four times.\n"
    assert not people(tmp_path, text)


# ---------------------------------------------------------------- report names and kinds


def report(tmp_path: Path, text: str) -> dict:
    return facts(tmp_path, text, "report", head="")[0]


def test_a_childrens_safeguarding_partnership_and_its_yearly_report(tmp_path):
    found = report(tmp_path, "Ashvale & Tarnby Children's Safeguarding Partnership\n\nYearly Report 2022/23\n\nWelcome to our yearly report.\n")
    assert found["partnership"] == "Ashvale & Tarnby Children's Safeguarding Partnership"
    assert found["document_kind"] == "annual_report"
    assert found["reporting_year"] == "2022-23"


def test_minutes_that_only_write_the_acronym(tmp_path):
    text = (
        "Minutes:\n\nConsideration was given to the report of the Director of Children's Services.\n\n"
        "The BSCP presented its work in Barnet over the year. The Chair thanked the partners.\n\n"
        "RESOLVED: that the reflections and priorities for 2024-26 be noted.\n"
    )
    found = report(tmp_path, text)
    assert found["partnership"] == "Barnet Safeguarding Children Partnership"
    assert found["document_kind"] == "committee_minutes"
    assert found["reporting_year"] == "2023-24"


# ---------------------------------------------------------------- priorities and budgets in other shapes


def test_priorities_in_a_numbered_list(tmp_path):
    text = (
        "Priorities for 2022/23\n\nThe partners have agreed three new priorities for 2022/23:\n\n"
        "1.\tNeglect and its impact on young children.\n2.\tDomestic abuse.\n3.\tChild criminal exploitation.\n"
    )
    found = {(f["theme"], f["period"]) for f in facts(tmp_path, text, "priority")}
    assert {("neglect", "2022-23"), ("domestic_abuse", "2022-23"), ("child_criminal_exploitation", "2022-23")} <= found


def test_areas_for_attention_named_by_section_titles(tmp_path):
    text = (
        "Last year's report identified the following areas for attention in 2021-22. This is what we did:\n\n"
        "Domestic Abuse\n\nWe ran four workshops for schools and health visitors.\n\n"
        "Child Sexual Abuse\n\nA new pathway was agreed with the sexual assault referral centre.\n\n"
        "OUR TRAINING\n\nNeglect\n\nThe neglect toolkit was refreshed.\n"
    )
    found = {(f["theme"], f["period"]) for f in facts(tmp_path, text, "priority")}
    assert {("domestic_abuse", "2021-22"), ("sexual_abuse", "2021-22")} <= found
    assert not any(theme == "neglect" for theme, _ in found)


def test_not_the_partnerships_priority(tmp_path):
    text = (
        "We integrated the national recommendations into our Priority action plans for children with disabilities.\n\n"
        "A strategic priority for Harbourside's Prevent work is to stop young people being drawn into terrorism.\n"
    )
    assert not facts(tmp_path, text, "priority")


def test_a_markdown_budget_table(tmp_path):
    text = (
        "## Income 2021/22\n\n| Contributor | £ |\n|---|---:|\n| Harbourside Council | 104,000 |\n"
        "| Greywold Police | 34,000 |\n| **Total** | **138,000** |\n"
    )
    path = tmp_path / "report.md"
    path.write_text(HEAD + text, encoding="utf-8")
    result = pipeline.process_file(path)
    found = {(f["direction"], f["counterparty"], f["amount_gbp"], f["is_total"]) for f in result.facts if f["kind"] == "finance"}
    assert {("income", "Harbourside Council", 104000, False), ("income", "Greywold Police", 34000, False), ("income", "Total", 138000, True)} <= found


# ---------------------------------------------------------------- partnerships of several areas the register lacks

TWO_AREAS = "Ferncombe and Dunmere Safeguarding Children Partnership Annual Report 2021/22\n\n"


def test_areas_from_the_councils_a_partnership_names(tmp_path):
    text = (
        "Ferncombe Borough Council and Dunmere District Council share one set of arrangements with the police and the ICB.\n\n"
        "Measure\tFerncombe\tDunmere\tPartnership\n"
        "Referrals to children's social care\t2,210\t1,480\t3,690\n"
        "Child protection plans per 10,000 children\t51.3\t47.6\t49.8\n\n"
        "Early help assessments were started for 930 families in Dunmere and 1,214 in Ferncombe.\n"
    )
    report = facts(tmp_path, text, "report", head=TWO_AREAS)[0]
    assert report["areas"] == ["Ferncombe", "Dunmere"]
    found = figures(tmp_path, text, head=TWO_AREAS)
    assert {
        ("referrals", 2210, None, None, "Ferncombe"),
        ("referrals", 1480, None, None, "Dunmere"),
        ("referrals", 3690, None, None, None),
        ("cp_plan_rate_per_10k", 51.3, None, None, "Ferncombe"),
        ("early_help_assessments", 930, None, None, "Dunmere"),
        ("early_help_assessments", 1214, None, None, "Ferncombe"),
    } <= found


def test_areas_from_the_statutory_partners_sentence(tmp_path):
    head = "Moorvale Safeguarding Children Partnership Annual Report 2021/22\n\n"
    text = (
        "The statutory safeguarding partners are Ashby County Council, Lenton City Council, "
        "NHS Moorvale Integrated Care Board and Moorvale Police.\n\n"
        "LENTON IN NUMBERS\n\n412\nchildren looked after\n"
    )
    assert facts(tmp_path, text, "report", head=head)[0]["areas"] == ["Ashby", "Lenton"]
    assert ("children_looked_after", 412, None, None, "Lenton") in figures(tmp_path, text, head=head)


def test_a_regional_average_column_and_comparison_figures_have_no_area(tmp_path):
    text = (
        "The safeguarding partners are Ferncombe Council, Dunmere Council, the ICB and the police.\n\n"
        "\tFerncombe\tDunmere\tRegional average\n"
        "Re-referral rate\t19%\t24%\t22%\n"
        "Children looked after per 10,000\t66.1\t71.0\t69\n"
    )
    found = figures(tmp_path, text, head=TWO_AREAS)
    assert {
        ("re_referral_pct", 19, None, None, "Ferncombe"),
        ("re_referral_pct", 22, "regional", None, None),
        ("cla_rate_per_10k", 69, "regional", None, None),
    } <= found


# ---------------------------------------------------------------- comparison figures

def test_bracketed_comparators(tmp_path):
    text = (
        "Child protection plans stood at 48.2 per 10,000 children (England: 42.1).\n\n"
        "The rate of children in care was 58.4 per 10,000 (England 70).\n\n"
        "Referrals to CAMHS went up to 3,905 (2020/21: 3,377).\n"
    )
    found = figures(tmp_path, text)
    assert {
        ("cp_plan_rate_per_10k", 48.2, None, None, None),
        ("cp_plan_rate_per_10k", 42.1, "national", None, None),
        ("cla_rate_per_10k", 70, "national", None, None),
        ("camhs_referrals", 3905, None, None, None),
        ("camhs_referrals", 3377, "previous_year", None, None),
    } <= found


def test_comparator_named_after_the_number(tmp_path):
    text = "Our rate of children on a child protection plan, 52.7 per 10,000, compares with 42.0 in England and 47.5 across the region.\n"
    found = figures(tmp_path, text)
    assert {
        ("cp_plan_rate_per_10k", 52.7, None, None, None),
        ("cp_plan_rate_per_10k", 42.0, "national", None, None),
        ("cp_plan_rate_per_10k", 47.5, "regional", None, None),
    } <= found


def test_children_aged_with_an_en_dash(tmp_path):
    assert ("child_population", 61400, None, None, None) in figures(tmp_path, "61,400\nchildren aged 0–17\n")


# ---------------------------------------------------------------- budgets in prose and lists

def test_budget_in_a_sentence(tmp_path):
    text = (
        "In 2021/22 the partnership's budget was £298,000, funded by Harbourside Council (£150,000), "
        "NHS Greywold ICB (£98,000) and Greywold Police (£50,000). Expenditure was £284,500, of which £201,000 "
        "was spent on the business unit, £27,500 on independent scrutiny and £56,000 on learning and development.\n"
    )
    found = {(f["direction"], f["counterparty"], f["amount_gbp"], f["is_total"]) for f in facts(tmp_path, text, "finance")}
    assert {
        ("income", "Total income", 298000, True),
        ("income", "Harbourside Council", 150000, False),
        ("income", "NHS Greywold Integrated Care Board", 98000, False),
        ("income", "Greywold Police", 50000, False),
        ("expenditure", "Total expenditure", 284500, True),
        ("expenditure", "business unit", 201000, False),
        ("expenditure", "learning and development", 56000, False),
    } <= found
    assert ("partnership_income_gbp", 298000, None, None, None) in figures(tmp_path, text)


def test_the_council_and_a_partner_share(tmp_path):
    text = (
        "Harbourside Borough Council is one of the three safeguarding partners.\n\n"
        "The Council's contribution to the partnership budget for 2021/22 was £120,000, out of total income of £205,000. "
        "The remainder was met by Greywold Police (£30,000) and NHS Greywold CCG (£55,000).\n"
    )
    found = {(f["direction"], f["counterparty"], f["amount_gbp"], f["is_total"]) for f in facts(tmp_path, text, "finance")}
    assert {
        ("income", "Harbourside Borough Council", 120000, False),
        ("income", "Total income", 205000, True),
        ("income", "Greywold Police", 30000, False),
        ("income", "NHS Greywold Clinical Commissioning Group", 55000, False),
    } <= found
    assert not any(f["metric"] == "partnership_income_gbp" and f["value"] == 120000 for f in facts(tmp_path, text, "figure"))


def test_each_council_contributed(tmp_path):
    text = "Ferncombe Council and Dunmere Council each host the partnership in turn.\n\nEach of the two councils contributed £61,000 to the partnership's total budget of £190,000.\n"
    found = {(f["counterparty"], f["amount_gbp"]) for f in facts(tmp_path, text, "finance", head=TWO_AREAS)}
    assert {("Ferncombe Council", 61000), ("Dunmere Council", 61000), ("Total income", 190000)} <= found


def test_budget_lines_as_a_list(tmp_path):
    text = "The partnership spent the following in the year:\n\n- Business unit: £143,000\n- Case reviews: £18,500\n- Total: £161,500\n"
    found = {(f["direction"], f["counterparty"], f["amount_gbp"], f["is_total"]) for f in facts(tmp_path, text, "finance")}
    assert {("expenditure", "Business unit", 143000, False), ("expenditure", "Case reviews", 18500, False), ("expenditure", "Total", 161500, True)} <= found


def test_a_contributors_table_without_direction_words(tmp_path):
    text = "## Money\n\n| Partner | 2021/22 (£) |\n|---|---:|\n| Harbourside Council | 90,000 |\n| Greywold Police | 20,000 |\n| **Total contributions** | **110,000** |\n"
    path = tmp_path / "report.md"
    path.write_text(HEAD + text, encoding="utf-8")
    found = {(f["direction"], f["counterparty"], f["amount_gbp"]) for f in pipeline.process_file(path).facts if f["kind"] == "finance"}
    assert {("income", "Harbourside Council", 90000), ("income", "Total contributions", 110000)} <= found


# ---------------------------------------------------------------- priorities in minutes and lists

def test_priorities_in_minutes_phrasing(tmp_path):
    text = (
        "The Chair asked what came next. Ms Reid said that for 2022-24 the partnership would concentrate on neglect and online safety.\n\n"
        "The Scrutineer confirmed that domestic abuse and child criminal exploitation were the partnership's priorities for 2022-23.\n"
    )
    found = {f["theme"] for f in facts(tmp_path, text, "priority")}
    assert {"neglect", "online_safety", "domestic_abuse", "child_criminal_exploitation"} <= found


def test_priorities_after_we_will_focus_on(tmp_path):
    text = "In 2022-23 we will focus on:\n\n- family help, joining up early help and children in need;\n- children's emotional health and wellbeing.\n"
    found = {f["theme"] for f in facts(tmp_path, text, "priority")}
    assert {"early_help", "children_mental_health"} <= found


def test_children_missing_education_is_not_missing_from_care(tmp_path):
    found = {f["theme"] for f in facts(tmp_path, "We are worried about children missing education and exclusions.\n", "theme")}
    assert "missing_education" in found and "missing_children" not in found


# ---------------------------------------------------------------- reviews named in titles, lists and quotes

def reviews_found(tmp_path: Path, text: str) -> set[tuple]:
    return {(f["case_name"], f["review_type"], f["status"]) for f in facts(tmp_path, text, "review")}


def test_reviews_named_by_title_lines(tmp_path):
    text = (
        "Learning from reviews\n\n"
        "Maisie – local child safeguarding practice review\n\n"
        "Maisie was four when she died. The review was published in June 2021.\n\n"
        "\"Tyler\" (commissioned March 2022)\n\nTyler is a 14-year-old boy who was stabbed.\n\n"
        "Child P and Child Q (LCSPR) – in progress\n\nTwo brothers who were neglected for years.\n\n"
        "Thematic review: neglect of teenagers\n\nThe review was completed in January 2022.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {
        ("Maisie", "lcspr", "published"),
        ("Tyler", "lcspr", "commissioned"),
        ("Child P and Child Q", "lcspr", "in_progress"),
        ("Neglect of teenagers", "learning_review", "completed"),
    } <= found
    assert not any(name in ("Child P", "Child Q") for name, _, _ in found)


def test_reviews_named_at_the_start_of_their_paragraph(tmp_path):
    text = (
        "- Kayden. Kayden was two when he was found with serious injuries. The review, published in May 2021, found gaps.\n"
        "- Baby R and Baby S. The rapid review into twins with unexplained bruising was completed in August 2021.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Kayden", "lcspr", "published"), ("Baby R and Baby S", "rapid_review", "completed")} <= found


def test_reviews_named_in_quotes_or_after_the_death_of(tmp_path):
    text = (
        "The multi-agency learning review \"Hidden in Plain Sight\" is in progress.\n\n"
        "The local child safeguarding practice review into the death of Mason, a baby of six weeks, was published in April 2022.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Hidden in Plain Sight", "learning_review", "in_progress"), ("Mason", "lcspr", "published")} <= found
    assert not any(name == "Hidden" for name, _, _ in found)


def test_review_stage_from_the_next_sentence(tmp_path):
    text = (
        "A local child safeguarding practice review, Child D, looked at a baby with a fractured skull. "
        "The review has been completed but its publication is held back until a criminal trial has concluded.\n\n"
        "The review of Child F, a teenager who was exploited, began in May 2021. It is in progress.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Child D", "lcspr", "awaiting_publication"), ("Child F", "lcspr", "in_progress")} <= found


def test_reviews_listed_in_a_table_are_read_row_by_row(tmp_path):
    text = (
        "Reviews this year\n\n"
        "Case\tReview\tWhere it stands\n"
        "Child W\tLocal child safeguarding practice review\tPublished November 2021\n"
        "Family V\tLocal child safeguarding practice review\tCompleted; held back until the criminal trial ends\n"
        "Total\t2\t\n"
    )
    found = reviews_found(tmp_path, text)
    assert ("Child W", "lcspr", "published") in found
    assert ("Family V", "lcspr", "awaiting_publication") in found
    assert not any(name == "Total" for name, _, _ in found)


# ---- report: document kind, reporting year, partnership name, areas


def test_a_minutes_page_with_the_reports_summary_above_minutes(tmp_path):
    text = (
        "Agenda item\n\nGlenwick Safeguarding Children Partnership Annual Report 2022/23\n\n"
        "Purpose of the item: the annual report of the Glenwick Safeguarding Children Partnership is presented. "
        "The Committee is asked to scrutinise the report and its recommendations.\n\n"
        "Minutes:\n\nWitnesses:\n\nAmos Pell - Independent Scrutineer\n\nKey points raised in the discussion:\n\n"
        "1. A Member asked about waiting times for mental health support.\n\nRESOLVED: that the report be noted.\n"
    )
    assert report(tmp_path, text)["document_kind"] == "committee_minutes"


def test_a_decision_page_is_the_record_of_a_meeting(tmp_path):
    text = (
        "Decision details\n\nTarnmouth Safeguarding Children Partnership Annual Report 2020-2021\n\n"
        "Decision Maker: Cabinet\n\nDecision status: Recommendations Approved\n\nPurpose:\n\n"
        "To receive the annual report of the Tarnmouth Safeguarding Children Partnership for the year to 31 March 2021.\n\n"
        "Decision:\n\n1. To note the annual report.\n\nFinancial implications:\n\nNone.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "committee_minutes"
    assert found["reporting_year"] == "2020-21"


def test_a_cover_report_that_introduces_the_annual_report(tmp_path):
    text = (
        "Report to:\tHealth and Wellbeing Board\nDate of meeting:\t3 March 2021\n"
        "Title:\tOxley Safeguarding Children Partnership Annual Report 2019/20\n\n"
        "RECOMMENDATIONS\n\nThe Board is recommended to receive the annual report (Appendix 1).\n\n"
        "1. Background\n\n1.1 This report introduces the annual report of the Oxley Safeguarding Children Partnership.\n\n"
        "2. Supporting information\n\n2.1 Demand rose during the year.\n"
    )
    assert report(tmp_path, text)["document_kind"] == "committee_cover_report"


def test_a_news_story_about_an_annual_report_is_other(tmp_path):
    text = (
        "Wetherby Vale Courier | News\n\nChild protection plans rise again\n\nBy Lena Marsh, Local Democracy Reporting Service\n\n"
        "The annual report of the Wetherby Vale Safeguarding Children Partnership, which covers the year to March 2021, "
        "will go before the council's scrutiny committee next week.\n\n"
        "The partnership's chair said: \"Demand has never been higher.\"\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "other"
    assert found["reporting_year"] == "2020-21"


def test_a_performance_dashboard_is_other_and_takes_its_title_year(tmp_path):
    text = (
        "Brinmore Safeguarding Children Partnership\n\nPerformance dashboard 2021/22\n\nLast updated: 3 June 2022\n\n"
        "Measure\tQ1\tQ2\tQ3\tQ4\t2021/22\nContacts\t210\t230\t250\t240\t930\n\n"
        "Figures feed the partnership's annual report.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "other"
    assert found["reporting_year"] == "2021-22"


def test_an_arrangements_page_reports_on_no_year(tmp_path):
    text = (
        "Eldham Safeguarding Children Partnership\n\nOur arrangements\n\nHome / About the partnership / Our arrangements\n\n"
        "The three safeguarding partners will publish their first annual report next year. For the first year, 2019/20, "
        "the partnership budget will be £150,000. Our priorities for 2019 to 2021 are neglect and exploitation.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "other"
    assert found["reporting_year"] is None


def test_a_contents_list_naming_a_dashboard_chapter_leaves_an_annual_report(tmp_path):
    text = (
        "Ormsby Safeguarding Children Partnership\n\nAnnual Report 2023-2024\n\nCONTENTS\n\n"
        "1.\tWho we are\t3\n2.\tData dashboard\t5\n3.\tLearning from reviews\t9\n\n"
        "Welcome to our annual report, which looks back on the partnership's year and what it has learned.\n"
    )
    assert report(tmp_path, text)["document_kind"] == "annual_report"


@pytest.mark.parametrize(
    "period, year",
    [
        ("January 2021 - March 2022", "2021-22"),
        ("September 2019 to March 2020", "2019-20"),
        ("01.04.2019 to 31.03.2020", "2019-20"),
        ("1 July 2019 - 30 June 2020", "2019-20"),
        ("the year ending 31 March 2023", "2022-23"),
    ],
)
def test_a_reporting_period_written_as_a_span(tmp_path, period, year):
    text = f"Fallowby Safeguarding Children Partnership\n\nAnnual Report\n\nThis report covers {period}. It was a busy year.\n"
    assert report(tmp_path, text)["reporting_year"] == year


def test_a_year_written_with_two_digits_after_the_reports_name(tmp_path):
    text = (
        "REPORT TO:\tScrutiny Committee\nDATE:\t4 November 2025\nSUBJECT:\tHolbeck Safeguarding Children Partnership - Yearly Report 24/25\n\n"
        "1. PURPOSE OF REPORT\n\n1.1 To present the yearly report for 24/25. The committee is asked to note the report.\n\n"
        "Indicator\t2023/24\t2024/25\nContacts\t1,200\t1,350\n"
    )
    assert report(tmp_path, text)["reporting_year"] == "2024-25"


def test_a_welsh_regional_board_and_the_areas_it_covers(tmp_path):
    text = (
        "Agenda item\n\nMinutes:\n\nThe Director presented the annual report of the Afon Teg Regional Safeguarding Board for 2017-18. "
        "The Board covers the areas of Bro Halen, Tregarn and Llanfor and is made up of the Regional Safeguarding Children Board "
        "and the Regional Safeguarding Adults Board.\n\nMembers asked about the register. The Afon Teg Regional Safeguarding Board "
        "had met four times.\n\nRESOLVED: that the report be noted.\n"
    )
    found = report(tmp_path, text)
    assert found["partnership"] == "Afon Teg Regional Safeguarding Board"
    assert found["areas"] == ["Bro Halen", "Tregarn", "Llanfor"]


def test_statutory_partners_named_as_county_borough_councils(tmp_path):
    text = (
        "Garth and Nant Regional Safeguarding Children Board\n\nAnnual Report 2018-19\n\n"
        "The Board's statutory partners are Pengarth County Borough Council, Nantwyn County Council, Dyfed Vale Police "
        "and Garth Nant University Health Board.\n"
    )
    found = report(tmp_path, text)
    assert found["partnership"] == "Garth and Nant Regional Safeguarding Children Board"
    assert found["areas"] == ["Pengarth", "Nantwyn"]


def test_a_name_does_not_run_across_table_cells(tmp_path):
    text = (
        "Meeting\tChildren and Young People Scrutiny Panel\nReport of\tDirector of Children and Education\n"
        "Title\tRiddlesford Safeguarding Children Partnership Annual Report 2022/23\n\n"
        "1. Summary\n\n1.1 The Riddlesford Safeguarding Children Partnership has published its annual report. "
        "The Panel is recommended to note the report.\n"
    )
    assert report(tmp_path, text)["partnership"] == "Riddlesford Safeguarding Children Partnership"


def test_a_partnerships_own_chapter_naming_only_the_board_it_replaced(tmp_path):
    text = (
        "You are here: Home / The partnership / Annual Report 2019/2020 / Learning from reviews\n\nLearning from reviews\n\n"
        "The Case Review Group decides, on behalf of the three safeguarding partners, which cases need a rapid review.\n\n"
        "When the Dovecote Local Safeguarding Children Board closed in September 2019, two serious case reviews were still open. "
        "The partnership took them on and published both.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "annual_report"
    assert found["partnership"] == "Dovecote Safeguarding Children Partnership"


def test_a_partnerships_first_report_that_names_the_former_board_more_often(tmp_path):
    text = (
        "Annual Report 2019-20\n\nThe Kirkhope Safeguarding Children Partnership replaced the Kirkhope Local Safeguarding Children Board "
        "in September 2019. This report covers the last months of the former Kirkhope Local Safeguarding Children Board and the "
        "first of the partnership. Three reviews were carried over from the Kirkhope Local Safeguarding Children Board.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "annual_report"
    assert found["partnership"] == "Kirkhope Safeguarding Children Partnership"


def test_minutes_of_the_boards_final_report_keep_the_boards_name(tmp_path):
    text = (
        "Minutes of the meeting held on 8 October 2019\n\nPresent: Councillor Amy Vell (Chair)\n\n"
        "The Independent Chair introduced the final annual report of the Selby Moor Safeguarding Children Board for 2018-19. "
        "The Board had been replaced by the Selby Moor Safeguarding Children Partnership in June 2019.\n\n"
        "RESOLVED: That the Selby Moor Safeguarding Children Board annual report be noted.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "committee_minutes"
    assert found["partnership"] == "Selby Moor Safeguarding Children Board"
    assert found["reporting_year"] == "2018-19"


def test_a_partnership_news_item_about_its_published_report_is_other(tmp_path):
    text = (
        "Home > News\n\nAnnual report 2022/23 published\n\nPosted on 12 October 2023\n\n"
        "The Dalesbury Safeguarding Children Partnership has published its annual report for 2022/23. The report sets out what "
        "the partnership achieved during the year.\n\nRead the full report on our publications page.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "other"
    assert found["reporting_year"] == "2022-23"


def test_a_data_page_takes_the_year_its_position_ends(tmp_path):
    text = (
        "Pellingham Joint Strategic Needs Assessment\n\nChildren's social care: child protection\n\nHeadlines\n\n"
        "At 31 March 2023 there were 388 children subject to a child protection plan in Pellingham. The Pellingham "
        "Safeguarding Children Partnership oversees the multi-agency arrangements.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "other"
    assert found["reporting_year"] == "2022-23"
# ---- figures


def test_quarterly_table_keeps_year_and_comparator_columns(tmp_path):
    text = (
        "Measure\tQ1\tQ2\tQ3\tQ4\t2021/22\t2020/21\tStat. neighbours\tEngland\n"
        "Contacts\t1,210\t1,105\t1,302\t1,288\t4,905\t4,512\t\t\n"
        "Child protection plans per 10,000\t51.2\t50.1\t49.8\t48.7\t48.9\t\t44.6\t42.1\n"
        "Assessments within 45 working days (%)\t80.1\t81.0\t79.2\t82.3\t80.6\t77.9\t83.0\t84.2\n"
    )
    found = figures(tmp_path, text)
    assert {
        ("contacts", 4905, None, None, None), ("contacts", 4512, "previous_year", None, None),
        ("cp_plan_rate_per_10k", 48.9, None, None, None),
        ("cp_plan_rate_per_10k", 44.6, "statistical_neighbour", None, None),
        ("cp_plan_rate_per_10k", 42.1, "national", None, None),
        ("assessments_timely_pct", 80.6, None, None, None),
        ("assessments_timely_pct", 77.9, "previous_year", None, None),
        ("assessments_timely_pct", 83.0, "statistical_neighbour", None, None),
    } <= found
    assert not {f for f in found if f[1] in (1210, 51.2, 48.7, 80.1)}


def test_table_with_a_column_per_council(tmp_path):
    head = "Fernbridge and Holloway Vale Safeguarding Children Board Annual Report 2021/22\n\n"
    text = (
        "The Board's partners are Fernbridge Borough Council, Holloway Vale County Council and Eastmere Police.\n\n"
        "\tFernbridge\tHolloway Vale\tRegion\n"
        "Children looked after\t312\t205\t517\n"
        "per 10,000 children\t81.2\t77.4\t79.6\n"
    )
    found = figures(tmp_path, text, head)
    assert {
        ("children_looked_after", 312, None, None, "Fernbridge"),
        ("children_looked_after", 205, None, None, "Holloway Vale"),
        ("children_looked_after", 517, None, None, None),
        ("cla_rate_per_10k", 77.4, None, None, "Holloway Vale"),
        ("cla_rate_per_10k", 79.6, None, None, None),
    } <= found


def test_table_of_two_periods_under_a_title(tmp_path):
    text = (
        "Referrals\n\nA referral is a contact that meets the threshold for a social care service.\n\n"
        "1 April 2020 – 31 March 2021\t1 April 2021 – 31 March 2022\n2,340\t2,006 (505.9 per 10,000, 0-17 population)\n\n"
        "Children subject to a child protection plan at 31 March\n\n31 March 2021\t31 March 2022\n228\t247\n"
    )
    found = figures(tmp_path, text)
    assert {
        ("referrals", 2006, None, None, None), ("referrals", 2340, "previous_year", None, None),
        ("cp_plans", 247, None, None, None), ("cp_plans", 228, "previous_year", None, None),
    } <= found


def test_table_of_plan_categories(tmp_path):
    text = "Category of plan at 31 March 2022\n\nCategory\t%\nNeglect\t48\nEmotional abuse\t33\nMultiple\t4\n"
    found = figures(tmp_path, text)
    assert {
        ("cp_category_pct", 48, None, "neglect", None), ("cp_category_pct", 33, None, "emotional_abuse", None),
        ("cp_category_pct", 4, None, "multiple", None),
    } <= found
    text = "Category of plan at 31 March 2022\n\nNeglect\t51%\nSexual abuse\t6%\n"
    assert {("cp_category_pct", 51, None, "neglect", None), ("cp_category_pct", 6, None, "sexual_abuse", None)} <= figures(tmp_path, text)


def test_designated_officer_and_new_plans_and_panels(tmp_path):
    text = (
        "The Local Authority Designated Officer had received 214 referrals; 38% came from schools.\n\n"
        "During the year 362 plans had started. At 31 March 2022, 275 children were subject to a child protection plan.\n\n"
        "It was confirmed that 61 young people had been discussed at the Child Exploitation and Missing Panel during the year.\n\n"
        "4.3\t205 children and young people attended the emergency department at Pellow General Hospital in a mental health crisis.\n\n"
        "The Child Death Overview Panel was notified of 17 deaths of Harbourside children during 2021/22.\n\n"
        "Forty-two courses were delivered to 1,318 practitioners, and the partnership ran 12 virtual sessions, attended by 410 staff.\n"
    )
    found = figures(tmp_path, text)
    assert {
        ("lado_referrals", 214, None, None, None), ("cp_plans_started", 362, None, None, None), ("cp_plans", 275, None, None, None),
        ("exploitation_panel_children", 61, None, None, None), ("ed_mental_health_attendances", 205, None, None, None),
        ("child_deaths_notified", 17, None, None, None), ("training_sessions", 42, None, None, None),
        ("training_attendees", 1318, None, None, None), ("training_sessions", 12, None, None, None),
        ("training_attendees", 410, None, None, None),
    } <= found
    assert not {f for f in found if f[0] == "referrals" or f[:2] == ("cp_plans", 362)}


def test_stocks_in_plain_words_and_a_year_earlier(tmp_path):
    text = (
        "Around 41,200 children and young people live in Harbourside.\n\n"
        "On 31 March 2022, 207 children had a plan (188 a year earlier), a rate of 50.2 per 10,000 children against 41.4 for England.\n\n"
        "263 children were looked after on 31 March 2022.\n\n"
        "The MARAC discussed 512 cases of high-risk domestic abuse.\n\n"
        "Ten private fostering arrangements were known, compared with seven a year earlier.\n"
    )
    found = figures(tmp_path, text)
    assert {
        ("child_population", 41200, None, None, None), ("cp_plans", 207, None, None, None),
        ("cp_plans", 188, "previous_year", None, None), ("cp_plan_rate_per_10k", 50.2, None, None, None),
        ("cp_plan_rate_per_10k", 41.4, "national", None, None), ("children_looked_after", 263, None, None, None),
        ("marac_cases", 512, None, None, None), ("private_fostering", 10, None, None, None),
        ("private_fostering", 7, "previous_year", None, None),
    } <= found


def test_parts_of_a_figure_and_two_measures_in_one_sentence(tmp_path):
    text = (
        "Eastmere Police recorded 702 missing episodes for Harbourside children, relating to 188 individual children; "
        "415 of the episodes were children missing from care.\n\n"
        "The Child Exploitation Panel considered 91 young people, and the MARAC heard 476 cases.\n"
    )
    found = figures(tmp_path, text)
    assert {
        ("missing_episodes", 702, None, None, None), ("missing_children", 188, None, None, None),
        ("missing_episodes", 415, None, "from_care", None), ("exploitation_panel_children", 91, None, None, None),
        ("marac_cases", 476, None, None, None),
    } <= found
    assert ("missing_episodes", 702, None, "from_care", None) not in found
    assert ("missing_episodes", 538, None, "from_care", None) in figures(tmp_path, "1,206 missing episodes, 538 of them from care.\n")
# ---- partners, people and finance


def people_found(tmp_path: Path, text: str) -> set[tuple[str, str]]:
    return {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}


def test_people_in_minutes_with_ranks_brackets_and_councillors(tmp_path):
    text = (
        "PRESENT: Councillor Joan Tarrow (Chair); Councillors Amir Kell (Vice-Chair), Dora Fenn and Paul Yates.\n\n"
        "Ruth Pell, Independent Chair of the Harbourside Safeguarding Children Partnership, presented the report. She was "
        "accompanied by Owen Lacey (Partnership Business Manager), Detective Superintendent Clare Budd (Harbourside Police) "
        "and Dr Ian Moss (Designated Nurse, NHS Harbourside Integrated Care Board).\n\n"
        "Councillor Sam Ortiz asked about waiting times. Assistant Chief Constable Neil Hart said that officers had been trained.\n"
    )
    found = people_found(tmp_path, text)
    assert {
        ("Joan Tarrow", "other"), ("Amir Kell", "other"), ("Dora Fenn", "other"), ("Paul Yates", "other"),
        ("Ruth Pell", "independent_chair"), ("Owen Lacey", "business_manager"), ("Clare Budd", "statutory_partner_lead"),
        ("Ian Moss", "statutory_partner_lead"), ("Sam Ortiz", "other"), ("Neil Hart", "statutory_partner_lead"),
    } <= found
    assert not any(role == "business_manager" for name, role in found if name == "Clare Budd")


def test_attendance_lines_run_together_and_a_place_after_a_role(tmp_path):
    text = (
        "Also in attendance: Councillor Ada Moor - Cabinet Member for Children Tom Vale - Independent Chair, Harbourside "
        "Safeguarding Children Partnership Superintendent Jon Reed - Harbourside Police Amy Lowe - Scrutiny Officer\n\n"
        "Mr Vale would continue as independent chair and scrutineer of the Partnership until March 2020.\n"
    )
    found = people_found(tmp_path, text)
    assert {("Ada Moor", "other"), ("Tom Vale", "independent_chair"), ("Tom Vale", "independent_scrutineer"),
            ("Jon Reed", "statutory_partner_lead"), ("Amy Lowe", "other")} <= found
    assert not any(name.startswith("Harbourside") for name, _ in found)
    assert ("Amy Lowe", "business_manager") not in found


def test_people_given_a_role_in_prose(tmp_path):
    text = (
        "Dr Lena Hart is our independent scrutineer. Professor Omar Kidd has been our Independent Chair since June 2021. "
        "The Partnership Business Manager is Zoe Finch. Independent scrutiny of the health partners is provided by Iris Dunn, "
        "whose report is attached. Mia Stone, Partnership Development Manager, leads the business unit with Ben Ash, "
        "Learning and Development Co-ordinator.\n\n"
        "Dr Ada Cole\nIndependent Chair and Scrutineer\n"
    )
    found = people_found(tmp_path, text)
    assert {
        ("Lena Hart", "independent_scrutineer"), ("Omar Kidd", "independent_chair"), ("Zoe Finch", "business_manager"),
        ("Iris Dunn", "independent_scrutineer"), ("Mia Stone", "business_manager"), ("Ben Ash", "other"),
        ("Ada Cole", "independent_chair"), ("Ada Cole", "independent_scrutineer"),
    } <= found


def test_ranks_and_councillors_in_cover_sheet_and_partner_tables(tmp_path):
    text = (
        "LEAD OFFICER: Sara Voss, Director of Children's Services\t\n"
        "PORTFOLIO HOLDER:\tCouncillor Bea Lund, Children and Families\n\n"
        "Safeguarding partner\tLead safeguarding partner\tDelegated safeguarding partner\n"
        "Harbourside Police\tChief Constable Kim Rowe\tDetective Chief Superintendent Al Grey\n"
    )
    found = people_found(tmp_path, text)
    assert {("Sara Voss", "statutory_partner_lead"), ("Bea Lund", "other"), ("Kim Rowe", "statutory_partner_lead"),
            ("Al Grey", "statutory_partner_lead")} <= found


def test_a_subgroup_chair_is_not_the_independent_chair(tmp_path):
    text = ("The group is chaired by Dr Eve Lamb, Designated Doctor for Safeguarding Children, and reports to the "
            "partnership's Independent Chair, Rob Fell.\n")
    found = people_found(tmp_path, text)
    assert ("Rob Fell", "independent_chair") in found
    assert ("Eve Lamb", "independent_chair") not in found


def partner_roles(tmp_path: Path, text: str, head: str = HEAD) -> dict[str, str]:
    return {f["name"]: f["role"] for f in facts(tmp_path, text, "partner", head)}


def test_partners_named_in_prose(tmp_path):
    text = (
        "The partnership - made up of the council, NHS Harbourside Clinical Commissioning Group and Greywold Police - "
        "carried out six rapid reviews. Harbourside Hospitals NHS Trust, the Probation Service, Harbourside Youth Justice "
        "Partnership and Harbourside Voluntary Network sit on the Partnership Board as relevant agencies. Schools are "
        "represented at the executive by the Harbourside Schools Safeguarding Alliance. 611 children were looked after by "
        "the City Council. The report goes to the national Child Safeguarding Practice Review Panel.\n"
    )
    roles = partner_roles(tmp_path, text)
    assert roles["NHS Harbourside Clinical Commissioning Group"] == "statutory_partner"
    assert roles["Greywold Police"] == "statutory_partner"
    for name in ("Harbourside Hospitals NHS Trust", "Probation Service", "Harbourside Youth Justice Partnership",
                 "Harbourside Voluntary Network", "Harbourside Schools Safeguarding Alliance"):
        assert roles[name] == "relevant_agency"
    assert "City Council" not in roles
    assert not any("Panel" in name for name in roles)


def test_members_of_a_regional_board_and_an_appendix_of_agencies(tmp_path):
    head = "Aldwick and Brenmoor Regional Safeguarding Children Board\nAnnual Report 2018-19\n\n"
    text = (
        "The Board partners were Aldwick County Borough Council, Brenmoor Council, Aldwick University Health Board, Fenwold "
        "Police and the National Probation Service. The following are also members:\n\n"
        "- Fenwold Community Rehabilitation Company\n- Aldwick Youth Offending Service\n\n"
        "APPENDIX: RELEVANT AGENCIES\n\nBrenmoor Secondary Heads Forum\nAldwick Community Action\n\n"
        "The Office of the Police and Crime Commissioner for Fenwold makes an annual contribution towards training.\n"
    )
    roles = partner_roles(tmp_path, text, head)
    for name in ("Aldwick County Borough Council", "Brenmoor Council", "Aldwick University Health Board", "Fenwold Police"):
        assert roles[name] == "statutory_partner"
    for name in ("National Probation Service", "Fenwold Community Rehabilitation Company", "Aldwick Youth Offending Service",
                 "Brenmoor Secondary Heads Forum", "Aldwick Community Action"):
        assert roles[name] == "relevant_agency"
    assert roles["Office of the Police and Crime Commissioner for Fenwold"] == "funder"


def test_the_board_that_took_over_from_a_clinical_commissioning_group(tmp_path):
    text = ("The safeguarding partners are Harbourside Council, NHS Harbourside Clinical Commissioning Group and Greywold "
            "Police. From 1 July 2022 the CCG's role passed to NHS Greywold Integrated Care Board.\n")
    roles = partner_roles(tmp_path, text)  # a 2021-22 report: both health bodies
    assert roles["NHS Greywold Integrated Care Board"] == "statutory_partner"
    assert roles["NHS Harbourside Clinical Commissioning Group"] == "statutory_partner"
    later = partner_roles(tmp_path, text.replace("2022", "2023"), HEAD.replace("2021/22", "2023/24"))
    assert "NHS Harbourside Clinical Commissioning Group" not in later


def budget_lines(tmp_path: Path, text: str, head: str = HEAD) -> set[tuple]:
    return {(f["direction"], f["counterparty"], f["amount_gbp"], f["is_total"]) for f in facts(tmp_path, text, "finance", head)}


def test_budget_lines_in_labelled_sentences_and_a_total_alone(tmp_path):
    text = (
        "Budget 2021/22\n\nContributions: Harbourside Council £96,000; NHS Greywold ICB £58,000; Greywold Police £24,000. "
        "Total £178,000. Spending: staffing £131,600; independent scrutiny £14,400; training £8,900. Total £154,900.\n"
    )
    found = budget_lines(tmp_path, text)
    assert {
        ("income", "Harbourside Council", 96000, False), ("income", "Total income", 178000, True),
        ("expenditure", "Staffing", 131600, False), ("expenditure", "Independent scrutiny", 14400, False),
        ("expenditure", "Training", 8900, False), ("expenditure", "Total expenditure", 154900, True),
    } <= found


def test_budget_sentences_with_short_names_and_other_income(tmp_path):
    head = "Aldwick and Brenmoor Regional Safeguarding Children Board\nAnnual Report 2018-19\n\n"
    text = (
        "The Board partners were Aldwick County Borough Council, Brenmoor Council, Aldwick University Health Board, Fenwold "
        "Police and Fenwold Community Rehabilitation Company.\n\n"
        "The Board's budget for 2018-19 had been £120,000. Aldwick contributed £40,000 and Brenmoor £30,000, with £35,000 "
        "from the health board, £10,000 from Fenwold Police and £2,000 from the Community Rehabilitation Company, the "
        "remaining £3,000 coming from charges for training.\n"
    )
    found = budget_lines(tmp_path, text, head)
    assert {
        ("income", "Total income", 120000, True), ("income", "Aldwick County Borough Council", 40000, False),
        ("income", "Brenmoor Council", 30000, False), ("income", "Aldwick University Health Board", 35000, False),
        ("income", "Fenwold Police", 10000, False), ("income", "Fenwold Community Rehabilitation Company", 2000, False),
        ("income", "Training income", 3000, False),
    } <= found


def test_spending_in_prose_and_an_indicator_table_is_no_budget(tmp_path):
    text = (
        "4.1\tHarbourside has 40,000 children, and 20% of them live in low-income families.\n"
        "\tIndicator\t2020/21\t2021/22\n\tContacts\t15,880\t16,412\n\n"
        "The partnership budget for 2021/22 was £300,000: Harbourside Council £150,000, the ICB £90,000 and Greywold Police "
        "£60,000. Spending was £290,000, the main items being staffing (£200,000) and independent scrutiny (£20,000).\n\n"
        "NHS Greywold Integrated Care Board is a partner. It spent £290,000 in 2021/22, most of it on staff.\n"
    )
    found = budget_lines(tmp_path, text)
    assert {
        ("income", "Total income", 300000, True), ("income", "NHS Greywold Integrated Care Board", 90000, False),
        ("expenditure", "Total expenditure", 290000, True), ("expenditure", "Staffing", 200000, False),
        ("expenditure", "Independent scrutiny", 20000, False),
    } <= found
    assert not any(label == "Contacts" for _, label, _, _ in found)
# ---- reviews, priorities and themes


def test_reviews_named_after_a_plain_review_take_the_passages_type(tmp_path):
    text = (
        "The partners held five rapid reviews and commissioned two local child safeguarding practice reviews. "
        "The review into Maya, a toddler who was injured by her father, was published in May 2022.\n\n"
        "Two reviews, into children known as Poppy and Reuben, were published in the spring.\n\n"
        "The local child safeguarding practice reviews into Esme and Callum had both been completed. The Esme review was "
        "published in June 2022. The Callum review could not be published until the inquest had concluded.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {
        ("Maya", "lcspr", "published"), ("Poppy", "lcspr", "published"), ("Reuben", "lcspr", "published"),
        ("Esme", "lcspr", "published"), ("Callum", "lcspr", "awaiting_publication"),
    } <= found


def test_board_era_reviews_named_in_one_passage_are_serious_case_reviews(tmp_path):
    text = (
        "Two serious case reviews had been published during the year. The review into Child K, a girl who was "
        "exploited, was published in June 2018; the review into Child L, who was neglected, followed in August.\n\n"
        "A member asked why a third review, into the death of Baby N, had not been published. The review had been "
        "completed, but the coroner had asked the Board to wait.\n\n"
        "A new serious case review, known as Riley, had been commissioned in February 2018.\n"
    )
    found = {(f["case_name"], f["review_type"], f["status"]) for f in facts(tmp_path, text, "review", head="Westmoor Local Safeguarding Children Board Annual Report 2017/18\n\n")}
    assert {
        ("Child K", "scr", "published"), ("Child L", "scr", "published"),
        ("Baby N", "scr", "awaiting_publication"), ("Riley", "scr", "commissioned"),
    } <= found


def test_reviews_named_one_by_one_after_the_sentence_that_counts_them(tmp_path):
    text = (
        "The partnership published two local child safeguarding practice reviews during the year. One, Baby Isla, "
        "concerned a baby with a head injury; the other, Finn, looked at the death of a boy of 15. A third review, "
        "known as Child C, has been finished but will not be made public until criminal proceedings conclude.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Baby Isla", "lcspr", "published"), ("Finn", "lcspr", "published"), ("Child C", "lcspr", "awaiting_publication")} <= found


def test_reviews_named_by_a_line_over_their_paragraph(tmp_path):
    text = (
        "Learning from reviews\n\n"
        "Harvey\n\nHarvey was 14 when he was stabbed. The local child safeguarding practice review was published in March 2022.\n\n"
        "Child A and Child B\n\nIn May the partners commissioned a local child safeguarding practice review into the care of "
        "two sisters. The review is under way and its report will not be published until the criminal trial has finished.\n\n"
        "Rosa-Lee\n\nThe rapid review into Rosa-Lee, who swallowed her mother's tablets, was completed in October.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Harvey", "lcspr", "published"), ("Child A and Child B", "lcspr", "in_progress"), ("Rosa-Lee", "rapid_review", "completed")} <= found
    assert not any(name == "Rosa" for name, _, _ in found)


def test_reviews_listed_by_name_under_a_sentence_on_reviews(tmp_path):
    text = (
        "Learning from reviews\n\n"
        "Two local child safeguarding practice reviews were commissioned and one was published.\n\n"
        "- Milo (Eastvale) – a ten-year-old whose neglect went unseen. Published August 2022.\n"
        "- Zara: the review into the death of a 17-year-old is in progress.\n"
        "- brothers P and Q – commissioned in March after two boys were found in a cold home.\n\n"
        "Budget\n\nSpending: staffing £90,000; safeguarding practice reviews £12,000.\n\n"
        "Response: Three rapid reviews had been held.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Milo", "lcspr", "published"), ("Zara", "lcspr", "in_progress"), ("Brothers P and Q", "lcspr", "commissioned")} <= found
    assert not any(name in ("Spending", "Response") for name, _, _ in found)


def test_welsh_child_practice_reviews_and_other_bodies_reviews(tmp_path):
    text = (
        "The Board published one Concise Child Practice Review, CPR Westmoor 3/2017, in May 2018. An Extended Child "
        "Practice Review, CPR Eastmoor 2/2018, had been completed and sent to Welsh Government, but it could not be "
        "published while criminal proceedings were ongoing.\n\n"
        "We are contributing to a domestic homicide review into the death of Mr K, commissioned by the Vale Community "
        "Safety Partnership. The review is ongoing.\n\n"
        "Members were referred to the review of Adult H, a care leaver, published by the Vale Safeguarding Adults Board in May 2020.\n"
    )
    found = {f["case_name"]: (f["review_type"], f["status"], f["conducted_by"]) for f in facts(tmp_path, text, "review")}
    assert found["CPR Westmoor 3/2017"] == ("lcspr", "published", None)
    assert found["CPR Eastmoor 2/2018"] == ("lcspr", "awaiting_publication", None)
    assert found["Mr K"] == ("other", "in_progress", "Vale Community Safety Partnership")
    assert found["Adult H"] == ("other", "published", "Vale Safeguarding Adults Board")


def test_national_reviews_by_the_title_the_text_gives(tmp_path):
    text = (
        "Partners checked practice against Child Protection in England, the national Panel's review following the "
        "murders of Arthur Labinjo-Hughes and Star Hobson, published in May 2022.\n\n"
        "Members asked about the national Panel's report on older children at risk, \"Keeping them in view\", published in 2024.\n\n"
        "The local learning (the Eastvale 'Seen and Heard' briefing) was shared.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Child Protection in England", "national_review", "published"), ("Keeping them in view", "national_review", "published")} <= found
    assert not any(name in ("Star & Arthur", "Seen and Heard") for name, _, _ in found)


def test_each_review_in_a_sentence_takes_its_own_type_and_stage(tmp_path):
    text = (
        "The partnership commissioned four local child safeguarding practice reviews. The review into Child F, a baby, "
        "was published in October 2021, and the thematic review \"Safe Nights\" had been completed in March 2022. "
        "The LCSPR into Aidan, a young man, was in its final stages.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Child F", "lcspr", "published"), ("Safe Nights", "learning_review", "completed"), ("Aidan", "lcspr", "in_progress")} <= found


def themes_found(tmp_path: Path, text: str) -> set[str]:
    return {f["theme"] for f in facts(tmp_path, text, "theme")}


def test_themes_named_by_what_happened_to_a_child(tmp_path):
    text = (
        "The review into Baby Q, a six-week-old who suffered a fractured skull, was published. Ruby was left alone by her "
        "mother, who was struggling with depression and heavy drinking. Leo, 16, was stabbed after months out of school. "
        "The partners want to hear more directly from teenagers. Aidan moved from children's to adult services.\n"
    )
    found = themes_found(tmp_path, text)
    assert {"physical_abuse", "parental_mental_health", "parental_substance_misuse", "serious_youth_violence",
            "missing_education", "voice_of_child", "transitional_safeguarding"} <= found


def test_words_that_name_no_theme(tmp_path):
    text = (
        "Nine private fostering arrangements were known to the council.\n\n"
        "Members: Eastvale Community and Mental Health NHS Foundation Trust; Westvale Partnership NHS Foundation Trust "
        "(mental health and community services).\n\n"
        "His mother had learning disabilities and cared for him alone.\n"
    )
    found = themes_found(tmp_path, text)
    assert "private_fostering" in found
    assert not {"children_in_care", "children_mental_health", "children_with_disabilities"} & found


def priorities_found(tmp_path: Path, text: str) -> set[str]:
    return {f["theme"] for f in facts(tmp_path, text, "priority")}


def test_priorities_under_a_title_line_and_in_an_answer(tmp_path):
    text = (
        "Our priorities for 2023/2024\n\n1. Neglect\n2. Keeping babies safe from physical harm\n3. Transitional safeguarding\n\n"
        "Budget 2023/2024\n\nThe partners paid £100,000.\n"
    )
    assert priorities_found(tmp_path, text) == {"neglect", "physical_abuse", "transitional_safeguarding"}
    text = (
        "- The Chair asked about the priorities for 2025-27. It was confirmed that these were anti-racist practice, "
        "neglect, and support for young people moving into adulthood.\n"
    )
    assert priorities_found(tmp_path, text) == {"racial_disproportionality", "neglect", "transitional_safeguarding"}


def test_a_topic_list_ending_in_the_priorities_names_none(tmp_path):
    text = (
        "The report covered: the front door and early help; children in care and care leavers; children missing from "
        "home; and the priorities for 2025-27.\n"
    )
    assert priorities_found(tmp_path, text) == set()


def test_priority_title_lines_carrying_themes_in_brackets(tmp_path):
    text = "Our priorities\n\nSafe at Home (neglect and domestic abuse)\n\nSafe Outside (exploitation and serious youth violence)\n"
    assert priorities_found(tmp_path, text) == {"neglect", "domestic_abuse", "serious_youth_violence"}


def test_a_review_stage_from_a_later_sentence_on_both_reviews(tmp_path):
    text = "Councillor Hale asked about the reviews into Ollie and Noah. Ms Grant said that both local child safeguarding practice reviews had been published in March.\n"
    assert {("Ollie", "lcspr", "published"), ("Noah", "lcspr", "published")} <= reviews_found(tmp_path, text)


# ---- parts of a measure: one course, one age band


def test_one_courses_counts_are_not_the_years_training(tmp_path):
    text = (
        "Training\n\n"
        "The partnership delivered 64 multi-agency training sessions, attended by 1,480 practitioners.\n\n"
        "85 practitioners attended our domestic abuse training in the spring.\n"
    )
    found = figures(tmp_path, text)
    assert ("training_sessions", 64, None, None, None) in found
    assert ("training_attendees", 1480, None, None, None) in found
    assert not any(value == 85 for _, value, *_ in found)


def test_an_age_band_of_care_leavers_is_not_the_care_leavers_supported(tmp_path):
    text = (
        "Care leavers\n\n"
        "The service supported 412 care leavers at 31 March 2022.\n\n"
        "There were 58 care leavers aged 22 and older being supported, up from 41 a year earlier.\n"
    )
    found = figures(tmp_path, text)
    assert ("care_leavers", 412, None, None, None) in found
    assert not any(value in (58, 41) for _, value, *_ in found)


# ---- unseen language


def test_hundreds_and_thousands_written_in_words(tmp_path):
    text = (
        "One hundred and forty-two children were subject to a child protection plan at 31 March 2022, "
        "compared with one hundred and sixty-one a year earlier.\n\n"
        "Police recorded eight hundred and twelve missing episodes during the year.\n\n"
        "One thousand and twelve referrals were made to children's social care.\n"
    )
    found = figures(tmp_path, text)
    assert ("cp_plans", 142, None, None, None) in found
    assert ("cp_plans", 161, "previous_year", None, None) in found
    assert ("missing_episodes", 812, None, None, None) in found
    assert ("referrals", 1012, None, None, None) in found
    assert not any(value in (1, 12, 42, 61) for _, value, *_ in found)


def test_a_dated_previous_year_value_in_brackets(tmp_path):
    text = "At 31 March 2022, 318 children were the subject of a child protection plan (31 March 2021: 352).\n"
    found = figures(tmp_path, text)
    assert ("cp_plans", 318, None, None, None) in found
    assert ("cp_plans", 352, "previous_year", None, None) in found


def test_a_labelled_bracket_in_a_table_cell(tmp_path):
    text = (
        "Measure\t2021-22\n"
        "Children subject to a child protection plan\t251 (31 March 2021: 318)\n"
        "Child protection plans per 10,000 children\t42.6 (England: 45.3)\n"
    )
    found = figures(tmp_path, text)
    assert ("cp_plans", 251, None, None, None) in found
    assert ("cp_plans", 318, "previous_year", None, None) in found
    assert ("cp_plan_rate_per_10k", 42.6, None, None, None) in found
    assert ("cp_plan_rate_per_10k", 45.3, "national", None, None) in found


def test_twelve_months_before_is_the_previous_year(tmp_path):
    found = figures(tmp_path, "231 children were on a child protection plan at the end of March 2022, up from 204 twelve months before.\n")
    assert ("cp_plans", 204, "previous_year", None, None) in found


def test_a_web_page_named_only_in_its_title_and_banner(tmp_path):
    page = (
        "<html><head><title>Yearly Report 2024/25 - Wrenbury Safeguarding Children Partnership</title></head><body>"
        "<header><p>Wrenbury Safeguarding Children Partnership</p></header><main><h1>Yearly Report 2024/25</h1>"
        "<p>This report covers 1 April 2024 to 31 March 2025 and tells you what the partnership did.</p></main></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    report = next(f for f in pipeline.process_file(path).facts if f["kind"] == "report")
    assert report["partnership"] == "Wrenbury Safeguarding Children Partnership"
    assert report["reporting_year"] == "2024-25"


def test_a_news_item_that_says_the_report_is_published(tmp_path):
    text = (
        "Our yearly report 2023 to 2024 is published\n\nPublished 22 July 2024\n\n"
        "The safeguarding partners have published their yearly report for April 2023 to March 2024.\n"
    )
    report = next(f for f in facts(tmp_path, text, "report", head="Wrenbury Safeguarding Children Partnership\n\n"))
    assert report["document_kind"] == "other"
    assert report["reporting_year"] == "2023-24"


def test_the_report_which_covers_a_year(tmp_path):
    text = (
        "Rise in children needing protection\n\nBy Our Reporter\n\n"
        "The latest annual report of the Wrenbury Safeguarding Children Partnership was published on Monday.\n\n"
        "The report, which covers 2022/23 and goes before councillors next week, says neglect is the main concern.\n"
    )
    report = next(f for f in facts(tmp_path, text, "report", head=""))
    assert report["reporting_year"] == "2022-23"


def test_reviews_known_by_a_childs_full_name(tmp_path):
    text = (
        "Three rapid reviews were held during the year.\n\n"
        "Members asked about the review concerning Keeran Ashdown, who died in 2021. The review had been completed "
        "but could not be published until the criminal trial had concluded.\n\n"
        "In March 2022 the partnership published the review about Tilly-Rose Vance, a baby who suffered serious injuries.\n\n"
        "A further review into the death of toddler Reuben Calloway was commissioned in January 2022.\n"
    )
    found = reviews_found(tmp_path, text)
    assert ("Keeran Ashdown", "lcspr", "awaiting_publication") in found
    assert ("Tilly-Rose Vance", "lcspr", "published") in found
    assert any(name == "Reuben Calloway" for name, *_ in found)


def test_priorities_of_a_named_year_told_in_the_past(tmp_path):
    text = "The Board's priorities for 2021-22 were neglect, child sexual exploitation and domestic abuse.\n"
    assert {"neglect", "child_sexual_exploitation", "domestic_abuse"} <= priorities_found(tmp_path, text)


def test_a_priority_table_names_them_in_its_first_column(tmp_path):
    text = (
        "## Our priorities\n\n"
        "| Priority | What we said we would do | Progress |\n|---|---|---|\n"
        "| 1. Neglect | Launch a toolkit | Launched |\n"
        "| 2. Emotional wellbeing and mental health | Agree a pathway | Agreed, with the domestic abuse service |\n"
    )
    path = tmp_path / "report.md"
    path.write_text(HEAD + text, encoding="utf-8")
    found = {f["theme"] for f in pipeline.process_file(path).facts if f["kind"] == "priority"}
    assert found == {"neglect", "children_mental_health"}


def test_exploitation_both_criminal_and_sexual(tmp_path):
    found = themes_found(tmp_path, "Priority two is child exploitation, both criminal and sexual.\n")
    assert {"child_criminal_exploitation", "child_sexual_exploitation"} <= found


def test_a_full_name_far_from_any_review_type_is_not_typed(tmp_path):
    text = (
        "Practice\n\nSafeguarding First has been a key theme since the publication of its review into Marlon Okoye-Hart, "
        "and more recently the audit of strip searches.\n"
    )
    assert not any(name == "Marlon Okoye-Hart" for name, *_ in reviews_found(tmp_path, text))


def test_courses_and_the_people_they_were_delivered_to(tmp_path):
    text = (
        "Training\n\nThe partnership had delivered 64 multi-agency courses, attended by 1,530 practitioners.\n\n"
        "The partnership delivered 48 training sessions to 1,187 practitioners.\n"
    )
    found = figures(tmp_path, text)
    assert {("training_sessions", 64, None, None, None), ("training_attendees", 1530, None, None, None)} <= found
    assert {("training_sessions", 48, None, None, None), ("training_attendees", 1187, None, None, None)} <= found
    assert ("training_attendees", 64, None, None, None) not in found


def test_a_course_known_by_its_title_is_one_course(tmp_path):
    text = "Training\n\nThe Working Together course ran 12 times for 288 staff, and 91% of attendees rated it good or excellent.\n"
    found = figures(tmp_path, text)
    assert not any(metric in ("training_sessions", "training_attendees") for metric, *_ in found)


def test_one_comparator_clause_for_two_measures(tmp_path):
    text = (
        "Harbourside's rates of children in need (298.2) and of children with a child protection plan (36.4) per 10,000 "
        "children are below the regional averages of 341.0 and 44.8.\n"
    )
    found = figures(tmp_path, text)
    assert ("cin_rate_per_10k", 298.2, None, None, None) in found
    assert ("cp_plan_rate_per_10k", 36.4, None, None, None) in found
    assert ("cin_rate_per_10k", 341.0, "regional", None, None) in found
    assert ("cp_plan_rate_per_10k", 44.8, "regional", None, None) in found


def test_a_part_that_became_another_measure(tmp_path):
    text = "The front door received 9,418 contacts during the year, and 2,377 of these became referrals to children's social care.\n"
    found = figures(tmp_path, text)
    assert ("referrals", 2377, None, None, None) in found
    assert ("contacts", 2377, None, None, None) not in found


def finance_found(tmp_path: Path, text: str) -> set[tuple]:
    return {(f["direction"], f["counterparty"], f["amount_gbp"], f["is_total"]) for f in facts(tmp_path, text, "finance")}


def test_shares_of_the_budget_in_words(tmp_path):
    text = (
        "In 2021-22 the partnership budget was £212,000. Harbourside Council provided half (£106,000), NHS Eastmere "
        "Integrated Care Board a third (£70,660) and Eastmere Police the remaining £35,340.\n"
    )
    found = finance_found(tmp_path, text)
    assert {("income", "Total income", 212000, True), ("income", "Harbourside Council", 106000, False),
            ("income", "NHS Eastmere Integrated Care Board", 70660, False), ("income", "Eastmere Police", 35340, False)} <= found


def test_a_contribution_for_a_later_year_is_not_this_years_budget(tmp_path):
    found = finance_found(tmp_path, "Cabinet agreed the Council's contribution of £109,200 for 2023-24.\n")
    assert not any(amount == 109200 for *_, amount, _ in found)


def test_a_specific_measure_named_for_another_number(tmp_path):
    text = (
        "During the year 1,006 children were referred to early help, there were 2,861 referrals to children's social care.\n\n"
        "At 31 March 2022, 455 were on a child protection plan and 846 were looked after, 61 of them unaccompanied asylum-seeking children.\n"
    )
    found = figures(tmp_path, text)
    assert ("early_help_referrals", 1006, None, None, None) in found
    assert ("referrals", 2861, None, None, None) in found
    assert ("children_looked_after", 846, None, None, None) in found
    assert ("uasc", 61, None, None, None) in found


def test_a_category_share_compared_in_brackets(tmp_path):
    found = figures(tmp_path, "Neglect was the main category for 46.2% of child protection plans (England 47.8%).\n")
    assert ("cp_category_pct", 47.8, "national", "neglect", None) in found


def test_a_part_out_of_a_total(tmp_path):
    found = figures(tmp_path, "Eight hundred and fifty-four contacts came from schools, out of 7,306 contacts in total.\n")
    assert ("contacts", 7306, None, None, None) in found
    assert not any(value == 854 for _, value, *_ in found)


def test_a_lead_partners_title_is_not_part_of_the_organisation(tmp_path):
    text = (
        "The lead safeguarding partners (the Chief Executive of Wrenbury Borough Council, the Chief Constable of "
        "Eastmere Constabulary and the Chief Executive of NHS Eastmere Integrated Care Board) publish this report.\n"
    )
    names = {f["name"] for f in facts(tmp_path, text, "partner")}
    assert {"Wrenbury Borough Council", "Eastmere Constabulary", "NHS Eastmere Integrated Care Board"} <= names
    assert not any(name.startswith(("Chief", "Constable")) for name in names)


def test_parental_mental_health_is_not_childrens(tmp_path):
    assert "children_mental_health" not in themes_found(tmp_path, "Our priorities\n\n- Parental mental health, drug and alcohol use\n")


def test_a_dated_bracket_after_a_list_of_measures_is_the_last_ones(tmp_path):
    text = (
        "During the year 1,006 children were referred to early help, there were 2,861 referrals to children's social care "
        "and 193 children were subject to a child protection plan at 31 March 2022 (31 March 2021: 207).\n\n"
        "Data: Harbourside Council performance team, published September 2022.\n"
    )
    found = figures(tmp_path, text)
    assert ("cp_plans", 207, "previous_year", None, None) in found
    assert not any(c == "previous_year" and m != "cp_plans" for m, _, c, *_ in found)
    assert not reviews_found(tmp_path, text)


def test_a_table_of_reviews_by_pseudonym(tmp_path):
    text = (
        "| Review | Type | Status |\n|---|---|---|\n"
        "| Harrison | Local child safeguarding practice review | Published October 2021 |\n"
        "| Sibling group K | Thematic learning review | In progress |\n"
    )
    path = tmp_path / "report.md"
    path.write_text(HEAD + "## Learning from reviews\n\n" + text + "\nHarrison was 16 when he died.\n", encoding="utf-8")
    found = {(f["case_name"], f["review_type"], f["status"]) for f in pipeline.process_file(path).facts if f["kind"] == "review"}
    assert ("Harrison", "lcspr", "published") in found
    assert ("Sibling group K", "learning_review", "in_progress") in found


def test_the_panel_notified_of_deaths_and_a_hyphenated_region(tmp_path):
    text = (
        "The Child Death Overview Panel had been notified of 25 deaths in 2021/22 and carried out 14 reviews.\n\n"
        "The LADO was notified of 40 allegations.\n\n"
        "The children in need rate per 10,000 was 272.3 in 2021/22. This compares against statistical neighbours at 245.1, "
        "the South-East at 301.9 and England at 321.2.\n"
    )
    found = figures(tmp_path, text)
    assert ("child_deaths_notified", 25, None, None, None) in found
    assert not any(m == "child_deaths_notified" and v in (14, 40) for m, v, *_ in found)
    assert ("cin_rate_per_10k", 301.9, "regional", None, None) in found


def test_a_change_from_one_figure_to_another(tmp_path):
    text = (
        "Since April 2020 there has been a 40% increase in child protection plans, from 542 to 759 in March 2022.\n\n"
        "The number of children looked after increased from 290 in March 2021 to 307 in March 2022.\n\n"
        "The service received 7,230 referrals during the year, compared with an average of approximately 5,000 a year before the pandemic.\n"
    )
    found = figures(tmp_path, text)
    assert ("cp_plans", 759, None, None, None) in found
    assert not any(value == 542 for _, value, *_ in found)
    assert ("children_looked_after", 307, None, None, None) in found
    assert ("children_looked_after", 290, "previous_year", None, None) in found
    assert ("referrals", 7230, None, None, None) in found
    assert not any(value == 5000 for _, value, *_ in found)


# ---- unseen language, round 2


def test_a_change_down_from_a_figure_with_no_year_word(tmp_path):
    text = (
        "The front door received 9,214 contacts, down from 9,870.\n\n"
        "At the end of March 2022, 391 children were on a child protection plan, down from 418.\n\n"
        "Referrals rose to 2,611 from 2,400 in 2019/20.\n"
    )
    found = figures(tmp_path, text)
    assert ("contacts", 9870, "previous_year", None, None) in found
    assert ("cp_plans", 418, "previous_year", None, None) in found
    assert not any(value == 2400 for _, value, *_ in found)


def test_children_aged_0_to_17_live_in(tmp_path):
    found = figures(tmp_path, "About 64,300 children and young people aged 0 to 17 live in Harbourside.\n")
    assert ("child_population", 64300, None, None, None) in found


def test_an_agenda_page_with_its_minutes_in_table_cells(tmp_path):
    html = (
        "<html><head><title>Agenda and minutes</title></head><body><h1>Agenda and minutes</h1>"
        "<h2>Children's Scrutiny Committee - Thursday 24 November 2022</h2><table>"
        "<tr><th>No.</th><th>Item</th></tr>"
        "<tr><td>24.</td><td><p>Harbourside Safeguarding Children Partnership Annual Report</p>"
        "<p>The Director introduced the report on the partnership's work between April 2021 and March 2022.</p>"
        "<p>The front door received 8,120 contacts and there were 2,204 referrals.</p>"
        "<p>RESOLVED that the report be noted.</p></td></tr></table></body></html>"
    )
    path = tmp_path / "minutes.html"
    path.write_text(html, encoding="utf-8")
    result = pipeline.process_file(path)
    found = {(f["metric"], f["value"]) for f in result.facts if f["kind"] == "figure"}
    assert {("contacts", 8120), ("referrals", 2204)} <= found
    report = next(f for f in result.facts if f["kind"] == "report")
    assert report["reporting_year"] == "2021-22" and report["document_kind"] == "committee_minutes"


def test_delegated_partners_listed_with_their_organisations_and_new_partner_agency_members(tmp_path):
    text = (
        "The Board welcomed representatives from the Probation Service and Tollmere Fire and Rescue Service as partner agency members.\n\n"
        "They join the three statutory delegated safeguarding partners: Ann Birch, Director of Children's Services, Harbourside Council; "
        "Ravi Shah, Director of Nursing, NHS Tollmere Integrated Care Board; and Temporary Chief Superintendent Sam Lowe, Tollmere Police.\n\n"
        "Members noted that the Executive comprised Dr Kate Moss, representing NHS Tollmere Clinical Commissioning Group, "
        "and Chief Superintendent Ian Dale, representing Tollmere Constabulary.\n"
    )
    roles = {(f["name"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert {
        ("Probation Service", "relevant_agency"),
        ("Tollmere Fire and Rescue Service", "relevant_agency"),
        ("NHS Tollmere Integrated Care Board", "statutory_partner"),
        ("Tollmere Police", "statutory_partner"),
        ("NHS Tollmere Clinical Commissioning Group", "statutory_partner"),
        ("Tollmere Constabulary", "statutory_partner"),
    } <= roles
    people = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert ("Kate Moss", "statutory_partner_lead") in people


def test_reviews_listed_by_letter_and_a_both_sentence_after_two_reviews(tmp_path):
    text = (
        "## Learning from reviews\n\n"
        "In October 2021 the partnership published three serious case reviews begun by the former board: Cases E, F and G.\n\n"
        "The review into Reuben looked at a teenager who was exploited. The review into Tilly looked at a baby's injury. "
        "Both reports were published on our website in November 2021.\n"
    )
    found = {(f["case_name"], f["review_type"], f["status"]) for f in facts(tmp_path, text, "review")}
    assert {("Case E", "scr", "published"), ("Case F", "scr", "published"), ("Case G", "scr", "published")} <= found
    assert {(name, status) for name, _, status in found} >= {("Reuben", "published"), ("Tilly", "published")}


def test_a_board_briefing_page_is_not_the_annual_report(tmp_path):
    text = (
        "Board briefing, edition 3\n\n"
        "The Board endorsed the Harbourside Safeguarding Children Partnership Annual Report 2021/22 and heard that 1,120 "
        "practitioners attended partnership training.\n"
    )
    report = facts(tmp_path, text, "report", head="Safeguarding Children Partnership Board - September 2022\n\n")[0]
    assert report["document_kind"] == "other"


def test_a_budget_table_set_as_lines_of_text(tmp_path):
    text = (
        "Budget\n\n"
        "Income        Harbourside Council          £120,000\n"
        "              Tollmere Police               £40,000\n"
        "              Total income                 £160,000\n"
        "Expenditure   Staffing                     £131,500\n"
        "              Total expenditure            £131,500\n"
    )
    found = {(f["direction"], f["counterparty"], f["amount_gbp"], f["is_total"]) for f in facts(tmp_path, text, "finance")}
    assert found == {
        ("income", "Harbourside Council", 120000, False), ("income", "Tollmere Police", 40000, False),
        ("income", "Total income", 160000, True), ("expenditure", "Staffing", 131500, False),
        ("expenditure", "Total expenditure", 131500, True),
    }


def test_priorities_after_a_colon_in_a_past_tense_sentence_and_exploitation_in_brackets(tmp_path):
    text = (
        "The Committee was told about the partnership's strategic priorities for 2020/23: the emotional wellbeing of "
        "children and young people, and healthy relationships, including domestic abuse.\n\n"
        "The report sets out our work on three priorities for 2021-22: neglect, child exploitation (criminal and sexual) and online safety.\n"
    )
    found = {(f["theme"], f["period"]) for f in facts(tmp_path, text, "priority")}
    assert {
        ("children_mental_health", "2020-21..2022-23"), ("domestic_abuse", "2020-21..2022-23"),
        ("child_criminal_exploitation", "2021-22"), ("child_sexual_exploitation", "2021-22"),
    } <= found


def test_rapid_reviews_that_led_to_a_local_review(tmp_path):
    text = (
        "The partnership held six rapid reviews. Four did not progress to a local child safeguarding practice review. "
        "One rapid review, concerning a baby known as Baby R, led to a local child safeguarding practice review that is ongoing.\n\n"
        "We held twelve rapid reviews in 2021/22. Two were taken forward as local child safeguarding practice reviews.\n\n"
        "Five rapid reviews took place in 2021/22; two were not progressed to a local review.\n"
    )
    found = figures(tmp_path, text)
    assert ("lcspr_commissioned", 1, None, None, None) in found
    assert ("lcspr_commissioned", 2, None, None, None) in found
    assert ("rapid_reviews", 6, None, None, None) in found
    assert not any(m == "rapid_reviews" and v == 1 for m, v, *_ in found)


def test_a_role_after_an_acronym_belongs_to_the_name_before_it(tmp_path):
    text = (
        "The Chairman welcomed Mark Oakes, Independent Chair of the HSCP, Nina Holt, HSCP Business Manager, Lucy Barr from the "
        "Office of the Police and Crime Commissioner, and Pat Dunn, Designated Nurse at NHS Harbourside Clinical Commissioning Group.\n\n"
        "The partners agreed that the Director of Children's Services, Tom Ash, the CCG's Chief Nurse, Jo Reed, and Chief "
        "Superintendent Ali Khan will act for their organisations.\n"
    )
    people = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert {("Mark Oakes", "independent_chair"), ("Nina Holt", "business_manager"), ("Pat Dunn", "statutory_partner_lead"), ("Jo Reed", "statutory_partner_lead")} <= people
    assert not any(name == "Lucy Barr" and role == "business_manager" for name, role in people)


def test_a_review_commissioned_by_another_body_is_not_at_the_commissioned_stage(tmp_path):
    text = (
        "The partnership contributed to the Domestic Homicide Review into the death of Ms D, commissioned by the Safer Harbourside Partnership.\n\n"
        "The partners commissioned a local child safeguarding practice review into Child K in May 2021.\n"
    )
    found = {(f["case_name"], f["status"], f["conducted_by"]) for f in facts(tmp_path, text, "review")}
    assert ("Ms D", "unknown", "Safer Harbourside Partnership") in found
    assert ("Child K", "commissioned", None) in found


def test_a_source_line_names_no_partner_and_representation_from_names_members(tmp_path):
    text = (
        "The Board includes representation from the Probation Service, Tollmere University Hospitals NHS Trust and schools.\n\n"
        "Data: Tollmere Council performance and intelligence team.\n"
    )
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert {("Probation Service", "relevant_agency"), ("Tollmere University Hospitals NHS Trust", "relevant_agency")} <= found
    assert not any(name == "Tollmere Council" for name, _ in found)


def test_a_manager_of_the_partnership_in_brackets_and_training_events_reaching_the_workforce(tmp_path):
    text = (
        "In attendance for this item were David Ashby (Independent Chair of the Harbourside Safeguarding Children Partnership) and "
        "Tina Gale (Manager, Harbourside Safeguarding Children Partnership).\n\n"
        "The partnership delivered over 150 free safeguarding training and learning events reaching over 9,000 members of the workforce.\n\n"
        "Learning from these events was shared across the command unit (roughly 1600 officers).\n\n"
        "Of the 3,116 referrals to children's social care, 22.4% were re-referrals within 12 months.\n"
    )
    people = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert ("Tina Gale", "business_manager") in people
    found = figures(tmp_path, text)
    assert {("training_sessions", 150, None, None, None), ("training_attendees", 9000, None, None, None)} <= found
    assert not any(value == 1600 for _, value, *_ in found)
    assert {("referrals", 3116, None, None, None), ("re_referral_pct", 22.4, None, None, None)} <= found


# ---- the sentencizer


import functools  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402


@functools.lru_cache(maxsize=1)
def _sentencizers():
    import spacy

    from lscp.tag.nlp import ArraySentencizer

    reference = spacy.blank("en")
    reference.add_pipe("sentencizer")
    ours = spacy.blank("en")
    return reference, ours, ArraySentencizer(ours)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("Ab1 .!?…,;:()'\"\n-–。‼") + ["Mr.", " e.g. ", "...", "?!", "word", " 12.5 "]), max_size=40))
def test_the_array_sentencizer_splits_as_spacys_sentencizer(pieces):
    text = "".join(pieces)
    reference, ours, split = _sentencizers()
    expected = reference(text)
    found = split(ours.make_doc(text))
    assert [t.is_sent_start for t in found] == [t.is_sent_start for t in expected]
    assert [s.text for s in found.sents] == [s.text for s in expected.sents]
# ---- report facts, round 3


def test_a_plural_annual_reports_names_other_years_not_the_reports_own(tmp_path):
    text = (
        "Orrinby Children's Safeguarding Partnership\n\nSafeguarding Arrangements Report\n\n1 April 2023 to 31 March 2024\n\n"
        "This report sets out what the partners did over the year and how well the arrangements worked. "
        "It takes the place of the annual reports we published up to 2022/23.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "annual_report"
    assert found["reporting_year"] == "2023-24"


def test_a_short_sentence_of_a_news_story_is_not_a_title_year(tmp_path):
    text = (
        "Pellmouth Echo\n\nMonday 10 February 2020\n\nSafeguarding report out\n\n"
        "Agencies that protect children in Pellmouth have published their report on April 2018 to March 2019.\n\n"
        "The Pellmouth Safeguarding Children Partnership thanked staff across the town.\n\n"
        "Its next report, for 2019-20, will be published in the spring.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "other"
    assert found["reporting_year"] == "2018-19"


def test_an_issue_decisions_page_is_a_meetings_record(tmp_path):
    text = (
        "Council and councillors\n\nIssue - decisions\n\nSafeguarding Children Board Annual Report\n\n"
        "12/09/2018 - Cabinet\n\n"
        "Report No. 77/2018 from the Independent Chair of the Tansley Local Safeguarding Children Board was received. "
        "The Director of Children's Services introduced the report, which set out the key findings of the Board's annual report for 2017/18.\n\n"
        "DECISION: Cabinet noted the Annual Report.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "committee_minutes"
    assert found["reporting_year"] == "2017-18"


def test_a_name_after_of_the_is_the_partnership_not_the_document_part(tmp_path):
    text = (
        "Executive Summary of the Brindle Vale Safeguarding Children Partnership\n\n"
        "Annual Report 2021/22\n\n"
        "Welcome to our annual report. Rhona Keld, Independent Scrutineer of the Brindle Vale Safeguarding Children Partnership, "
        "reviewed the year with the partners.\n"
    )
    assert report(tmp_path, text)["partnership"] == "Brindle Vale Safeguarding Children Partnership"


def test_an_agenda_item_page_whose_members_received_a_report_is_a_meetings_record(tmp_path):
    text = (
        "Agenda item\n\nChildren's Safeguarding Annual Report\n\nReport of the Director of Community and Children's Services.\n\n"
        "Members received an overview of the Tolbury Borough Council safeguarding arrangements for 2015/16 as reflected in the "
        "Tolbury and Wrenn Safeguarding Children Board Annual Report 2015/16.\n\n"
        "Members noted that 1,240 children lived in Tolbury.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "committee_minutes"
    assert found["partnership"] == "Tolbury and Wrenn Safeguarding Children Board"
    assert found["reporting_year"] == "2015-16"


def test_childrens_without_an_apostrophe_still_names_the_partnership(tmp_path):
    text = (
        "Children and Communities Scrutiny Committee\n\n9 October 2024\n\nReport of the Corporate Director of Children's Services\n\n"
        "1. This report introduces the annual report of the City of Harlby Childrens Safeguarding Partnership.\n\n"
        "2. The annual report (Annex A) gives an overview of activity in 2023/24 and sets out the priorities for 2024/25.\n\n"
        "3. The committee is asked to note the report.\n"
    )
    found = report(tmp_path, text)
    assert found["partnership"] == "City of Harlby Childrens Safeguarding Partnership"
    assert found["document_kind"] == "committee_cover_report"
    assert found["reporting_year"] == "2023-24"


def test_a_paper_that_never_names_the_partnership_answers_for_its_councils_arrangements(tmp_path):
    text = (
        "Annual Report of Local Arrangements to Safeguard and Promote the Welfare of Children 2023/24\n\n"
        "Children's Scrutiny Panel - minutes, 4 December 2024\n\n"
        "The Chairman welcomed the Director of Children and Families to present the annual report on local arrangements to "
        "safeguard and promote the welfare of children. Pellworth Council leads the arrangements with the police and the health board.\n\n"
        "Resolved - That the report be noted.\n"
    )
    found = report(tmp_path, text)
    assert found["partnership"] == "Pellworth Safeguarding Children Partnership"
    assert found["document_kind"] == "committee_minutes"
    assert found["reporting_year"] == "2023-24"
    board = report(tmp_path, text.replace("2023/24", "2016/17").replace("4 December 2024", "6 December 2017"))
    assert board["partnership"] == "Pellworth Safeguarding Children Board"


def test_a_short_year_with_a_hyphen_after_annual_report_is_the_reports_year(tmp_path):
    text = (
        "Agenda and minutes\n\nChildren and Leisure Policy and Scrutiny Committee - Monday 19th February, 2018\n\n"
        "1. Membership\n\nMinutes:\n\n1.1 The Chairman welcomed Mara Quill, Independent Chair of the Hestley Local Safeguarding "
        "Children Board, who would introduce the LSCB Annual Report 16-17.\n\n"
        "4. LSCB Annual Report\n\nMinutes:\n\n4.1 Mara Quill presented the LSCB Annual Report 16-17 and the Board's priorities for 2017/18.\n\n"
        "5. Youth Service Review 2018/19\n\nMinutes:\n\n5.1 The Committee noted the review of the youth service for 2018/19.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "committee_minutes"
    assert found["reporting_year"] == "2016-17"


def test_a_span_of_days_is_not_a_short_year():
    from lscp.schemas import short_financial_year

    assert short_financial_year("Annual Report 16-17.") == "2016-17"
    assert short_financial_year("Conference 16-17 March") is None


def test_an_agenda_item_where_the_committee_considered_two_annual_reports_is_minutes(tmp_path):
    text = (
        "Agenda item\n\nChildren's and Adults Safeguarding Annual Reports\n\n"
        "The Committee considered the reports of the Director of Children's Services and the Director of Adult Social Services.\n\n"
        "The annual report of the Quenby Safeguarding Children's Board for 2014-15 is in two sections: the past twelve months "
        "and the business plan for 2015-16.\n\n"
        "The Committee also considered the Safeguarding Adults Annual Report for 2013-15.\n\n"
        "Resolved: That both reports be noted.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "committee_minutes"
    assert found["reporting_year"] == "2014-15"


def test_the_board_whose_annual_report_it_is_wins_over_its_successor_named_more_often(tmp_path):
    text = (
        "Report to: Cabinet\nDate: 11 December 2019\nTitle: Selham Local Safeguarding Children Board Annual Report 2018/19\n"
        "Report of: Cabinet Member for Children and Families\n\n"
        "Purpose of report\n\nTo present the last annual report of the Selham Local Safeguarding Children Board, which has been replaced "
        "by the Selham Safeguarding Children Partnership. The Selham Safeguarding Children Partnership's arrangements took effect on "
        "29 September 2019, and the Selham Safeguarding Children Partnership will report on 2019/20 next year.\n\n"
        "Recommendation\n\nCabinet is asked to note the report.\n"
    )
    found = report(tmp_path, text)
    assert found["partnership"] == "Selham Local Safeguarding Children Board"
    assert found["reporting_year"] == "2018-19"


def test_an_acronym_in_brackets_inside_a_partnerships_name(tmp_path):
    text = (
        "Agenda item\n\nLocal Safeguarding Children Partnership Annual Report\n\nMinutes:\n\n"
        "Lewin Hart (Scrutineer) introduced the Hollow and Fenn (H&F) Local Safeguarding Children Partnership (LSCP) Annual Report "
        "2024-25 and the strategic direction for 2025-26.\n"
    )
    found = report(tmp_path, text)
    assert found["partnership"] == "Hollow and Fenn Local Safeguarding Children Partnership"
    assert found["reporting_year"] == "2024-25"


def test_a_bulletin_sending_on_the_annual_report_is_other(tmp_path):
    text = (
        "WDL Safeguarding Children Partnership Annual Report 2020-21\n\n"
        "Sent on behalf of Mina Cole, Safeguarding Children Partnership Coordinator:\n\n"
        "Please find enclosed the Annual Report of the Safeguarding Children Partnership, which has been published on the "
        "partnership's website and covers 01.04.2020 to 31.03.2021.\n\n"
        "Please feel free to share the report within your agency.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "other"
    assert found["reporting_year"] == "2020-21"


def test_a_name_does_not_run_back_over_the_adults_board_named_before_it(tmp_path):
    text = (
        "Agenda item\n\nChildren's Safeguarding Partnership Annual Report\n\n"
        "The report set out the work of the Safeguarding Adults Board and the Children's Safeguarding Partnership for the year 2022/23.\n\n"
        "The Safeguarding Partnership was made up of the three statutory partners: the police, Dunstow Council and the Integrated Care Board.\n"
    )
    found = report(tmp_path, text)
    assert "Adults" not in found["partnership"]
    assert found["partnership"] == "Dunstow Safeguarding Children Partnership"
    assert found["reporting_year"] == "2022-23"


# ---- partners and the report: boards named after their board words, members by representation, funders


def test_a_board_named_after_its_board_words_and_the_places_it_serves(tmp_path):
    text = (
        "Annual Report 2017-18\n\n"
        "This is the annual report of the LSCB for Ambleby, Corrow and Fenwold Vale for the year to 31 March 2018.\n\n"
        "Board members include Ambleby Borough Council, Corrow Council, Fenwold Vale Council and Greywold Police.\n"
    )
    found = report(tmp_path, text)
    assert found["partnership"] == "Local Safeguarding Children Board for Ambleby, Corrow and Fenwold Vale"
    assert found["reporting_year"] == "2017-18"
    assert found["areas"] == ["Ambleby", "Corrow", "Fenwold Vale"]
    roles = partners(tmp_path, text, head="")
    assert roles["Corrow Council"] == roles["Fenwold Vale Council"] == "statutory_partner"


def test_board_words_before_no_council_name_no_board(tmp_path):
    text = "Annual Report 2017-18\n\nThe Local Safeguarding Children Board for Young People met four times.\n"
    names = {f["partnership"] for f in facts(tmp_path, text, "report", head="")}
    assert "Local Safeguarding Children Board for Young People" not in names


def test_members_named_by_what_they_represent_or_the_groups_they_join(tmp_path):
    text = (
        "Its members include Harbourside College and Harbourside Youth Justice Service.\n\n"
        "The Executive also includes Mia Rowe, headteacher of Saltings Academy, representing schools.\n\n"
        "The voluntary sector is represented by Harbourside Voluntary Sector Forum.\n\n"
        "Home-Start Harbourside and the NSPCC take part in our subgroups.\n\n"
        "Harbourside Mencap joined the partnership's learning subgroup in May.\n"
    )
    found = {f["name"]: (f["org_type"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert found["Harbourside College"] == ("education", "relevant_agency")
    assert found["Harbourside Youth Justice Service"] == ("youth_justice", "relevant_agency")
    assert found["Saltings Academy"] == ("education", "relevant_agency")
    assert found["Harbourside Voluntary Sector Forum"] == ("voluntary", "relevant_agency")
    assert found["Home-Start Harbourside"] == ("voluntary", "relevant_agency")
    assert found["National Society for the Prevention of Cruelty to Children"] == ("voluntary", "relevant_agency")
    assert found["Harbourside Mencap"] == ("voluntary", "relevant_agency")
    assert "Home-Start UK" not in found and "Royal Mencap Society" not in found


def test_an_agenda_item_recording_only_a_resolution_is_minutes(tmp_path):
    text = (
        "Agenda item\n\nHarbourside Safeguarding Children Partnership Annual Report 2022-23\n\n"
        "To receive the annual report of the partnership for 2022-23, which sets out its priorities and the effectiveness "
        "of the arrangements.\n\nRESOLVED: That the Committee noted the annual report.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "committee_minutes"
    assert found["reporting_year"] == "2022-23"


def test_other_members_drawn_from_a_list_and_statutory_members_on_lines(tmp_path):
    text = (
        "The statutory members of the Board in 2017-18 were:\n\n"
        "Harbourside Council\n\nGreywold Police\n\n"
        "Other members were drawn from Greywold Fire and Rescue Service, Harbourside Women's Aid and Cafcass.\n"
    )
    found = partners(tmp_path, text, "Harbourside Local Safeguarding Children Board Annual Report 2017/18\n\n")
    assert found["Harbourside Council"] == found["Greywold Police"] == "statutory_partner"
    assert found["Greywold Fire and Rescue Service"] == "relevant_agency"
    assert found["Harbourside Women's Aid"] == "relevant_agency"
    assert "Women's Aid Federation of England" not in found


def test_a_person_before_the_body_they_come_from_is_not_part_of_its_name(tmp_path):
    text = "The Executive also includes Lee Cotter of Harbourside Voluntary Action, representing the voluntary sector.\n"
    found = partners(tmp_path, text)
    assert found == {"Harbourside Voluntary Action": "relevant_agency"}


def test_a_police_and_crime_commissioner_named_by_the_office_alone_is_a_funder(tmp_path):
    table = (
        "Partner contributions 2021-22\t£\nHarbourside Council\t98,000\nGreywold Police\t21,000\n"
        "Police and Crime Commissioner\t5,000\nTotal\t124,000\n"
    )
    found = partners(tmp_path, table)
    assert found["Police and Crime Commissioner"] == "funder"
    assert found["Greywold Police"] == "statutory_partner"
    prose = (
        "Contributions for 2021-22 were: Harbourside Council £98,000; Greywold Police £21,000; and the Police and Crime "
        "Commissioner £5,000.\n\nThe partnership spent £118,000, with the Police and Crime Commissioner contributing £5,000.\n"
    )
    found = partners(tmp_path, prose)
    assert found["Police and Crime Commissioner"] == "funder"
    income = {(f["counterparty"], f["amount_gbp"]) for f in facts(tmp_path, prose, "finance") if f["direction"] == "income"}
    assert ("Police and Crime Commissioner", 5000) in income and ("Greywold Police", 5000) not in income


def test_a_commissioner_named_in_full_is_one_funder(tmp_path):
    text = (
        "Partner contributions 2021-22\t£\nHarbourside Council\t98,000\n"
        "Office of the Police and Crime Commissioner for Greywold\t5,000\nTotal\t103,000\n\n"
        "The Police and Crime Commissioner also paid £2,000 towards the budget for training.\n"
    )
    found = partners(tmp_path, text)
    assert found["Office of the Police and Crime Commissioner for Greywold"] == "funder"
    assert "Police and Crime Commissioner" not in found


def test_a_commissioner_for_a_place_who_gives_the_partnership_a_sum(tmp_path):
    text = "How we are funded\n\nThe Police and Crime Commissioner for Greywold gives the partnership £8,000 each year for training.\n"
    found = partners(tmp_path, text)
    assert found["Police and Crime Commissioner for Greywold"] == "funder"
    income = {(f["counterparty"], f["amount_gbp"]) for f in facts(tmp_path, text, "finance")}
    assert ("Police and Crime Commissioner for Greywold", 8000) in income


def test_leaders_of_voluntary_bodies_and_headteachers_are_other_people(tmp_path):
    text = (
        "Nina Hale, chief officer of Harbourside Council for Voluntary Service, represented the voluntary sector. "
        "Ravi Dutt, chief executive of Harbourside Learning Trust, represented academies. "
        "Sian Moss, headteacher of Saltings Academy, represented primary schools.\n\n"
        "Tom Reed, Chief Executive of Harbourside Council, chairs the Executive.\n"
    )
    found = people(tmp_path, text)
    assert {("Nina Hale", "other"), ("Ravi Dutt", "other"), ("Sian Moss", "other")} <= found
    assert ("Tom Reed", "statutory_partner_lead") in found


def test_a_merged_body_named_by_its_place_and_one_word(tmp_path):
    text = (
        "Saltmere Safeguarding\n\nAnnual Report 2023/24\n\n"
        "Saltmere Safeguarding is the partnership that keeps children and adults at risk safe in Saltmere. Our safeguarding "
        "partners for children are Saltmere Council, NHS Greywold Integrated Care Board and Greywold Police.\n\n"
        "Saltmere Safeguarding Adults Board publishes its own report.\n"
    )
    found = report(tmp_path, text)
    assert found["partnership"] == "Saltmere Safeguarding"
    assert found["reporting_year"] == "2023-24"
    assert partners(tmp_path, text, head="")["Saltmere Council"] == "statutory_partner"


def test_a_partnership_led_by_its_partners_and_the_members_they_invite(tmp_path):
    text = (
        "The Harbourside Safeguarding Children Partnership is led by Harbourside Council, Greywold Police and NHS Greywold "
        "Integrated Care Board.\n\n"
        "The lead safeguarding partners invite representation from Greywold Fire and Rescue Service and Harbourside "
        "Education Partnership to the Executive.\n"
    )
    found = {f["name"]: (f["org_type"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert found["Greywold Police"] == ("police", "statutory_partner")
    assert found["NHS Greywold Integrated Care Board"] == ("health", "statutory_partner")
    assert found["Greywold Fire and Rescue Service"] == ("fire", "relevant_agency")
    assert found["Harbourside Education Partnership"] == ("education", "relevant_agency")


def test_local_mind_and_samaritans_groups_are_voluntary_members(tmp_path):
    text = "Harbourside Mind and Saltings Samaritans sit on the partnership's mental health subgroup.\n"
    found = {f["name"]: (f["org_type"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert found == {"Harbourside Mind": ("voluntary", "relevant_agency"), "Saltings Samaritans": ("voluntary", "relevant_agency")}


def test_the_commissioners_office_which_paid_and_its_letters_in_a_budget(tmp_path):
    text = (
        "Income also came from the Office of the Police and Crime Commissioner, which paid £6,000 towards training.\n\n"
        "Income\t£\nHarbourside Council\t120,000\nOPCC\t4,000\nTotal\t124,000\n"
    )
    income = {(f["counterparty"], f["amount_gbp"]) for f in facts(tmp_path, text, "finance") if not f["is_total"]}
    assert ("Police and Crime Commissioner", 6000) in income and ("Police and Crime Commissioner", 4000) in income
    assert partners(tmp_path, text)["Police and Crime Commissioner"] == "funder"


def test_a_community_safety_and_safeguarding_partnership_names_the_report(tmp_path):
    text = (
        "Agenda item\n\nTarnside Community Safety & Safeguarding Partnership (TCSSP) Annual Report\n\n"
        "The Tarnside Community Safety & Safeguarding Partnership is presenting its Annual Report for 2023-2024.\n\n"
        "Minutes:\n\nThe Director of Children's Services introduced the report.\n\nThe Panel noted the report.\n"
    )
    found = report(tmp_path, text)
    assert found["partnership"] == "Tarnside Community Safety & Safeguarding Partnership"
    assert found["document_kind"] == "committee_minutes"
    assert found["reporting_year"] == "2023-24"


def test_an_adults_safeguarding_partnership_does_not_name_the_childrens_report(tmp_path):
    text = (
        "Tarnside Safeguarding Children Partnership Annual Report 2023-24\n\n"
        "We work with the Tarnside Adult Safeguarding Partnership and the Tarnside Adult Safeguarding Partnership's chair.\n"
    )
    assert report(tmp_path, text)["partnership"] == "Tarnside Safeguarding Children Partnership"


def test_the_organisations_carrying_out_the_partners_functions_and_an_all_age_partnership(tmp_path):
    text = (
        "Partnership membership\n\n"
        "In Kelmscote Vale the organisations carrying out these functions are:\n\n"
        "- Royal Borough of Kelmscote Vale\n- NHS Frimmer Integrated Care Board\n- Ravensholt Police\n\n"
        "Together these organisations form the Royal Borough of Kelmscote Vale All-age Safeguarding Partnership.\n"
    )
    assert report(tmp_path, text)["partnership"] == "Royal Borough of Kelmscote Vale All-age Safeguarding Partnership"
    found = partners(tmp_path, text, head="")
    assert found == {
        "Royal Borough of Kelmscote Vale": "statutory_partner",
        "NHS Frimmer Integrated Care Board": "statutory_partner",
        "Ravensholt Police": "statutory_partner",
    }


def test_a_members_table_with_a_representing_column(tmp_path):
    text = (
        "Board members\tTitle\tRepresenting\nDave Pike\tIndependent Chair\tLSCB\n"
        "Ann Lee\tDetective Superintendent\tGreywold Police\n"
        "Liz Crane\tSafeguarding Lead\tHarbourside Hospitals NHS Foundation Trust\n"
    )
    found = partners(tmp_path, text, "Harbourside Local Safeguarding Children Board\n\nMinutes of the meeting held on 21 April 2016\n\n")
    assert found["Greywold Police"] == "statutory_partner"
    assert found["Harbourside Hospitals NHS Foundation Trust"] == "relevant_agency"
    budget = "Partner\tContribution £\nGreywold Police\t21,000\nHarbourside Hospitals NHS Foundation Trust\t4,000\n"
    assert partners(tmp_path, budget)["Harbourside Hospitals NHS Foundation Trust"] == "funder"


def test_the_commissioners_office_named_among_members_is_a_member(tmp_path):
    text = "Board members include Greywold Fire and Rescue Service and the Office of the Police and Crime Commissioner.\n"
    found = partners(tmp_path, text)
    assert found["Police and Crime Commissioner"] == "relevant_agency"
    passing = "The Police and Crime Commissioner opened the new youth centre in May.\n"
    assert "Police and Crime Commissioner" not in partners(tmp_path, passing)


def test_a_councils_childrens_services_trust_named_with_the_partners(tmp_path):
    text = (
        "Hexley Clinical Commissioning Group, Norvale Police and Harbourside Council with Harbourside Children's Services "
        "Trust are designated as the safeguarding partners for the borough.\n"
    )
    found = {f["name"]: (f["org_type"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert found["Harbourside Children's Services Trust"] == ("local_authority", "statutory_partner")
    assert found["Norvale Police"] == ("police", "statutory_partner")
# ---- reviews: phrasings of case review pages, publication notices and minutes


def test_a_table_of_reviews_under_its_heading_with_a_publication_column(tmp_path):
    text = (
        "Serious case reviews\n\n"
        "Case\tOverview report\tLearning brief\n"
        "Child QA\tPublished 2 May 2018\tPublished 2 May 2018\n"
        "Child QB\tDelayed in publication\tPublished 1 June 2018\n\n"
        "Multi-agency learning reviews\n\n"
        "Case\tLearning brief\n"
        "Family J\tPublished 8 August 2018\n"
    )
    found = reviews_found(tmp_path, text)
    assert {
        ("Child QA", "scr", "published"),
        ("Child QB", "scr", "awaiting_publication"),
        ("Family J", "learning_review", "published"),
    } <= found


def test_reviews_listed_by_code_after_one_child(tmp_path):
    text = (
        "Today we publish the overview reports of three serious case reviews: Child RA; RB; and K.\n\n"
        "Learning briefs are also out for two further serious case reviews, Child RD and RE. The overview reports for "
        "these cases are delayed because criminal proceedings are still under way.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {
        ("Child RA", "scr", "published"), ("Child RB", "scr", "published"), ("Child K", "scr", "published"),
        ("Child RD", "scr", "awaiting_publication"), ("Child RE", "scr", "awaiting_publication"),
    } <= found


def test_one_coded_case_and_another_joined_by_and_stay_one_review(tmp_path):
    found = reviews_found(tmp_path, "The serious case review into Child H and J was published in March 2018.\n")
    assert not any(name == "Child J" for name, _, _ in found)


def test_a_coded_case_in_quotes(tmp_path):
    text = (
        "The Serious Case Review report relating to 'Child S' was published in April 2019. The Board has also finished a "
        "serious case review in respect of 'Baby N'; its publication will follow the inquest.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Child S", "scr", "published"), ("Baby N", "scr", "awaiting_publication")} <= found
    assert not reviews_found(tmp_path, "Child S's school was not told about the review of her case by the health visitor.\n") & {("Child S", "scr", "published")}


def test_a_review_published_by_its_type_and_name_after_a_hold_up(tmp_path):
    text = (
        "In May 2023 the partnership published Local Child Safeguarding Practice Review Child T, which had been finished "
        "the year before but could not be published until the trial ended.\n"
    )
    assert ("Child T", "lcspr", "published") in reviews_found(tmp_path, text)


def test_a_completed_review_held_back_in_the_next_sentence(tmp_path):
    text = "The LCSPR concerning Child U was completed in January 2022. It will be published once criminal proceedings have concluded.\n"
    assert ("Child U", "lcspr", "awaiting_publication") in reviews_found(tmp_path, text)


def test_a_review_named_by_a_heading_takes_the_stage_from_the_paragraph_under_it(tmp_path):
    text = (
        "# Learning from reviews\n\n#### Child Y Learning Review\n\n"
        "This multi-agency learning review looked at how services worked with a young carer. It was completed in October 2021.\n"
    )
    path = tmp_path / "report.md"
    path.write_text("# Harbourside Safeguarding Children Partnership Annual Report 2021/22\n\n" + text, encoding="utf-8")
    found = {(f["case_name"], f["review_type"], f["status"]) for f in pipeline.process_file(path).facts if f["kind"] == "review"}
    assert ("Child Y", "learning_review", "completed") in found


def test_welsh_reviews_known_by_the_boards_letters(tmp_path):
    text = (
        "The Extended Child Practice Review WRSCB 3/2019 was published in October 2019.\n\n"
        "The Concise Child Practice Review WRSCB 1/2020 was commissioned in March 2020 and is in progress.\n\n"
        "The board met 12 times in 2019 and 6 times in 2020.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("WRSCB 3/2019", "lcspr", "published"), ("WRSCB 1/2020", "lcspr", "in_progress")} <= found


# ---- figures: phrasings of regional boards' reports, minutes and performance pages


def test_a_regional_boards_figures_across_the_region_are_its_own(tmp_path):
    head = "Afon Teg Regional Safeguarding Children Board\n\nAnnual Report 2020-21\n\nThe Board covers Bryngarw and Llyn Isaf.\n\n"
    text = (
        "There were 214 children on the child protection register across the region at 31 March 2021, a rate of 44 per 10,000 "
        "children, compared with 236 at 31 March 2020. The Wales-wide rate was 49 per 10,000.\n\n"
        "The number of children looked after in the region rose from 305 in March 2020 to 322 in March 2021.\n"
    )
    found = figures(tmp_path, text, head=head)
    assert {
        ("cp_plans", 214, None, None, None),
        ("cp_plan_rate_per_10k", 44, None, None, None),
        ("cp_plans", 236, "previous_year", None, None),
        ("cp_plan_rate_per_10k", 49, "national", None, None),
        ("children_looked_after", 322, None, None, None),
        ("children_looked_after", 305, "previous_year", None, None),
    } <= found
    assert not any(comparator == "regional" for _, _, comparator, _, _ in found)


def test_an_english_partnerships_region_is_still_a_comparison(tmp_path):
    found = figures(tmp_path, "We had 52.1 children on plans per 10,000, against 47.9 across the region.\n")
    assert ("cp_plan_rate_per_10k", 47.9, "regional", None, None) in found


def test_a_rate_then_a_bare_comparison_nearer_the_count(tmp_path):
    text = "At 31 March 2022, 402 children were subject to a child protection plan, a rate of 38.5 per 10,000, compared with 455 a year earlier.\n"
    found = figures(tmp_path, text)
    assert ("cp_plans", 455, "previous_year", None, None) in found
    assert not any(metric == "cp_plan_rate_per_10k" and value == 455 for metric, value, *_ in found)


def test_rapid_reviews_of_which_some_progressed_to_a_practice_review(tmp_path):
    text = "Eight rapid reviews were held during the year, and three of them progressed to a local child safeguarding practice review.\n"
    found = figures(tmp_path, text)
    assert {("rapid_reviews", 8, None, None, None), ("lcspr_commissioned", 3, None, None, None)} <= found


def test_referrals_for_a_case_review_are_not_referrals_to_social_care(tmp_path):
    found = figures(tmp_path, "The case review subgroup considered nine referrals for review in 2021/22.\n")
    assert not any(metric == "referrals" for metric, *_ in found)


def test_children_added_to_the_register_and_entering_care(tmp_path):
    text = (
        "There were 1,212 children added to the child protection register during the year ending 31 March 2022. "
        "The number removed from the registers rose to 1,301.\n\n"
        "During 2021/22, 88 children and young people entered our care.\n"
    )
    found = figures(tmp_path, text)
    assert {("cp_plans_started", 1212, None, None, None), ("children_entering_care", 88, None, None, None)} <= found
    assert not any(value == 1301 for _, value, *_ in found)


def test_a_review_title_line_takes_the_stage_from_the_paragraph_under_it(tmp_path):
    head = "Tolmere Local Safeguarding Children Board Annual Report 2017/18\n\n"
    text = "Baby P Serious Case Review\n\nThis review concerns a baby who died at ten weeks. The overview report was published in March 2018.\n"
    found = {(f["case_name"], f["review_type"], f["status"]) for f in facts(tmp_path, text, "review", head)}
    assert ("Baby P", "scr", "published") in found


def test_coded_cases_of_an_overview_report(tmp_path):
    head = "Tolmere Local Safeguarding Children Board Annual Report 2017/18\n\n"
    found = {(f["case_name"], f["review_type"], f["status"]) for f in facts(tmp_path, "The Board publishes the overview report for Child G and Child H today.\n", "review", head)}
    assert ("Child G and Child H", "scr", "published") in found


def test_a_child_the_report_refers_to_by_a_pseudonym(tmp_path):
    text = (
        "The partnership has published a report into the death of a baby boy, referred to in the review as Rowan.\n\n"
        "A Child Safeguarding Practice Review into the death of a girl aged three, known as Esme, is in progress.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Rowan", "lcspr", "published"), ("Esme", "lcspr", "in_progress")} <= found


def test_a_table_of_this_year_and_last_year(tmp_path):
    text = (
        "Measure\tThis year\tLast year\n"
        "Referrals to children's social care\t2,804\t2,611\n"
        "Children on a child protection plan\t244\t259\n"
    )
    found = figures(tmp_path, text)
    assert {
        ("referrals", 2804, None, None, None), ("referrals", 2611, "previous_year", None, None),
        ("cp_plans", 244, None, None, None), ("cp_plans", 259, "previous_year", None, None),
    } <= found


def test_the_review_is_not_conducted_by_the_word_before_it(tmp_path):
    found = facts(tmp_path, "The LCSPR 'Archie' was published on the partnership's website in June 2021.\n", "review")
    assert [(f["case_name"], f["conducted_by"]) for f in found] == [("Archie", None)]


def test_a_count_after_its_percentage_change_and_a_cue_in_a_later_clause(tmp_path):
    text = (
        "Contacts to the front door rose by 7% to 11,904, even though referrals fell during the summer.\n\n"
        "The number of children in care increased by 4% to 418.\n"
    )
    found = figures(tmp_path, text)
    assert {("contacts", 11904, None, None, None), ("children_looked_after", 418, None, None, None)} <= found
    assert not any(metric == "referrals" for metric, *_ in found)


def test_local_reviews_counted_after_the_verb_that_acted_on_them(tmp_path):
    text = (
        "The partnership held 10 rapid reviews and commissioned three local child safeguarding practice reviews.\n\n"
        "During 2021/22 the partners published 2 LCSPRs.\n"
    )
    found = figures(tmp_path, text)
    assert {
        ("rapid_reviews", 10, None, None, None), ("lcspr_commissioned", 3, None, None, None), ("lcspr_published", 2, None, None, None),
    } <= found


def test_children_in_the_councils_care(tmp_path):
    found = figures(tmp_path, "The number of children in the council's care went up, to 377.\n")
    assert ("children_looked_after", 377, None, None, None) in found


def test_reviews_counted_with_the_verb_left_out_of_the_second_clause(tmp_path):
    text = (
        "Three serious case reviews had been published during the year.\n\n"
        "We held six rapid reviews, commissioned three local child safeguarding practice reviews and published two.\n\n"
    )
    found = figures(tmp_path, text)
    assert {("lcspr_published", 3, None, None, None), ("lcspr_commissioned", 3, None, None, None), ("lcspr_published", 2, None, None, None)} <= found
    found = figures(tmp_path, "One local child safeguarding practice review was commissioned and four were published.\n")
    assert {("lcspr_commissioned", 1, None, None, None), ("lcspr_published", 4, None, None, None)} <= found


def test_a_named_review_published_on_a_date_is_no_count(tmp_path):
    found = figures(tmp_path, "The review into Child M was published on 4 March 2022 and the review into Child N on 12 May 2022.\n")
    assert not any(metric.startswith("lcspr") for metric, *_ in found)


def test_a_comparison_that_opens_the_sentence_governs_its_list(tmp_path):
    text = (
        "For comparison, the England rates were 43.2 children on plans and 71 children looked after per 10,000.\n\n"
        "Our rate of children on plans was 39.5 per 10,000 (England 43.2), and 388 children were looked after.\n"
    )
    found = figures(tmp_path, text)
    assert {("cp_plan_rate_per_10k", 43.2, "national", None, None), ("cla_rate_per_10k", 71, "national", None, None)} <= found
    assert ("children_looked_after", 388, None, None, None) in found


def test_the_child_population_inside_a_rate_and_after_the_place_that_has_it(tmp_path):
    text = (
        "Harbourside has 61,400 children and young people.\n\n"
        "There were 31.5 children on plans for every 10,000 of the borough's 61,400 children.\n\n"
        "The rate was 58 per 10,000 of the county's 212,000 children, against 43.2 in England.\n\n"
        "There were 4,100 children in need at the year end.\n"
    )
    found = figures(tmp_path, text)
    assert {("child_population", 61400, None, None, None), ("child_population", 212000, None, None, None)} <= found
    assert not any(metric == "child_population" and value == 4100 for metric, value, *_ in found)


def test_a_pseudonym_given_for_the_purposes_of_the_report(tmp_path):
    text = "The local child safeguarding practice review concerns a young person known, for the purposes of this report, as Kian. It was completed in January 2022.\n"
    assert ("Kian", "lcspr", "completed") in reviews_found(tmp_path, text)


def test_a_thematic_review_run_in_by_its_title(tmp_path):
    text = (
        "Learning from reviews\n\n"
        "Young People Missing from Education – a thematic learning review looking at seven young people known to the "
        "exploitation panel is in progress and will report to the partners in the autumn.\n"
    )
    assert ("Young People Missing from Education", "learning_review", "in_progress") in reviews_found(tmp_path, text)


def test_a_part_of_the_years_referrals_that_went_on_is_no_total(tmp_path):
    found = figures(tmp_path, "Of the referrals received in 2021/22, 1,402 (81%) progressed to a social care assessment.\n")
    assert not any(metric == "referrals" and value == 1402 for metric, value, *_ in found)


def test_a_two_column_table_flattened_into_lines(tmp_path):
    text = (
        "Referrals\n\n"
        "1 April 2020 – 31 March 2021\n\n"
        "1 April 2021 – 31 March 2022\n\n"
        "2,377\n\n"
        "2,104 (402.3 per 10,000, 0 – 17 population)\n\n"
        "Most referrals came from the police and schools.\n"
    )
    found = figures(tmp_path, text)
    assert {("referrals", 2104, None, None, None), ("referrals", 2377, "previous_year", None, None)} <= found


def test_a_review_line_takes_no_type_from_the_next_section(tmp_path):
    text = (
        "# Tolmere Safeguarding Children Partnership Annual Report 2022/23\n\n## Reviews\n\n"
        "- Ruby: commissioned November 2022, in progress\n\n"
        "## Other reviews\n\nThe partnership contributed to a domestic homicide review commissioned by the community safety partnership.\n"
    )
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    found = {(f["case_name"], f["review_type"]) for f in pipeline.process_file(path).facts if f["kind"] == "review"}
    assert ("Ruby", "other") not in found


def test_each_category_takes_its_own_share_and_a_rate_compared_nationally_after_it(tmp_path):
    text = (
        "Neglect was the main category for 48% of plans and emotional abuse for 29%.\n\n"
        "There were 512 children looked after, a rate of 66.1 per 10,000 children, against 71 per 10,000 nationally.\n"
    )
    found = figures(tmp_path, text)
    assert {
        ("cp_category_pct", 48, None, "neglect", None), ("cp_category_pct", 29, None, "emotional_abuse", None),
        ("cla_rate_per_10k", 71, "national", None, None),
    } <= found


def test_missing_episodes_split_after_a_colon_a_count_that_rose_to_from_and_one_of_these(tmp_path):
    text = (
        "Police recorded 1,980 episodes of children going missing: 1,122 from home and 858 from care.\n\n"
        "Referrals to child and adolescent mental health services rose to 2,905 from 2,611.\n\n"
        "The partnership held five rapid reviews. One of these led to a new local child safeguarding practice review being commissioned.\n"
    )
    found = figures(tmp_path, text)
    assert {
        ("missing_episodes", 1980, None, None, None),
        ("missing_episodes", 1122, None, "from_home", None), ("missing_episodes", 858, None, "from_care", None),
        ("camhs_referrals", 2905, None, None, None), ("camhs_referrals", 2611, "previous_year", None, None),
        ("rapid_reviews", 5, None, None, None), ("lcspr_commissioned", 1, None, None, None),
    } <= found


def test_parents_cannabis_use_names_parental_substance_misuse(tmp_path):
    for text in ("Practitioners should ask about parents' cannabis use.\n", "The review found that parental use of cannabis was not explored.\n"):
        assert {"parental_substance_misuse"} <= {f["theme"] for f in facts(tmp_path, text, "theme")}


def test_rapid_reviews_recommended_for_a_local_review_are_commissioned_reviews(tmp_path):
    found = figures(tmp_path, "The partners held seven rapid reviews; two were recommended for an LCSPR.\n")
    assert ("lcspr_commissioned", 2, None, None, None) in found
    found = figures(tmp_path, "Five rapid reviews were held, and two of them were recommended for a local child safeguarding practice review.\n")
    assert ("lcspr_commissioned", 2, None, None, None) in found


def test_injuries_sleep_and_adulthood_in_the_words_reviews_use(tmp_path):
    found = themes_found(tmp_path, "The baby had a fractured wrist. Another review looked at unsafe sleep. A third concerned a young man approaching adulthood.\n")
    assert {"physical_abuse", "sudden_infant_death", "transitional_safeguarding"} <= found


# ---------------------------------------------------------------- reviews as case review pages list them


def test_a_publication_list_of_names_with_the_review_type_after_a_dash(tmp_path):
    text = (
        "Published reviews\n\n"
        "- Theo & Sami – SPR published 3rd March 2022\n"
        "- 'Noor' – LCSPR published 19th July 2023\n"
        "- Child 'R' – SCR published 2nd October 2017\n"
        "- Child \"Ellis\" – SCR published 14th May 2018\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Theo & Sami", "lcspr", "published"), ("Noor", "lcspr", "published"), ("Child R", "scr", "published"),
            ("Child Ellis", "scr", "published")} <= found


def test_a_child_code_that_ends_in_a_small_letter(tmp_path):
    text = (
        "Two of the rapid reviews were recommended for a local child safeguarding practice review, Child Qa and Child Qb, "
        "and the partners agreed to commission both.\n\n"
        "The LCSPR known as Baby Mc is in progress. The Child In Need plan was reviewed.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Child Qa", "lcspr", "commissioned"), ("Child Qb", "lcspr", "commissioned"), ("Baby Mc", "lcspr", "in_progress")} <= found
    assert not any(name.startswith("Child In") for name, *_ in found)


def test_a_case_known_by_its_letter_after_the_review_type(tmp_path):
    text = "A fourth review, SCR Case W, is complete but will not be published until the trial has ended.\n"
    assert ("Case W", "scr", "awaiting_publication") in reviews_found(tmp_path, text)


def test_a_family_known_by_its_surname(tmp_path):
    text = (
        "The partnership finished a multi-agency learning review of the help given to the Ashdown Family in the spring. "
        "It will be shared with practitioners but will not be published.\n"
    )
    assert ("Ashdown Family", "learning_review", "completed") in reviews_found(tmp_path, text)


def test_plain_reviews_named_after_a_count_and_a_dash(tmp_path):
    text = (
        "Four rapid reviews were held; one led to a local child safeguarding practice review.\n\n"
        "During the year the partnership also published two reviews – Ivo and Marnie.\n\n"
        "In 2022 we published two child safeguarding practice reviews – Jonah and Esme – and the learning is in section 4.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Ivo", "lcspr", "published"), ("Marnie", "lcspr", "published"), ("Jonah", "lcspr", "published"),
            ("Esme", "lcspr", "published")} <= found
    assert ("lcspr_published", 2, None, None, None) in figures(tmp_path, "During the year the partnership published two reviews – Ivo and Marnie.\n")


def test_a_full_name_after_the_review_relating_to(tmp_path):
    text = (
        "Two local child safeguarding practice reviews were under way.\n\n"
        "A member asked about the review relating to Tobias Wren, which had been in the local paper. The chair said it "
        "had been completed and would be published after the inquest.\n"
    )
    assert ("Tobias Wren", "lcspr", "awaiting_publication") in reviews_found(tmp_path, text)


def test_a_learning_review_known_locally_by_a_quoted_name(tmp_path):
    text = "The partners ran a multi-agency learning review, known locally as the \"Open Door\" review, which was completed in May.\n"
    assert ("Open Door", "learning_review", "completed") in reviews_found(tmp_path, text)


def test_the_last_word_of_a_thematic_reviews_title_is_no_child(tmp_path):
    text = "Recent reviews\n\nYoung Carers at Risk Thematic Review (published June 2022)\n\nThe review looked at five young carers.\n"
    found = reviews_found(tmp_path, text)
    assert not any(name == "Risk" for name, *_ in found)
    assert any(name.startswith("Young Carers at Risk") and review_type == "learning_review" for name, review_type, _ in found)


def test_a_news_label_is_no_review_name(tmp_path):
    found = reviews_found(tmp_path, "News: Board publishes two serious case reviews\n\nThe reviews were published on Monday.\n")
    assert not any(name == "News" for name, *_ in found)


def test_a_thematic_review_that_has_taken_place_is_completed(tmp_path):
    text = "A Thematic Review into Neglect of Teenagers has taken place, and its findings went to the partnership in March.\n"
    assert ("Neglect of Teenagers", "learning_review", "completed") in reviews_found(tmp_path, text)


# ---------------------------------------------------------------- report identity and counts as committee pages give them


def test_a_draft_report_of_a_partnership_named_in_the_item(tmp_path):
    text = (
        "Families Overview and Scrutiny Committee - 9 September 2025\n\n"
        "Item 6: Draft Children's Safeguarding Partnership Annual Report 2024/25\n\n"
        "The Committee was asked to comment on the key messages in the draft Pennock Safeguarding Partnership Yearly Report 2024/25.\n"
    )
    assert report(tmp_path, text)["partnership"] == "Pennock Safeguarding Partnership"


def test_a_report_of_two_years_is_for_the_year_it_ends_in(tmp_path):
    text = (
        "Annual Report 2021/23\n\n"
        "The Annual Report 2021/23 of the Ravensby Safeguarding Children Partnership covers a 24-month period while the "
        "partners moved to a two-year cycle.\n"
    )
    assert report(tmp_path, text)["reporting_year"] == "2022-23"


def test_a_count_after_a_linking_word_is_no_label(tmp_path):
    found = figures(tmp_path, "The partnership notified the national panel of 11 incidents. Consequently 9 rapid reviews took place.\n")
    assert ("rapid_reviews", 9, None, None, None) in found
    assert not any(value == 3 for _, value, *_ in figures(tmp_path, "Staff completed Level 3 training in the year.\n"))


def test_a_review_with_its_date_of_publication(tmp_path):
    text = "Serious Case Review: Child K\n\nDate of publication: November 2016. The review looked at a boy of nine.\n"
    assert ("Child K", "scr", "published") in reviews_found(tmp_path, text)


def test_a_review_pages_cards_under_a_heading_on_practice_reviews(tmp_path):
    text = (
        "# Reviews\n\n## Published reviews\n\n"
        "- 'Maya' & 'Finley' – SCR published 2nd June 2019\n"
        "- Exploited Young People Thematic Review 2021\n\n"
        "## Local Child Safeguarding Practice Reviews\n\n### Baby Rowan\n\n"
        "Baby Rowan was three months old when she was admitted to hospital. The review looks at her first weeks.\n\n"
        "12 March 2024\n\nPublished\n\n### Callum\n\nThis review considers the help given to Callum, a boy of 16.\n\n2 May 2023\n\nPublished\n"
    )
    path = tmp_path / "reviews.md"
    path.write_text(text, encoding="utf-8")
    found = {(f["case_name"], f["review_type"], f["status"]) for f in pipeline.process_file(path).facts if f["kind"] == "review"}
    assert {("Maya & Finley", "scr", "published"), ("Exploited Young People", "learning_review", "published"),
            ("Baby Rowan", "lcspr", "published"), ("Callum", "lcspr", "published")} <= found


def test_a_partnership_for_children_and_adults_together(tmp_path):
    found = report(tmp_path, "Brookmere Children and Adults Safeguarding Partnership\n\nAnnual Report 2024/25\n\nThe partnership began in 2024.\n")
    assert found["partnership"] == "Brookmere Children and Adults Safeguarding Partnership"
    found = report(tmp_path, "Yearly Report 2023/24\n\nThe Sallowcombe Safeguarding Children and Adults Partnership replaced two boards.\n")
    assert found["partnership"] == "Sallowcombe Safeguarding Children and Adults Partnership"
    found = report(tmp_path, "Annual Report 2023/24\n\nThe Ferrow Adults Safeguarding Partnership and the Ferrow Safeguarding Children Partnership met twice.\n")
    assert found["partnership"] == "Ferrow Safeguarding Children Partnership"


def test_a_review_listed_under_published_reviews_is_published(tmp_path):
    text = "# Published reviews\n\n- Child V SCR\n- Child W SCR\n\n# Reviews in progress\n\n- Child X LCSPR\n"
    path = tmp_path / "reviews.md"
    path.write_text(text, encoding="utf-8")
    found = {(f["case_name"], f["review_type"], f["status"]) for f in pipeline.process_file(path).facts if f["kind"] == "review"}
    assert {("Child V", "scr", "published"), ("Child W", "scr", "published")} <= found
    assert not any(name == "Child X" and status == "published" for name, _, status in found)
# ---------------------------------------------------------------- figures, round 9: LADO totals, plans, training and layouts


def test_a_lado_total_and_its_parts(tmp_path):
    text = (
        "A total of 352 contacts, made up of 140 referrals and 212 requests for advice, were received by the designated "
        "officer in 2021/22. This was up from 301 contacts in 2020/21.\n\n"
        "The LADO received 198 contacts in 2021/22, comprising 77 referrals and 121 consultations.\n"
    )
    found = figures(tmp_path, text)
    assert ("lado_referrals", 352, None, None, None) in found
    assert ("lado_referrals", 301, "previous_year", None, None) in found
    assert ("lado_referrals", 198, None, None, None) in found
    assert not {f for f in found if f[1] in (140, 212, 77, 121)}
    assert not {f for f in found if f[0] in ("contacts", "referrals")}


def test_a_designated_officers_cases_and_zero_written_as_no(tmp_path):
    found = figures(tmp_path, "The designated officer dealt with 143 cases in 2021/22.\n\nIn 2021/22 there were no rapid reviews, against 2 in 2020/21.\n")
    assert ("lado_referrals", 143, None, None, None) in found
    assert ("rapid_reviews", 0, None, None, None) in found
    assert ("rapid_reviews", 2, "previous_year", None, None) in found


def test_a_change_from_without_its_end_and_a_start_a_year_earlier(tmp_path):
    text = (
        "At 31 March 2022, 274 children were looked after. CLA numbers had risen from 251 at the end of March 2021.\n\n"
        "The number of children on child protection plans went up from 188 a year earlier to 203.\n"
    )
    found = figures(tmp_path, text)
    assert ("children_looked_after", 274, None, None, None) in found
    assert ("children_looked_after", 251, "previous_year", None, None) in found
    assert ("cp_plans", 188, "previous_year", None, None) in found
    assert ("cp_plans", 203, None, None, None) in found


def test_a_plan_without_child_protection_in_the_sentence(tmp_path):
    text = (
        "At the end of March 2022, 264 children were on a plan. The number of children we look after was 301. "
        "There were 57 children admitted to care during the year.\n"
    )
    found = figures(tmp_path, text)
    assert ("cp_plans", 264, None, None, None) in found
    assert ("children_looked_after", 301, None, None, None) in found
    assert ("children_entering_care", 57, None, None, None) in found


def test_places_and_ratings_of_the_training(tmp_path):
    text = "The partnership offered 1,850 places on its multi-agency programme in 2021/22. Of those who gave feedback, 91% rated the course good or excellent.\n"
    found = figures(tmp_path, text)
    assert ("training_places", 1850, None, None, None) in found
    assert ("training_satisfaction_pct", 91, None, None, None) in found


def test_what_notifications_turned_into_and_deaths_reviewed(tmp_path):
    text = (
        "The partnership made 5 serious incident notifications in 2021/22. Three of the serious incident notifications "
        "turned into rapid reviews.\n\n- 22 child deaths were notified in the year\n- 19 child deaths were reviewed and closed by the panel\n"
    )
    found = figures(tmp_path, text)
    assert ("serious_incident_notifications", 5, None, None, None) in found
    assert ("rapid_reviews", 3, None, None, None) in found
    assert ("child_deaths_notified", 22, None, None, None) in found
    assert not {f for f in found if f[1] == 19}


def test_label_lines_above_their_numbers(tmp_path):
    text = "Front door\n\nContacts\n\n12,406\n\nReferrals to children's social care\n\n3,118\n\n## Training\n\nMore about our courses is on the training page.\n"
    found = figures(tmp_path, text)
    assert ("contacts", 12406, None, None, None) in found
    assert ("referrals", 3118, None, None, None) in found
    assert ("referrals", 12406, None, None, None) not in found


def test_this_years_figure_compared_with_the_last_in_brackets(tmp_path):
    text = "Admissions to care stayed close to the previous year (96 children entered care, compared with 98 in the previous year).\n"
    found = figures(tmp_path, text)
    assert ("children_entering_care", 96, None, None, None) in found
    assert ("children_entering_care", 98, "previous_year", None, None) in found


def test_a_list_of_years_under_a_lead_in_naming_the_measure(tmp_path):
    text = "Contacts received by the LADO, by year:\n\n- April 2021-2022: 318\n- April 2020-2021: 276\n- April 2019-2020: 254\n"
    found = figures(tmp_path, text)
    assert ("lado_referrals", 318, None, None, None) in found
    assert ("lado_referrals", 276, "previous_year", None, None) in found
    assert not {f for f in found if f[1] == 254}


def test_a_label_and_number_pair_that_reads_either_way_keeps_the_label_below(tmp_path):
    text = "Key numbers\n\nOur year in figures\n\n1,204\n\nearly help assessments completed\n\n## Next\n\nThe partnership's plans for next year follow.\n"
    found = figures(tmp_path, text)
    assert ("early_help_assessments", 1204, None, None, None) in found


def test_missing_episodes_said_without_the_words_missing_episodes(tmp_path):
    text = (
        "There were 812 missing episodes in 2021/22, of which 344 were episodes of children missing from care.\n\n"
        "There had been 97 episodes of Harbourside children missing from home during the year.\n\n"
        "Children looked after had gone missing on 215 occasions during the year.\n\n"
        "Children in care accounted for 388 of the episodes.\n"
    )
    found = figures(tmp_path, text)
    assert ("missing_episodes", 812, None, None, None) in found
    assert ("missing_episodes", 344, None, "from_care", None) in found
    assert ("missing_episodes", 97, None, "from_home", None) in found
    assert ("missing_episodes", 215, None, "from_care", None) in found
    assert ("missing_episodes", 388, None, "from_care", None) in found
    assert not {f for f in found if f[0] in ("children_looked_after", "missing_children")}


def test_children_in_our_care_in_need_and_requests_to_early_help(tmp_path):
    text = (
        "At 31 March 2022:\n\n* 402 children were in our care;\n* 2,716 children were in need of help and protection.\n\n"
        "The Early Help Hub received 3,390 requests for support in 2021/22.\n\n"
        "No serious incident notifications were made in 2021/22, and no rapid reviews were required.\n"
    )
    found = figures(tmp_path, text)
    assert ("children_looked_after", 402, None, None, None) in found
    assert ("children_in_need", 2716, None, None, None) in found
    assert ("early_help_referrals", 3390, None, None, None) in found
    assert ("serious_incident_notifications", 0, None, None, None) in found
    assert ("rapid_reviews", 0, None, None, None) in found


def test_places_offered_without_the_word_training_beside_them(tmp_path):
    text = "In 2021/22 the partnership offered 2,150 places across its multi-agency courses. The council offered 40 places in its children's homes.\n"
    found = figures(tmp_path, text)
    assert ("training_places", 2150, None, None, None) in found
    assert not {f for f in found if f[1] == 40}


def test_children_counted_in_words_before_the_measure_and_parts_of_missing_episodes(tmp_path):
    text = (
        "Eleven children were known to be privately fostered at the end of March 2022, compared with six the year before.\n\n"
        "Our review of Family P, four children living in a neglected home, was completed in 2021/22.\n\n"
        "In 2021/22 there were 538 missing episodes, 197 of them involving children missing from care.\n\n"
        "Police recorded 1,140 missing episodes involving 322 Harbourside children in 2021/22.\n"
    )
    found = figures(tmp_path, text)
    assert ("private_fostering", 11, None, None, None) in found
    assert ("private_fostering", 6, "previous_year", None, None) in found
    assert not {f for f in found if f[0] == "child_population"}
    assert ("missing_episodes", 197, None, "from_care", None) in found
    assert ("missing_children", 322, None, None, None) in found


def test_conferences_plans_ended_ages_and_lac(tmp_path):
    text = (
        "During 2021/22, 131 child protection conferences covering 244 children had taken place. 61 children had become "
        "subject to a child protection plan and 73 had ceased to be subject to a child protection plan.\n\n"
        "The number of children looked after stood at 1,045 at 31 March 2022, including 52 unaccompanied asylum seeking "
        "children (UASC) under the age of 18.\n\n"
        "There was an increase in LAC from 642 at 31 March 2021 to 655 at 31 March 2022.\n"
    )
    found = figures(tmp_path, text)
    assert ("cp_plans_started", 61, None, None, None) in found
    assert not {f for f in found if f[1] in (131, 73, 18)}
    assert ("uasc", 52, None, None, None) in found
    assert ("children_looked_after", 642, "previous_year", None, None) in found
    assert ("children_looked_after", 655, None, None, None) in found


def test_a_figure_written_without_a_comma_before_compared_to(tmp_path):
    text = "Referrals to children's social care for the year April 2021 to March 2022 remained similar at 1838 compared to 1894 in 2020/21. Contacts rose by 12% compared to 2020/21.\n"
    found = figures(tmp_path, text)
    assert ("referrals", 1838, None, None, None) in found
    assert ("referrals", 1894, "previous_year", None, None) in found
    assert not {f for f in found if f[1] == 12}


def test_staff_who_took_part_in_training_and_children_on_the_register(tmp_path):
    text = "More than 1,900 staff took part in partnership training in 2021/22.\n\nAt 31 March 2022, 212 children were on the child protection register.\n"
    found = figures(tmp_path, text)
    assert ("training_attendees", 1900, None, None, None) in found
    assert ("cp_plans", 212, None, None, None) in found


def test_a_register_that_is_not_the_child_protection_register(tmp_path):
    found = figures(tmp_path, "Asked about electively home educated children, officers said 540 children were on the register in 2021/22.\n")
    assert not {f for f in found if f[0] == "cp_plans"}


def test_a_chain_of_notifications_reviews_and_a_practice_review(tmp_path):
    text = "In 2021/22, 5 Serious Incident Notifications were made, 3 Serious Incident Notifications turned into Rapid Reviews, and 1 Rapid review turned into a Child Safeguarding Practice Review.\n"
    found = figures(tmp_path, text)
    assert ("serious_incident_notifications", 5, None, None, None) in found
    assert ("rapid_reviews", 3, None, None, None) in found
    assert ("lcspr_commissioned", 1, None, None, None) in found
    assert ("serious_incident_notifications", 3, None, None, None) not in found


def test_the_figure_of_a_measure_named_in_the_sentence_before(tmp_path):
    text = (
        "The number of Harbourside children who need protecting from abuse or neglect is at its highest for a decade.\n\n"
        "The figure has risen by almost a third in a year, to 587, figures presented to the committee show.\n"
    )
    found = figures(tmp_path, text)
    assert ("cp_plans", 587, None, None, None) in found


# ---------------------------------------------------------------- budgets, priorities and people as more councils write them


def test_an_lscb_forewords_priorities_with_no_year_in_the_sentence(tmp_path):
    text = "Foreword\n\nDuring the year the Board's priorities were neglect and child sexual exploitation, as in our business plan.\n"
    assert {"neglect", "child_sexual_exploitation"} <= priorities_found(tmp_path, text)
    assert not priorities_found(tmp_path, "The Board's priorities were reviewed in March with partners from across the city.\n")


def test_priorities_listed_after_an_answer_ending_in_a_colon(tmp_path):
    text = (
        "The Board agreed three priorities for the year. These were:\n\n"
        "- tackling domestic abuse;\n- children who go missing from home; and\n- listening to the voice of the child.\n"
    )
    assert {"domestic_abuse", "missing_children", "voice_of_child"} <= priorities_found(tmp_path, text)


def test_a_bullet_of_minutes_opens_the_list_of_priorities_and_labels_end_in_a_dash(tmp_path):
    text = (
        "The following points were highlighted:\n\n"
        "- For 2022-23 the Executive had agreed that the priorities should be:\n\n"
        "- Domestic abuse- children as victims\n- Early help- support for families sooner\n"
    )
    assert {"domestic_abuse", "early_help"} <= priorities_found(tmp_path, text)


def test_a_budget_table_with_a_share_column_before_the_amount(tmp_path):
    text = (
        "Finance\n\nPartner contributions are set by an agreed formula:\n\n"
        "Partner\tShare\t2021-22 (£)\nHarbourside Council\t60%\t90,000\nEastmere Police\t40%\t60,000\nTOTAL\t100%\t150,000\n"
    )
    found = finance_found(tmp_path, text)
    assert {("income", "Harbourside Council", 90000, False), ("income", "Eastmere Police", 60000, False)} <= found
    assert any(total and amount == 150000 for _, _, amount, total in found)
    assert not any(amount == 100 for _, _, amount, _ in found)


def test_shares_in_per_cent_given_by_short_names(tmp_path):
    text = (
        "The partnership is run by Harbourside Council, Eastmere Police and NHS Eastmere Integrated Care Board. Its pooled "
        "budget was £200,000, with the council paying 50 per cent (£100,000), the integrated care board 30 per cent "
        "(£60,000) and the police 20 per cent (£40,000).\n"
    )
    found = finance_found(tmp_path, text)
    assert {("income", "Harbourside Council", 100000, False), ("income", "NHS Eastmere Integrated Care Board", 60000, False),
            ("income", "Eastmere Police", 40000, False)} <= found


def test_spending_items_listed_after_the_total(tmp_path):
    text = "The partnership spent £120,500 in the year. Spending was £120,500: staffing £90,000, training £12,500 and other costs £18,000.\n"
    found = finance_found(tmp_path, text)
    assert {("expenditure", "Staffing", 90000, False), ("expenditure", "Training", 12500, False),
            ("expenditure", "Other costs", 18000, False)} <= found


def test_members_named_by_the_body_they_represent(tmp_path):
    text = (
        "The partnership is led by Harbourside Council, Eastmere Police and NHS Eastmere Integrated Care Board.\n\n"
        "Members included Aled Morgan of Harbourside Council, representing the local authority; Mair Evans of Eastmere "
        "Police, representing the police; and Tom Pryce, Head of Service, Harbourside Youth Justice Service.\n"
    )
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert {("Aled Morgan", "statutory_partner_lead"), ("Mair Evans", "statutory_partner_lead"), ("Tom Pryce", "other")} <= found
    assert not any(role == "business_manager" for _, role in found)


def test_a_head_of_service_in_a_members_table_is_no_business_manager(tmp_path):
    text = (
        "The partnership is led by Harbourside Council, Eastmere Police and NHS Eastmere Integrated Care Board.\n\n"
        "Board members\n\nName\tTitle\tRepresenting\nJoan Pickles\tHead of Service, Quality Assurance\tHarbourside Council\n"
        "Derek Lund\tHead of Service\tHarbourside Youth Justice Service\nAnne Ruddock\tHead of Service for the Safeguarding Partnership Board\tHarbourside Council\n"
    )
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert {("Joan Pickles", "statutory_partner_lead"), ("Derek Lund", "other"), ("Anne Ruddock", "business_manager")} <= found
    assert ("Joan Pickles", "business_manager") not in found


def test_a_chair_named_in_a_list_of_two_and_a_predecessor_after_takes_over(tmp_path):
    text = (
        "The Executive was supported by an independent chair, Dr Rhian Bevan, and by the partnership business manager, Colm Doyle.\n\n"
        "Ffion Hale takes over as independent scrutineer of the partnership from Idris Lloyd, who held the post for three years.\n"
    )
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert {("Rhian Bevan", "independent_chair"), ("Colm Doyle", "business_manager"), ("Idris Lloyd", "independent_scrutineer")} <= found
    assert ("Rhian Bevan", "business_manager") not in found


def test_an_independent_chairman_a_key_priority_and_an_annual_contribution_of(tmp_path):
    text = (
        "Sir Alan Marsh, Independent Chairman of the Harbourside Safeguarding Children Partnership, presented the report.\n\n"
        "He confirmed that reducing neglect was a key priority.\n\n"
        "The Police and Crime Commissioner has provided an annual contribution of £5,000 to the partnership.\n"
    )
    assert ("Alan Marsh", "independent_chair") in {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert "neglect" in priorities_found(tmp_path, text)
    assert ("income", "Police and Crime Commissioner", 5000, False) in finance_found(tmp_path, text)


def test_attendance_entries_with_initials_in_brackets(tmp_path):
    text = (
        "Present: Gail Rowe (GR) – Business Manager, Harbourside Council; Omar Siddiqui (OS) – Designated Nurse, "
        "NHS Eastmere Integrated Care Board\n"
    )
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert {("Gail Rowe", "business_manager"), ("Omar Siddiqui", "statutory_partner_lead")} <= found


def test_we_have_n_priorities_opens_their_list(tmp_path):
    text = "Our strategic priorities\n\nWe have three strategic priorities for 2021-2024:\n\n1. Neglect\n2. Domestic abuse\n3. Online safety\n"
    assert {"neglect", "domestic_abuse", "online_safety"} <= priorities_found(tmp_path, text)
    assert not priorities_found(tmp_path, "Achievements\n\nWe have delivered:\n\n- a neglect toolkit\n- domestic abuse training\n")


def test_a_board_manager_is_the_business_manager(tmp_path):
    text = "Report author: Gwen Tolley, Board Manager\n\nThe Board Manager, Gwen Tolley, supports the Executive.\n"
    assert ("Gwen Tolley", "business_manager") in {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}


def test_a_budget_table_with_a_column_for_each_year_gives_the_reported_years(tmp_path):
    text = (
        "Budget\n\nAgency\t2020/21\t2021/22\nHarbourside Council\t£140,000\t£150,000\nEastmere Police\t£28,000\t£30,000\n"
        "Total\t£168,000\t£180,000\n"
    )
    found = finance_found(tmp_path, text)
    assert {("income", "Harbourside Council", 150000, False), ("income", "Eastmere Police", 30000, False)} <= found
    assert not any(amount in (140000, 28000, 168000) for _, _, amount, _ in found)


def test_a_title_set_before_the_name_as_an_apposition(tmp_path):
    text = (
        "The Independent Chair of the Harbourside Safeguarding Children Partnership, Jo Bloggs, introduced the report. "
        "The Business Manager of the Partnership, Kay Ingram, answered questions.\n\n"
        "The report, Harbourside Matters, was noted.\n"
    )
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert {("Jo Bloggs", "independent_chair"), ("Kay Ingram", "business_manager")} <= found
    assert not any(name == "Harbourside Matters" for name, _ in found)


def test_an_amount_for_each_partner_and_sides_given_as_labels(tmp_path):
    text = (
        "The three safeguarding partners agreed equal funding of £60,000 each towards the partnership's budget of £180,000.\n\n"
        "Finance\n\nIncome: £180,000. Expenditure: £171,500.\n"
    )
    found = finance_found(tmp_path, text)
    assert ("income", "Total income", 180000, True) in found and ("expenditure", "Total expenditure", 171500, True) in found
    assert not any(amount == 60000 for _, _, amount, _ in found)


def test_a_meetings_contact_named_alone_is_another_person(tmp_path):
    text = "Venue: Committee Room, County Hall. Contact: Nora Kettle\n\nContact: Democratic Services\n"
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert ("Nora Kettle", "other") in found and len(found) == 1


def test_a_number_glued_to_its_label_in_an_infographic(tmp_path):
    text = "Our year in numbers\n\n52,310children and young people aged 0 to 17 live in Harbourside\n\n9,842 | contacts received\n"
    found = figures(tmp_path, text)
    assert ("child_population", 52310, None, None, None) in found and ("contacts", 9842, None, None, None) in found
    assert not any(f[1] == 52 for f in found)


def test_a_count_for_one_numbered_quarter_is_no_year_figure(tmp_path):
    text = (
        "Officers said the number of contacts had been 2,140 in quarter 3 alone.\n\n"
        "At the end of quarter 4 the service was supporting 1,866 children in need.\n"
    )
    found = figures(tmp_path, text)
    assert not any(f[1] == 2140 for f in found)
    assert ("children_in_need", 1866, None, None, None) in found


def test_plans_for_a_second_or_subsequent_time_are_no_plan_count(tmp_path):
    text = "• Child protection plans started: 412\n• 51 children became the subject of a child protection plan for a second or subsequent time\n"
    found = figures(tmp_path, text)
    assert ("cp_plans_started", 412, None, None, None) in found
    assert not any(f[1] == 51 for f in found)


def test_a_previous_year_in_brackets_after_the_date_it_was_compared_with(tmp_path):
    text = (
        "The number of children in care was 365 by the end of March 2022, an increase when compared with the end of "
        "March 2021 (341).\n"
    )
    found = figures(tmp_path, text)
    assert ("children_looked_after", 365, None, None, None) in found
    assert ("children_looked_after", 341, "previous_year", None, None) in found
    text = "The number of children in care was 352 by the end of December 2021, a fall when compared with the end of December 2020 (377).\n"
    assert not any(f[1] == 377 and f[2] == "previous_year" for f in figures(tmp_path, text))


def test_referrals_to_the_designated_officers_are_the_lados(tmp_path):
    text = "There were 131 referrals to the partnership's three designated officers about allegations against staff.\n"
    found = figures(tmp_path, text)
    assert ("lado_referrals", 131, None, None, None) in found
    assert not any(f[1] == 3 for f in found) and not any(f[0] == "referrals" for f in found)


def test_a_whole_of_enquiries_and_the_share_that_led_to_a_conference(tmp_path):
    text = "Of the 1,412 section 47 enquiries started in the year, 29 per cent led to an initial child protection conference.\n"
    found = figures(tmp_path, text)
    assert ("s47_enquiries", 1412, None, None, None) in found and ("s47_to_icpc_pct", 29, None, None, None) in found


def test_welsh_reports_about_children_are_contacts(tmp_path):
    text = "Children's services received 3,980 reports about children during the year, compared with 3,702 in 2020-21.\n"
    found = figures(tmp_path, text)
    assert ("contacts", 3980, None, None, None) in found and ("contacts", 3702, "previous_year", None, None) in found


def test_a_measure_title_over_one_count_line_per_area_and_a_region_line(tmp_path):
    head = "Ashwick and Brindle Regional Safeguarding Children Board Annual Report 2021-22\n\n"
    text = "Children on the child protection register at 31 March 2022\n\nAshwick 131\n\nBrindle 87\n\nRegion 218\n\nAnnual Report 2022\n"
    found = figures(tmp_path, text, head)
    assert ("cp_plans", 131, None, None, "Ashwick") in found and ("cp_plans", 87, None, None, "Brindle") in found
    assert ("cp_plans", 218, None, None, None) in found
    assert not any(f[1] == 2022 for f in found)
def test_neurodiversity_semh_and_abuse_within_the_family_name_themes(tmp_path):
    text = (
        "Parents of neurodivergent children spoke about long waits for ADHD assessments.\n\n"
        "Schools reported more pupils with SEMH needs.\n\n"
        "Practitioners asked for training on sexual abuse within the family.\n"
    )
    themes = {f["theme"] for f in facts(tmp_path, text, "theme")}
    assert {"children_with_disabilities", "children_mental_health", "sexual_abuse"} <= themes


def test_a_table_of_priority_lead_and_progress_under_a_priorities_heading(tmp_path):
    text = (
        "## Our strategic priorities for 2020-22\n\n"
        "| Priority | Lead | Progress |\n|---|---|---|\n"
        "| Neglect | Health | A new toolkit was agreed |\n"
        "| Domestic abuse | Police | Training was delivered to schools |\n"
    )
    path = tmp_path / "report.md"
    path.write_text(HEAD + text, encoding="utf-8")
    got = {(f["theme"], f["period"]) for f in pipeline.process_file(path).facts if f["kind"] == "priority"}
    assert got == {("neglect", "2020-21..2021-22"), ("domestic_abuse", "2020-21..2021-22")}


def test_areas_watched_alongside_the_priorities_are_not_priorities(tmp_path):
    text = (
        "Our priorities for 2022-23 are neglect and early help.\n\n"
        "As well as our priorities, the board kept an eye on private fostering and radicalisation.\n"
    )
    got = {f["theme"] for f in facts(tmp_path, text, "priority")}
    assert got == {"neglect", "early_help"}


def test_a_heading_for_each_priority_after_the_list_intro(tmp_path):
    html = (
        "<html><body><h1>Our priorities</h1><p>Our two priorities for 2024-2026 are:</p>"
        "<h2>1. Safe at home</h2><p>We will tackle neglect and help families earlier.</p>"
        "<h2>2. Online harm</h2><p>We will teach parents about gaming and grooming.</p>"
        "<h2>How we work</h2><p>We hear the voice of the child in everything we do.</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    got = {(f["theme"], f["period"]) for f in pipeline.process_file(path).facts if f["kind"] == "priority"}
    assert got == {("neglect", "2024-25..2025-26"), ("online_safety", "2024-25..2025-26")}


def test_turning_18_school_exclusion_and_unescalated_concerns_name_themes(tmp_path):
    text = (
        "A new post helps young people at risk of exploitation as they turn 18.\n\n"
        "The review found that her exclusion from school cut her off from support.\n\n"
        "Concerns raised by the nursery were not escalated.\n"
    )
    themes = {f["theme"] for f in facts(tmp_path, text, "theme")}
    assert {"transitional_safeguarding", "missing_education", "escalation_challenge"} <= themes


def test_label_lines_for_each_of_the_counted_priority_areas(tmp_path):
    text = (
        "Our priorities for 2023-2025 fall into three key areas:\n\n"
        "Safe at home (neglect):\n\nFamilies get help sooner.\n\n"
        "Safe online:\n\nWe will teach parents about online harm.\n\n"
        "Safe in the community:\n\nWe will tackle county lines and knife crime.\n\n"
        "Our wider work:\n\nWe also audited private fostering.\n"
    )
    path = tmp_path / "report.md"
    path.write_text(HEAD + text, encoding="utf-8")
    got = {f["theme"] for f in pipeline.process_file(path).facts if f["kind"] == "priority"}
    assert got == {"neglect", "online_safety", "child_criminal_exploitation", "serious_youth_violence"}


def test_sextortion_reduced_timetables_and_unaccompanied_children_name_themes(tmp_path):
    text = (
        "Police saw more sextortion of teenage boys through gaming apps.\n\n"
        "Schools were asked to report pupils on reduced timetables.\n\n"
        "The council supported unaccompanied children placed in the borough.\n"
    )
    themes = {f["theme"] for f in facts(tmp_path, text, "theme")}
    assert {"online_safety", "missing_education", "asylum_refugees"} <= themes


# ---- reviews and report (batch 12)


def test_a_review_heading_over_a_summary_line_and_its_date_of_publication(tmp_path):
    text = (
        "Case reviews\n\n## Serious Case Review - Young Person R\n\nSerious Case Review in respect of Young Person R\n\n"
        "Date of publication: 3 June 2019\n\n## Reviews in progress\n\nOne review is under way.\n"
    )
    assert ("Young Person R", "scr", "published") in reviews_found(tmp_path, text)


def test_a_national_review_with_a_publication_date_line(tmp_path):
    text = "National reviews\n\nThe national review into the murders of Arthur Labinjo-Hughes and Star Hobson: Publication date May 2022\n"
    assert ("Star & Arthur", "national_review", "published") in reviews_found(tmp_path, text)
    undated = "National reviews\n\nThe national review into the murders of Arthur Labinjo-Hughes and Star Hobson: publication date to be confirmed.\n"
    assert ("Star & Arthur", "national_review", "published") not in reviews_found(tmp_path, undated)


def test_a_national_review_following_the_death_of_a_coded_baby(tmp_path):
    text = "The Child Safeguarding Practice Review Panel is carrying out a national review following the death of Baby Wren.\n"
    assert ("Baby Wren", "national_review", "in_progress") in reviews_found(tmp_path, text)
    local = "The partnership commissioned a local child safeguarding practice review following the death of Baby Wren.\n"
    assert ("Baby Wren", "lcspr", "commissioned") in reviews_found(tmp_path, local)


def test_cabinet_minutes_without_a_minutes_label(tmp_path):
    text = (
        "Agenda item\n\nHALTMOOR SAFEGUARDING CHILDREN BOARD ANNUAL REPORT\n\n"
        "A report from the Executive Director – People is attached. (Non key)\n\n(Report No.57)\n\n"
        "Councillor Ann Brough (Cabinet Member for Children's Services) introduced the report of the Executive Director "
        "(No.57) presenting the Haltmoor Safeguarding Children Board annual report 2016/17.\n\n"
        "Mr Colin Fray, Independent Chair of the Board, was welcomed to the meeting and invited to present the report.\n\n"
        "The Leader thanked Mr Fray for his presentation.\n"
    )
    found = report(tmp_path, text)
    assert found["document_kind"] == "committee_minutes"
    assert found["reporting_year"] == "2016-17"


def test_a_partnership_named_only_in_a_capitals_item_title(tmp_path):
    text = (
        "Agenda and draft minutes\n\n5. RENSHAW SAFEGUARDING PARTNERSHIP ANNUAL REPORT APRIL 2023-MARCH 2024.\n\n"
        "Minutes:\n\nThe Committee received the Safeguarding Partnership Annual Report for the 23/24 financial year.\n"
    )
    found = report(tmp_path, text)
    assert found["partnership"] == "Renshaw Safeguarding Partnership"
    assert found["document_kind"] == "committee_minutes"
    assert found["reporting_year"] == "2023-24"
# ---- report and people in committee pages


def test_a_partnership_name_does_not_run_back_across_a_sentence(tmp_path):
    text = (
        "Agenda item\n\nSafeguarding Partnership Annual Report\n\n"
        "The partners made up the Strategic Leadership Group. The Children's Safeguarding Partnership and the "
        "adults board reported to the same group. The Dunmore Safeguarding Children Partnership met six times.\n"
    )
    report = facts(tmp_path, text, "report", head="")[0]
    assert report["partnership"] == "Dunmore Safeguarding Children Partnership"


def test_an_assistant_director_is_not_a_partners_lead(tmp_path):
    text = (
        "The Chair welcomed Priya Mandeville, Director of Children's Services, and Owen Talgarth, Assistant Director - "
        "Early Help, to the meeting.\n"
    )
    people = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert ("Priya Mandeville", "statutory_partner_lead") in people
    assert ("Owen Talgarth", "statutory_partner_lead") not in people


def test_a_count_that_looks_like_a_year(tmp_path):
    """Counts written without a thousands comma between 1950 and 2049 are counts where a change runs to them
    from a count, or where a year follows them; the years around them stay years."""
    text = (
        "Contacts to the front door increased from 1882 in 2017/18 to 2036 in the current year.\n\n"
        "Assessments fell from 2210 to 1994.\n\n"
        "The service has run since 2012 and the board met from 2019 to 2021.\n"
    )
    found = figures(tmp_path, text, head="Harbourside Safeguarding Children Partnership Annual Report 2018/19\n\n")
    assert ("contacts", 2036, None, None, None) in found and ("contacts", 1882, "previous_year", None, None) in found
    assert ("assessments", 1994, None, None, None) in found
    assert not {f for f in found if f[1] in (2012, 2019, 2021)}


def test_an_agenda_item_page_telling_what_the_report_set_out_is_the_meetings_record(tmp_path):
    text = (
        "Agenda item\n\nSafeguarding Children Partnership Annual Report\n\n"
        "The report set out the work of the Brackenmoor Safeguarding Children Partnership for the year 2022/23. It gave an "
        "overview of how the partners had worked together over the year.\n\n"
        "The partnership was made up of the police, Brackenmoor Council and the Integrated Care Board.\n"
    )
    assert report(tmp_path, text)["document_kind"] == "committee_minutes"


def test_an_agenda_item_page_holding_the_paper_is_still_a_cover_report(tmp_path):
    text = (
        "Agenda item\n\nBrackenmoor Safeguarding Children Partnership Annual Report 2022/23\n\n"
        "Report of: Director of Children's Services\n\nWards affected: All\n\n"
        "1. Purpose of the report\n\n1.1 To present the annual report of the partnership for 2022/23.\n\n"
        "2. Recommendation\n\n2.1 That the committee notes the report.\n"
    )
    assert report(tmp_path, text)["document_kind"] == "committee_cover_report"


def test_an_issue_page_with_its_summary_over_the_minutes_is_the_meetings_record(tmp_path):
    text = (
        "6 Safeguarding Partnership Annual Report PDF 3 MB\n"
        "To consider a report of the Independent Chair of the Brackenmoor Safeguarding Children Partnership.\n"
        "The report sets out what the partners have done under the arrangements, including on child safeguarding practice "
        "reviews, and how effective the arrangements have been in practice.\n"
        "The Scrutiny Committee is recommended to comment on and note the report.\n"
        "Officer contact: Dana Holt\nAdditional documents:\n\nMinutes:\n"
        "The Independent Chair submitted a report (copies of which had been circulated) on the partnership's work.\n"
        "The Cabinet Member for Children attended the meeting to answer questions. The following comments were made:\n"
        "· Commented on the waiting times for assessments.\n"
    )
    assert report(tmp_path, text)["document_kind"] == "committee_minutes"


def test_working_days_are_a_timescale_not_a_count(tmp_path):
    text = (
        "Once the partnership is told of a serious incident it notifies the National Panel within 5 working days and "
        "completes a Rapid Review of the case within 15 working days.\n\n"
        "In 2021/22 the partnership held 4 Rapid Reviews.\n"
    )
    found = figures(tmp_path, text)
    assert ("rapid_reviews", 4, None, None, None) in found
    assert not {f for f in found if f[1] in (5, 15)}


def test_a_title_then_the_name_and_what_they_did_at_the_meeting(tmp_path):
    text = (
        "The Independent Chair of the Harbourside Safeguarding Children Partnership, Maud Treharne attended the meeting to "
        "present the annual report.\n"
    )
    assert ("Maud Treharne", "independent_chair") in {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}


def test_a_round_number_being_approached_is_not_the_count(tmp_path):
    text = (
        "The number of Harbourside children who need protecting from harm is approaching 1,000.\n\n"
        "The figure has risen by a fifth in a year, to 938.\n"
    )
    found = figures(tmp_path, text, head="Harbourside: a fifth more children on protection plans\n\n")
    assert ("cp_plans", 938, None, None, None) in found
    assert not {f for f in found if f[1] == 1000}
# ---- person, finance, priority, theme (batch 14)


def _finance(tmp_path, text):
    return {(f["direction"], f["counterparty"], f["amount_gbp"], f["is_total"]) for f in facts(tmp_path, text, "finance")}


def test_contributions_of_amounts_from_named_partners(tmp_path):
    text = (
        "The partnership budget for 2021/22 was £212K, made up of contributions of £106K from Harbourside Council, "
        "£64K from NHS Harbourside Integrated Care Board and £42K from Harbourside Police.\n"
    )
    got = _finance(tmp_path, text)
    assert ("income", "Total income", 212000, True) in got
    assert ("income", "Harbourside Council", 106000, False) in got
    assert not any(amount == 106000 and total for _, _, amount, total in got)


def test_amounts_in_k_split_sentences_and_amounts_each(tmp_path):
    text = (
        "Board members come from Harbourside Council, the National Probation Service and Cafcass.\n\n"
        "The Board's income in 2021/22 was £172K. The Council contributed £104K, and the National Probation Service "
        "and Cafcass £1K each.\n"
    )
    got = _finance(tmp_path, text)
    assert ("income", "Total income", 172000, True) in got
    assert {c for d, c, a, t in got if a == 1000} == {"National Probation Service", "Children and Family Court Advisory and Support Service"}
    assert not any(c.startswith("172") for _, c, _, _ in got)


def test_one_partner_share_of_the_partnerships_budget(tmp_path):
    got = _finance(tmp_path, "The council contributed £118K of the partnership's £231K budget in 2021/22.\n")
    assert ("income", "Total income", 231000, True) in got


def test_budget_lines_with_bare_amounts_under_a_pound_header(tmp_path):
    text = (
        "Expenditure 2021/22                  £\n"
        "Business unit staffing          118,400\n"
        "Independent Chair                21,600\n"
        "Total                           140,000\n"
    )
    got = _finance(tmp_path, text)
    assert ("expenditure", "Business unit staffing", 118400, False) in got
    assert ("expenditure", "Independent Chair", 21600, False) in got
    assert any(d == "expenditure" and t and a == 140000 for d, _, a, t in got)


def _people(tmp_path, text):
    return {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}


def test_role_of_a_body_then_the_name(tmp_path):
    text = (
        "Thanks were extended to the Independent Scrutineer of the HSCP Marian Folkes, to the Business Manager of "
        "the HSCP Tobias Renshaw and to partners in health services.\n"
    )
    got = _people(tmp_path, text)
    assert ("Marian Folkes", "independent_scrutineer") in got
    assert ("Tobias Renshaw", "business_manager") in got
    assert ("Marian Folkes", "business_manager") not in got


def test_recruited_as_scrutineer_and_taken_over_from_the_previous_chair(tmp_path):
    text = (
        "Malcolm Treadwell has been recruited as the partnership's independent scrutineer.\n\n"
        "This is my first annual report as Chair of the Harbourside Local Safeguarding Children Board, having taken "
        "over from the previous Chair, Desmond Farleigh, in October 2021.\n"
    )
    got = _people(tmp_path, text)
    assert ("Malcolm Treadwell", "independent_scrutineer") in got
    assert ("Desmond Farleigh", "independent_chair") in got


def test_signature_in_capitals_over_the_post(tmp_path):
    text = "3.1 The committee is asked to note the report.\n\nCAROLYN ASHDOWN\nDirector of Children's Services\n"
    assert ("Carolyn Ashdown", "statutory_partner_lead") in _people(tmp_path, text)


def test_progress_against_the_years_priorities_listed_after_a_colon(tmp_path):
    text = (
        "2.1 The annual report shows progress against the partnership's priorities for 2021-22: child sexual abuse "
        "within the family, online harm, and the impact on children of parental substance misuse.\n"
    )
    got = {f["theme"] for f in facts(tmp_path, text, "priority")}
    assert got == {"sexual_abuse", "online_safety", "parental_substance_misuse"}


def test_cross_cutting_themes_after_the_priorities_are_not_priorities(tmp_path):
    text = (
        "The partnership's priorities for 2021-23 are:\n\n- Early Help\n- Domestic Abuse\n\n"
        "The cross-cutting themes for 2021-23 are:\n\n- Voice of children and families\n- Addressing disproportionality\n"
    )
    path = tmp_path / "report.md"
    path.write_text(HEAD + text, encoding="utf-8")
    found = pipeline.process_file(path).facts
    assert {f["theme"] for f in found if f["kind"] == "priority"} == {"early_help", "domestic_abuse"}
    assert {"voice_of_child", "racial_disproportionality"} <= {f["theme"] for f in found if f["kind"] == "theme"}


def test_missing_from_education_and_families_facing_hardship(tmp_path):
    text = "The report describes the response to children who go missing from education and to families facing hardship.\n"
    themes = {f["theme"] for f in facts(tmp_path, text, "theme")}
    assert themes == {"missing_education", "poverty_cost_of_living"}


def test_a_member_welcomed_from_a_body_that_is_not_a_partner(tmp_path):
    text = (
        "The Chairman welcomed Martin Greaves, Independent Chair of the HSCP, and Lucy Barraclough from the Office of "
        "the Police and Crime Commissioner, who attended on behalf of the Commissioner.\n\n"
        "Financial Implications\n\n4.1 There are no new financial implications.\n"
    )
    got = _people(tmp_path, text)
    assert ("Lucy Barraclough", "other") in got
    assert not any(name.startswith("Financial") for name, _ in got)


def test_gone_missing_missing_and_exploitation_panels_sudic_and_prevent_leads(tmp_path):
    text = (
        "Children looked after had gone missing on 80 occasions.\n\n"
        "The Missing and Exploitation Panel met monthly.\n\n"
        "Our briefing on Sudden Unexplained Deaths in Infants and Children was shared with midwives.\n\n"
        "The panel is attended by education safeguarding and the prevent lead.\n\n"
        "The number of children we look after rose, and the review asks practitioners to follow the bruising protocol.\n"
    )
    themes = {f["theme"] for f in facts(tmp_path, text, "theme")}
    assert {"missing_children", "sudden_infant_death", "radicalisation", "children_in_care", "physical_abuse"} <= themes
# ---- partners and figures (batch 13)


def test_membership_title_line_gives_its_role_to_the_name_lines_below(tmp_path):
    text = (
        "Appendix 1: Board membership at 31 March 2022\n\n"
        "Ann Lee / Director of Children's Services, Harbourside Council\n"
        "Ben Cole / Detective Superintendent, Northvale Constabulary\n"
        "Cara Hunt / Head Teacher, Eastgate Primary School\n"
        "Dev Rai / Chief Executive, Harbourside Council for Voluntary Youth Services\n"
    )
    got = {(f["name"], f["role"], f["org_type"]) for f in facts(tmp_path, text, "partner")}
    assert ("Northvale Constabulary", "statutory_partner", "police") in got
    assert ("Eastgate Primary School", "relevant_agency", "education") in got
    assert ("Harbourside Council for Voluntary Youth Services", "relevant_agency", "voluntary") in got


def test_short_lead_in_takes_the_role_of_the_sentence_before_it(tmp_path):
    text = (
        "In Harbourside, three organisations are jointly responsible by law for keeping children safe. These are:\n\n"
        "- Harbourside Council\n- Northvale Police\n- NHS Eastmoor Integrated Care Board\n"
    )
    got = {(f["name"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert ("NHS Eastmoor Integrated Care Board", "statutory_partner") in got


def test_relevant_agencies_clause_in_a_statutory_partners_sentence(tmp_path):
    text = (
        "The statutory partners have named relevant agencies which must co-operate with the arrangements, including "
        "the Probation Service and Northvale Fire and Rescue Service.\n\n"
        "The Partnership was led by the three safeguarding partners, Harbourside Council, Northvale Police and the "
        "integrated care board, with schools and Harbourside Voluntary Action as relevant agencies.\n"
    )
    got = {(f["name"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert ("Northvale Fire and Rescue Service", "relevant_agency") in got
    assert ("Probation Service", "relevant_agency") in got
    assert ("Harbourside Voluntary Action", "relevant_agency") in got
    assert ("Northvale Police", "statutory_partner") in got


def test_police_fire_and_crime_commissioner_and_funding_received_from(tmp_path):
    text = (
        "Board members include the Office of the Police, Fire and Crime Commissioner for Northvale.\n\n"
        "The Partnership also receives contributions from Eastmoor Office of the Police and Crime Commissioner.\n"
    )
    got = {(f["name"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert ("Office of the Police, Fire and Crime Commissioner for Northvale", "relevant_agency") in got
    assert ("Eastmoor Office of the Police and Crime Commissioner", "funder") in got


def test_undated_change_from_to_gives_the_previous_year(tmp_path):
    text = (
        "The number of children subject to a child protection plan climbed from 288 to 341.\n\n"
        "Since April 2019 referrals rose from 1,542 to 1,759.\n"
    )
    got = figures(tmp_path, text)
    assert ("cp_plans", 288, "previous_year", None, None) in got
    assert ("cp_plans", 341, None, None, None) in got
    assert not any(f[1] == 1542 for f in got)


def test_attendees_after_courses_in_a_sentence_with_a_possessive(tmp_path):
    text = "The Board's multi-agency training programme ran 64 courses, which were attended by 1,318 practitioners.\n"
    got = figures(tmp_path, text)
    assert ("training_sessions", 64, None, None, None) in got
    assert ("training_attendees", 1318, None, None, None) in got


def test_place_before_the_commissioners_office_in_a_contributions_table(tmp_path):
    text = (
        "Contributions 2021/22\n\n"
        "| Partner | Contribution |\n|---|---|\n"
        "| Harbourside Council | £60,000 |\n"
        "| Northvale Office of the Police and Crime Commissioner | £5,000 |\n"
    )
    path = tmp_path / "report.md"
    path.write_text(HEAD + text, encoding="utf-8")
    got = {(f["name"], f["role"]) for f in pipeline.process_file(path).facts if f["kind"] == "partner"}
    assert ("Northvale Office of the Police and Crime Commissioner", "funder") in got


def test_members_listed_as_name_slash_role(tmp_path):
    text = (
        "Appendix 1: Board membership at 31 March 2022\n\n"
        "Maud Treharne / Independent Chair\nOwen Pell / Partnership Business Manager\n"
        "Sara Quist / Director of Children's Services, Harbourside Council\nDan Ruel / Head Teacher, Kelby Primary School\n"
        "Ivy Marr / Service Manager, Cafcass\nTed Olds / Lay Member\n"
    )
    people = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert {("Maud Treharne", "independent_chair"), ("Owen Pell", "business_manager"),
            ("Sara Quist", "statutory_partner_lead"), ("Dan Ruel", "other"), ("Ivy Marr", "other"), ("Ted Olds", "other")} <= people


def test_a_rate_in_brackets_after_last_years_count_is_last_years(tmp_path):
    text = (
        "At 31 March 2024 there were 412 children subject to a child protection plan, a rate of 41.3 per 10,000 children, "
        "up from 377 (37.8 per 10,000) at 31 March 2023. The England rate for 2023 was 43.2 per 10,000.\n"
    )
    found = figures(tmp_path, text, head="Harbourside Safeguarding Children Partnership Annual Report 2023/24\n\n")
    assert {
        ("cp_plans", 412, None, None, None), ("cp_plan_rate_per_10k", 41.3, None, None, None),
        ("cp_plans", 377, "previous_year", None, None), ("cp_plan_rate_per_10k", 37.8, "previous_year", None, None),
        ("cp_plan_rate_per_10k", 43.2, "national", None, None),
    } == found


def test_a_child_death_panels_notifications_beside_its_reviews(tmp_path):
    text = "The Child Death Overview Panel annual report detailed 41 notifications and 27 child death reviews.\n"
    assert figures(tmp_path, text) == {("child_deaths_notified", 41, None, None, None)}


def test_the_inspectorates_context_paragraph_as_reports_copy_it(tmp_path):
    """The standard 'information about this local authority area' wording of inspection reports, which annual
    reports and data pages reproduce: counts at 31 March, then 'This is a reduction from N at 31 March ...'."""
    text = (
        "Approximately 61,400 children and young people under the age of 18 years live in Harbourside. Approximately "
        "27 per cent of the local authority's children are living in poverty.\n\n"
        "At 31 March 2022, 1,744 children had been identified through assessment as being formally in need of a "
        "specialist children's service. This is a slight decrease from 1,812 at 31 March 2021.\n\n"
        "At 31 March 2022, 243 children and young people were the subject of a child protection plan. This is a "
        "reduction from 262 at 31 March 2021.\n\n"
        "At 31 March 2022, 377 children were being looked after by the local authority (a rate of 61 per 10,000 "
        "children). This is an increase from 352 (57 per 10,000 children) at 31 March 2021.\n"
    )
    assert figures(tmp_path, text) == {
        ("child_population", 61400, None, None, None), ("child_poverty_pct", 27, None, None, None),
        ("children_in_need", 1744, None, None, None), ("children_in_need", 1812, "previous_year", None, None),
        ("cp_plans", 243, None, None, None), ("cp_plans", 262, "previous_year", None, None),
        ("children_looked_after", 377, None, None, None), ("cla_rate_per_10k", 61, None, None, None),
        ("children_looked_after", 352, "previous_year", None, None), ("cla_rate_per_10k", 57, "previous_year", None, None),
    }


def test_a_national_cspr_announced_on_a_partnership_page(tmp_path):
    text = (
        "Child Safeguarding Practice Reviews\n\n"
        "Announcement: National CSPR for Baby T – June 2025 (TBC)\n\n"
        "The Panel's letter gives details about the review, including the themes it will look at.\n"
    )
    assert {(name, kind) for name, kind, _ in reviews_found(tmp_path, text)} == {("Baby T", "national_review")}


# ---- review, report (batch 15)


def test_welsh_review_codes_without_a_year_and_an_adult_practice_review(tmp_path):
    text = (
        "During the year the Board published two concise child practice reviews, WVB 2 and WVB 6, and an adult practice "
        "review, APR WVB 1. The WVB 7 Extended Child Practice Review has been completed but is awaiting an inquest.\n\n"
        "Child practice reviews held during COVID 19 were run online.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("WVB 2", "lcspr", "published"), ("WVB 6", "lcspr", "published"), ("APR WVB 1", "other", "published")} <= found
    assert ("WVB 7", "lcspr", "awaiting_publication") in found
    assert not any(name.startswith("COVID") for name, _, _ in found)


def test_quoted_names_on_list_items_after_a_lead_in(tmp_path):
    text = (
        "The board published four serious case reviews today.\n\n"
        "The reviews looked into the cases of:\n\n"
        "- 'Baby Ember', who died aged three months;\n\n"
        "- 'Baby Otis', who suffered a fractured skull;\n\n"
        "- 'Leila', a girl of fourteen who was exploited.\n\n"
        "In the case of Baby Otis, a twin sister identified as Child W was also part of the review.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Baby Ember", "scr", "published"), ("Baby Otis", "scr", "published"), ("Leila", "scr", "published")} <= found
    assert not any(name == "Child W" for name, _, _ in found)


def test_a_child_known_as_a_name_whose_rapid_review_became_a_local_review(tmp_path):
    text = (
        "Three rapid reviews were held in the year. One of them, concerning a toddler known as Milo, went on to become "
        "a local child safeguarding practice review, which is now in progress.\n"
    )
    assert ("Milo", "lcspr", "in_progress") in reviews_found(tmp_path, text)


def test_a_death_named_before_the_review_and_a_review_for_a_child_and_her_brothers(tmp_path):
    text = (
        "Learning from Child Safeguarding Practice Reviews\n\n"
        "Following the death of Aria in 2021, the partnership's review was published in May 2022.\n\n"
        "The review for Ivy and her brothers Sam and Joe was completed in March 2022; its publication awaits the end of the trial.\n"
    )
    found = reviews_found(tmp_path, text)
    assert ("Aria", "lcspr", "published") in found
    assert ("Ivy", "lcspr", "awaiting_publication") in found


def test_a_review_commissioned_after_a_death_is_not_complete_until_it_is(tmp_path):
    text = (
        "Local child safeguarding practice reviews\n\n"
        "The partnership published one local child safeguarding practice review this year.\n\n"
        "A review was commissioned in June 2021 after the death of Callum Reid, aged 16. The partnership will publish "
        "the report when the review is complete.\n"
    )
    assert ("Callum Reid", "lcspr", "commissioned") in reviews_found(tmp_path, text)


def test_a_review_the_board_published_into_a_teenager_known_only_as(tmp_path):
    head = "Dunmoor Local Safeguarding Children Board Annual Report 2016-17\n\n"
    text = (
        "The Board published two serious case reviews during the year.\n\n"
        "Their findings echo those of the review the board published last year into the death of a teenager known only "
        "as Kacey, who had been sexually exploited.\n"
    )
    found = {(f["case_name"], f["review_type"], f["status"]) for f in facts(tmp_path, text, "review", head=head)}
    assert ("Kacey", "scr", "published") in found


def test_a_keeping_place_safe_brand_in_a_covering_report(tmp_path):
    head = "Health and Wellbeing Board\n\nTitle of report: Keeping Dunmoor Safe Partnership Annual Report 2022/3\n\n"
    text = (
        "This is a covering report for the Keeping Dunmoor Safe Partnership Annual Report 2022/23 (Annex A), which "
        "covers the work of the Keeping Dunmoor Safe Partnership for children and adults.\n"
    )
    report = facts(tmp_path, text, "report", head=head)[0]
    assert report["partnership"] == "Keeping Dunmoor Safe Partnership"
    assert report["document_kind"] == "committee_cover_report"
    assert report["reporting_year"] == "2022-23"


def test_a_place_safeguarding_brand_named_by_its_report(tmp_path):
    head = "Issue - meetings\n\nAnnual reports from the safeguarding boards\n\n"
    text = (
        "4 Dunmoor Safeguarding 2019-2020 Annual Report\n\n"
        "The Independent Chair of Dunmoor Safeguarding introduced this item. Dunmoor Safeguarding was required to "
        "produce and publish an annual report.\n"
    )
    report = facts(tmp_path, text, "report", head=head)[0]
    assert (report["partnership"], report["reporting_year"]) == ("Dunmoor Safeguarding", "2019-20")


def test_a_year_written_with_one_digit_and_a_period_before_the_priorities(tmp_path):
    report = facts(tmp_path, "Introduction\n\nThis report sets out the work of the partnership over the year.\n",
                   "report", head="Dunmoor Safeguarding Children Partnership\n\nAnnual Report 2023/4\n\n")[0]
    assert report["reporting_year"] == "2023-24"
    head = "DUNMOOR SAFEGUARDING CHILDREN BOARD\n\nREPORT COVERING SEPTEMBER 2010 TO MARCH 2012 AND SAFEGUARDING PRIORITIES 2012-13\n\n"
    report = facts(tmp_path, "Foreword\n\nThe Board has had a busy eighteen months.\n", "report", head=head)[0]
    assert report["reporting_year"] == "2011-12"


def test_a_quoted_letter_code_published_by_another_board(tmp_path):
    text = "Kelby & Strand SCB have published a new SCR – Child 'C'. The report relates to the death of a baby aged three months.\n"
    found = facts(tmp_path, text, "review", head="Dunmoor Local Safeguarding Children Board news, January 2018\n\n")
    assert [(f["case_name"], f["review_type"], f["status"], f["conducted_by"]) for f in found] == [("Child C", "scr", "published", "Kelby & Strand")]


def test_the_child_a_review_concerned_named_in_the_sentence_after_it(tmp_path):
    text = (
        "Learning from reviews\n\nThe partnership published one local child safeguarding practice review this year. "
        "It concerned Mason, a 15-year-old who was stabbed.\n\n"
        "Our schools\n\nThe head teacher gave a talk to parents. It concerned Kit, a pupil who had won a prize.\n"
    )
    found = reviews_found(tmp_path, text)
    assert ("Mason", "lcspr", "published") in found
    assert not any(name == "Kit" for name, _, _ in found)


def test_a_page_naming_its_partnership_by_acronym_alone(tmp_path):
    text = (
        "ESSCP Business Plan\n\nThe ESSCP publishes a report each year on how well children are kept safe.\n\n"
        "In our latest report, our Independent Chair, Hugo Varn, looks back on the year.\n"
    )
    found = report(tmp_path, text)
    assert found["partnership"] == "East Sussex Safeguarding Children Partnership" and found["areas"] == ["East Sussex"]


def test_an_area_named_twice_in_the_partnerships_name_is_one_area(tmp_path):
    text = "This report introduces the annual report of the City of York Safeguarding Children Partnership for 2022/23.\n"
    assert report(tmp_path, text)["areas"] == ["York"]


def test_minutes_that_say_who_introduced_the_item_and_invited_questions(tmp_path):
    text = (
        "Rhona Pell,\nIndependent Chair of the Brackenmoor Safeguarding Children Partnership, introduced\nthis item. "
        "The partnership was required to produce and publish an annual report. The annual report gave an overview of "
        "key performance data and of the work against each of the strategic priorities during 2022/23.\n"
        "Questions and comments were invited, with\nresponses provided as indicated:\n"
        "- A member welcomed the annual report.\n"
    )
    assert report(tmp_path, text)["document_kind"] == "committee_minutes"
# ---- figure, partner (batch 16)

HEAD_2324 = "Amblecote Safeguarding Children Partnership Annual Report 2023/24\n\n"


def test_position_with_the_year_before_in_the_next_sentence(tmp_path):
    text = (
        "At 31 March 2024, 288 children and young people were the subject of a child protection plan. "
        "This is an increase from 259 at 31 March 2023 and 240 at 31 March 2022.\n\n"
        "At 31 March 2024, 1,604 children had been assessed as being in need of a specialist children's service. "
        "This is a decrease from 1,650 at 31 March 2023.\n"
    )
    found = figures(tmp_path, text, head=HEAD_2324)
    assert {("cp_plans", 288, None, None, None), ("cp_plans", 259, "previous_year", None, None),
            ("children_in_need", 1604, None, None, None), ("children_in_need", 1650, "previous_year", None, None)} <= found
    assert not any(f[1] == 240 for f in found)  # two years before is not answered


def test_inspection_style_context_paragraph(tmp_path):
    text = (
        "Approximately 39,800 children and young people under the age of 18 years live in Amblecote. "
        "This is 22 per cent of the total population in the area. "
        "Approximately 31 per cent of the local authority's children are living in poverty.\n"
    )
    found = figures(tmp_path, text, head=HEAD_2324)
    assert {("child_population", 39800, None, None, None), ("child_population_pct", 22, None, None, None),
            ("child_poverty_pct", 31, None, None, None)} <= found
    assert not any(f[1] == 18 for f in found)


def test_category_share_of_plans_against_national(tmp_path):
    found = figures(tmp_path, "Emotional abuse accounted for 29% of plans, against a national average of 36.8%.\n", head=HEAD_2324)
    assert {("cp_category_pct", 29, None, "emotional_abuse", None), ("cp_category_pct", 36.8, "national", "emotional_abuse", None)} <= found


def test_year_columns_flattened_into_lines(tmp_path):
    text = (
        "Front door activity          2021/22    2022/23    2023/24\n"
        "Contacts                      9,101      9,640     10,212\n"
        "Referrals                     2,811      2,902      3,044\n"
        "Re-referrals within 12 months   23%        20%        18%\n"
    )
    found = figures(tmp_path, text, head=HEAD_2324)
    assert {("contacts", 10212, None, None, None), ("contacts", 9640, "previous_year", None, None),
            ("referrals", 3044, None, None, None), ("referrals", 2902, "previous_year", None, None),
            ("re_referral_pct", 18, None, None, None), ("re_referral_pct", 20, "previous_year", None, None)} <= found
    assert not any(f[1] in (9101, 2811, 23) for f in found)


def test_deaths_reviewed_of_those_notified(tmp_path):
    found = figures(tmp_path, "There had been 17 child deaths in the period, and 11 of those had been reviewed by the panel.\n", head=HEAD_2324)
    assert ("child_deaths_notified", 17, None, None, None) in found
    assert not any(f[1] == 11 for f in found)


def test_training_reach_and_one_conference(tmp_path):
    text = (
        "The partnership's training programme delivered sessions to over 1,420 people across the public and voluntary "
        "sectors, and its spring conference was attended by more than 190 delegates.\n"
    )
    found = figures(tmp_path, text, head=HEAD_2324)
    assert ("training_attendees", 1420, None, None, None) in found
    assert not any(f[1] == 190 for f in found)


def test_counts_since_a_date_years_before(tmp_path):
    text = (
        "Since the partnership was formed in September 2019 it has made 12 serious incident notifications, and 9 rapid "
        "reviews have taken place. In 2023/24 there were two serious incident notifications and two rapid reviews.\n\n"
        "Since April 2023 the partnership has held 3 learning reviews.\n"
    )
    found = figures(tmp_path, text, head=HEAD_2324)
    assert {("serious_incident_notifications", 2, None, None, None), ("rapid_reviews", 2, None, None, None)} <= found
    assert not any(f[1] in (12, 9) for f in found)


def test_comparison_of_a_rate_that_is_no_metric(tmp_path):
    text = (
        "There were 3,870 referrals to children's social care in 2023/24, a rate of 571 per 10,000 children, higher "
        "than the national rate of 533.\n\n"
        "1,302 section 47 enquiries were completed in the year, equating to 192 per 10,000, above the national average of 172.\n"
    )
    found = figures(tmp_path, text, head=HEAD_2324)
    assert {("referrals", 3870, None, None, None), ("s47_enquiries", 1302, None, None, None)} <= found
    assert not any(f[1] in (533, 172) for f in found)


def test_from_the_beginning_to_the_end_of_the_year(tmp_path):
    found = figures(tmp_path, "The number of children in need fell from 1,822 at the beginning of the year to 1,760 at the end of the year.\n", head=HEAD_2324)
    assert {("children_in_need", 1760, None, None, None), ("children_in_need", 1822, "previous_year", None, None)} <= found


def test_a_months_position_is_not_the_years(tmp_path):
    found = figures(tmp_path, "By the end of September this year, 377 children were on a child protection plan, compared with 362 in August.\n", head=HEAD_2324)
    assert not any(f[0] == "cp_plans" for f in found)


def _partner_roles(tmp_path, text, head=HEAD_2324):
    return {(f["name"], f["role"]) for f in facts(tmp_path, text, "partner", head=head)}


def test_partners_that_agreed_or_published_the_arrangements(tmp_path):
    found = _partner_roles(tmp_path, (
        "The board hands over to new arrangements agreed between Amblecote Borough Council, Hessleby Police and "
        "NHS Amblecote Clinical Commissioning Group.\n"
    ), head="Amblecote Local Safeguarding Children Board Annual Report 2018/19\n\n")
    assert {("Amblecote Borough Council", "statutory_partner"), ("Hessleby Police", "statutory_partner"),
            ("NHS Amblecote Clinical Commissioning Group", "statutory_partner")} <= found


def test_members_listed_after_this_includes(tmp_path):
    found = _partner_roles(tmp_path, (
        "The wider health economy is represented on the Partnership Board. This includes: Amblecote Community "
        "Healthcare NHS Trust (ACHT); Amblecote Teaching Hospitals NHS Trust (ATHT); and primary care.\n"
    ))
    assert {("Amblecote Community Healthcare NHS Trust", "relevant_agency"), ("Amblecote Teaching Hospitals NHS Trust", "relevant_agency")} <= found


def test_members_named_by_an_abbreviation_the_document_defines(tmp_path):
    text = (
        "Glossary\n\nAHFT – Amblecote Hospitals NHS Foundation Trust\n\nACVS – Amblecote Council for Voluntary Service\n\n"
        "Appendix 1: Board membership at 31 March 2024\n\n"
        "Nadia Pell / Head of Safeguarding, AHFT\n"
        "Owen Tarr / Chief Executive, ACVS\n"
    )
    found = _partner_roles(tmp_path, text)
    assert {("Amblecote Hospitals NHS Foundation Trust", "relevant_agency"), ("Amblecote Council for Voluntary Service", "relevant_agency")} <= found


def test_a_family_trust_is_a_voluntary_body(tmp_path):
    found = facts(tmp_path, "Relevant agencies include Amblecote Youth Justice Service and Hessleby Family Trust.\n", "partner", head=HEAD_2324)
    assert {(f["name"], f["org_type"]) for f in found} >= {("Hessleby Family Trust", "voluntary")}


def test_repeat_referrals_deaths_of_children_and_shares_in_words(tmp_path):
    text = (
        "16% of referrals were repeat referrals within 12 months, down from 18% in 2022/23.\n\n"
        "The Child Death Overview Panel had been notified of the deaths of 14 Amblecote children.\n\n"
        "The number of children on child protection plans rose to 288. Twenty-three per cent of the plans were made "
        "because of emotional abuse.\n"
    )
    found = figures(tmp_path, text, head=HEAD_2324)
    assert {("re_referral_pct", 16, None, None, None), ("re_referral_pct", 18, "previous_year", None, None),
            ("child_deaths_notified", 14, None, None, None), ("cp_category_pct", 23, None, "emotional_abuse", None)} <= found


def test_share_of_residents_under_18_on_a_key_facts_page(tmp_path):
    found = figures(tmp_path, "57,300\n\nchildren and young people aged 0-17\n\n23.6%\n\nof the borough's residents are under 18\n", head=HEAD_2324)
    assert ("child_population_pct", 23.6, None, None, None) in found
    assert not any(f[1] == 18 for f in found)


def test_the_figure_for_a_second_area_after_a_semicolon(tmp_path):
    head = "Amblecote and Hessleby Safeguarding Children Partnership Annual Report 2023/24\n\nThe partnership covers Amblecote Council and Hessleby Council.\n\n"
    found = figures(tmp_path, "In Hessleby, 201 children were subject to a child protection plan at 31 March 2024, compared with 219 a year earlier; in Amblecote the figure was 147.\n", head=head)
    assert ("cp_plans", 147, None, None, "Amblecote") in found


def test_prevent_as_a_verb_opening_a_priority_is_not_the_prevent_programme(tmp_path):
    text = (
        "The board agreed five core priorities for 2018-2020.\n\nPriority One\nPrevent Abuse\n\n"
        "Priority Two\nPromote children and young people's emotional health and wellbeing.\n"
    )
    themes = {f["theme"] for f in facts(tmp_path, text, "theme")}
    assert "radicalisation" not in themes and "children_mental_health" in themes
    text = "Prevent referrals rose in the year, and the Prevent lead trained 300 staff. Referrals to Prevent doubled.\n"
    assert "radicalisation" in {f["theme"] for f in facts(tmp_path, text, "theme")}


def test_a_rate_of_cases_referred_under_a_children_in_need_heading_is_no_contract_rate(tmp_path):
    text = (
        "Children in Need\n\n"
        "The rate of cases referred to children's social care in Harbourside has fallen, with a current rate "
        "(2021/22) of 301.4 per 10,000 population. This is below the rate for England (537.7).\n"
    )
    assert not {f for f in figures(tmp_path, text) if f[0] == "cin_rate_per_10k"}


def test_a_name_listed_after_and_does_not_take_the_role_before_it(tmp_path):
    text = (
        "The Chair welcomed Councillor Ann Roe, Cabinet Member for Children, Meg Tull, Director of Social Services "
        "and Kit Haddow, Business manager for the Board and asked them to present the annual report.\n"
    )
    people = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert [role for name, role in people if name == "Kit Haddow"] == ["business_manager"]
# ---- partner, person (batch 18)


def _b18_partners(tmp_path, text):
    return {(f["name"], f["org_type"], f["role"]) for f in facts(tmp_path, text, "partner")}


def _b18_people(tmp_path, text):
    return {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}


def test_placeless_services_take_the_partnership_place(tmp_path):
    found = _b18_partners(tmp_path, "Its executive group also includes Cafcass, the Youth Justice Service, the Voluntary Action and Healthwatch.\n")
    assert ("Harbourside Youth Justice Service", "youth_justice", "relevant_agency") in found
    assert ("Harbourside Voluntary Action", "voluntary", "relevant_agency") in found
    assert ("Healthwatch Harbourside", "voluntary", "relevant_agency") in found


def test_placeless_service_in_a_members_table(tmp_path):
    text = "Organisation\tRepresentative\nHarbourside Teaching Hospitals NHS Trust\tHead of Safeguarding\nYouth Justice Service\tHead of Service\n"
    found = _b18_partners(tmp_path, text)
    assert ("Harbourside Youth Justice Service", "youth_justice", "relevant_agency") in found


def test_healthwatch_before_a_second_body(tmp_path):
    found = _b18_partners(tmp_path, "Board members include Healthwatch Harbourside and Harbourside Voluntary Action.\n")
    assert ("Healthwatch Harbourside", "voluntary", "relevant_agency") in found
    assert ("Harbourside Voluntary Action", "voluntary", "relevant_agency") in found


def test_members_clause_after_the_statutory_partners(tmp_path):
    text = (
        "She explained that the three statutory partners, Harbourside Council, Greywold Police and NHS Greywold Integrated Care Board, "
        "had met every six weeks, and that Harbourside Hospitals NHS Foundation Trust and the Youth Justice Service also sat on the executive group.\n"
    )
    found = _b18_partners(tmp_path, text)
    assert ("Harbourside Hospitals NHS Foundation Trust", "health", "relevant_agency") in found
    assert ("Harbourside Youth Justice Service", "youth_justice", "relevant_agency") in found
    assert ("Greywold Police", "police", "statutory_partner") in found


def test_nhs_trust_paying_towards_the_budget_is_an_agency(tmp_path):
    text = (
        "Harbourside Hospitals NHS Foundation Trust has reviewed its training offer.\n\n"
        "Partner contributions\t£\nHarbourside Council\t98,400\nHarbourside Hospitals NHS Foundation Trust\t4,100\nTotal income\t102,500\n"
    )
    found = _b18_partners(tmp_path, text)
    assert ("Harbourside Hospitals NHS Foundation Trust", "health", "relevant_agency") in found


def test_community_and_voluntary_services_is_the_cvs(tmp_path):
    found = _b18_partners(tmp_path, "Board members include Hackney Community & Voluntary Services.\n")
    assert ("Hackney Council for Voluntary Service", "voluntary", "relevant_agency") in found


def test_award_named_after_a_charity_is_no_partner(tmp_path):
    text = "The statutory partners are Harbourside Council and Greywold Police. The youth forum won the NSPCC Pioneer Award for its work with schools.\n"
    names = {name for name, _, _ in _b18_partners(tmp_path, text)}
    assert "National Society for the Prevention of Cruelty to Children" not in names


def test_line_wrapped_inside_a_name(tmp_path):
    text = (
        "The partnership is led by Harbourside Council, Greywold Police and NHS Greywold Integrated Care\n"
        "Board. Its executive group also includes the Youth Justice Service and Cafcass as relevant agencies.\n"
    )
    found = _b18_partners(tmp_path, text)
    assert ("NHS Greywold Integrated Care Board", "health", "statutory_partner") in found
    assert ("Harbourside Youth Justice Service", "youth_justice", "relevant_agency") in found


def test_coun_with_party_and_ward(tmp_path):
    found = _b18_people(tmp_path, "Coun Alan Birtwhistle (Lib Dem, Moorside), who chairs the children's scrutiny committee, asked about training.\n")
    assert ("Alan Birtwhistle", "other") in found


def test_role_colon_name(tmp_path):
    assert ("Lorna Haig", "business_manager") in _b18_people(tmp_path, "The partnership is supported by a small business unit.\n\nPartnership Business Manager: Lorna Haig\n")


def test_appointed_as_the_new_director(tmp_path):
    text = "Bethan Kilroy was appointed as the new Director of Children's Services at Harbourside Council in July 2023.\n"
    assert ("Bethan Kilroy", "statutory_partner_lead") in _b18_people(tmp_path, text)


def test_replaced_in_the_combined_role(tmp_path):
    text = "Ian Tregear, our Independent Scrutineer, retired in December 2023 and was replaced by Dr Miriam Sollis in the combined role of Independent Chair and Scrutineer.\n"
    found = _b18_people(tmp_path, text)
    assert {("Ian Tregear", "independent_scrutineer"), ("Miriam Sollis", "independent_chair"), ("Miriam Sollis", "independent_scrutineer")} <= found


def test_named_nurse_of_a_trust_at_the_meeting(tmp_path):
    text = "Also present:\nGemma Holroyd, Named Nurse Safeguarding Children, Harbourside Hospitals NHS Foundation Trust\n"
    assert ("Gemma Holroyd", "other") in _b18_people(tmp_path, text)


def test_who_retired_from_a_force_is_no_lead(tmp_path):
    text = "Graham Tilney, who retired from Greywold Police in 2022, is the new independent chair.\n"
    assert ("Graham Tilney", "statutory_partner_lead") not in _b18_people(tmp_path, text)
# ---- figure (batch 17)


def test_a_paragraph_about_one_course_keeps_its_counts_out_of_the_years_training(tmp_path):
    text = (
        "Learning and development\n\n"
        "The partnership delivered 58 multi-agency training sessions, attended by 1,390 practitioners.\n\n"
        "Over the year, ten Chronologies workshops were delivered across the localities. A total of 151 practitioners attended, "
        "with 19 more booking but not attending.\n\n"
        "The Working Together course remains popular. It ran 8 times and 196 practitioners attended.\n\n"
        "With the fire service we ran a youth fire safety course. 5 courses ran and around 60 young people completed the course.\n"
    )
    found = figures(tmp_path, text)
    assert ("training_sessions", 58, None, None, None) in found
    assert ("training_attendees", 1390, None, None, None) in found
    assert not any(value in (10, 151, 8, 196, 5, 60) for _, value, *_ in found)


def test_feedback_shares_other_than_satisfaction_and_a_few_months_events(tmp_path):
    text = (
        "Training feedback\n\n"
        "- 86% of attendees said the training met their needs\n"
        "- 92% said the course met its stated learning outcomes\n"
        "- 89% would recommend the training to a colleague\n"
        "- 97% rated the organisation of training as good or excellent\n"
        "- 94% said their knowledge had improved\n"
        "- 100% of delegates at the Court Skills workshop said they felt ready to give evidence\n\n"
        "Learning events on a local review were held during early 2022 with over 80 attendees.\n"
    )
    found = figures(tmp_path, text)
    assert ("training_satisfaction_pct", 86, None, None, None) in found
    assert not any(value in (92, 89, 97, 94, 100, 80) for _, value, *_ in found)


def test_one_teams_part_in_strategy_discussions_and_enquiries(tmp_path):
    text = (
        "Health\n\n"
        "The Designated Nurse team took part in 47 strategy discussions and responded to 210 requests, 26 of which concerned children looked after.\n\n"
        "The Safeguarding People team responded to a total of 180 enquiries, 9 of which led to a referral.\n"
    )
    found = figures(tmp_path, text)
    assert not any(value in (47, 26, 9) for _, value, *_ in found)


def test_a_section_47_row_in_a_flattened_two_year_table(tmp_path):
    text = (
        "Key data                                   2020-21      2021-22\n"
        "Contacts to the front door                 10,402       10,980\n"
        "Referrals to children's social care         2,966        2,815\n"
        "Section 47 enquiries                        1,044        1,121\n"
    )
    found = figures(tmp_path, text)
    assert ("s47_enquiries", 1121, None, None, None) in found
    assert ("s47_enquiries", 1044, "previous_year", None, None) in found


def test_sessions_delivered_by_the_training_programme(tmp_path):
    found = figures(tmp_path, "Training\n\nThe partnership's multi-agency training programme delivered 49 sessions in 2021/22, and more than 1,050 practitioners attended.\n")
    assert ("training_sessions", 49, None, None, None) in found
    assert ("training_attendees", 1050, None, None, None) in found
    found = figures(tmp_path, "Training\n\nWe delivered 88 multi-agency sessions to 2,040 attendees.\n")
    assert ("training_sessions", 88, None, None, None) in found


def test_one_as_a_pronoun_in_a_gloss_is_no_count(tmp_path):
    text = (
        "During 2021/22 the re-referral rate (a new referral received within 12 months of the previous one) in "
        "Harbourside was 19.1%, below the England rate (21.5%).\n"
    )
    found = figures(tmp_path, text)
    assert ("re_referral_pct", 19.1, None, None, None) in found and ("re_referral_pct", 21.5, "national", None, None) in found


# ---- people listed with their roles after them, the roles written with a dash


def test_a_list_of_names_each_with_its_own_role_after_it(tmp_path):
    """Three people in one sentence, each with a role after the name: the second's role ('Assistant
    Director - Learning') is its own, not the first person's role run on to it."""
    text = (
        "The Chair welcomed Corin Maddox, Interim Director: Children & Families, Petra Lowndes, Assistant Director - "
        "Learning, and Ivo Treharne, Assistant Director - Children's Standards, to the meeting.\n"
    )
    people = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert ("Corin Maddox", "statutory_partner_lead") in people
    assert ("Petra Lowndes", "other") in people
    assert ("Ivo Treharne", "other") in people


def test_two_signatories_run_together_on_one_line_keep_their_own_roles(tmp_path):
    text = (
        "Report of the Harrowdale Safeguarding Children Partnership Annual Report 2023/24.\n"
        "Nadia Kowalczyk, Safeguarding Children Partnership Business Manager Lorcan Hart-Pryce, Harrowdale Safeguarding "
        "Children Partnership Independent Scrutineer\n"
    )
    people = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert ("Nadia Kowalczyk", "business_manager") in people
    assert ("Lorcan Hart-Pryce", "independent_scrutineer") in people
    assert ("Lorcan Hart-Pryce", "business_manager") not in people


def test_a_hyphenated_surname_is_not_a_dash_before_a_role(tmp_path):
    text = "Our Independent Scrutineer Lorcan Hart-Pryce has written an Independent Scrutineer Report on the year.\n"
    people = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert people == {("Lorcan Hart-Pryce", "independent_scrutineer")}


# ---- rapid reviews that went on to a local review, written with "of which" and "-ing"


def test_rapid_reviews_of_which_some_progressed_to_a_local_review(tmp_path):
    said = {
        "4 multi-agency Rapid Reviews were held, of which one progressed to a Local Child Safeguarding Practice Review.": (4, 1),
        "The partnership held 9 rapid reviews, three of which progressed to LCSPRs.": (9, 3),
        "5 Rapid Reviews were held, with 2 progressing to a Child Safeguarding Practice Review.": (5, 2),
    }
    for text, (held, went_on) in said.items():
        found = figures(tmp_path, text + "\n")
        assert ("rapid_reviews", held, None, None, None) in found, text
        assert ("lcspr_commissioned", went_on, None, None, None) in found, text


def test_one_after_which_is_a_pronoun_unless_of_which(tmp_path):
    text = "Partners agreed which one of the two audits to repeat. 212 referrals were received in the year.\n"
    assert ("referrals", 1, None, None, None) not in figures(tmp_path, text)


# ---- priorities on partnership web pages


def _page_priorities(tmp_path, html: str) -> set[tuple]:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    return {(f["theme"], f["period"]) for f in pipeline.process_file(path).facts if f["kind"] == "priority"}


def test_priorities_this_year_take_the_period_of_the_sentence_before(tmp_path):
    html = (
        "<html><body><h1>Partnership priorities</h1><p>The Harrowdale Safeguarding Children Partnership has agreed "
        "priorities for 2021/2022 that will shape the work of all partner agencies.</p><p>The priorities this year are:</p>"
        "<ul><li>Neglect</li><li>Early Help</li><li>Children with Disabilities</li></ul></body></html>"
    )
    assert _page_priorities(tmp_path, html) == {("neglect", "2021-22"), ("early_help", "2021-22"), ("children_with_disabilities", "2021-22")}


def test_priorities_with_a_year_range_before_the_word_and_label_lines_for_each(tmp_path):
    html = (
        "<html><body><p>These 2024-2026 priorities reflect our wish to improve how agencies work together in three key areas:</p>"
        "<p><strong>Fair Chances (aligned with our work on Disproportionality and Racism):</strong></p>"
        "<p>Partners told us structural inequality shapes which families are referred.</p>"
        "<p><strong>Emotional Wellbeing, Special Educational Needs and Disabilities (SEND) and Inclusion:</strong></p>"
        "<p>Children's mental health came up in every conversation.</p>"
        "<p><strong>Neglect and Parental Factors:</strong></p><p>Neglect remains the most common category of plans.</p></body></html>"
    )
    got = _page_priorities(tmp_path, html)
    assert {("racial_disproportionality", "2024-25..2025-26"), ("neglect", "2024-25..2025-26")} <= got
    assert {"children_with_disabilities", "children_mental_health"} & {theme for theme, _ in got}


def test_cross_cutting_themes_listed_under_a_priorities_heading_are_not_priorities(tmp_path):
    html = (
        "<html><body><h1>HSCP Priorities</h1><p>The HSCP priorities for 2023-25 are:</p>"
        "<ol><li>Early Help</li><li>Domestic Abuse</li></ol><p>The HSCP cross-cutting themes for 2023-25 are:</p>"
        "<ul><li>Voice of children, young people and families</li><li>Addressing disproportionality</li></ul></body></html>"
    )
    assert _page_priorities(tmp_path, html) == {("early_help", "2023-24..2024-25"), ("domestic_abuse", "2023-24..2024-25")}


def test_a_first_name_before_blog_is_no_person(tmp_path):
    text = "Rhys Blog – HSCP Independent Chair and Scrutineer\n\nIt has been a busy few weeks since my last post.\n"
    assert not facts(tmp_path, text, "person")


def test_a_web_page_on_another_topic_that_mentions_the_annual_report_once_is_no_annual_report(tmp_path):
    html = (
        "<html><head><title>Independent scrutiny - Harrowdale Safeguarding Children Partnership</title></head><body>"
        "<h1>Independent scrutiny</h1><p>The independent scrutineer acts as a critical friend to promote reflection. "
        "The scrutineer considers how well local arrangements work and gives feedback to the leadership group. The "
        "independent scrutineer also scrutinises the partnership's annual report.</p>"
        "<p>Our current independent scrutineer is Nadia Kowalczyk.</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    report = next(f for f in pipeline.process_file(path).facts if f["kind"] == "report")
    assert report["document_kind"] == "other"


# ---- local news on the annual report


def test_children_subject_to_a_protection_plan_without_the_word_child(tmp_path):
    text = (
        "In Harrowdale, the number of children subject to a protection plan was 231 at the end of March this year, "
        "a 12.4 per cent rise on the figure of 205 from the previous year.\n"
    )
    found = figures(tmp_path, text)
    assert ("cp_plans", 231, None, None, None) in found and ("cp_plans", 205, "previous_year", None, None) in found


def test_an_elected_mayor_named_in_a_news_story(tmp_path):
    text = "Mayor Corin Maddox said the rise showed that more children were being identified.\n"
    assert ("Corin Maddox", "other") in {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}


def test_an_adults_safeguarding_board_named_beside_the_childrens_is_not_the_partnership(tmp_path):
    text = (
        "Harrowdale Safeguarding Boards - Annual Report 2022/23\n\n"
        "Statute requires that every area has both a Children Safeguarding Board and an Adult Safeguarding Board. "
        "This report is presented before publication of the Harrowdale Safeguarding Children Board annual report.\n"
    )
    report = facts(tmp_path, text, "report", head="")[0]
    assert report["partnership"] == "Harrowdale Safeguarding Children Board"


def test_no_one_is_no_count(tmp_path):
    from lscp.tag.numbers import find_numbers

    for text in ("No one attended the training on neglect.", "no-one was referred twice", "It was no longer a priority."):
        assert not find_numbers(text), text
    assert [h.value for h in find_numbers("There were no rapid reviews in the year.")] == [0]
# ---- figure, partner (batch 20)


def test_two_year_lines_with_bar_separated_cells(tmp_path):
    text = (
        "Key safeguarding data\n\nMeasure | 2020/21 | 2021/22\n\nContacts received | 9,214 | 9,806\n\n"
        "Children subject to a child protection plan at 31 March | 233 | 251\n\nLADO referrals | 97 | 112\n"
    )
    found = figures(tmp_path, text)
    assert ("contacts", 9806, None, None, None) in found
    assert ("contacts", 9214, "previous_year", None, None) in found
    assert ("cp_plans", 251, None, None, None) in found
    assert ("cp_plans", 233, "previous_year", None, None) in found
    assert ("lado_referrals", 112, None, None, None) in found
    assert ("lado_referrals", 97, "previous_year", None, None) in found


def test_the_previous_year_after_a_count_and_its_rate_is_the_count(tmp_path):
    text = (
        "There were 1,904 children in need in Harbourside as at 31 March 2022, equating to 287 per 10,000 population. "
        "This represents an increase of 4%, from 1,831 children the previous year.\n\n"
        "At 31 March 2022, 262 children were the subject of a child protection plan (a rate of 39.5 per 10,000 children). "
        "This is an increase from 240 at 31 March 2021.\n"
    )
    found = figures(tmp_path, text)
    assert ("children_in_need", 1831, "previous_year", None, None) in found
    assert ("cp_plans", 240, "previous_year", None, None) in found
    assert not {f for f in found if f[0].endswith("rate_per_10k") and f[2] == "previous_year"}


def test_partners_that_developed_the_strategy(tmp_path):
    text = (
        "The report covered the second year of a three-year strategy, which had been developed by Harbourside Council, "
        "Saltmarsh Police, and the Harbourside Integrated Care Board, to keep children in the area safe.\n"
    )
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert ("Saltmarsh Police", "statutory_partner") in found
    assert {role for name, role in found if name.endswith("Harbourside Integrated Care Board")} == {"statutory_partner"}


def test_a_community_action_brand_before_its_place(tmp_path):
    text = "The organisations represented on the Board are:\n\nHarbourside Constabulary\n\nCommunity Action Harbourside\n"
    found = {(f["name"], f["org_type"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert ("Community Action Harbourside", "voluntary", "relevant_agency") in found


def test_notifications_received_and_progressed_to_rapid_reviews(tmp_path):
    found = figures(tmp_path, "- 3 serious incident notifications have been received and progressed to Rapid Reviews.\n")
    assert ("serious_incident_notifications", 3, None, None, None) in found
    assert ("rapid_reviews", 3, None, None, None) in found


def test_s47_enquiries_misspelt_in_a_run_on_list(tmp_path):
    text = "Data presented showed that contacts converted to referrals was 3,102, 1,544 s47 enquires initiated and 318 children looked after as of March 2022.\n"
    found = figures(tmp_path, text)
    assert ("s47_enquiries", 1544, None, None, None) in found
    assert ("referrals", 1544, None, None, None) not in found


def test_a_rate_moving_between_two_months_is_not_the_year(tmp_path):
    found = figures(tmp_path, "The rate of looked after children per 10,000 has reduced from 61.2 in April to 58.9 on 31 August.\n")
    assert not found


def test_plans_moving_between_the_same_month_of_two_years_are_not_the_year(tmp_path):
    text = "There has also been an increase in the number of children on child protection plans from 171 in August 2021 to 223 in August 2022.\n"
    assert not figures(tmp_path, text)


def test_a_ccg_at_a_board_meeting_without_a_reporting_year_is_a_statutory_partner(tmp_path):
    head = "Saltmarsh Local Safeguarding Children Board\n\nMinutes of the Strategic Board meeting\n\n"
    text = "Present: Helen Wills, Chief Nurse, NHS Saltmarsh Clinical Commissioning Group; Rob Wheat, Designated Doctor, Saltmarsh Teaching Hospitals NHS Foundation Trust.\n"
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "partner", head)}
    assert ("NHS Saltmarsh Clinical Commissioning Group", "statutory_partner") in found
    assert ("Saltmarsh Teaching Hospitals NHS Foundation Trust", "relevant_agency") in found


def test_a_flattened_attendance_table_after_its_header_line(tmp_path):
    head = "Saltmarsh Local Safeguarding Children Board\n\nBoard meeting 14 March 2018 - Attendance List\n\n"
    text = (
        "NAME ROLE, ORGANISATION PRESENT APOLOGIES\n\n"
        "Chris Fell Independent Chair, SLSCB Y (Chair) Julie Garner Associate Director for Safeguarding, Y Saltmarsh Healthcare NHS Trust "
        "Colin Petty Corporate Director, Children's Services, Y Saltmarsh County Council Lee Wilkes Chief Inspector, Saltmarsh Constabulary A\n"
    )
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "partner", head)}
    assert ("Saltmarsh Healthcare NHS Trust", "relevant_agency") in found
    assert ("Saltmarsh County Council", "statutory_partner") in found
    assert ("Saltmarsh Constabulary", "statutory_partner") in found
    assert not {name for name, _ in found if name.startswith("Y ")}


def test_the_share_column_of_a_contributions_table_is_no_income(tmp_path):
    text = "Budget 2021-22\n\nPartner contributions\t£\t%\nHarbourside Council\t60,000\t60\nSaltmarsh Police\t40,000\t40\nTotal income\t100,000\t100\n"
    found = figures(tmp_path, text)
    assert ("partnership_income_gbp", 100000, None, None, None) in found
    assert ("partnership_income_gbp", 100, None, None, None) not in found


def test_a_designated_doctor_named_by_post_alone_is_a_member(tmp_path):
    text = "Dr Ines Okafor, Designated Doctor for Safeguarding Children, presented the child death overview panel report.\n"
    assert ("Ines Okafor", "other") in {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
# ---- partner (batch 21)


def test_bodies_identified_as_the_core_safeguarding_partners(tmp_path):
    text = (
        "The following bodies in Harbourside are identified as the core 'safeguarding partners' for HSCP:\n\n"
        "Harbourside County Council\n\nSaltmarsh and Harbourside Integrated care Board (ICB)\n\nChief Officer of Saltmarsh Police\n\n"
        "Membership is extended to other relevant agencies, such as Saltmarsh Fire and Rescue Service and the local hospitals.\n"
    )
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert ("Saltmarsh Police", "statutory_partner") in found
    assert {role for name, role in found if "Integrated" in name} == {"statutory_partner"}
    assert ("Saltmarsh Fire and Rescue Service", "relevant_agency") in found


def test_partners_that_collectively_hold_statutory_responsibilities(tmp_path):
    text = (
        "The partnership consists of three key agencies who collectively hold statutory responsibilities for keeping "
        "children safe: the Local Authority (through Families and Learning), Health (through Harbourside Clinical "
        "Commissioning Group) and Saltmarsh Police.\n"
    )
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert ("Saltmarsh Police", "statutory_partner") in found
    assert {role for name, role in found if "Clinical Commissioning" in name} == {"statutory_partner"}


def test_partners_with_a_statutory_duty_to_put_arrangements_in_place(tmp_path):
    text = (
        "Tidewater Police has a statutory duty to investigate crime.\n\n"
        "By law, Harbourside Council, Saltmarsh Police and Harbourside Integrated Care Board (health partners) have a "
        "statutory duty to put in place multi-agency safeguarding arrangements.\n"
    )
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert ("Saltmarsh Police", "statutory_partner") in found
    assert {role for name, role in found if "Integrated Care" in name} == {"statutory_partner"}
    assert not {name for name, _ in found if name.startswith("Tidewater")}


def test_accountable_partners_listed_in_brackets(tmp_path):
    text = (
        "The three accountable safeguarding partners in Harbourside (Harbourside County Council, Harbourside Clinical "
        "Commissioning Group and Saltmarsh Police) formed the partnership.\n"
    )
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert ("Saltmarsh Police", "statutory_partner") in found
    assert {role for name, role in found if "Clinical Commissioning" in name} == {"statutory_partner"}


def test_a_mental_health_trust_without_nhs_in_its_name(tmp_path):
    text = "The following agencies are represented on the Board:\n\n- Saltmarsh & Harbourside Mental Health Trust;\n- Probation Service.\n"
    found = {(f["name"], f["org_type"], f["role"]) for f in facts(tmp_path, text, "partner")}
    assert ("Saltmarsh & Harbourside Mental Health Trust", "health", "relevant_agency") in found


def test_an_icb_among_members_on_an_undated_page_is_a_statutory_partner(tmp_path):
    head = "Harbourside Safeguarding Children Partnership - about us\n\n"
    text = (
        "The partnership brings together the Council, Saltmarsh Constabulary and NHS Harbourside Integrated Care Board, "
        "with schools and the voluntary sector as members.\n"
    )
    found = {(f["name"], f["role"]) for f in facts(tmp_path, text, "partner", head)}
    assert {role for name, role in found if "Integrated Care" in name} == {"statutory_partner"}


def test_a_board_independently_chaired_by_a_named_person(tmp_path):
    text = "The Board is independently chaired by Corin Maddox.\n"
    assert ("Corin Maddox", "independent_chair") in {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}


def test_a_scrutineer_who_chairs_the_partnership_holds_both_roles(tmp_path):
    text = "Petra Lowndes, the HSCP's independent scrutineer, chairs the Partnership and reports on how well it works.\n"
    people = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert {("Petra Lowndes", "independent_scrutineer"), ("Petra Lowndes", "independent_chair")} <= people


def test_a_chair_announced_in_one_sentence_and_named_in_the_next(tmp_path):
    text = (
        "A former head teacher has been named as the new independent chair of the Harrowdale Safeguarding Children "
        "Partnership.\n\nCorin Maddox, who left Linwick Academy in 2023, takes over from Dr Petra Lowndes, who had chaired "
        "the partnership since 2020.\n"
    )
    people = {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}
    assert {("Corin Maddox", "independent_chair"), ("Petra Lowndes", "independent_chair")} <= people


def test_a_percentage_opening_a_call_out_label_is_no_paragraph_number(tmp_path):
    text = "Local context\n\n18.4%\nChildren are living in poverty and low income households\n"
    assert ("child_poverty_pct", 18.4, None, None, None) in figures(tmp_path, text)
# ---- review (batch 19)


def test_two_letter_codes_in_brackets_after_a_count_and_a_type(tmp_path):
    text = (
        "Learning from recently published Harbourside Serious Case Reviews\n\n"
        "In May 2021 the partnership published two serious case reviews (Cases DK and DM) and one safeguarding practice review (Case DP).\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Case DK", "scr", "published"), ("Case DM", "scr", "published"), ("Case DP", "lcspr", "published")} <= found
    assert not any(name == "Harbourside" for name, *_ in found)  # the board's place before its plural reviews


def test_a_name_alone_on_a_review_title_page(tmp_path):
    text = "Serious Case Review\n\nOverview Report\n\nFinley\n\nDate: 2nd March 2020\n\nPublication Date: 9th April 2020\n\nWhen Finley died he was four months old.\n"
    found = reviews_found(tmp_path, text)
    assert ("Finley", "scr", "published") in found
    assert not any(name.startswith("Publication") for name, *_ in found)
    found = reviews_found(tmp_path, "SERIOUS CASE REVIEW\n\nRelating to Baby T\n\nOVERVIEW REPORT\n")
    assert any(name == "Baby T" and kind == "scr" for name, kind, _ in found)


def test_a_publication_list_under_a_heading_naming_the_type(tmp_path):
    text = (
        "Child Safeguarding Practice Review Reports\n\n- Rowan – HSCP Report – June 2022\n- Rowan – HSCP Learning Summary – June 2022\n\n"
        "Serious Case Review Reports\n\n- Child W – HSCB Report – May 2019\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Rowan", "lcspr", "published"), ("Child W", "scr", "published")} <= found


def test_a_review_into_the_death_of_a_young_man_called_a_name(tmp_path):
    text = (
        "Today, Harbourside Safeguarding Children Partnership will publish a Child Safeguarding Practice Review into the death of "
        "a young man called Kieran, who took his own life in 2021.\n"
    )
    assert ("Kieran", "lcspr", "published") in reviews_found(tmp_path, text)


def test_the_child_named_in_the_sentence_after_the_review(tmp_path):
    text = (
        "A serious case review into the death of a six-week-old baby in Harbourside was published this week and found failings.\n\n"
        "Baby Ivy died in May 2018 with a fractured skull.\n"
    )
    assert ("Baby Ivy", "scr", "published") in reviews_found(tmp_path, text)


def test_a_national_review_the_panel_expects_to_publish(tmp_path):
    text = "National reviews\n\nAnnouncement: National review for Baby R\n\nThe Panel expects to publish its national review by the end of May 2025.\n"
    assert ("Baby R", "national_review", "in_progress") in reviews_found(tmp_path, text)


def test_a_coded_case_in_news_of_a_report_released_today(tmp_path):
    text = (
        "In a report released today by the Harbourside Safeguarding Children Board, agencies were criticised.\n\n"
        "The girl, referred to as Child J in the serious case review, died in 2017.\n"
    )
    assert ("Child J", "scr", "published") in reviews_found(tmp_path, text)


def test_a_case_after_in_relation_to_regarding_or_related_to(tmp_path):
    assert ("Ellie", "scr", "published") in reviews_found(tmp_path, "The final report of the Serious Case Review (SCR) in relation to Ellie has now been published.\n")
    assert ("Alfie", "lcspr", "published") in reviews_found(tmp_path, "The LCSPR regarding Alfie, a 15-year-old who was stabbed, was published in June 2023.\n")
    assert ("Kacey", "scr", "published") in reviews_found(tmp_path, "The serious case review relating to Kacey was published in 2016.\n")
    text = "A serious case review into the death of a boy has been published. The board's review related to the case of Jayden, who died in 2011.\n"
    assert ("Jayden", "scr", "published") in reviews_found(tmp_path, text)
    text = "Agencies were working together well. The LCSPR regarding Working Together was discussed at the board.\n"
    assert not any(name == "Working Together" for name, *_ in reviews_found(tmp_path, text))


def test_a_review_published_into_the_death_of_a_child_known_as(tmp_path):
    text = "A Child Safeguarding Practice Review was published in March 2023 into the death of a baby girl, known as Poppy.\n"
    assert ("Poppy", "lcspr", "published") in reviews_found(tmp_path, text)


def test_a_review_title_in_capitals_on_one_line(tmp_path):
    assert any(f[:2] == ("Baby L", "scr") for f in reviews_found(tmp_path, "SERIOUS CASE REVIEW - BABY L\n\nIndependent Overview Report.\n\nDate: July 2013\n"))
    assert any(f[:2] == ("Child Y", "scr") for f in reviews_found(tmp_path, "SERIOUS CASE REVIEW 'CHILD Y'\n\nOverview report\n"))


def test_a_status_column_flattened_into_lines_is_no_case(tmp_path):
    text = "Learning from reviews\n\nReview Type Status\nChild A LCSPR Published September 2022\nBaby C Rapid review Completed\n"
    found = reviews_found(tmp_path, text)
    assert ("Child A", "lcspr", "published") in found and ("Baby C", "rapid_review", "completed") in found
    assert not any(name == "Completed" for name, *_ in found)


def test_three_coded_rapid_reviews_one_of_which_progressed(tmp_path):
    text = (
        "Three rapid reviews were held during the year (Child R, Child S and Baby T). One of them, Child S, progressed to a "
        "local child safeguarding practice review.\n"
    )
    found = {(name, kind) for name, kind, _ in reviews_found(tmp_path, text)}
    assert {("Child R", "rapid_review"), ("Child S", "lcspr"), ("Baby T", "rapid_review")} == found


def test_names_listed_after_a_count_and_a_type(tmp_path):
    text = "Locally, the partnership published two LCSPRs, Ava and Zak, during the year.\n"
    assert {("Ava", "lcspr", "published"), ("Zak", "lcspr", "published")} <= reviews_found(tmp_path, text)


def test_a_coded_heading_over_this_review_is(tmp_path):
    text = (
        "Case reviews\n\nChild M\n\nChild M was a 14-year-old girl. The LCSPR was published in May 2022.\n\n"
        "Child N\n\nThis review is in progress and is expected to report in autumn 2023.\n"
    )
    assert {("Child M", "lcspr", "published"), ("Child N", "lcspr", "in_progress")} <= reviews_found(tmp_path, text)


def test_one_published_and_another_awaiting_because_of_an_ongoing_trial(tmp_path):
    text = (
        "During 2022/23 the partnership published one LCSPR (Child P) and completed another (Child Q), which is awaiting "
        "publication because of an ongoing criminal trial.\n"
    )
    found = reviews_found(tmp_path, text)
    assert {("Child P", "lcspr", "published"), ("Child Q", "lcspr", "awaiting_publication")} <= found
    assert not any(name.startswith("LCSPR") for name, *_ in found)
    assert ("Child K", "scr", "awaiting_publication") in reviews_found(tmp_path, "The Board was told that the Serious Case Review on Child K would be published in the New Year.\n")


def test_reviews_listed_after_a_plural_type(tmp_path):
    found = reviews_found(tmp_path, "Two LCSPRs were published: 'Leah' in June 2022 and 'Noah' in January 2023.\n")
    assert {("Leah", "lcspr", "published"), ("Noah", "lcspr", "published")} == found
    found = reviews_found(tmp_path, "Six rapid reviews were undertaken. Two led to LCSPRs: Child E and Child F, both of which are ongoing.\n")
    assert {("Child E", "lcspr", "in_progress"), ("Child F", "lcspr", "in_progress")} <= found


def test_a_pseudonym_in_brackets_after_the_review_type(tmp_path):
    found = reviews_found(tmp_path, "A joint Domestic Homicide Review and LCSPR (Amelia) is being undertaken with the Community Safety Partnership.\n")
    assert ("Amelia", "lcspr", "in_progress") in found


def test_three_siblings_in_one_review_and_two_babies_in_two(tmp_path):
    found = reviews_found(tmp_path, "The serious case review into Children F, G and H, three siblings, was published in March 2019.\n")
    assert ("Children F, G and H", "scr", "published") in found
    found = reviews_found(tmp_path, "The two serious case reviews, published today, concern twin babies, known as Baby O and Baby W.\n")
    assert {("Baby O", "scr", "published"), ("Baby W", "scr", "published")} == found


def test_the_child_named_after_a_news_dateline(tmp_path):
    text = (
        "A Serious Case Review into the death of a four week old baby in Harbourside has found failings by a number of agencies.\n\n"
        "Published 3rd June 2016\n\nBaby Nell died in April 2014 with a fractured skull.\n"
    )
    assert ("Baby Nell", "scr", "published") in reviews_found(tmp_path, text)


def test_a_panel_review_cited_as_its_report_is_published(tmp_path):
    text = "A task group mapped the local response to the national learning (‘The Myth of Invisible Men’ National Panel Report) and local learning.\n"
    assert ("The Myth of Invisible Men", "national_review", "published") in reviews_found(tmp_path, text)


def test_a_review_into_the_experiences_of_a_child_that_started(tmp_path):
    text = "We also started a Local Child Safeguarding Practice Review into the experiences of Jay, a 16-year-old who was exploited.\n"
    assert ("Jay", "lcspr", "in_progress") in reviews_found(tmp_path, text)


def test_a_case_review_overview_report_and_a_local_democracy_reporters_story_are_no_annual_reports(tmp_path):
    review = (
        "Harrowdale Safeguarding Children Partnership\n\nSerious Case Review\n\nOverview Report\n\nJasper\n\n"
        "Contents\n1. Background to the review\n2. Analysis\n3. Recommendations\n\n"
        "This report preserves the anonymity of the child and of the adults in the family.\n"
    )
    news = (
        "Harrowdale Courier\n12 October 2023\n\nMore children referred in Harrowdale\n\n"
        "Safeguarding partners report rising demand, writes Ola Brennan, Local Democracy Reporter\n\n"
        "The Harrowdale Safeguarding Children Partnership annual report shows 4,210 referrals in 2022/23.\n"
    )
    for text in (review, news):
        assert facts(tmp_path, text, "report", head="")[0]["document_kind"] == "other", text[:40]


def test_a_welsh_regional_boards_areas_come_from_its_name():
    from lscp import normalise

    assert {"Cardiff", "Vale of Glamorgan", "Isle of Anglesey"} <= {area.name for area in normalise.areas()}


def test_the_areas_of_a_welsh_regional_board(tmp_path):
    text = "The Cardiff and Vale of Glamorgan Regional Safeguarding Board Annual Report 2022-23 was presented to members.\n"
    report = facts(tmp_path, text, "report", head="")[0]
    assert report["areas"] == ["Cardiff", "Vale of Glamorgan"]
# ---- figure (batch 22)


def test_early_help_assessments_completed_in_a_label_dash_line(tmp_path):
    text = "The number of early help assessments completed in the past year (April 2021 to March 2022) – 1,264\n"
    assert figures(tmp_path, text) == {("early_help_assessments", 1264, None, None, None)}


def test_none_in_the_last_year_is_the_years_figure(tmp_path):
    text = "Private fostering\n\nMembers noted that there were no private fostering notifications in the last year.\n"
    assert figures(tmp_path, text) == {("private_fostering", 0, None, None, None)}


def test_an_average_per_event_is_not_the_years_attendance(tmp_path):
    text = "Multi-agency training\n\nHeadline statistics:\n92 learning events\n16 delegates per event - average attendance\n"
    found = figures(tmp_path, text)
    assert ("training_sessions", 92, None, None, None) in found
    assert not {f for f in found if f[0] == "training_attendees"}


def test_in_need_through_assessment_without_formally(tmp_path):
    text = (
        "At 31 March 2022, 1,538 children had been identified through assessment as being in need of a specialist "
        "children's service. This is a slight decrease from 1,602 at 31 March 2021.\n"
    )
    found = figures(tmp_path, text)
    assert ("children_in_need", 1538, None, None, None) in found
    assert ("children_in_need", 1602, "previous_year", None, None) in found


def test_a_rate_sentence_after_a_count_with_its_change(tmp_path):
    text = (
        "The number of children looked after rose to 436 at 31 March 2022, up 4%. This is a rate of 83 per 10,000 "
        "children - up from 79 in 2021.\n"
    )
    found = figures(tmp_path, text)
    assert ("cla_rate_per_10k", 83, None, None, None) in found
    assert ("cla_rate_per_10k", 79, "previous_year", None, None) in found


def test_children_looked_after_that_some_incidents_concern_are_not_the_years_count(tmp_path):
    text = "How many missing incidents were reported for children placed outside the area? 391 incidents relating to 47 Children Looked After (CLA).\n"
    assert not {f for f in figures(tmp_path, text) if f[0] == "children_looked_after"}


def test_a_lado_whole_named_by_notifications_with_its_parts(tmp_path):
    text = (
        "A total of 874 notifications, comprising of 569 referrals and 305 advice requests, were received by the LADO "
        "service during the period April 2021 to March 2022. This is an increase from the 701 for 2020 – 21 and 612 for "
        "the year 2019 – 20.\n"
    )
    assert figures(tmp_path, text) == {("lado_referrals", 874, None, None, None), ("lado_referrals", 701, "previous_year", None, None)}


def test_a_bare_calendar_year_long_before_the_reporting_year_is_not_the_previous_year(tmp_path):
    text = "The proportion of assessments carried out in time is 86% during 2021/22 (up from 74.2% in 2018).\n"
    assert figures(tmp_path, text) == {("assessments_timely_pct", 86, None, None, None)}


def test_an_attendance_line_under_a_training_count_is_the_years_attendees(tmp_path):
    text = "Headline statistics:\n92 learning events\n1,466 attendance\n"
    found = figures(tmp_path, text)
    assert ("training_attendees", 1466, None, None, None) in found
    assert not {f for f in figures(tmp_path, "Board meetings\n\n12 meetings\n85 attendance\n") if f[0] == "training_attendees"}


def test_a_young_person_who_took_his_own_life_and_babies_sleeping_in_an_unsafe_place_name_themes(tmp_path):
    text = (
        "The review concerns a young man who took his own life when he was 16.\n\n"
        "Both babies had been sleeping in an unsafe place when they died.\n"
    )
    assert {"children_mental_health", "sudden_infant_death"} <= {f["theme"] for f in facts(tmp_path, text, "theme")}


def test_a_thematic_review_the_national_panel_published_is_a_national_review(tmp_path):
    text = (
        "In May 2024, the National Child Safeguarding Practice Review Panel published its thematic review titled "
        "\"Out of Sight\" examining how agencies respond to children who go missing from education.\n"
    )
    assert ("Out of Sight", "national_review", "published") in reviews_found(tmp_path, text)


def test_the_framework_of_a_review_process_is_no_review(tmp_path):
    text = "The safeguarding partners have signed up to the Regional Local Child Safeguarding Practice Reviews Framework.\n"
    assert not reviews_found(tmp_path, text)


def test_a_news_story_of_a_serious_case_review_started_after_a_babys_death(tmp_path):
    text = (
        "Agencies have pledged to improve following the publication of a Serious Case Review (SCR).\n\n"
        "The serious case review was commissioned after the death of three-week-old Baby 'Wren' in Harrowdale in March 2013.\n\n"
        "Independent chairman of the LSCB, Corin Maddox said: \"There were several areas where agencies should have done better.\"\n"
    )
    assert ("Baby Wren", "scr", "commissioned") in reviews_found(tmp_path, text)
    started = text.replace("was commissioned after", "was started after")
    assert ("Baby Wren", "scr", "published") in reviews_found(tmp_path, started)  # a history, not the stage: the story is of its publication
    assert ("Corin Maddox", "independent_chair") in {(f["name"], f["role"]) for f in facts(tmp_path, text, "person")}


def test_a_peak_is_no_years_figure_and_a_statistical_neighbours_rate_given_in_a_where_clause(tmp_path):
    text = (
        "Since the height of 588 looked after children during October 2021, there has been a reduction of 96.\n\n"
        "Our rate remains higher than our statistical neighbour where the rate of looked after children per 10,000 is 98.4.\n"
    )
    found = figures(tmp_path, text)
    assert not any(f[0] == "children_looked_after" and f[1] == 588 for f in found)
    assert ("cla_rate_per_10k", 98.4, "statistical_neighbour", None, None) in found
