"""Word lists the rules share: head nouns that type an unknown name, person titles, languages."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

# Last word of an unknown capitalised name -> the type it gives the name.
HEAD_TYPES: dict[str, str] = {
    **dict.fromkeys(
        ["Ministry", "Department", "Directorate", "Bureau", "Agency", "Service", "Services", "Command",
         "Embassy", "Mission", "Army", "Navy", "Police", "Guard", "Guards", "Corps", "Office", "Administration",
         "Intelligence", "Ministries", "Secretariat", "Commissariat", "Cabinet", "Parliament", "Senate",
         "Congress", "Duma", "Court", "Prosecutor", "Forces", "Brigade", "Unit", "Division", "Regiment",
         "Battalion"], "StateAgency"),
    **dict.fromkeys(
        ["Observatory", "Institute", "Lab", "Laboratory", "Labs", "Center", "Centre", "Project",
         "Initiative", "Hub", "Program", "Programme", "Council", "Foundation", "Fund", "Forum"], "ResearchOrg"),
    **dict.fromkeys(
        ["Inc", "Inc.", "Ltd", "Ltd.", "LLC", "Corp", "Corp.", "Corporation", "Company", "Co.", "GmbH", "AG",
         "SA", "PLC", "Plc", "Technologies", "Technology", "Consulting", "Consultancy", "Marketing",
         "Communications", "Solutions", "Partners", "Holdings", "Ventures", "Systems", "Analytics", "Digital",
         "Strategies", "Associates", "PR"], "Company"),
    **dict.fromkeys(
        ["News", "Times", "Post", "Daily", "Journal", "Gazette", "Herald", "Tribune", "Telegraph", "TV",
         "Television", "Radio", "Broadcasting", "Press", "Chronicle", "Observer", "Monitor", "Today", "Express",
         "Insider", "Review", "Magazine", "Agency's"], "MediaOutlet"),
    **dict.fromkeys(
        ["Militia", "Network", "Collective", "Brotherhood", "Taliban",
         "Hezbollah", "Cartel", "Gang", "Team"], "Group"),
    **dict.fromkeys(
        ["Party", "Front", "Movement", "University", "College", "Union", "Organization", "Organisation",
         "Alliance", "Commission", "Association", "Federation",
         "Committee", "League", "Coalition", "Society", "Watch", "International"], "Organization"),
}
# Words inside a name that force a type whatever the last word is.
INNER_TYPES: dict[str, str] = {"Ministry": "StateAgency", "University": "Organization", "Institute": "ResearchOrg"}

PERSON_TITLES = frozenset(
    ["spokesperson", "spokesman", "spokeswoman", "lawmaker", "legislator", "minister", "president", "premier", "chancellor", "senator", "congressman", "congresswoman", "representative", "ambassador", "diplomat", "general", "colonel", "commander", "admiral", "researcher", "analyst", "director", "head", "chief", "founder", "ceo", "cto", "executive", "officer", "official", "investigator", "journalist", "reporter", "editor", "correspondent", "columnist", "author", "professor", "lecturer", "fellow", "scholar", "expert", "activist", "blogger", "dissident", "leader", "chairman", "chairwoman", "chair", "secretary", "governor", "mayor", "judge", "prosecutor", "lawyer", "attorney", "adviser", "advisor", "manager", "lead", "scientist", "engineer", "economist", "historian", "candidate", "mp", "deputy", "sheikh", "prince", "king", "queen", "emir", "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "sir", "lord", "pastor", "imam", "priest"]
)
# Capitalised words that open a sentence or a name without being part of one.
STOP_CAPS = frozenset(
    ["The", "A", "An", "This", "That", "These", "Those", "It", "Its", "In", "On", "At", "For", "From", "By", "With", "Without", "As", "After", "Before", "During", "Since", "Until", "When", "While", "Where", "Which", "Who", "Whom", "Whose", "What", "Why", "How", "If", "But", "And", "Or", "Nor", "So", "Yet", "Also", "However", "Meanwhile", "Moreover", "Furthermore", "Although", "Though", "Because", "Despite", "Instead", "Still", "Then", "Now", "Today", "Yesterday", "Tomorrow", "Last", "Next", "Some", "Many", "Most", "Several", "Other", "Another", "Each", "Every", "All", "Both", "Either", "Neither", "No", "Not", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Such", "Here", "There", "They", "He", "She", "We", "You", "I", "Our", "Their", "His", "Her", "My", "Your", "Mr", "Mrs", "Ms", "Dr", "Read", "Share", "Photo", "Image", "Video", "Editing", "Reporting", "Additional", "Writing", "Source", "Sources", "According", "Asked", "Under", "Over", "Among", "Against", "Between", "Across", "Through", "Into", "Onto", "Upon", "Within", "Via", "Per", "Like", "Unlike", "Including", "Following", "Following", "Previous", "Prior", "Earlier", "Later", "Recently", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Inc", "Ltd", "Co", "Pro", "Anti", "Ex", "Non", "Post", "Pre", "Sen", "Rep", "Gen", "Col", "Lt", "Gov", "Pres", "Prime", "Minister", "President", "Facebook", "Twitter"]
)

LANGUAGES = frozenset(
    ["English", "French", "Spanish", "Portuguese", "German", "Italian", "Dutch", "Russian", "Ukrainian", "Belarusian", "Polish", "Czech", "Slovak", "Hungarian", "Romanian", "Bulgarian", "Serbian", "Croatian", "Bosnian", "Albanian", "Greek", "Turkish", "Arabic", "Persian", "Farsi", "Dari", "Pashto", "Urdu", "Hindi", "Bengali", "Bangla", "Punjabi", "Tamil", "Telugu", "Marathi", "Gujarati", "Kannada", "Malayalam", "Sinhala", "Nepali", "Burmese", "Thai", "Lao", "Khmer", "Vietnamese", "Indonesian", "Malay", "Tagalog", "Filipino", "Chinese", "Mandarin", "Cantonese", "Japanese", "Korean", "Mongolian", "Kazakh", "Uzbek", "Kyrgyz", "Tajik", "Turkmen", "Azerbaijani", "Azeri", "Armenian", "Georgian", "Hebrew", "Kurdish", "Amharic", "Somali", "Swahili", "Hausa", "Yoruba", "Igbo", "Zulu", "Afrikaans", "Lithuanian", "Latvian", "Estonian", "Finnish", "Swedish", "Norwegian", "Danish", "Icelandic", "Catalan", "Basque", "Galician"]
)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Common given names, used to recognise unknown people ('said Kyle Walter')."""
    path = resources.files("extractors").joinpath("data/given_names.txt")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
