"""
Word lists for the scale dataset, written for this benchmark.

Lists are ordered roughly from common to rare: text.py draws from them with
Zipf-like weights, so full-text search meets words found in most stories,
words found in a few per cent, and names found in a handful.
"""

# Sections (top level) with their subtopics; a subtopic may have its own children.
TOPIC_TREE = {
    "National": {"Politics": ["Elections", "National Assembly"], "Justice": [], "Education": [],
                 "Health": ["Public health"], "Defence": []},
    "World": {"Asia-Pacific": ["North Korea", "Japan", "China"], "Americas": [], "Europe": [],
              "Middle East": [], "Africa": []},
    "Business": {"Economy": ["Inflation", "Jobs"], "Markets": [], "Trade": [], "Energy": [],
                 "Property": [], "Startups": []},
    "Technology": {"Semiconductors": [], "Artificial intelligence": [], "Telecoms": [],
                   "Cybersecurity": []},
    "Science": {"Climate": ["Weather"], "Space": [], "Environment": []},
    "Cities": {"Seoul": [], "Busan": [], "Incheon": [], "Daegu": [], "Gwangju": []},
    "Culture": {"Film": [], "Music": ["K-pop"], "Books": [], "Food": [], "Theatre": []},
    "Sport": {"Football": [], "Baseball": [], "Basketball": [], "Olympics": []},
    "Opinion": {"Editorials": [], "Columns": [], "Letters": []},
}

# How often each section is the primary topic (a daily paper's mix).
SECTION_WEIGHTS = {
    "National": 18, "World": 16, "Business": 17, "Technology": 9, "Science": 5,
    "Cities": 12, "Culture": 9, "Sport": 10, "Opinion": 4,
}

# Vocabulary each section's sentences draw on, besides the general lists.
SECTION_WORDS = {
    "National": ["lawmakers", "ministry", "bill", "prosecutors", "court", "parliament", "cabinet",
                 "ruling party", "opposition", "hospital", "teachers", "students", "curriculum",
                 "budget", "pension", "reform", "ballot", "campaign", "verdict", "appeal",
                 "vaccination", "clinic", "nurses", "conscription", "barracks", "referendum"],
    "World": ["ambassador", "summit", "embassy", "border", "ceasefire", "delegation", "sanctions",
              "refugees", "treaty", "envoy", "missile", "coalition", "monsoon", "diplomats",
              "alliance", "peacekeepers", "consulate", "talks", "visa", "protesters"],
    "Business": ["exports", "shares", "investors", "earnings", "bond yields", "won", "tariffs",
                 "central bank", "interest rates", "shipyard", "refinery", "mortgage", "rents",
                 "venture capital", "dividend", "quarter", "inflation", "payrolls", "freight",
                 "retailers", "conglomerate", "merger", "supply chain", "consumer prices"],
    "Technology": ["chipmakers", "wafers", "foundry", "memory chips", "data centres", "algorithm",
                   "smartphone", "network", "fibre", "satellite", "software", "hackers",
                   "ransomware", "encryption", "startup", "developers", "language model", "servers"],
    "Science": ["researchers", "emissions", "glacier", "rainfall", "typhoon", "heatwave", "orbit",
                "rocket", "telescope", "wetlands", "species", "coral", "drought", "carbon",
                "biodiversity", "laboratory", "probe", "sea level"],
    "Cities": ["commuters", "subway", "district", "mayor", "housing", "bus routes", "council",
               "residents", "redevelopment", "parking", "riverside", "market", "tenants",
               "ferry", "night market", "bike lanes", "landlords", "fire station"],
    "Culture": ["festival", "director", "album", "gallery", "novel", "premiere", "audience",
                "orchestra", "chef", "exhibition", "screenplay", "choreographer", "playwright",
                "box office", "publisher", "concert", "museum", "soundtrack"],
    "Sport": ["striker", "pitcher", "coach", "league", "season", "stadium", "playoffs",
              "midfielder", "goalkeeper", "innings", "transfer", "medal", "relay", "referee",
              "championship", "fans", "penalty", "derby"],
    "Opinion": ["readers", "argument", "policy", "generation", "responsibility", "trust",
                "democracy", "future", "accountability", "compromise", "public interest",
                "common ground"],
}

GENERAL_NOUNS = [
    "government", "officials", "city", "people", "year", "week", "plan", "report", "company",
    "workers", "families", "police", "region", "data", "prices", "schools", "project", "plans",
    "statement", "survey", "agency", "election", "union", "programme", "market", "country",
    "industry", "river", "port", "villages", "islands", "harbour", "factory", "farmers",
    "fishermen", "volunteers", "engineers", "inspectors", "auditors", "regulators", "landslide",
    "bridge", "tunnel", "railway", "coastline", "archive", "ledger", "manifesto", "blueprint",
    "lighthouse", "orchard", "quarry", "observatory", "tribunal", "aqueduct", "embankment",
]

VERBS_PAST = [
    "said", "announced", "approved", "rejected", "warned", "agreed", "reported", "confirmed",
    "proposed", "delayed", "expanded", "cut", "raised", "questioned", "defended", "unveiled",
    "criticised", "postponed", "welcomed", "examined", "overturned", "dismantled", "restored",
    "recalibrated", "salvaged", "rerouted",
]

VERBS_PRESENT = [
    "plans", "faces", "weighs", "backs", "opens", "closes", "seeks", "wins", "loses", "targets",
    "eyes", "pushes", "rejects", "delays", "expands", "probes", "revives", "trims", "splits",
]

ADJECTIVES = [
    "new", "local", "national", "major", "early", "final", "public", "private", "annual",
    "record", "rising", "falling", "long-awaited", "controversial", "temporary", "regional",
    "overdue", "sweeping", "fragile", "unexpected", "costly", "quiet", "bitter", "historic",
    "sprawling", "threadbare", "meticulous", "ramshackle",
]

CONNECTIVES = [
    "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "over the weekend",
    "this week", "last month", "earlier this year", "after months of talks", "despite objections",
    "according to figures released on Thursday", "in a statement", "at a briefing",
    "before the deadline", "for the first time in a decade", "amid growing pressure",
]

PLACES = [
    "Seoul", "Busan", "Incheon", "Daegu", "Daejeon", "Gwangju", "Ulsan", "Suwon", "Changwon",
    "Jeju", "Gangneung", "Pohang", "Jeonju", "Chuncheon", "Mokpo", "Yeosu", "Andong", "Gyeongju",
    "Tokyo", "Osaka", "Beijing", "Shanghai", "Taipei", "Hanoi", "Manila", "Jakarta", "Singapore",
    "Sydney", "Geneva", "Brussels", "Nairobi", "Lagos", "Lima", "Quito", "Reykjavik", "Tallinn",
]

DATELINES = ["SEOUL", "BUSAN", "INCHEON", "DAEGU", "GWANGJU", "JEJU", "TOKYO", "BEIJING",
             "WASHINGTON", "GENEVA", "SINGAPORE", "ULSAN", "DAEJEON", "SUWON"]

ORGANISATIONS = [
    "the Finance Ministry", "the Bank of Korea", "the Fair Trade Commission", "the National Assembly",
    "the Constitutional Court", "the Seoul Metropolitan Government", "the port authority",
    "the teachers' union", "the Korea Meteorological Administration", "the health ministry",
    "the statistics office", "the coast guard", "the transport ministry", "the election commission",
    "the Busan Chamber of Commerce", "the national railway operator", "the fisheries cooperative",
]

GIVEN_NAMES = [
    "Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-yun", "Su-ah", "Jae-won", "Ye-jin", "Hyun-woo",
    "Eun-ji", "Sung-min", "Da-hye", "Tae-yang", "Na-rae", "Kyung-soo", "Bo-ra", "Jin-young",
    "Hye-rin", "Dong-hyun", "So-yeon", "Joon-ho", "Mi-rae", "Sang-hoon", "Yu-na", "Chan-woo",
    "Anna", "Daniel", "Grace", "Thomas", "Laura", "Samuel", "Helen", "Marcus", "Priya", "Tomás",
]

FAMILY_NAMES = [
    "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh",
    "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Ryu", "Hong", "Baek", "Nam", "Moon", "Yang",
    "Walsh", "Okafor", "Moreau", "Fischer", "Haddad", "Nakamura", "Costa", "Byrne",
]

JOB_TITLES = [
    "Political correspondent", "Economics reporter", "Seoul correspondent", "Busan bureau chief",
    "Technology reporter", "Science writer", "Culture editor", "Sports reporter", "Photographer",
    "Data reporter", "Investigations editor", "Foreign correspondent", "Columnist",
    "Health reporter", "Education reporter", "Night editor", "Contributing writer",
]

KICKERS = ["Analysis", "Exclusive", "Explainer", "Live", "Interview", "Investigation",
           "Fact check", "In pictures", "Review", "Profile"]

TAG_THEMES = [
    "exports", "housing", "strike", "elections", "budget", "flooding", "heatwave", "pensions",
    "tuition", "rail", "shipping", "chips", "fisheries", "tourism", "festival", "transfer",
    "minimum wage", "birth rate", "air quality", "typhoon", "subsidies", "tariffs", "vaccines",
    "cyberattack", "drought", "recycling", "startups", "rents", "doctors", "ferries",
    "semiconductors", "batteries", "shipbuilding", "nuclear power", "wind farms", "solar",
    "data privacy", "streaming", "esports", "baseball trade", "world cup", "marathon",
    "museum openings", "book prizes", "film festival", "street food", "night markets", "hiking",
    "coastal erosion", "wildfires", "earthquakes", "space launch", "elder care", "childcare",
    "commuting", "bike lanes", "public libraries", "school meals", "tax reform", "bond market",
]

# Korean text for Korean-language stories and Hangul names in English ones.
KO_PLACES = ["서울", "부산", "인천", "대구", "대전", "광주", "울산", "제주", "수원", "창원", "포항", "전주"]
KO_NOUNS = [
    "정부", "국회", "시민", "기업", "노동자", "학생", "경찰", "시장", "항구", "지하철", "예산", "선거",
    "물가", "수출", "반도체", "주택", "태풍", "폭염", "병원", "의사", "교사", "농민", "어민", "관광객",
    "축제", "공연", "영화", "음악", "야구", "축구", "대표팀", "연구진", "위성", "기후", "환경", "도서관",
    "재개발", "임대료", "금리", "중앙은행", "조선소", "배터리", "인공지능", "보안", "데이터", "소비자",
]
KO_VERBS = [
    "발표했다", "밝혔다", "승인했다", "거부했다", "경고했다", "합의했다", "확인했다", "제안했다",
    "연기했다", "확대했다", "축소했다", "비판했다", "환영했다", "조사했다", "공개했다", "요구했다",
]
KO_ADVERBS = ["지난주", "이번 주", "올해", "지난달", "월요일", "금요일", "처음으로", "수년 만에",
              "예상보다 빨리", "논란 끝에", "전문가들에 따르면", "관계자에 따르면"]
KO_HEADLINE_ENDS = ["추진", "논란", "확정", "연기", "급증", "감소", "비상", "개막", "첫 승", "합의"]
