"""How a person's name is written in these documents: an optional title or police rank, a first name and a
surname; and which capitalised pairs are not names (words of organisations, roles and places)."""

from __future__ import annotations

import re

TITLE = r"(?:Dr|Cllr|Coun|Councillor|Professor|Prof|Reverend|Revd|Rev|Mrs|Mr|Ms|Miss)\.?"
# a police rank before a name ("Detective Chief Superintendent Lewis Okafor"): the rank is the role, not the name
RANK = r"(?:(?:Detective\s+)?(?:(?:Assistant|Deputy)\s+)?(?:Chief\s+)?(?:Superintendent|Inspector|Constable))"
PREFIX = r"(?:" + RANK + r"|" + TITLE + r")"
NAME = r"((?:" + PREFIX + r"\s+)?[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\s+(?:(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?))"
TWO_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\s+(?:Mc|Mac|O')?[A-Z][a-z]")  # what any NAME holds
NOT_PERSON_WORDS = {
    "Safeguarding", "Children", "Council", "Police", "Partnership", "Board", "Service", "Services", "Trust", "Health", "Care",
    "Executive", "Director", "Independent", "Local", "National", "Chief", "Young", "People", "Child", "Review", "Annual", "Report",
    "London", "Borough", "City", "County", "Integrated", "North", "South", "East", "West", "Central", "Basic", "Command", "Unit",
    "Metropolitan", "Early", "Help", "Public", "Social", "Family", "Families", "Education", "Learning", "Practice", "Panel",
    "Group", "Team", "Commissioner", "Scrutineer", "Chair", "Manager", "Head", "Lead", "Designated", "Officer", "Deputy", "Assistant",
    "Detective", "Superintendent", "Nurse", "Section", "Priority", "Working", "Together", "Domestic",
    "Abuse", "Multi", "Agency", "The", "Our", "Dear", "Thank", "Mental", "Community", "Strategic", "Corporate", "Clinical",
    "Commissioning", "Quality", "Assurance", "Youth", "Justice", "Probation", "Fire", "Brigade", "Ambulance", "Foundation", "Royal",
    "Department", "Ofsted", "Cabinet", "Member", "Members", "Committee", "Scrutiny", "Chairs", "Adult", "Adults", "Voluntary",
    "Reviews", "Practise", "Action", "Implications", "By", "Town", "Clerk", "Report", "Reports", "Summary", "Contact", "Details", "Date",
    "Blog", "Vlog", "Newsletter", "Bulletin", "Briefing", "Podcast", "Update", "Updates", "News",  # "Ian Blog - Independent Chair"
    "District", "Constabulary", "Hospital", "Councillors", "Present", "Apologies", "Hospitals", "Integrated", "Borough", "Healthwatch", "Diocese", "Commander",
    # words of addresses and venues ('Civic Offices, Market Street', '5 Pancras Square'), never a surname
    "Senior", "Professional", "Advisor", "Adviser", "Framework", "Improvement", "College", "Homes", "Forum", "Association", "Alliance", "Network", "Company", "Academy", "School", "University", "Regional",
    "Offices", "Office", "Street", "Road", "Avenue", "Square", "Centre", "Center", "Chamber", "Chambers", "Building", "Buildings", "Crescent",
}


def plausible_name(name: str, places: frozenset[str] = frozenset()) -> bool:
    """Two or more words, none a word of organisations or roles, and not opening with a place the areas
    register knows ('Harbourside Learning', 'Kingsbridge Youth'): a place phrase, not a person."""
    words = re.sub(r"^" + PREFIX + r"\s+", "", name).split()
    if len(words) < 2 or any(w in NOT_PERSON_WORDS for w in words):
        return False
    return words[0].casefold() not in places and " ".join(words).casefold() not in places
