"""
The demo newsroom: an invented paper, its people and a fortnight of stories.

Every word here was written for Newsroom's demo; names, agencies and places of
business are invented.
"""

TOPICS = [
    # (slug, name, parent slug, description, in navigation)
    ("world", "World", None, "Reporting from our correspondents and partners abroad.", True),
    ("asia", "Asia", "world", "The Korean peninsula, Japan, China and their neighbours.", False),
    ("business", "Business", None, "Companies, markets, trade and work.", True),
    ("climate", "Climate", None, "Heat, water, energy and how places adapt.", True),
    ("technology", "Technology", None, "Chips, software and the people who make them.", True),
    ("culture", "Culture", None, "Stage, screen, books and the city after dark.", True),
]

AUTHORS = [
    # (slug, name, job title, bio, headshot seed, tone, background)
    ("mina-cho", "Mina Cho", "Seoul correspondent",
     "Mina Cho covers the Korean peninsula from Seoul. She previously reported on shipping "
     "and labour from Busan.", 11, (205, 165, 135), (80, 100, 130)),
    ("daniel-okafor", "Daniel Okafor", "Business editor",
     "Daniel Okafor edits the business desk and writes about trade, ports and the companies "
     "that move goods around the world.", 12, (120, 85, 60), (110, 90, 70)),
    ("priya-raman", "Priya Raman", "Climate reporter",
     "Priya Raman reports on water, heat and energy, with a focus on how cities and farms adapt.",
     13, (170, 125, 95), (70, 120, 100)),
    ("tomas-herrera", "Tomás Herrera", "Staff photographer",
     "Tomás Herrera photographs news, people and places for the paper.", 14, (190, 150, 120),
     (120, 80, 90)),
]

PARTNER = {
    "name": "Harbour Times",
    "url": "https://harbourtimes.example",
    "canonical_required": True,
    "attribution": "This story first appeared in the Harbour Times and is republished under a content partnership.",
}

PHOTOS = {
    # key: (drawing, seed, caption, credit, alt text, agency, reference, usage terms)
    "port": ("harbour", 21,
             "Gantry cranes stand idle at a container terminal in Busan after dock workers walked out on Monday.",
             "PHOTO: HANBIT NEWS AGENCY", "Idle container cranes over stacked containers at a harbour at dusk",
             "Hanbit News Agency", "HNA-20261116-0412", "agency"),
    "skyline": ("skyline", 22, "Office towers in central Seoul light up at dusk.",
                "PHOTO: TOMÁS HERRERA", "Office towers with lit windows against a violet evening sky",
                "", "", "staff"),
    "field": ("field", 23, "Terraced rice fields above a dry stream bed after the third month without rain.",
              "PHOTO: PRIYA RAMAN", "Terraced green fields beside a dry, sandy river bed",
              "", "", "staff"),
    "chips": ("circuit", 24, "A circuit board from a prototype sensor made at the university's lab.",
              "PHOTO: HANDOUT", "Close-up of a green circuit board with copper traces and black chips",
              "", "", "handout"),
    "stage": ("stage", 25, "Rehearsal for the festival's opening production at the harbour theatre.",
              "PHOTO: TOMÁS HERRERA", "An empty theatre stage lit by three spotlights, seen from the audience",
              "", "", "staff"),
    "skyline-2": ("skyline", 26, "The financial district on the evening the new rules were announced.",
                  "PHOTO: TOMÁS HERRERA", "Dark office blocks with scattered lit windows",
                  "", "", "staff"),
    "harbour-2": ("harbour", 27, "Containers wait for loading at the river port.",
                  "PHOTO: TOMÁS HERRERA", "Stacks of coloured shipping containers under cranes at sunset",
                  "", "", "staff"),
}


def p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


ARTICLES = [
    {
        # The typical syndicated wire story of the brief.
        "slug": "busan-dock-strike-enters-second-week",
        "kicker": "Shipping",
        "headline": "Busan dock strike enters second week as talks stall over automation",
        "dek": "Crane operators say new remote-control terminals will cut jobs; the port authority "
               "says the alternative is losing ships to rival hubs.",
        "dateline": "SEOUL",
        "bylines": [("mina-cho", "reporter"), ("daniel-okafor", "additional")],
        "partner": True,
        "original_url": "https://harbourtimes.example/2026/11/busan-dock-strike",
        "photo": "port",
        "primary": "asia",
        "topics": ["world", "asia", "business"],
        "tags": ["Busan", "strikes", "automation", "shipping"],
        "hours_ago": 5,
        "featured": True,
        "body": p(
            "A strike by crane operators at South Korea's busiest container port entered its second "
            "week on Monday, with no date set for new talks and more than forty ships waiting "
            "offshore to unload.",
            "The walkout began after the port authority confirmed plans to convert two more "
            "terminals to remote-controlled cranes by 2028. The operators' union says the change "
            "would remove about 600 jobs over five years.",
            "“Nobody here is against new machines,” said Yoon Ha-eun, a crane operator for "
            "nineteen years who now sits on the union's bargaining committee. “We are against being "
            "told about them in a press release.”",
        ) + "<h2>Ships diverted to rival ports</h2>" + p(
            "Shipping lines have begun sending vessels to other ports in the region, and freight "
            "forwarders say the cost of moving a container out of the city has risen by about a "
            "fifth since the strike began.",
            "Park Joon-seo, a deputy director at the port authority, said the automation plan would "
            "go ahead but that retraining offers were still on the table. “If we stand still, the "
            "ships go elsewhere for good, and then there are no jobs to argue about,” he said.",
            "The labour ministry has offered to mediate. Neither side has accepted.",
        ),
    },
    {
        "slug": "city-council-votes-to-cover-river-car-park-with-solar-roof",
        "kicker": "",
        "headline": "Council votes to cover riverside car park with a solar roof",
        "dek": "The canopy would power the ferry terminal and shade 900 parking spaces, but "
               "residents worry about the view from the promenade.",
        "dateline": "",
        "bylines": [("priya-raman", "reporter")],
        "photo": "field",
        "primary": "climate",
        "topics": ["climate", "business"],
        "tags": ["solar", "city council"],
        "hours_ago": 20,
        "correction": ("correction", "An earlier version of this story gave the canopy's output as "
                       "four megawatts. It is 2.4 megawatts."),
        "updated_hours_ago": 8,
        "body": p(
            "The city council voted eleven to four on Thursday to build a solar canopy over the "
            "riverside car park, the largest public solar project the city has attempted.",
            "The 2.4-megawatt roof is expected to supply the ferry terminal and the street lights "
            "along the promenade, with any surplus sold to the grid. Construction would begin in the "
            "spring and take about eight months.",
        ) + "<h2>Objections from the promenade</h2>" + p(
            "A residents' group collected 1,300 signatures against the design, arguing that the "
            "steel frame would block the view of the river from the upper promenade.",
            "Councillors added a condition that the southern edge of the canopy be lowered by two "
            "metres. The group said it would study the revised drawings before deciding whether to "
            "appeal.",
        ),
    },
    {
        "slug": "chip-start-up-raises-funds-for-low-power-sensor",
        "kicker": "Start-ups",
        "headline": "University spin-off raises funds for a sensor that runs for a decade on one battery",
        "dek": "The company says its chip could monitor bridges and water pipes without anyone "
               "climbing a ladder to change batteries.",
        "dateline": "DAEJEON",
        "bylines": [("daniel-okafor", "reporter")],
        "photo": "chips",
        "primary": "technology",
        "topics": ["technology", "business"],
        "tags": ["semiconductors", "start-ups"],
        "hours_ago": 30,
        "body": p(
            "A company founded by three researchers from a university engineering lab has raised "
            "money from two regional investment funds to manufacture a sensor chip that, it says, "
            "can run for ten years on a single coin battery.",
            "The chip wakes up a few times an hour, measures vibration or pressure, sends a short "
            "radio message and goes back to sleep. Most of its design effort, the founders say, went "
            "into making the sleeping part cheaper.",
        ) + "<h2>Bridges first</h2>" + p(
            "The first customer is a provincial roads agency that plans to fit sensors to forty "
            "bridges next year. Engineers currently inspect them by eye twice a year.",
            "Independent engineers said the battery claim was plausible for the workload described "
            "but would depend on how often the sensors have something to report.",
        ),
    },
    {
        "slug": "harbour-festival-opens-with-a-play-about-the-port",
        "kicker": "Review",
        "headline": "Harbour festival opens with a play about the people who unload the world",
        "dek": "A two-hour drama set in a crane cab turns a strike into something closer to a "
               "family argument.",
        "dateline": "",
        "bylines": [("mina-cho", "reporter"), ("tomas-herrera", "photographer")],
        "photo": "stage",
        "primary": "culture",
        "topics": ["culture"],
        "tags": ["theatre", "festivals"],
        "hours_ago": 44,
        "body": p(
            "The harbour festival could hardly have chosen a more topical opening play. Written over "
            "three years of interviews with dock workers, it follows a crane operator and her "
            "daughter through the last night shift before the terminal goes automatic.",
            "The set is a single glass cab suspended above the stage. The audience never sees the "
            "containers, only the lights of the ships and the operator's hands on the controls.",
        ) + "<h2>A strike as a family argument</h2>" + p(
            "The script is strongest when it lets the politics stay in the background. The daughter "
            "wants her mother to take the retraining offer; the mother wants one more year.",
            "The festival runs for three weeks, with most performances in the old customs house.",
        ),
    },
    {
        "slug": "drought-forces-rice-farmers-to-share-water-rota",
        "kicker": "",
        "headline": "Third dry month forces rice farmers onto a shared water rota",
        "dek": "Villages along the upper valley now take turns to open the irrigation gates, "
               "a system last used in the 1990s.",
        "dateline": "GOCHANG",
        "bylines": [("priya-raman", "reporter"), ("tomas-herrera", "photographer")],
        "photo": "field",
        "primary": "climate",
        "topics": ["climate", "asia"],
        "tags": ["drought", "farming", "water"],
        "hours_ago": 60,
        "body": p(
            "Farmers in the upper valley have agreed to take turns opening the irrigation gates, "
            "after the reservoir fell to a third of its usual level for November.",
            "Each village gets the water for two days at a time. The rota is kept on a whiteboard "
            "in the cooperative's office and, since last week, in a group chat.",
        ) + "<h2>An old system, revived</h2>" + p(
            "Older farmers remember the last rota, during the drought of the mid-1990s. “We argued "
            "then and we will argue now,” said one, “but nobody's paddy dries out completely.”",
            "The provincial government has promised to fund a study of a second reservoir.",
        ),
    },
    {
        "slug": "central-bank-holds-rates-and-warns-on-household-debt",
        "kicker": "Markets",
        "headline": "Central bank holds rates and warns that household debt is still climbing",
        "dek": "The governor said mortgage lending had grown faster than incomes for six quarters "
               "in a row.",
        "dateline": "SEOUL",
        "bylines": [("daniel-okafor", "reporter"), ("mina-cho", "additional")],
        "photo": "skyline-2",
        "primary": "business",
        "topics": ["business", "asia"],
        "tags": ["interest rates", "housing"],
        "hours_ago": 75,
        "body": p(
            "The central bank left its benchmark rate unchanged on Thursday and warned that "
            "household debt was growing faster than incomes, a trend it described as the main risk "
            "to financial stability.",
            "Economists had expected the decision. Most now expect the first cut in the spring, "
            "if housing loans slow.",
        ) + "<h2>Mortgages in focus</h2>" + p(
            "Banks were asked to apply stricter income checks to new mortgages from January.",
        ),
    },
    {
        "slug": "night-buses-return-to-the-old-town",
        "kicker": "",
        "headline": "Night buses return to the old town after a two-year gap",
        "dek": "Three routes will run until 4 a.m. on weekends, paid for by a levy on late-opening bars.",
        "dateline": "",
        "bylines": [("mina-cho", "reporter")],
        "photo": "skyline",
        "primary": "culture",
        "topics": ["culture", "business"],
        "tags": ["transport", "nightlife"],
        "hours_ago": 100,
        "body": p(
            "Night buses will return to the old town from next month, two years after the routes "
            "were cut to save money.",
            "The three routes will run every twenty minutes on Friday and Saturday nights. Bar owners "
            "agreed to a small levy after a survey found that a third of their staff had no way home "
            "after closing.",
        ),
    },
    {
        "slug": "ferry-operator-orders-electric-boats",
        "kicker": "Transport",
        "headline": "Ferry operator orders four electric boats for the harbour crossing",
        "dek": "The boats will charge at each end of the fifteen-minute route while passengers board.",
        "dateline": "",
        "bylines": [("priya-raman", "reporter")],
        "photo": "harbour-2",
        "primary": "climate",
        "topics": ["climate", "technology"],
        "tags": ["ferries", "electric vehicles"],
        "hours_ago": 130,
        "body": p(
            "The harbour ferry company has ordered four battery-electric boats to replace its diesel "
            "fleet on the main crossing by 2028.",
            "Each boat will recharge for about seven minutes at every landing, the time it takes for "
            "passengers to get off and on.",
        ) + "<h2>Quieter crossings</h2>" + p(
            "Regular passengers said they mostly looked forward to the quiet.",
        ),
    },
    {
        "slug": "library-opens-late-for-exam-season",
        "kicker": "",
        "headline": "Central library stays open until midnight for exam season",
        "dek": "Students had been queuing outside cafés for a seat and a plug socket.",
        "dateline": "",
        "bylines": [("tomas-herrera", "reporter")],
        "photo": "skyline",
        "primary": "culture",
        "topics": ["culture"],
        "tags": ["libraries", "education"],
        "hours_ago": 160,
        "body": p(
            "The central library will open until midnight for the next six weeks, after students "
            "complained that cafés were turning them away.",
            "Librarians said the extra hours would be staffed by volunteers and paid for from the "
            "library's events budget.",
        ),
    },
    {
        "slug": "shipyard-wins-order-for-ammonia-powered-carriers",
        "kicker": "Shipbuilding",
        "headline": "Shipyard wins order for ammonia-powered carriers",
        "dek": "The contract is the yard's largest this year and its first for ships that burn no oil.",
        "dateline": "ULSAN",
        "bylines": [("daniel-okafor", "reporter")],
        "photo": "harbour-2",
        "primary": "business",
        "topics": ["business", "climate", "asia"],
        "tags": ["shipbuilding", "shipping"],
        "hours_ago": 190,
        "body": p(
            "A shipyard in Ulsan has won an order for six bulk carriers designed to run on ammonia, "
            "the yard's largest contract this year.",
            "Ammonia releases no carbon dioxide when burned but is toxic, and crews will need new "
            "training to handle it.",
        ) + "<h2>Safety questions</h2>" + p(
            "Seafarers' unions said they would ask to see the safety case before the first ship sails.",
        ),
    },
    {
        "slug": "heat-map-shows-hottest-streets",
        "kicker": "Data",
        "headline": "A new heat map shows which streets stay hottest after dark",
        "dek": "Volunteers carried thermometers on bicycles through 400 kilometres of streets in August.",
        "dateline": "",
        "bylines": [("priya-raman", "reporter"), ("daniel-okafor", "additional")],
        "photo": "skyline-2",
        "primary": "climate",
        "topics": ["climate", "technology"],
        "tags": ["heat", "data"],
        "hours_ago": 220,
        "body": p(
            "Streets lined with car parks and low roofs stayed up to six degrees warmer at midnight "
            "than tree-lined streets a few hundred metres away, a volunteer survey has found.",
            "The city plans to use the map to decide where to plant 5,000 trees next year.",
        ) + "<h2>How the map was made</h2>" + p(
            "Cyclists carried thermometers on the handlebars on three still, clear nights.",
        ),
    },
    {
        "slug": "robot-arm-kitchen-closes-after-six-months",
        "kicker": "",
        "headline": "Restaurant run by robot arms closes after six months",
        "dek": "The owners say customers came to watch the machines, but not twice.",
        "dateline": "",
        "bylines": [("mina-cho", "reporter")],
        "photo": "chips",
        "primary": "technology",
        "topics": ["technology", "business"],
        "tags": ["automation", "restaurants"],
        "hours_ago": 250,
        "body": p(
            "A restaurant where two robot arms cooked noodles in the window has closed, six months "
            "after it opened to long queues.",
            "The owners said the machines worked well; the problem was that people came to watch "
            "them once and then went back to their usual places.",
        ),
    },
]

SCHEDULED = {
    "slug": "port-talks-resume-under-mediator",
    "kicker": "Shipping",
    "headline": "Port talks to resume under a government mediator",
    "dek": "Both sides in the Busan dock strike have agreed to meet, the labour ministry says.",
    "dateline": "SEOUL",
    "bylines": [("mina-cho", "reporter")],
    "photo": "port",
    "primary": "asia",
    "topics": ["asia", "business"],
    "tags": ["Busan", "strikes"],
    "hours_ahead": 3,
    "body": p(
        "The union and the port authority have agreed to resume talks under a government mediator, "
        "the labour ministry said, in the first sign of movement since the strike began.",
    ) + "<h2>What is on the table</h2>" + p(
        "The ministry said the talks would cover the timetable for automation and retraining.",
    ),
}

DRAFTS = [
    {
        "slug": "what-the-dock-strike-means-for-your-shopping",
        "kicker": "Explainer",
        "headline": "What the dock strike means for your shopping",
        "dek": "",
        "bylines": [("daniel-okafor", "reporter")],
        "primary": "business",
        "topics": ["business"],
        "status": "draft",
        "body": p("Draft: start with furniture and electronics, which come by container."),
    },
    {
        "slug": "inside-the-crane-cab",
        "kicker": "",
        "headline": "Inside the crane cab, forty metres above the quay",
        "dek": "A night shift with one of the operators on strike.",
        "bylines": [("mina-cho", "reporter"), ("tomas-herrera", "photographer")],
        "primary": "asia",
        "topics": ["asia"],
        "photo": "port",
        "status": "review",
        "body": p("The cab is the size of a lift and sways in the wind."),
    },
]
