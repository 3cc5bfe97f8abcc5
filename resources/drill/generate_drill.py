#!/usr/bin/env python3
"""Generate the "Orrin Kettlegate" drill scenario for the Crisis War Room.

Everything here is fictional: the brand (Orrin Home Appliances), its Aurora kettle,
every account, handle and outlet. URLs use the reserved .example domains.

Deterministic: the same seed always gives byte-identical output.
Python 3 standard library only.

    python3 generate_drill.py                 # writes orrin_kettlegate.jsonl next to this file
    python3 generate_drill.py --check         # generate, then print validation statistics
    python3 generate_drill.py --validate-only # only validate an existing file
"""

import argparse
import collections
import datetime as dt
import json
import math
import os
import random
import re
import sys
import unicodedata

SEED = 20260314
SCENARIO = "orrin_kettlegate"
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, SCENARIO + ".jsonl")

T0 = dt.datetime(2026, 3, 14, 8, 0, 0, tzinfo=dt.timezone.utc)  # scenario start
DURATION_MIN = 360  # six hours
SPARK_MIN = 124.28  # 10:04:17
HOLDING_MIN = 150.08  # 10:30:05  (T+2h30)
INTERIM_MIN = 228.0  # 11:48
ANSWER_MIN = 250.0  # 12:10  fuller answer
LANGS = ["en", "sw", "hy", "zh", "tl", "fr", "es"]

AFFECTED = range(2541, 2550)  # batches B2541..B2549

# --------------------------------------------------------------------------------------------
# Named accounts (the cast). followers are fixed; flags as the importer expects.
# --------------------------------------------------------------------------------------------
CAST = {
    "OrrinHome": ("Orrin Home Appliances", 184_300, ["brand", "verified"], "brand"),
    "OrrinCare": ("Orrin Customer Care", 24_150, ["brand", "verified"], "brand"),
    "lenabakes_": ("Lena Marsh \U0001F34B", 412, [], "spark"),
    "KitchenConfessions": ("Kitchen Confessions", 1_240_000, ["opinion_leader", "verified"], "amplifier"),
    "HomeSafetyWatch": ("Home Safety Watch", 312_400, ["opinion_leader", "verified"], "amplifier"),
    "gadgetgrumbles": ("Theo Grumble | gadget reviews", 86_200, ["opinion_leader"], "amplifier"),
    "TitaTipsPH": ("Tita Tips \U0001F1F5\U0001F1ED", 521_000, ["opinion_leader", "verified"], "amplifier"),
    "xjd_review": ("小家電評測室", 230_800, ["opinion_leader"], "amplifier"),
    "MamaMbogaDigital": ("Mama Mboga Digital", 140_500, ["opinion_leader"], "amplifier"),
    "yerevan_consumer": ("Սպառողի ձայն | Consumer Voice", 58_300, ["opinion_leader"], "amplifier"),
    "vigilance_conso": ("Vigilance Conso", 74_100, ["opinion_leader"], "amplifier"),
    "ojo_al_consumo": ("Ojo al Consumo", 66_700, ["opinion_leader"], "amplifier"),
    "priya_ramsden": ("Priya Ramsden · Daily Ledger consumer desk", 145_600, ["journalist", "verified"], "journalist"),
    "juma_kitwana_habari": ("Juma Kitwana", 92_400, ["journalist", "verified"], "journalist"),
    "linyuchen_news": ("林雨辰｜消費線記者", 61_900, ["journalist", "verified"], "journalist"),
    "mira_castellan_rn": ("Mira Castellan, RN", 640_200, ["opinion_leader", "verified"], "critic"),
    "dana_whitlock_law": ("Dana Whitlock (consumer law)", 210_500, ["opinion_leader", "verified"], "critic"),
    "BoycottBadBrands": ("Boycott Bad Brands", 44_800, [], "critic"),
    "reuben_repairs": ("Reuben | small appliance repairs", 3_900, [], "supporter"),
    "auntie_blend": ("Auntie Blend", 1_450, [], "supporter"),
    "xXkettlegodXx": ("kettle god \U0001F451", 230, [], "troll"),
}

# Mid-tier amplifiers used by the random fill (quote the spark or a big post).
MID_AMPLIFIERS = [
    ("dailyhomehacks", "Daily Home Hacks", 48_200, "en"),
    ("samwise_mumlife", "Sam | mum life", 27_900, "en"),
    ("coupon_carla", "Coupon Carla", 35_400, "en"),
    ("breakfast_bureau", "The Breakfast Bureau", 19_800, "en"),
    ("nairobi_trends_ke", "Nairobi Trends", 61_300, "sw"),
    ("manila_buzz", "Manila Buzz", 73_500, "tl"),
    ("taipei_homelife", "台北居家生活", 33_100, "zh"),
    ("hayastan_moms", "Մայրիկների ակումբ", 21_700, "hy"),
    ("cuisine_futee", "Cuisine Futée", 18_900, "fr"),
    ("casa_y_consejos", "Casa y Consejos", 22_600, "es"),
]

# --------------------------------------------------------------------------------------------
# Name pools for the crowd (display name, handle stem).
# --------------------------------------------------------------------------------------------
NAMES = {
    "en": (["Amy", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hamza", "Isla", "Jack", "Kira",
            "Leo", "Maya", "Noah", "Olive", "Priyesh", "Quinn", "Rosa", "Sami", "Tess", "Umar",
            "Vera", "Will", "Yara", "Zane", "Beth", "Callum", "Dina", "Ethan", "Fay", "Gus",
            "Hollie", "Ivan", "Jade", "Kofi", "Lottie", "Marcus", "Nell", "Owen", "Pip"],
           ["Abbott", "Barlow", "Carver", "Dunmore", "Ellery", "Fenwick", "Garside", "Hollis",
            "Ingram", "Jessop", "Kettering", "Lowther", "Marchant", "Norcott", "Oakley", "Pryce",
            "Quarry", "Redfern", "Sallow", "Thornley", "Upton", "Varley", "Wexford", "Yardley"]),
    "sw": (["Amani", "Baraka", "Neema", "Zawadi", "Juma", "Rehema", "Imani", "Wanjiru", "Otieno",
            "Achieng", "Kiprono", "Halima", "Salim", "Mwanaisha", "Faraji", "Nuru", "Shani",
            "Tumaini", "Jabali", "Subira", "Wambui", "Chege", "Makena", "Bakari"],
           ["Mwakasege", "Onyango", "Mutua", "Njoroge", "Kamau", "Wekesa", "Mushi", "Msuya",
            "Odhiambo", "Chepkoech", "Mwamba", "Kiplagat", "Ngugi", "Mbwana", "Lyimo", "Nyambura"]),
    "hy": ([("Անի", "ani"), ("Նարեկ", "narek"), ("Լիլիթ", "lilit"), ("Արամ", "aram"),
            ("Մարիամ", "mariam"), ("Դավիթ", "davit"), ("Գոհար", "gohar"), ("Տիգրան", "tigran"),
            ("Սոնա", "sona"), ("Հայկ", "hayk"), ("Անահիտ", "anahit"), ("Արմեն", "armen"),
            ("Նունե", "nune"), ("Գևորգ", "gevorg"), ("Լուսինե", "lusine"), ("Վահե", "vahe"),
            ("Սիրանուշ", "siranush"), ("Արտակ", "artak")],
           [("Սարգսյան", "sargsyan"), ("Հակոբյան", "hakobyan"), ("Պետրոսյան", "petrosyan"),
            ("Գրիգորյան", "grigoryan"), ("Մկրտչյան", "mkrtchyan"), ("Ավետիսյան", "avetisyan"),
            ("Հովհաննիսյան", "hovhannisyan"), ("Խաչատրյան", "khachatryan"),
            ("Վարդանյան", "vardanyan"), ("Մելքոնյան", "melkonyan"), ("Բաբայան", "babayan")]),
    "zh": ([("怡君", "yijun"), ("志明", "chiming"), ("雅婷", "yating"), ("家豪", "chiahao"),
            ("淑芬", "shufen"), ("冠宇", "kuanyu"), ("佩珊", "peishan"), ("俊傑", "chunchieh"),
            ("欣怡", "hsinyi"), ("宗翰", "tsunghan"), ("美玲", "meiling"), ("柏宇", "poyu"),
            ("詩涵", "shihhan"), ("承恩", "chengen")],
           [("陳", "chen"), ("林", "lin"), ("黃", "huang"), ("張", "chang"), ("李", "lee"),
            ("王", "wang"), ("吳", "wu"), ("劉", "liu"), ("蔡", "tsai"), ("楊", "yang"),
            ("許", "hsu"), ("鄭", "cheng")]),
    "tl": (["Maricel", "Jomar", "Kristine", "Paolo", "Aileen", "Rommel", "Jonalyn", "Carlo",
            "Marites", "Jerome", "Liza", "Noel", "Precious", "Bong", "Ditas", "Rhea", "Jun",
            "Cherry", "Mark Anthony", "Joy"],
           ["Dela Cruz", "Santos", "Reyes", "Bautista", "Villanueva", "Mendoza", "Garcia",
            "Aquino", "Castillo", "Manalo", "Navarro", "Pascual", "Ramos", "Soriano", "Tolentino"]),
    "fr": (["Camille", "Julien", "Léa", "Mathis", "Chloé", "Antoine", "Manon", "Hugo", "Inès",
            "Lucas", "Sarah", "Théo"],
           ["Moreau", "Lefèvre", "Girard", "Bonnet", "Fournier", "Mercier", "Lambert", "Fontaine"]),
    "es": (["Lucía", "Mateo", "Valentina", "Diego", "Camila", "Javier", "Sofía", "Andrés",
            "Paula", "Tomás", "Elena", "Raúl"],
           ["García", "Moreno", "Jiménez", "Navarro", "Ortega", "Serrano", "Castro", "Delgado"]),
}

# A few people on every platform pick a nickname instead of a name.
NICKS = {
    "en": [("tea_and_toast", "tea & toast"), ("nightshift_nurse", "night shift nurse"),
           ("cozy_kitchen_cat", "cozy kitchen cat 🐈"), ("dadofthree", "dad of three"),
           ("plantmum", "plant mum 🌿"), ("hot_takes_only", "hot takes only"),
           ("quietlyfurious", "quietly furious"), ("oatmilkwarrior", "oat milk warrior")],
    "sw": [("chai_na_maandazi", "Chai na Maandazi ☕"), ("mama_wa_nne", "Mama wa Nne"),
           ("kijana_wa_mtaa", "Kijana wa Mtaa")],
    "hy": [("tatik_tea", "Թեյասեր տատիկ"), ("yerevan_kitchen", "Yerevan kitchen")],
    "zh": [("cat_drinks_tea", "喝茶的貓"), ("rainy_afternoon", "午後小雨"),
           ("akai_kitchen", "阿凱的廚房"), ("milk_tea_addict", "奶茶中毒者")],
    "tl": [("kapetolic", "kapetolic ☕"), ("ate_ng_bayan", "Ate ng Bayan"),
           ("tito_jokes", "Tito Jokes")],
    "fr": [("the_au_lait", "thé au lait")],
    "es": [("cafe_con_leche", "café con leche ☕")],
}

PLACES = {
    "en": ["Leeds", "Bristol", "Cardiff", "Dublin", "Toronto", "Melbourne", "Manchester", "Cork"],
    "sw": ["Nairobi", "Mombasa", "Kisumu", "Dar es Salaam", "Arusha", "Nakuru"],
    "hy": ["Երևան", "Գյումրի", "Վանաձոր"],
    "zh": ["台北", "台中", "高雄", "新竹"],
    "tl": ["Quezon City", "Cebu", "Davao", "Makati", "Pasig"],
    "fr": ["Lyon", "Lille", "Nantes"],
    "es": ["Sevilla", "Valencia", "Bilbao"],
}

EMO = {
    "pos": ["☕", "💙", "👏", "😊", "🫖", "✨", "🙌", "🍵"],
    "neg": ["😡", "😱", "🤬", "😤", "😰", "⚠️", "🔥", "💀", "😬", "🙄"],
    "joke": ["😂", "🤣", "💀", "🎆", "🙃", "😭"],
    "neu": ["🤔", "👀", "🧵", "📌", ""],
}

TAGS = {
    "en": ["#KettleGate", "#OrrinAurora", "#BoycottOrrin", "#Orrin", "#KitchenSafety"],
    "sw": ["#OrrinKenya", "#UsalamaKwanza", "#KettleGate", "#BoycottOrrin"],
    "hy": ["#Orrin", "#KettleGate", "#սպառող", "#BoycottOrrin"],
    "zh": ["#Orrin", "#快煮壺", "#召回", "#KettleGate", "#抵制Orrin"],
    "tl": ["#OrrinPH", "#KettleGate", "#BoycottOrrin", "#IngatKayo"],
    "fr": ["#Orrin", "#KettleGate", "#rappel"],
    "es": ["#Orrin", "#KettleGate", "#BoicotOrrin"],
}

# --------------------------------------------------------------------------------------------
# Hand-written template pools: POOLS[lang][category] -> list of strings.
# Slots: {product} {brand} {spark} {place} {years} {month} {batch} {verdict} {tag} {emo}
# --------------------------------------------------------------------------------------------
POOLS = {}

POOLS["en"] = {
    "base_pos": [
        "Morning ritual: green tea from the {product}. Boils in about 90 seconds {emo}",
        "Got the {product} as a housewarming gift and it's now the nicest thing in my kitchen",
        "Shoutout to @OrrinCare for replacing my cracked lid seal, no questions asked {emo}",
        "The Aurora in sage green is so pretty I leave it out on the counter on purpose",
        "{years} years with my Orrin kettle and it still clicks off right on time. Quietly reliable.",
        "Tea for the whole office thanks to the big Orrin in the break room ☕☕☕",
        "The keep-warm setting on the {product} is underrated for pour-over people",
        "My gran asked for 'the kettle that glows blue' for her birthday. Orrin Aurora it is {emo}",
        "Saturday pancakes, Saturday coffee, Saturday kettle. Life is simple. {emo}",
        "Finally replaced our ancient kettle with an Orrin. Why did I wait so long",
        "The little blue light on the Aurora at 6am is weirdly comforting",
        "Honestly the {product} pours without dribbling, which is more than I can say for my last three kettles",
    ],
    "base_neu": [
        "Does anyone know if the filter in the {product} is dishwasher safe?",
        "Orrin Aurora vs a cheap supermarket kettle: is the price difference actually worth it?",
        "Orrin weekend sale in {place}: Aurora 15% off until Sunday apparently",
        "Descaling day. Vinegar or citric acid for the {product}? Hard-water household here",
        "Saw an Orrin pop-up stand at the shopping centre in {place}, they were handing out tea samples",
        "Is the Aurora 1.7L the same as the AK-170 or is that a different model?",
        "Rumour is Orrin launches a matching toaster next month. Of course it matches.",
        "Looking for a quiet kettle for a baby household. Orrin or something else? {emo}",
        "Anyone tried the Orrin travel kettle? Thinking about it for a camping trip",
        "Which colour Aurora would you get, Clay or Fog? Can't decide",
    ],
    "base_neg": [
        "Ordered the {product} on Monday, still says 'processing'. Come on @OrrinHome",
        "Why is the Orrin kettle so LOUD at 6am, the whole flat wakes up",
        "Price went up again on the Aurora. Not impressed {emo}",
        "Orrin support hold music is becoming part of my personality",
        "The 'keep warm' beep on the Aurora cannot be turned off and I will riot",
        "My Orrin arrived with a scratch on the base. Returning it, sadly",
    ],
    "react": [
        "Just watched {spark}'s video. The lid pops open MID-BOIL and smoke comes out of the base. Terrifying {emo}",
        "I have this exact kettle on my counter right now. Unplugged it. {tag}",
        "@OrrinHome are you seeing this? A child was standing right next to it.",
        "That click and then the hiss... I can't stop rewatching {spark}'s clip. Boiling water everywhere {emo}",
        "Wait, is this the Aurora? The one half of us got for Christmas?",
        "This is exactly how people get burned. Please check your kettles tonight {emo}",
        "So glad nobody was hurt but that was SO close. {tag}",
        "Same thing happened to my sister's {product} in {month}! She thought she'd overfilled it.",
        "My stomach dropped watching that. The little girl's hand was right there.",
        "I make my kids' porridge with water from that kettle every morning. Not tomorrow.",
        "Ok I just went and looked at ours and the lid wobbles when I press it. Great. {emo}",
        "Anyone else's Aurora lid 'pop' slightly before it clicks off? I always thought that was normal",
        "This is going to be everywhere by lunchtime. {tag}",
        "Wow. The base is actually smoking at the end of that clip. That's not a lid problem, that's electrical.",
        "Watched it with the sound on. That bang when the lid goes. I actually jumped {emo}",
        "We got ours in the Black Friday sale. It's going straight back in the box until Orrin says something.",
        "My hands are still shaking and it wasn't even my kitchen. That poor kid {emo}",
        "Sent the video to my mum because she has the exact same one. She's 79 and lives alone. {tag}",
        "Can't believe how close that was. Another few centimetres and it's a hospital trip.",
        "Our nursery uses Orrin kettles in the staff room. Forwarding this to the manager now.",
        "Just told my teenager not to use the kettle. First time he's ever listened to me {emo}",
    ],
    "critic": [
        "A kettle has one job: keep the boiling water INSIDE. {brand} couldn't manage that. {tag}",
        "This isn't a 'customer experience' issue, it's a safety issue. Treat it like one, {brand}.",
        "Every minute {brand} stays quiet, more people are filling these kettles for their afternoon tea.",
        "How many of these are sitting in homes with toddlers right now? Genuinely asking, {brand}.",
        "Premium price, premium branding, and a lid that flies open. Cool. Cool cool cool.",
        "If your product can scald a child you don't get to 'look into it' for days. Pull it. {tag}",
        "I reported a loose lid hinge to {brand} back in {month}. They sent me a discount code. A DISCOUNT CODE.",
        "People are posting batch numbers in the replies and it is not one unit. This is a pattern. {tag}",
        "The smoke from the base worries me more than the lid tbh. That's wiring, not bad luck.",
        "Stop telling people to 'make sure the lid is clicked shut'. It WAS shut. Watch the video.",
        "Funny how {brand} replies to cute latte-art posts in minutes but a safety video takes ages.",
        "My Aurora's lid started sticking after about {years} months. I assumed it was limescale. Now I'm not so sure.",
        "The problem isn't that a product failed. Products fail. The problem is the silence afterwards. {tag}",
        "Three different people in my group chat have the same kettle. None of them knew about this. {emo}",
        "Can {brand} at least tell people to stop using it while they 'investigate'? That costs nothing.",
        "I work in a café and we have two Auroras behind the counter. Both unplugged as of now. {tag}",
        "Imagine designing a KETTLE, the most tested appliance in history, and getting the lid wrong.",
        "{brand} spent more on the Aurora launch party than on testing that hinge, I'd bet money on it.",
        "Last month {brand} posted a 'meet our safety engineers' video. Where are they today?",
        "You can't tell people to 'trust the brand' when the brand is filming latte art while kettles explode.",
        "If this had been a cheap unbranded kettle everyone would say 'well, what did you expect'. So what did we expect from {brand}?",
        "I emailed {brand} about a wobbly lid {years} weeks ago. Auto-reply, then nothing. {tag}",
        "The worst part is how many of these were bought as gifts. People don't even know they own one.",
        "Someone in the replies says their Aurora did the same with a baby in a high chair nearby. This is not a one-off.",
    ],
    "boycott": [
        "Not buying another Orrin anything until they explain this. #BoycottOrrin",
        "A boycott isn't about one kettle. It's about a brand that shrugged off warnings. #BoycottOrrin",
        "Returning my Orrin toaster as well. Done with them. #BoycottOrrin {emo}",
        "Retailers, take the Aurora off your shelves. Everyone else: don't buy it. #BoycottOrrin",
        "Share the video, skip the shop. #BoycottOrrin until there's a proper recall",
        "Just cancelled my Orrin order. Told them why in the cancellation box too. #BoycottOrrin",
        "Boycott, and keep boycotting until they say which batches. Simple. #BoycottOrrin {emo}",
        "My whole family is on the boycott. Grandma included, and she LOVED that kettle. #BoycottOrrin",
    ],
    "legal": [
        "Anyone burned by one of these: keep the kettle, the receipt and photos. That's how a lawsuit starts.",
        "Class action lawyers are going to have a very busy weekend with this one.",
        "This needs a proper recall, not a 'voluntary inspection programme'. #recall {tag}",
        "Has anyone reported this to the product safety regulator yet? We need an official recall notice.",
        "If they knew about the hinge and kept selling it, that's not a PR problem, that's a lawsuit.",
        "Recall. Now. Before someone ends up in A&E. {tag}",
        "Genuine question: can retailers be part of the lawsuit too if they kept selling it after complaints?",
        "The word everyone in {brand}'s office is avoiding today is 'recall'.",
    ],
    "caps": [
        "@ORRINHOME MY KIDS MAKE HOT CHOCOLATE WITH THIS EVERY MORNING. RECALL IT NOW!!!",
        "HOW IS THIS STILL ON SALE??? #BOYCOTTORRIN",
        "STOP. USING. THE. AURORA. KETTLE. 🔥🔥🔥",
        "I AM SO ANGRY. I BOUGHT THREE OF THESE AS CHRISTMAS PRESENTS.",
        "ANSWER THE QUESTION @ORRINHOME. WHICH BATCHES???",
        "NOBODY SHOULD HAVE TO FILM THEIR KETTLE TO GET A COMPANY TO LISTEN",
    ],
    "question": [
        "Which models are affected? Just the Aurora or the Classic too?",
        "Does the glass version of the {product} have the same lid hinge?",
        "Where's the batch code on these things? Under the base?",
        "Is it safe to keep using it if I hold the lid down? Asking genuinely",
        "@OrrinCare is there a list of affected batches yet?",
        "Do I take mine back to the shop or contact Orrin directly?",
        "Mine is the travel version, is that one ok? {emo}",
        "Is there an official statement somewhere or just the replies? Can't find anything on their site",
        "Bought mine second-hand, will Orrin still replace it if it's affected?",
        "Is the smoke from the base a separate problem? Should I check the plug as well?",
        "Has anyone actually heard back from @OrrinCare yet? DM'd an hour ago",
        "Do we know which shops sold the bad ones or is it everywhere?",
    ],
    "joke": [
        "Orrin Aurora: boils water AND your blood pressure {emo}",
        "My kettle just clicked off normally and I flinched. Thanks, internet {emo}",
        "Me heating water in a saucepan like it's 1850 {emo}",
        "Tea is cancelled, this is a coffee household now {emo}",
        "The Aurora glowing blue is now officially a threat {emo}",
        "Every British person checking their kettle at the same time could be seen from space {emo}",
    ],
    "news": [
        "Thread with what we know so far about the Orrin Aurora lid issue: the video, batch numbers people report, brand response 🧵",
        "For the late crowd: customer video shows an Orrin kettle lid opening mid-boil, base smoking. Brand says it's investigating.",
        "Trending in {place} right now: #KettleGate, #BoycottOrrin, 'Aurora kettle'",
        "Orrin's shares aren't public but their retailers are: two shops in {place} have pulled the Aurora from display, per staff.",
        "Timeline so far: 10:04 video posted, 10:30 brand holding statement, big accounts sharing since. Still no batch list. {tag}",
    ],
    "support": [
        "I get the anger but let's wait for facts. One video doesn't tell us if it's a defect or a one-off.",
        "Had my Orrin for {years} years, zero problems. Not saying the video is fake, just that it isn't every kettle.",
        "They replied within half an hour. Give them the afternoon before grabbing the pitchforks.",
        "Orrin replaced my toaster for free when the timer broke. I do trust them to sort this out.",
        "Please don't abuse the customer care staff, they didn't design the hinge. Be kind {emo}",
        "Some of these 'same happened to me' replies are from accounts made this week. Careful what you share.",
        "Honest question, not blaming anyone: was it under the max line? Want the full picture before I bin mine.",
        "Every brand has a bad batch eventually. What matters is what they do in the next few hours.",
        "The {brand} team answered my DM in ten minutes with clear advice. Not the villain story people want.",
        "Boycotting a company for ONE video before they've even tested the kettle seems a bit much tbh",
        "Orrin's kettles have been fine for millions of people for years. Let them find out what went wrong with this batch.",
        "Wild how fast the internet goes from 'favourite brand' to 'boycott' in an hour.",
        "Not defending a faulty kettle, defending the idea of waiting two hours for an answer.",
        "Say what you like, a brand that replies in 30 minutes on a Saturday is paying attention.",
        "My dad worked at an appliance factory. Sometimes one supplier ships bad parts and nobody knows for months. It happens.",
    ],
    "troll": [
        "Free fireworks with every kettle purchase 🎆 Orrin really means value for money",
        "Imagine buying a kettle with trust issues lmao",
        "Bet the intern designed that hinge {emo}",
        "Orrin's new slogan: 'Tea, with a side of adrenaline' {emo}",
        "This is so obviously staged, who films their kettle?? 🙄",
        "Competitor bots working overtime today lol",
        "ok but the smoke effect is kinda aesthetic ngl",
        "Kettle said 'I'm free' {emo}",
        "Real ones boil water in the microwave {emo}",
        "Lmao the same people crying boycott will buy the next Aurora in a month",
        "Orrin Aurora Pro Max: now with an ejector seat {emo}",
        "kettle went super saiyan and people are acting surprised",
        "All this over hot water? Touch grass people",
        "BREAKING: water is hot. more at 11 {emo}",
        "Somebody make the lid a little parachute and call it a feature",
    ],
    "holding_react": [
        "'We're looking into it' is what you say about a late parcel, not a kettle that sprays boiling water.",
        "Holding statement, translated: please stop talking about this until Monday.",
        "At least they replied fast. Now tell us WHICH batches. @OrrinHome",
        "'Taking it very seriously' — then tell people to stop using it. It's one sentence.",
        "Copy-paste PR. Where's the bit that tells parents what to do tonight?",
        "The statement says nothing about the smoke. Why? {tag}",
        "Fair play for answering quickly, but 'updates to follow' isn't advice.",
        "Your 'update' has fewer words than the complaints in my inbox. {tag}",
    ],
    "answer_pos": [
        "Credit where it's due: clear batch numbers, stop-use advice, free replacement. That's how you do it.",
        "Orrin's update is actually good. Checked ours, batch B2561, not affected {emo}",
        "Took them a couple of hours but the notice is clear. Better than most brands manage.",
        "They named the supplier fault and admitted they were slow. More than I expected, honestly.",
        "Replacement registered through their form, took about three minutes {emo}",
        "'We did not act quickly enough. We're sorry.' You don't often see a brand write that.",
        "This is the response people were asking for this morning. Glad it came.",
    ],
    "answer_neg": [
        "A recall after a hundred thousand people shared the video. Would they have done it otherwise?",
        "Free replacement with... another Orrin kettle? No thanks, refund please.",
        "Still nothing on how long they knew about the hinge. {tag}",
        "A recall is the minimum. What about the people who already got scalded?",
        "'Out of an abundance of caution' is doing a lot of work. Just say you got it wrong.",
        "Good that there's a notice, but their registration page keeps timing out {emo}",
        "They apologised to the internet. Did they apologise to the little girl?",
    ],
    "batch_check": [
        "Just flipped our kettle over: batch B{batch}. {verdict}",
        "PSA: the batch code is the 4-digit number after the B on the sticker under the base.",
        "Checked my mum's Aurora, it's B{batch}. {verdict}",
        "Ours says B{batch}. {verdict} {emo}",
        "Went round the office checking kettles like a health inspector. B{batch}. {verdict}",
    ],
    "amp_quote": [
        "Please watch this before you make your next cup of tea 👇 {url}",
        "This is why we always tell you to check your appliances. Worth 30 seconds of your time: {url}",
        "If you own an Orrin Aurora, read this thread first {url}",
        "Sharing because a lot of you asked about kettles last week. Not sponsored, just worried. {url}",
    ],
    "care": [
        "Hi {name}, we're really sorry. Please unplug the kettle and DM us your batch code (sticker under the base) so we can help.",
        "Thanks for flagging this, {name}. Our safety team is reviewing every report. Could you DM us a photo of the lid hinge?",
        "{name}, we hear you. Please don't use the kettle for now; we'll confirm which batches are affected very soon.",
        "Hi {name}, sorry for the worry. Please keep the kettle unplugged and send us a DM so we can follow up personally.",
    ],
    "care_after": [
        "Hi {name}, if your batch is between B2541 and B2549 please register at orrinhome.example/aurora-safety for a replacement or refund.",
        "Thanks {name}. If your kettle isn't in B2541–B2549 it's not affected, but tell us if you notice anything odd with the lid.",
        "{name}, so sorry for the trouble with the form. It's working again now; you can also call us and we'll register you by phone.",
    ],
    "verdict_bad": ["Affected. Unplugged and in the garage.", "In the range. Of course it is.",
                    "It's one of them. Registering now.", "Affected! Glad I checked."],
    "verdict_ok": ["Not affected, phew.", "Outside the range, relieved.", "Fine, but still a bit spooked.",
                   "Not in the list. Kettle lives another day."],
}

POOLS["sw"] = {
    "base_pos": [
        "Nimenunua birika jipya la Orrin Aurora leo, linachemsha maji haraka sana {emo}",
        "Chai ya asubuhi na birika langu la Orrin. Jumamosi njema wote! {emo}",
        "Huduma kwa wateja wa @OrrinCare walinijibu ndani ya saa moja. Hongera sana.",
        "Nimekuwa na birika la Orrin kwa miaka {years}, bado linafanya kazi vizuri kabisa.",
        "Birika la Aurora la rangi ya kijani ni zuri mno jikoni kwangu {emo}",
        "Mama yangu amefurahi sana na zawadi ya birika la Orrin {emo}",
    ],
    "base_neu": [
        "Kuna mtu anajua duka la {place} linalouza vipuri vya Orrin?",
        "Ofa ya wikendi: Orrin Aurora punguzo la 15% pale {place}. Ni kweli jamani?",
        "Birika la Orrin au la bei nafuu sokoni? Tofauti ya bei inastahili?",
        "Jinsi ya kuondoa ukoko ndani ya birika? Maji ya {place} yana chumvi nyingi",
    ],
    "base_neg": [
        "Bei ya birika la Aurora imepanda tena {emo}",
        "Nimeagiza Aurora wiki iliyopita, bado haijafika. @OrrinHome mko wapi?",
        "Birika la Orrin lina kelele sana asubuhi, watoto wanaamka wote",
    ],
    "react": [
        "Mungu wangu, umeona video ya {spark}? Kifuniko cha birika kilifunguka maji yakichemka {emo}",
        "Nina birika hilohilo nyumbani. Nimelichomoa kwenye umeme mara moja. {tag}",
        "Mtoto alikuwa amesimama pale pale! Hii inatisha sana {emo}",
        "Wazazi, angalieni mabirika yenu leo. Usiache mtoto karibu na birika linalochemka.",
        "Birika langu la Aurora lilianza kutoa moshi mwezi uliopita, nilidhani ni kosa langu {emo}",
        "Moshi ule chini ya birika si jambo dogo. Ni tatizo la umeme hilo. {tag}",
        "Tumeiona video. Tunasubiri majibu ya @OrrinHome, si matangazo.",
    ],
    "critic": [
        "Hii ni hatari kwa watoto. @OrrinHome mnahitaji kueleza kinachoendelea sasa hivi!",
        "Birika lina kazi moja tu: kuweka maji ya moto ndani. Orrin wameshindwa hata hilo. {tag}",
        "Kimya cha Orrin kinatisha kuliko video yenyewe. {tag}",
        "Nililalamika kuhusu kifuniko kilicholegea mwezi {month}. Walinipa kuponi ya punguzo tu {emo}",
        "Watu wanaandika namba za batch kwenye maoni. Si birika moja tu, ni tatizo la kiwanda.",
        "Bei ghali, matangazo mazuri, halafu kifuniko kinaruka. Asanteni sana Orrin {emo}",
        "Waambieni watu waache kutumia mabirika haya sasa hivi. Haigharimu chochote. {tag}",
    ],
    "boycott": [
        "Kususia Orrin ndiyo njia pekee watakayosikia. #BoycottOrrin",
        "Sinunui tena bidhaa yoyote ya Orrin mpaka waeleze ukweli. #BoycottOrrin {emo}",
        "Familia nzima tumeamua kususia Orrin. Hata bibi. #BoycottOrrin",
        "Maduka ya {place}, ondoeni Aurora kwenye rafu. #BoycottOrrin",
    ],
    "legal": [
        "Mtu akiungua, hii itakuwa kesi mahakamani. Kampuni ijue hilo.",
        "Tunataka kurejeshwa kwa bidhaa hizi (recall) mara moja, si 'uchunguzi' tu. {tag}",
        "Kama walijua tatizo na wakaendelea kuuza, hiyo ni kesi, si suala la mawasiliano.",
        "Hifadhini birika, risiti na picha. Huenda zikahitajika kwa kesi. {tag}",
    ],
    "question": [
        "Namba ya batch iko wapi kwenye birika? Chini?",
        "Ni Aurora peke yake au hata Orrin Classic?",
        "Nilinunua {place}, nirudishe dukani au niwasiliane na Orrin moja kwa moja?",
        "@OrrinCare kuna orodha ya mabirika yaliyoathirika bado?",
    ],
    "joke": [
        "Birika la Orrin: linachemsha maji na hasira zako pia {emo}",
        "Leo tunapika chai kwenye sufuria kama zamani za bibi {emo}",
        "Birika limeamua kujitegemea {emo}",
    ],
    "news": [
        "Kwa wanaochelewa: video ya mteja inaonyesha kifuniko cha birika la Orrin kikifunguka likichemka. Orrin wanasema wanachunguza.",
        "Inavuma {place} sasa hivi: #KettleGate na #BoycottOrrin",
    ],
    "support": [
        "Tusihukumu haraka. Nimetumia Orrin kwa miaka {years} bila tatizo lolote.",
        "Tusubiri uchunguzi kabla ya kusema 'kususia'. Video moja haitoshi kujua ukweli.",
        "Orrin wamejibu ndani ya nusu saa. Hiyo ni bora kuliko kampuni nyingi.",
        "Msiwatukane wafanyakazi wa huduma kwa wateja, wao hawakutengeneza birika {emo}",
    ],
    "troll": [
        "Haha sasa birika linatoa maonyesho ya fataki bure {emo}",
        "Nunueni sufuria tu, mabirika ni ya mabepari {emo}",
        "Video hii imepangwa, nani hurekodi birika lake? {emo}",
    ],
    "holding_react": [
        "'Tunalichunguza' — maneno yaleyale kila mara. Tunataka hatua!",
        "Mmejibu haraka, sawa. Sasa tuambieni batch zipi zina tatizo. @OrrinHome",
        "Taarifa yenu haisemi chochote kuhusu moshi. Kwa nini? {tag}",
    ],
    "answer_pos": [
        "Angalau wamekubali kurejesha mabirika ya batch hizo na kubadilisha bure. Hatua nzuri.",
        "Wamekiri kwamba walichelewa na wameomba radhi. Si kawaida kwa kampuni kubwa.",
        "Nimejisajili kwenye fomu yao, ilichukua dakika tatu tu {emo}",
    ],
    "answer_neg": [
        "Kuchelewa ni bora kuliko kutokufanya kitu, lakini saa nne ni nyingi sana.",
        "Wanataka kunipa birika lingine la Orrin? Hapana, nirudishieni pesa zangu.",
        "Bado hawajasema walijua tatizo hili tangu lini. {tag}",
    ],
    "batch_check": [
        "Nimeangalia namba ya batch chini ya birika langu: B{batch}. {verdict}",
        "Birika la ofisini ni B{batch}. {verdict}",
    ],
    "amp_quote": [
        "Tazameni hii kabla ya kuchemsha chai leo 👇 {url}",
        "Kama una birika la Orrin Aurora, soma hii kwanza {url}",
    ],
    "care": [
        "Habari {name}, tunasikitika sana. Tafadhali zima birika na utume namba ya batch kwa DM ili tukusaidie.",
        "Asante kwa kutujulisha, {name}. Timu yetu ya usalama inachunguza kila ripoti. Tafadhali usitumie birika kwa sasa.",
    ],
    "care_after": [
        "Habari {name}, kama batch yako ni kati ya B2541 na B2549 jisajili kwenye orrinhome.example/aurora-safety upate birika jipya au pesa zako.",
    ],
    "verdict_bad": ["Limeathirika. Nimelizima.", "Liko kwenye orodha, najisajili sasa."],
    "verdict_ok": ["Halijaathirika, nashukuru.", "Si miongoni mwa yaliyoathirika. Asanteni kwa taarifa."],
}

POOLS["hy"] = {
    "base_pos": [
        "Նոր թեյնիկ եմ գնել՝ Orrin Aurora, շատ արագ է եռացնում {emo}",
        "Առավոտյան սուրճ ու Orrin թեյնիկ․ լավ շաբաթ օր բոլորին {emo}",
        "Orrin-ի թեյնիկս արդեն {years} տարի է աշխատում է առանց խնդրի",
        "@OrrinCare-ը մեկ ժամում փոխեց կափարիչի կնիքը, շնորհակալություն",
        "Մայրիկիս համար Aurora նվեր գնեցի, շատ ուրախացավ {emo}",
    ],
    "base_neu": [
        "Որևէ մեկը գիտի՞, թե {place}-ում որտեղ կարելի է գտնել Orrin-ի պահեստամասեր",
        "Aurora, թե՞ սովորական էժան թեյնիկ․ արժե՞ գնի տարբերությունը",
        "Ինչո՞վ եք մաքրում թեյնիկի կրաքարը, քացախո՞վ, թե՞ կիտրոնաթթվով",
    ],
    "base_neg": [
        "Aurora-ի գինը նորից բարձրացել է {emo}",
        "Պատվիրել եմ մեկ շաբաթ առաջ, դեռ չի հասել։ @OrrinHome, ո՞ւր է",
    ],
    "react": [
        "Տեսա՞ք {spark}-ի տեսանյութը։ Կափարիչը բացվել է հենց եռալու ժամանակ {emo}",
        "Ես էլ նույն թեյնիկն ունեմ, անմիջապես անջատեցի հոսանքից։ {tag}",
        "Երեխան հենց կողքին էր կանգնած։ Սարսափելի է {emo}",
        "Ծնողներ, այսօր ստուգեք ձեր թեյնիկները։",
        "Հիմքից ծուխ է դուրս գալիս, սա արդեն էլեկտրական խնդիր է։",
        "Իմ Aurora-ի կափարիչն էլ է վերջերս թուլացել, կարծում էի՝ իմ մեղքն է {emo}",
    ],
    "critic": [
        "Սա վտանգավոր է երեխաների համար։ @OrrinHome, պատասխանեք հիմա։",
        "Թեյնիկը մեկ գործ ունի՝ եռացող ջուրը ներսում պահել։ Orrin-ը դա էլ չի կարողանում։ {tag}",
        "Ընկերության լռությունն ավելի է վախեցնում, քան տեսանյութը։",
        "Մեկնաբանություններում մարդիկ խմբաքանակի համարներ են գրում․ սա մեկ թեյնիկ չէ։",
        "Գոնե ասեք մարդկանց, որ առայժմ չօգտագործեն։ Դա ոչինչ չարժե։ {tag}",
    ],
    "boycott": [
        "Բոյկոտ Orrin-ին, մինչև ճշմարտությունն ասեն։ #BoycottOrrin",
        "Այլևս ոչինչ չեմ գնի Orrin-ից։ Բոյկոտ։ #BoycottOrrin {emo}",
        "Խանութներ, հանեք Aurora-ն դարակներից։ #BoycottOrrin",
    ],
    "legal": [
        "Եթե որևէ մեկը այրվածք ստանա, դատական հայց է լինելու։",
        "Եթե սա ճիշտ է, պետք է անհապաղ հետկանչ հայտարարեն։ {tag}",
        "Պահեք թեյնիկը, կտրոնը և լուսանկարները․ կարող են պետք գալ հայցի համար։",
    ],
    "question": [
        "Որտե՞ղ է գրված խմբաքանակի համարը, ներքևու՞մ",
        "Միայն Aurora-ն է, թե՞ Classic-ն էլ։",
        "@OrrinCare, արդեն կա՞ վնասված խմբաքանակների ցուցակ",
    ],
    "joke": [
        "Թեյնիկ, որը նաև հրավառություն է անում {emo}",
        "Այսօր թեյը կաթսայում ենք եռացնում, ինչպես տատիկի ժամանակ {emo}",
    ],
    "news": [
        "Ամփոփում․ հաճախորդի տեսանյութում Orrin թեյնիկի կափարիչը բացվում է եռալիս։ Ընկերությունն ասում է՝ ուսումնասիրում է։",
    ],
    "support": [
        "Մի շտապեք դատել։ Ես {years} տարի Orrin եմ օգտագործում և խնդիր չեմ ունեցել։",
        "Սպասենք ստուգման արդյունքներին, մեկ տեսանյութը դեռ ամեն ինչ չէ։",
        "Կես ժամում պատասխանեցին, դա արդեն լավ է շատ ընկերությունների համեմատ։",
    ],
    "troll": [
        "Թեյնիկը որոշել է ազատություն ուզել {emo}",
        "Ո՞վ է տեսագրում իր թեյնիկը։ Բեմադրություն է {emo}",
    ],
    "holding_react": [
        "«Ուսումնասիրում ենք»․ միշտ նույն խոսքերը։ Մեզ գործողություն է պետք։",
        "Հայտարարության մեջ ոչ մի բառ ծխի մասին։ Ինչո՞ւ։",
    ],
    "answer_pos": [
        "Գոնե հետկանչ հայտարարեցին և անվճար փոխարինում են։ Ճիշտ քայլ է։",
        "Ներողություն խնդրեցին ու ընդունեցին, որ ուշացել են։ Հազվադեպ է։",
    ],
    "answer_neg": [
        "Հետկանչը նվազագույնն է։ Իսկ ի՞նչ կլինի նրանց հետ, ովքեր արդեն այրվել են։",
        "Չեն ասում՝ երբվանից գիտեին խնդրի մասին։ {tag}",
    ],
    "batch_check": [
        "Ստուգեցի խմբաքանակի համարը՝ B{batch}։ {verdict}",
    ],
    "amp_quote": [
        "Դիտեք սա, նախքան թեյ դնելը 👇 {url}",
    ],
    "care": [
        "Բարև, {name}, շատ ենք ցավում։ Խնդրում ենք անջատել թեյնիկը և DM-ով ուղարկել խմբաքանակի համարը։",
    ],
    "care_after": [
        "{name}, եթե խմբաքանակը B2541–B2549 է, գրանցվեք orrinhome.example/aurora-safety հասցեով՝ փոխարինման կամ գումարի վերադարձի համար։",
    ],
    "verdict_bad": ["Ցուցակում է, անջատեցի։"],
    "verdict_ok": ["Ցուցակում չէ, փառք Աստծո։", "Իմը չի մտնում ցուցակում։"],
}

POOLS["zh"] = {
    "base_pos": [
        "新買的 Orrin Aurora 快煮壺，煮水超快 {emo}",
        "早上一杯熱茶，配 Orrin 快煮壺，週末愉快！{emo}",
        "Orrin 的客服回覆很快，一小時內就幫我換了新的壺蓋墊圈 👍",
        "家裡的 Orrin 快煮壺用了{years}年還是很好用",
        "霧灰色的 Aurora 放在廚房真的好看 {emo}",
        "送給爸媽的 Orrin 快煮壺，他們說終於不用再用瓦斯爐燒水了",
    ],
    "base_neu": [
        "有人知道{place}哪裡可以買到 Orrin 的零件嗎？",
        "Aurora 跟一般便宜的快煮壺比，價差值得嗎？",
        "快煮壺除水垢用檸檬酸還是白醋比較好？",
        "聽說 Orrin 下個月要出同系列的烤麵包機",
    ],
    "base_neg": [
        "Aurora 又漲價了…{emo}",
        "網購的 Orrin 快煮壺等了一週還沒出貨 @OrrinHome",
    ],
    "react": [
        "看到 {spark} 的影片了嗎？水煮到一半壺蓋直接彈開，底座還冒煙 {emo}",
        "我家也是同一款，已經先拔插頭了。{tag}",
        "小孩就站在旁邊耶，看得我心臟快停了 {emo}",
        "家長們今天快檢查一下家裡的快煮壺。",
        "上個月我的 Aurora 也冒過煙，我還以為是我自己用錯 {emo}",
        "底座冒煙不是小事，那是電的問題。",
        "剛剛去按了一下我家壺蓋，真的會晃… {emo}",
    ],
    "critic": [
        "這對小孩太危險了！@OrrinHome 請馬上說明！",
        "快煮壺唯一的工作就是把滾水關在裡面，Orrin 連這個都做不到。{tag}",
        "留言區一堆人貼批號，這不是單一個案，是品質問題。",
        "官方到現在都不講話，比影片本身還可怕。",
        "至少先叫大家停用吧？這句話一毛錢都不用花。{tag}",
        "我{month}就反映過壺蓋鬆動，結果只收到一張折價券 {emo}",
    ],
    "boycott": [
        "在官方說清楚之前，我選擇抵制 Orrin。#BoycottOrrin",
        "全家決定抵制 Orrin，連我媽都說不買了。#抵制Orrin",
        "通路商請把 Aurora 下架，大家也先別買。#BoycottOrrin {emo}",
    ],
    "legal": [
        "要是有人被燙傷，這絕對會變成訴訟。",
        "如果屬實，應該立刻召回，而不是「了解中」。{tag}",
        "明知有問題還繼續賣，那就不是公關問題，是法律問題了，等著被起訴吧。",
        "請保留壺、發票和照片，之後求償可能用得到。",
    ],
    "question": [
        "批號在哪裡看？底座下面嗎？",
        "只有 Aurora 嗎？Classic 有沒有一樣的問題？",
        "在{place}買的，要拿回門市還是直接找 Orrin？",
        "@OrrinCare 有受影響批號的清單了嗎？",
    ],
    "joke": [
        "買快煮壺送煙火秀 🎆 物超所值 {emo}",
        "今天改用鍋子燒水，回到阿嬤的年代 {emo}",
        "Aurora 的藍光現在看起來像警示燈 {emo}",
    ],
    "news": [
        "懶人包：網友影片顯示 Orrin 快煮壺煮沸時壺蓋彈開、底座冒煙，品牌回應「正在了解」。",
        "{place}現在的熱門話題：#KettleGate、#抵制Orrin",
    ],
    "support": [
        "先別急著下定論，我用 Orrin {years}年從沒出過問題。",
        "等調查結果吧，一支影片說明不了全部。",
        "官方半小時內就回應了，比很多品牌好多了。",
        "拜託不要去罵客服人員，壺不是他們設計的 {emo}",
    ],
    "troll": [
        "這是對手公司買的黑稿吧 🙄",
        "誰會拍自己的快煮壺啦，擺拍吧 {emo}",
        "壺蓋：我自由了 {emo}",
    ],
    "holding_react": [
        "「我們正在了解」又是這句公關話術。",
        "回得很快沒錯，但請告訴我們是哪些批號！@OrrinHome",
        "聲明裡完全沒提冒煙，為什麼？{tag}",
    ],
    "answer_pos": [
        "至少願意召回並免費更換，這點值得肯定。",
        "公布批號、承認反應太慢、還道歉，這次處理得不錯。",
        "登記換貨大概三分鐘就好 {emo}",
    ],
    "answer_neg": [
        "召回只是最基本的，已經被燙傷的人怎麼辦？",
        "換一台新的 Orrin？不用了，我要退款。",
        "還是沒說到底什麼時候就知道壺蓋有問題。{tag}",
    ],
    "batch_check": [
        "查了底部批號：B{batch}。{verdict}",
        "公司茶水間那台是 B{batch}。{verdict}",
    ],
    "amp_quote": [
        "燒水前請先看這個 👇 {url}",
        "家裡有 Orrin Aurora 的朋友請看 {url}",
    ],
    "care": [
        "{name} 您好，非常抱歉。請先拔除插頭停止使用，並私訊提供底座的批號，我們會盡快協助。",
        "謝謝{name}告訴我們，安全團隊正在逐一檢視每一則回報，請暫時不要使用。",
    ],
    "care_after": [
        "{name} 您好，若批號介於 B2541 至 B2549，請至 orrinhome.example/aurora-safety 登記，可選擇免費更換或全額退款。",
    ],
    "verdict_bad": ["在範圍內，已經拔插頭了。", "中了，馬上去登記。"],
    "verdict_ok": ["不在範圍內，鬆一口氣。", "沒有受影響，感謝資訊。"],
}

POOLS["tl"] = {
    "base_pos": [
        "Bagong bili kong Orrin Aurora kettle, ang bilis kumulo {emo}",
        "Kape sa umaga gamit ang Orrin kettle ko. Good morning mga ka-tropa! {emo}",
        "Ang bilis sumagot ng @OrrinCare, naayos agad yung lid seal ko. Salamat!",
        "{years} taon na ang Orrin kettle namin, gumagana pa rin nang maayos.",
        "Ang ganda ng kulay Fog ng Aurora sa kusina namin {emo}",
    ],
    "base_neu": [
        "May nakakaalam ba kung saan sa {place} may piyesa ng Orrin?",
        "Sulit ba talaga ang Aurora kumpara sa murang kettle sa grocery?",
        "Sale daw ang Orrin sa mall sa {place} ngayong weekend, totoo ba?",
        "Pano mag-descale ng kettle, suka o calamansi? {emo}",
    ],
    "base_neg": [
        "Tumaas na naman presyo ng Aurora {emo}",
        "Isang linggo na yung order kong Orrin, wala pa rin. @OrrinHome",
    ],
    "react": [
        "Nakita niyo ba yung video ni {spark}? Bumukas yung takip habang kumukulo {emo}",
        "Pareho kami ng kettle. Binunot ko agad sa saksakan. {tag}",
        "Nasa tabi lang yung bata! Nakakakilabot {emo}",
        "Mga magulang, i-check niyo ang mga kettle niyo ngayon.",
        "Nagusok din yung Aurora ko noong isang buwan, akala ko ako ang may mali {emo}",
        "Yung usok sa base, hindi na yan takip lang, kuryente na yan.",
        "Grabe, ginagamit ko pa yan kaninang umaga para sa gatas ng anak ko {emo}",
    ],
    "critic": [
        "Delikado 'to sa mga bata! @OrrinHome magpaliwanag kayo ngayon din.",
        "Isa lang trabaho ng kettle: itago ang kumukulong tubig sa loob. Hindi pa nagawa ng Orrin. {tag}",
        "Ang daming nagpo-post ng batch number sa replies. Hindi na 'to isolated case.",
        "Yung katahimikan ng Orrin, mas nakakatakot pa sa video.",
        "Sabihin niyo man lang sa tao na huwag munang gamitin. Libre lang yun. {tag}",
        "Nag-report ako tungkol sa maluwag na takip noong {month}. Discount voucher lang binigay {emo}",
    ],
    "boycott": [
        "I-boycott na natin ang Orrin hangga't walang malinaw na sagot. #BoycottOrrin",
        "Hindi na ako bibili ng kahit anong Orrin. #BoycottOrrin {emo}",
        "Buong pamilya, boycott na sa Orrin. Pati si Lola. #BoycottOrrin",
    ],
    "legal": [
        "Pag may napaso dito, siguradong kaso 'yan.",
        "Kung totoo 'to, dapat i-recall agad, hindi 'iniimbestigahan' lang. {tag}",
        "Itago niyo yung kettle, resibo at picture. Baka kailanganin sa demanda.",
    ],
    "question": [
        "Saan makikita yung batch number? Sa ilalim ba?",
        "Aurora lang ba o pati yung Classic?",
        "Ibabalik ko ba sa tindahan o diretso sa Orrin?",
        "@OrrinCare may listahan na ba ng apektadong batch?",
    ],
    "joke": [
        "Libreng fireworks display kasama ng kettle, sulit! {emo}",
        "Balik kaldero muna tayo mga beshie {emo}",
        "Si kettle gusto na ng kalayaan {emo}",
    ],
    "news": [
        "Para sa mga nahuli: video ng customer, bumukas ang takip ng Orrin kettle habang kumukulo. Sabi ng Orrin, iniimbestigahan daw.",
        "Trending sa PH ngayon: #BoycottOrrin at #KettleGate",
    ],
    "support": [
        "Huwag muna tayong manghusga. {years} taon na akong gumagamit ng Orrin, walang problema.",
        "Hintayin natin ang imbestigasyon, isang video pa lang 'yan.",
        "Mabilis naman sila sumagot, bigyan natin ng kaunting oras.",
        "Huwag niyo namang awayin yung mga nasa customer service, wala silang kasalanan {emo}",
    ],
    "troll": [
        "Scripted 'to, sino ba nagvi-video ng kettle? {emo}",
        "Yung mga sumisigaw ng boycott, bibili rin ng bagong Aurora next month lol",
        "Kettle na may sariling isip {emo}",
    ],
    "holding_react": [
        "'Tinitingnan namin' — yan na naman. Aksyon ang kailangan!",
        "Ok mabilis kayo sumagot, pero anong batch?? @OrrinHome",
        "Walang sinabi tungkol sa usok. Bakit? {tag}",
    ],
    "answer_pos": [
        "At least may recall at libreng kapalit. Tamang hakbang.",
        "Umamin silang mabagal sila at nag-sorry. Bihira 'yan.",
        "Nag-register na ako, mga tatlong minuto lang {emo}",
    ],
    "answer_neg": [
        "Bagong Orrin kettle ulit bilang kapalit? Refund na lang po.",
        "Recall ang pinakamababa. Paano yung mga napaso na?",
        "Hindi pa rin nila sinasabi kung kailan nila nalaman. {tag}",
    ],
    "batch_check": [
        "Chineck ko yung batch number sa ilalim: B{batch}. {verdict}",
        "Yung kettle sa opisina, B{batch}. {verdict}",
    ],
    "amp_quote": [
        "Panoorin niyo muna 'to bago kayo magpakulo 👇 {url}",
        "Kung may Orrin Aurora kayo, basahin niyo 'to {url}",
    ],
    "care": [
        "Hi {name}, pasensya na po talaga. Pakibunot muna ang kettle at i-DM sa amin ang batch number para matulungan namin kayo.",
        "Salamat sa pag-report, {name}. Tinitingnan ng safety team ang bawat report. Huwag po munang gamitin.",
    ],
    "care_after": [
        "Hi {name}, kung ang batch ninyo ay B2541 hanggang B2549, mag-register po sa orrinhome.example/aurora-safety para sa kapalit o refund.",
    ],
    "verdict_bad": ["Apektado. Binunot ko na.", "Kasama sa listahan, magre-register na ako."],
    "verdict_ok": ["Hindi kasama, salamat sa Diyos.", "Hindi apektado. Salamat sa info."],
}

POOLS["fr"] = {
    "base_pos": [
        "Thé du samedi matin avec la bouilloire Orrin, parfait {emo}",
        "Ma bouilloire Orrin a {years} ans et marche toujours comme au premier jour",
    ],
    "base_neu": [
        "Quelqu'un a testé la bouilloire Orrin Aurora ? Elle vaut son prix ?",
        "Détartrer une bouilloire : vinaigre ou acide citrique ?",
    ],
    "base_neg": ["Le prix de l'Aurora a encore augmenté {emo}"],
    "react": [
        "Vous avez vu la vidéo de {spark} ? Le couvercle s'ouvre en pleine ébullition {emo}",
        "J'ai exactement la même bouilloire. Débranchée tout de suite. {tag}",
        "La petite était juste à côté. Ça fait froid dans le dos {emo}",
    ],
    "critic": [
        "C'est dangereux pour les enfants. @OrrinHome, il faut des réponses maintenant.",
        "Le silence de la marque est pire que la vidéo. {tag}",
        "Dites au moins aux gens d'arrêter de l'utiliser, ça ne coûte rien.",
    ],
    "boycott": [
        "Boycott d'Orrin tant qu'ils n'expliquent rien. #BoycottOrrin",
        "Je n'achète plus rien chez Orrin. #BoycottOrrin {emo}",
    ],
    "legal": [
        "Il faut un rappel du produit, pas une 'enquête interne'. {tag}",
        "Si quelqu'un est brûlé, ça finira en procès. Gardez la bouilloire et le ticket.",
    ],
    "question": ["Le numéro de lot se trouve où ? Sous la base ?"],
    "joke": ["Retour à la casserole, comme chez mamie {emo}"],
    "support": [
        "Attendons les faits avant de crier au boycott. Une vidéo ne suffit pas.",
        "J'ai une Orrin depuis {years} ans sans aucun souci.",
    ],
    "troll": ["Bouilloire avec feu d'artifice intégré, quel luxe {emo}"],
    "holding_react": ["« Nous examinons la situation » : la phrase magique. On veut des actes."],
    "answer_pos": ["Rappel, numéros de lot clairs et excuses : enfin une réponse sérieuse."],
    "answer_neg": ["Un rappel, c'est le minimum. Et les personnes déjà brûlées ?"],
    "batch_check": ["Vérifié sous la base : lot B{batch}. {verdict}"],
    "amp_quote": ["À voir avant votre prochain thé 👇 {url}"],
    "care": ["Bonjour {name}, nous sommes vraiment désolés. Merci de débrancher la bouilloire et de nous envoyer le numéro de lot en message privé."],
    "care_after": ["Bonjour {name}, si votre lot est entre B2541 et B2549, inscrivez-vous sur orrinhome.example/aurora-safety pour un remplacement ou un remboursement."],
    "verdict_bad": ["Concernée. Débranchée."],
    "verdict_ok": ["Pas concernée, ouf."],
}

POOLS["es"] = {
    "base_pos": [
        "Té del sábado con mi hervidora Orrin, no falla {emo}",
        "Mi Orrin tiene {years} años y sigue como el primer día",
    ],
    "base_neu": [
        "¿Alguien tiene la hervidora Orrin Aurora? ¿Merece la pena?",
        "¿Cómo quitáis la cal de la hervidora? ¿Vinagre o ácido cítrico?",
    ],
    "base_neg": ["Otra vez ha subido el precio de la Aurora {emo}"],
    "react": [
        "¿Habéis visto el vídeo de {spark}? La tapa se abre sola mientras hierve {emo}",
        "Tengo la misma hervidora. Desenchufada ya. {tag}",
        "La niña estaba justo al lado. Qué miedo {emo}",
    ],
    "critic": [
        "Esto es peligroso para los niños. @OrrinHome, explicad qué pasa ya.",
        "El silencio de la marca da más miedo que el vídeo. {tag}",
        "Decid al menos que dejemos de usarla, no cuesta nada.",
    ],
    "boycott": [
        "Boicot a Orrin hasta que den explicaciones. #BoicotOrrin",
        "No compro nada más de Orrin. #BoycottOrrin {emo}",
    ],
    "legal": [
        "Esto necesita una retirada del producto ya, no una 'investigación'. {tag}",
        "Si alguien se quema, esto acaba en demanda. Guardad la hervidora y el tique.",
    ],
    "question": ["¿Dónde viene el número de lote? ¿Debajo de la base?"],
    "joke": ["Hervidora con fuegos artificiales incluidos {emo}"],
    "support": [
        "Esperemos a los hechos antes de pedir boicot. Un vídeo no lo dice todo.",
        "Llevo {years} años con mi Orrin sin ningún problema.",
    ],
    "troll": ["Vaya montaje, ¿quién graba su hervidora? {emo}"],
    "holding_react": ["«Lo estamos investigando», la frase de siempre. Queremos hechos."],
    "answer_pos": ["Retirada, lotes claros y disculpas. Así sí."],
    "answer_neg": ["La retirada es lo mínimo. ¿Y quien ya se ha quemado?"],
    "batch_check": ["Mirado debajo de la base: lote B{batch}. {verdict}"],
    "amp_quote": ["Mirad esto antes de vuestro próximo té 👇 {url}"],
    "care": ["Hola {name}, lo sentimos mucho. Por favor, desenchufa la hervidora y envíanos el número de lote por mensaje privado."],
    "care_after": ["Hola {name}, si tu lote está entre B2541 y B2549, regístrate en orrinhome.example/aurora-safety para cambio o reembolso."],
    "verdict_bad": ["Afectada. Desenchufada."],
    "verdict_ok": ["No está afectada, menos mal."],
}

# Light openers/closers per language (only applied to some posts; keeps texts varied).
OPENERS = {
    "en": ["", "", "", "", "", "Honestly, ", "Wow. ", "Ugh. ", "Right, ", "Not gonna lie, ",
           "So... ", "Hmm. ", "Oof. ", "Update: ", "Just saying: "],
    "sw": ["", "", "", "Jamani, ", "Kusema kweli, ", "Aisee, ", "Wallahi, "],
    "hy": ["", "", "", "Ազնիվ ասած՝ ", "Վա՜յ, ", "Լսեք, "],
    "zh": ["", "", "", "說真的，", "天啊，", "唉，", "欸，"],
    "tl": ["", "", "", "Grabe, ", "Hay naku, ", "Totoo lang, ", "Uy, "],
    "fr": ["", "", "Franchement, ", "Bon, "],
    "es": ["", "", "Sinceramente, ", "Vaya, "],
}
CLOSERS = {
    "en": ["", "", "", "", " Unreal.", " Just... wow.", " Do better.", " Thoughts?", " Ridiculous.",
           " Check yours.", " Sigh.", " Please share."],
    "sw": ["", "", "", " Inasikitisha.", " Shirikisheni wengine.", " Mnaonaje?"],
    "hy": ["", "", "", " Տարածեք։", " Ի՞նչ կասեք։"],
    "zh": ["", "", "", " 請大家轉發。", " 太誇張了。", " 大家怎麼看？"],
    "tl": ["", "", "", " Pakishare.", " Nakakainis.", " Ano sa tingin niyo?"],
    "fr": ["", "", " Incroyable.", " Partagez."],
    "es": ["", "", " Increíble.", " Compartid."],
}

TAILS = {
    "en": {"neg": ["My kids use ours every day.", "This could have been so much worse.", "Not ok.",
                   "Absolutely not acceptable.", "Someone is going to get hurt.", "Unplugged ours just in case.",
                   "I'm so done.", "Seriously."],
           "pos": ["Let's keep it civil.", "Facts first.", "Just my two cents.", "Fair's fair."],
           "joke": ["I'll see myself out.", "Sorry not sorry.", "Tea time is cancelled.", "lol"],
           "neu": ["Anyone?", "Asking for my parents.", "Cheers in advance."]},
    "sw": {"neg": ["Watoto wetu wako hatarini.", "Hii si sawa kabisa.", "Tumechoka na kimya."],
           "pos": ["Tuwe na subira.", "Ukweli kwanza."], "joke": ["Hahaha.", "Mimi naondoka."],
           "neu": ["Mtu yeyote?", "Asanteni mapema."]},
    "hy": {"neg": ["Սա անընդունելի է։", "Երեխաները վտանգի տակ են։"], "pos": ["Համբերություն։"],
           "joke": ["Հահա։"], "neu": ["Կիմանա՞ք։"]},
    "zh": {"neg": ["真的很扯。", "家裡有小孩的要小心。", "不能接受。"], "pos": ["理性討論。", "先看事實。"],
           "joke": ["笑死。", "哈哈哈。"], "neu": ["有人知道嗎？", "先謝謝大家。"]},
    "tl": {"neg": ["Hindi 'to biro.", "Paano kung anak ko 'yon?", "Nakakagalit talaga."],
           "pos": ["Kalma lang tayo.", "Facts muna."], "joke": ["Hahaha.", "Charot."],
           "neu": ["May nakakaalam ba?", "Salamat in advance."]},
    "fr": {"neg": ["Inadmissible."], "pos": ["Restons calmes."], "joke": ["Mdr."], "neu": ["Merci d'avance."]},
    "es": {"neg": ["Inaceptable."], "pos": ["Calma."], "joke": ["Jajaja."], "neu": ["Gracias de antemano."]},
}

MONTHS = {
    "en": ["January", "February", "November", "December"],
    "sw": ["Januari", "Februari", "Novemba", "Desemba"],
    "zh": ["一月", "二月", "去年十一月", "去年十二月"],
    "tl": ["Enero", "Pebrero", "Nobyembre", "Disyembre"],
}
PRODUCT_NAMES = ["Orrin Aurora", "Aurora kettle", "Aurora 1.7L", "Orrin kettle", "AK-170"]
BRAND_REFS = ["Orrin", "@OrrinHome", "Orrin", "@OrrinHome"]

# Categories that share a role.
ROLE_OF = {
    "base_pos": "bystander", "base_neu": "bystander", "base_neg": "bystander",
    "react": "critic", "critic": "critic", "boycott": "critic", "legal": "critic", "caps": "critic",
    "holding_react": "critic", "answer_neg": "critic",
    "question": "bystander", "joke": "bystander", "news": "bystander", "batch_check": "bystander",
    "support": "supporter", "answer_pos": "supporter",
    "troll": "troll", "amp_quote": "amplifier",
}
SENT_OF = {"base_pos": "pos", "answer_pos": "pos", "support": "pos", "joke": "joke", "troll": "joke",
           "base_neu": "neu", "question": "neu", "news": "neu", "batch_check": "neu",
           "amp_quote": "neg"}
FALLBACK = {"caps": "critic", "news": "react"}


# --------------------------------------------------------------------------------------------
# Scripted beats: (minute offset, handle, lang, text, metrics or None, reply_to key or None, key)
# Metrics: (reposts, likes, replies). {url:KEY} is replaced by the URL of an earlier beat.
# --------------------------------------------------------------------------------------------
def scripted_beats():
    B = []

    def add(minute, handle, lang, text, metrics=None, reply_to=None, key=None):
        B.append(dict(minute=minute, handle=handle, lang=lang, text=text, metrics=metrics,
                      reply_to=reply_to, key=key))

    # Baseline: the brand's own ordinary posts and one unlucky foreshadowing post.
    add(30.5, "OrrinHome", "en", "Saturday tea o'clock ☕ What's in your mug this morning?", (14, 212, 37), key="brand_tea")
    add(71.2, "auntie_blend", "en", "The lid on my Aurora has felt a bit loose lately, anyone else? Probably just limescale 🤷", (0, 3, 2))
    add(100.0, "OrrinHome", "en", "Spring colours are here: the Aurora now comes in Clay and Fog. Which one is going on your counter? 🫖", (31, 388, 64), key="brand_promo")
    add(112.4, "reuben_repairs", "en", "Repair bench today: two toasters, one blender, zero kettles. Kettles are the cockroaches of small appliances, they just keep going 😄", (2, 41, 5))

    # The spark.
    add(SPARK_MIN, "lenabakes_", "en",
        "So this just happened in my kitchen. Our Orrin Aurora kettle, 4 months old, lid clicked shut, "
        "and halfway through boiling the lid SPRANG open, boiling water spat across the counter and the base "
        "started smoking. My 6yo was standing right there getting her mug. Video below, sound on. "
        "@OrrinHome what is this?? 📹 [video 0:41] #OrrinAurora",
        (5230, 18400, 1370), key="spark")
    add(132.3, "lenabakes_", "en",
        "She's ok. A few splashes on her sleeve, no burns, just scared. I'm shaking more than she is. "
        "The kettle is unplugged and sitting out on the balcony now.", (610, 4920, 212), reply_to="spark", key="spark2")

    # Early amplifiers (15-30 min after the spark).
    add(139.67, "KitchenConfessions", "en",
        "Please watch this before you make your next cup of tea. An Orrin Aurora lid flying open mid-boil "
        "with a child standing right there 😳 {url:spark}", (8900, 41200, 2310), key="amp_kc")
    add(144.3, "HomeSafetyWatch", "en",
        "SAFETY ALERT ⚠️ Until Orrin says otherwise, we'd advise anyone with an Aurora kettle to stop using it "
        "and unplug it. A customer video this morning shows the lid opening during boiling and smoke from the "
        "base. #KettleGate {url:spark}", (4100, 12800, 640), key="amp_hsw")
    add(146.2, "lenabakes_", "en",
        "To everyone asking: the batch code on the bottom says B2547. Bought at a big retailer in October. "
        "Never dropped, never overfilled (you can see it's under the max line in the video).",
        (1200, 7300, 380), reply_to="spark", key="spark3")
    add(147.4, "gadgetgrumbles", "en",
        "I reviewed the Aurora last year and said the lid latch felt flimsy next to the old Classic. "
        "Didn't think it would come to this. Watch the clip 👇 {url:spark}", (1900, 9600, 505), key="amp_gg")

    # Holding statement, T+2h30.
    add(HOLDING_MIN, "OrrinHome", "en",
        "We've seen the video shared by @lenabakes_ this morning and we're very sorry. We're relieved her "
        "daughter wasn't hurt. Our product safety team is in contact with her and is investigating urgently. "
        "We'll share an update here as soon as we can.", (1450, 3900, 2870), key="holding")

    add(156.1, "TitaTipsPH", "tl",
        "Mga mommy at daddy, panoorin niyo muna 'to bago kayo magpakulo ng tubig. Bumukas yung takip ng Orrin "
        "Aurora habang kumukulo, at may bata pa sa tabi! Pakitingnan ang mga kettle niyo sa bahay 😰 #OrrinPH {url:spark}",
        (6200, 28700, 1540), key="amp_tita")
    add(161.2, "priya_ramsden", "en",
        "Consumer desk here. @OrrinHome, can you confirm whether you've had earlier reports of Aurora kettle "
        "lids opening during boiling, and whether you're advising customers to stop using them? DMs open, and "
        "I'd like to hear from Aurora owners too.", (980, 3400, 410), key="journo1")
    add(164.5, "xjd_review", "zh",
        "【注意】Orrin Aurora 快煮壺疑似在沸騰時壺蓋自動彈開、底座冒煙，影片中旁邊還有小孩。家裡有這款的朋友請先停用並拔掉插頭。"
        "#Orrin #快煮壺 {url:spark}", (3300, 15100, 870), key="amp_xjd")
    add(170.3, "MamaMbogaDigital", "sw",
        "Wazazi, tazameni video hii kabla ya kuchemsha chai leo. Kifuniko cha birika la Orrin Aurora "
        "kinafunguka maji yakiwa yanachemka, na mtoto yuko pembeni! Zimeni mabirika yenu hadi Orrin waeleze. "
        "#OrrinKenya #UsalamaKwanza {url:spark}", (2700, 11300, 690), key="amp_mama")
    add(175.0, "mira_castellan_rn", "en",
        "I've worked in a burns unit for eleven years. Kettle scalds are among the most common serious burns "
        "we see in under-fives, because a small child reaches up and everything comes down. What makes the "
        "Orrin video so frightening is that nobody did anything 'wrong'. If you have an Aurora, stop using it "
        "until the company tells you which units are affected. And if a child is ever scalded: cool running "
        "water for 20 minutes, take off clothing that isn't stuck, no ice, no butter, call for help. Share "
        "that part even if you share nothing else.", (11800, 52300, 1980), key="ol_mira")
    add(178.4, "yerevan_consumer", "hy",
        "Ուշադրություն․ Orrin Aurora թեյնիկի կափարիչը բացվում է եռալու ժամանակ, իսկ հիմքից ծուխ է դուրս գալիս։ "
        "Եթե տանը նման թեյնիկ ունեք, առայժմ մի օգտագործեք։ Մենք դիմել ենք ընկերությանը մեկնաբանության համար։ {url:spark}",
        (740, 3100, 260), key="amp_yc")
    add(183.1, "juma_kitwana_habari", "sw",
        "Tumewasiliana na @OrrinHome kuhusu video ya birika la Aurora na tunasubiri majibu yao. Je, unatumia "
        "birika hili Nairobi, Mombasa au Dar? Niandikie DM.", (520, 1900, 180), key="journo_sw")
    add(186.4, "vigilance_conso", "fr",
        "Bouilloire Orrin Aurora : une vidéo montre le couvercle s'ouvrir en pleine ébullition, avec un enfant "
        "juste à côté. Si vous en avez une, débranchez-la en attendant une réponse de la marque. #rappel {url:spark}",
        (860, 2900, 210), key="amp_fr")
    add(188.0, "BoycottBadBrands", "en",
        "Orrin has had complaints about the Aurora lid for MONTHS. Today a child was nearly scalded on camera. "
        "Until there is a full recall: don't buy Orrin, return what you can, and tell your retailer why. "
        "#BoycottOrrin 🔁", (3900, 9800, 720), key="boycott_call")
    add(190.2, "ojo_al_consumo", "es",
        "Atención: vídeo de una hervidora Orrin Aurora que abre la tapa sola mientras hierve. Si tienes una, "
        "desenchúfala hasta que la marca diga algo. ¿Habrá retirada del producto? #Orrin {url:spark}",
        (640, 2500, 170), key="amp_es")
    add(192.0, "KitchenConfessions", "en",
        "Our DMs are full of Aurora owners sending photos of loose lid hinges. We've counted more than 140 in the "
        "last hour. @OrrinHome people want a straight answer: which kettles, and should they stop using them?",
        (5200, 27400, 1650), key="amp_kc2")
    add(195.3, "linyuchen_news", "zh",
        "已向 Orrin 台灣分公司詢問 Aurora 快煮壺壺蓋彈開一事，對方表示「正在了解中」，目前尚未說明是否召回。"
        "有使用這款產品的民眾歡迎私訊。", (410, 1700, 150), key="journo_zh")
    add(201.6, "priya_ramsden", "en",
        "Orrin's press office says a fuller statement is 'coming shortly'. I've now heard from more than 30 "
        "Aurora owners describing a loose or sticking lid. Several say they reported it to Orrin months ago.",
        (1700, 5600, 390), reply_to="journo1", key="journo2")
    add(204.9, "dana_whitlock_law", "en",
        "Not legal advice, but: if you own an Aurora, keep the kettle, your receipt and any photos. Don't throw "
        "it away. Whether this turns into a lawsuit depends on what Orrin knew and when, and the complaint emails "
        "people are describing would be exactly the evidence that matters.", (2400, 9900, 610), key="ol_dana")
    add(207.0, "TitaTipsPH", "tl",
        "Update mga ka-Tita: wala pa ring malinaw na sagot ang Orrin kung aling batch ang apektado. Huwag munang "
        "gamitin ang Aurora. Trending na ang #BoycottOrrin dito sa PH 😤", (3100, 14900, 820), key="amp_tita2")
    add(213.8, "lenabakes_", "en",
        "I didn't expect this to blow up. Thank you for the kind messages. Please don't send abuse to random Orrin "
        "employees, that's not what I want. I want them to fix it.", (2300, 16700, 640), key="spark4")
    add(216.2, "gadgetgrumbles", "en",
        "Went through the slow-motion version frame by frame. The latch doesn't seem to fail from steam pressure "
        "alone; the hinge pin looks like it slides out of its seat, so the lid loses its anchor and the spring "
        "does the rest. The smoke at the end looks like water getting into the base contacts. My guess is a "
        "tolerance problem with one part from one supplier. Not an expert verdict, just someone who has taken "
        "apart far too many kettles. 🧵", (2100, 8800, 470), key="amp_gg2")
    add(217.5, "BoycottBadBrands", "en", "#BoycottOrrin is trending in four countries. Keep going. 🔁", (1400, 4300, 390))
    add(221.0, "xjd_review", "zh",
        "我們手邊剛好有一台同款 Aurora 拆開看：壺蓋卡榫是塑膠的，鉸鏈軸比上一代細了不少。初步推測是零件公差問題，"
        "而不是使用者操作錯誤。在官方公布批號之前，建議暫停使用。", (1800, 9400, 520), key="amp_xjd2")

    # Interim instruction, then the fuller answer.
    add(INTERIM_MIN, "OrrinHome", "en",
        "Update: while we investigate, we're asking everyone with an Orrin Aurora kettle to stop using it as a "
        "precaution and unplug it. We'll confirm which units are affected within the hour.",
        (3800, 7400, 2210), key="interim")
    add(241.9, "lenabakes_", "en",
        "Update: someone from Orrin's safety team just called me. They were decent about it. They're collecting "
        "the kettle on Monday for testing.", (900, 9100, 350), key="spark5")
    add(ANSWER_MIN, "OrrinHome", "en",
        "Update on the Orrin Aurora kettle (1/3). We've found that on some kettles made in batches B2541 to "
        "B2549, a hinge pin in the lid can work loose over time, which can let the lid open during boiling. "
        "If your kettle is from one of these batches, please stop using it and unplug it now.",
        (6900, 14200, 3350), key="answer1")
    add(ANSWER_MIN + 0.5, "OrrinHome", "en",
        "(2/3) The batch code is printed on the sticker under the base, after the letter B. We'll replace "
        "affected kettles free of charge or give a full refund, your choice, including kettles bought as gifts. "
        "Register at https://orrinhome.example/aurora-safety or call our free helpline.",
        (4100, 8800, 1120), reply_to="answer1", key="answer2")
    add(ANSWER_MIN + 1.0, "OrrinHome", "en",
        "(3/3) Some of you told us about loose lids before today and we did not act quickly enough. We're sorry. "
        "We have notified the product safety regulators in every country where the Aurora is sold, and we will "
        "publish the results of our investigation.", (5300, 16900, 1870), reply_to="answer2", key="answer3")
    add(253.5, "OrrinHome", "sw",
        "Taarifa kuhusu birika la Orrin Aurora: mabirika ya batch B2541 hadi B2549 yanaweza kuwa na tatizo la "
        "kifuniko. Tafadhali acha kulitumia na ulichomoe. Tutakubadilishia bure au kurudisha pesa zako: "
        "https://orrinhome.example/aurora-safety", (610, 1900, 240), key="answer_sw")
    add(254.8, "OrrinHome", "zh",
        "Orrin Aurora 快煮壺安全公告：批號 B2541 至 B2549 的產品，壺蓋鉸鏈可能鬆脫，煮沸時壺蓋可能彈開。請立即停止使用並拔除插頭。"
        "我們提供免費更換或全額退款：https://orrinhome.example/aurora-safety", (880, 2600, 310), key="answer_zh")
    add(256.0, "OrrinHome", "tl",
        "Paalala tungkol sa Orrin Aurora kettle: ang mga kettle mula batch B2541 hanggang B2549 ay maaaring "
        "bumukas ang takip habang kumukulo. Pakitigil muna ang paggamit at bunutin sa saksakan. Libreng kapalit o "
        "refund: https://orrinhome.example/aurora-safety", (1300, 4100, 420), key="answer_tl")
    add(257.1, "OrrinHome", "hy",
        "Orrin Aurora թեյնիկի մասին․ B2541–B2549 խմբաքանակների թեյնիկների կափարիչը կարող է բացվել եռալու ժամանակ։ "
        "Խնդրում ենք դադարեցնել օգտագործումը և անջատել հոսանքից։ Անվճար փոխարինում կամ գումարի վերադարձ՝ "
        "https://orrinhome.example/aurora-safety", (190, 640, 70), key="answer_hy")
    add(258.3, "OrrinHome", "fr",
        "Bouilloire Orrin Aurora : les lots B2541 à B2549 peuvent présenter un défaut de charnière du couvercle. "
        "Cessez de l'utiliser et débranchez-la. Remplacement gratuit ou remboursement : "
        "https://orrinhome.example/aurora-safety", (240, 700, 60), key="answer_fr")
    add(259.0, "OrrinHome", "es",
        "Hervidora Orrin Aurora: los lotes B2541 a B2549 pueden tener un fallo en la bisagra de la tapa. Deja de "
        "usarla y desenchúfala. Cambio gratuito o reembolso: https://orrinhome.example/aurora-safety",
        (210, 650, 55), key="answer_es")
    add(262.0, "HomeSafetyWatch", "en",
        "Orrin has issued a stop-use notice for Aurora batches B2541–B2549. Check the sticker under the base. If "
        "yours is in range: unplug it, don't use it, register for a replacement or refund. We'll keep this thread "
        "updated.", (3600, 9700, 380), reply_to="amp_hsw", key="amp_hsw2")
    add(266.4, "mira_castellan_rn", "en",
        "Good to see a clear stop-use notice from Orrin. This is what a plain-language safety message looks like. "
        "Now make the replacement process painless, especially for older customers who won't see any of this "
        "online.", (2900, 17800, 530), key="ol_mira2")
    add(272.3, "priya_ramsden", "en",
        "NEW: Orrin issues stop-use notice for Aurora kettles from batches B2541–B2549 and blames a hinge pin from a "
        "single supplier. The company admits earlier complaints were not acted on quickly enough. Our story: "
        "https://dailyledger.example/consumer/orrin-aurora-kettle-stop-use", (2600, 6900, 440), key="journo3")
    add(278.0, "juma_kitwana_habari", "sw",
        "HABARI: Orrin watangaza kurejesha mabirika ya Aurora ya batch B2541–B2549 baada ya video ya mteja "
        "kusambaa. Soma zaidi: https://habarimtaa.example/biashara/orrin-aurora", (480, 1500, 90), key="journo_sw2")
    add(283.5, "linyuchen_news", "zh",
        "最新：Orrin 宣布批號 B2541 至 B2549 的 Aurora 快煮壺停止使用，提供免費更換或退款，並坦承先前處理客訴太慢。"
        "完整報導：https://xiaofei-news.example/2026/03/orrin-aurora", (350, 1300, 85), key="journo_zh2")
    add(287.1, "lenabakes_", "en",
        "Their update is clear and I'm glad they named the batches. Going to log off for a while now. Check your "
        "kettles 💛", (1500, 13200, 410), key="spark6")
    add(310.0, "reuben_repairs", "en",
        "For what it's worth, from a repair bench: a hinge pin working loose is exactly the kind of small part "
        "fault that slips through testing and shows up months later. Orrin naming it and recalling a batch range "
        "is the right call. Don't try to fix these at home, send them back.", (380, 2100, 96))
    add(331.0, "OrrinHome", "en",
        "Thank you to everyone who has registered so far. Replacement kettles start shipping on Monday. If you or "
        "someone in your family has been hurt by an Orrin product, please contact us directly at "
        "safety@orrinhome.example so we can help.", (1100, 4300, 690), key="brand_close")
    add(344.6, "xXkettlegodXx", "en", "lol so we're done with kettles now? what's tomorrow's main character, toasters?", (3, 40, 6))
    return B


# --------------------------------------------------------------------------------------------
# Volume model
# --------------------------------------------------------------------------------------------
def rate_per_min(m):
    """Expected filler posts per minute at minute m (scripted beats come on top)."""
    if m < SPARK_MIN:
        return 0.30
    if m < 140:
        return 0.7 + (m - SPARK_MIN) * 0.08
    if m < 160:
        return 2.0 + (m - 140) * 0.30
    if m < 180:
        return 8.0 + (m - 160) * 0.65
    if m < 200:
        return 21.0 + (m - 180) * 0.45
    if m < 225:
        return 30.0 - (m - 200) * 0.24
    if m < 250:
        return 24.0 - (m - 225) * 0.40
    return 14.0 * math.exp(-(m - 250) / 30.0) + 0.35


def phase_mix(m):
    """Category weights for filler posts at minute m."""
    if m < SPARK_MIN:
        return {"base_pos": 0.45, "base_neu": 0.38, "base_neg": 0.17}
    if m < 150:
        return {"react": 0.50, "critic": 0.10, "question": 0.18, "support": 0.08, "troll": 0.06,
                "joke": 0.04, "amp_quote": 0.04}
    if m < ANSWER_MIN + 1.5:
        w = {"react": 0.17, "critic": 0.21, "boycott": 0.10, "legal": 0.07, "caps": 0.025,
             "question": 0.09, "joke": 0.05, "news": 0.03, "support": 0.11, "troll": 0.09,
             "amp_quote": 0.025, "holding_react": 0.06}
        if m < HOLDING_MIN + 1:
            del w["holding_react"]
        if m < 185:  # boycott and lawsuit talk builds after the boycott call
            w["boycott"] = 0.04
            w["legal"] = 0.04
        return w
    if m < 290:
        return {"answer_pos": 0.22, "answer_neg": 0.17, "batch_check": 0.17, "critic": 0.08,
                "boycott": 0.04, "legal": 0.03, "question": 0.08, "support": 0.09, "troll": 0.06,
                "joke": 0.04, "react": 0.02}
    return {"answer_pos": 0.22, "answer_neg": 0.12, "batch_check": 0.22, "critic": 0.05,
            "question": 0.07, "support": 0.12, "troll": 0.06, "joke": 0.08, "base_neu": 0.03,
            "boycott": 0.03}


def lang_mix(m):
    if m < SPARK_MIN:
        return {"en": 0.58, "sw": 0.10, "hy": 0.07, "zh": 0.10, "tl": 0.09, "fr": 0.03, "es": 0.03}
    w = {"en": 0.60, "sw": 0.08, "hy": 0.06, "zh": 0.08, "tl": 0.09, "fr": 0.045, "es": 0.045}
    # Each language community picks the story up after "its" amplifier posts.
    for lang, start, boost in (("tl", 156, 0.05), ("zh", 164, 0.04), ("sw", 170, 0.04),
                               ("hy", 178, 0.035), ("fr", 186, 0.01), ("es", 190, 0.01)):
        if m < start:
            w[lang] *= 0.55
        elif m < start + 60:
            w[lang] += boost
    return w


def wchoice(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys], k=1)[0]


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


# --------------------------------------------------------------------------------------------
# Authors
# --------------------------------------------------------------------------------------------
class Crowd:
    def __init__(self, rng):
        self.rng = rng
        self.pools = {}
        self.used_handles = set(CAST) | {h for h, *_ in MID_AMPLIFIERS}
        self.info = {}  # handle -> dict(name, followers, flags, role, lang)
        for h, (name, fol, flags, role) in CAST.items():
            self.info[h] = dict(name=name, followers=fol, flags=list(flags), role=role)
        for h, name, fol, lang in MID_AMPLIFIERS:
            flags = ["opinion_leader"] if fol >= 50_000 else []
            self.info[h] = dict(name=name, followers=fol, flags=flags, role="amplifier", lang=lang)

    def _followers(self, role):
        r = self.rng
        mu = {"critic": 5.0, "bystander": 4.8, "supporter": 4.9, "troll": 4.0}.get(role, 4.8)
        f = int(math.exp(r.gauss(mu, 1.25)))
        if r.random() < 0.02:  # the occasional mid-size account
            f = int(3000 * (1.0 / max(r.random(), 0.03)) ** 0.9)
        return max(2, min(f, 95_000))

    def _new_person(self, lang, role):
        r = self.rng
        firsts, lasts = NAMES[lang]
        for _ in range(100):
            if r.random() < 0.12 and NICKS.get(lang):
                stem, disp = r.choice(NICKS[lang])
                handle = stem + r.choice(["", "_", ""]) + str(r.randint(1, 999))
                name = disp
            else:
                f, l = r.choice(firsts), r.choice(lasts)
                if isinstance(f, tuple):
                    name = l[0] + f[0] if lang == "zh" else f[0] + " " + l[0]
                    fs, ls = f[1], l[1]
                    if lang == "hy" and r.random() < 0.35:  # some Armenians use Latin display names
                        name = fs.capitalize() + " " + ls.capitalize()
                else:
                    name = f + " " + l
                    fs, ls = f.lower(), l.lower()
                fs = unicodedata.normalize("NFKD", fs).encode("ascii", "ignore").decode().replace(" ", "")
                ls = unicodedata.normalize("NFKD", ls).encode("ascii", "ignore").decode().replace(" ", "")
                style = r.randint(0, 5)
                handle = [fs + ls, fs + "_" + ls, fs + ls[:1] + str(r.randint(1, 99)),
                          fs[:1] + ls + str(r.randint(1, 999)), fs + "." + ls, ls + "_" + fs][style]
                handle = handle.replace(".", "_")
                if role == "troll" and r.random() < 0.6:
                    handle = r.choice(["real_", "not", "xx", "the_"]) + handle + str(r.randint(10, 9999))
            handle = re.sub(r"[^A-Za-z0-9_]", "", handle)[:15]
            if handle and handle not in self.used_handles:
                self.used_handles.add(handle)
                fol = self._followers(role)
                flags = []
                if fol >= 50_000:
                    flags.append("opinion_leader")
                    if r.random() < 0.5:
                        flags.append("verified")
                self.info[handle] = dict(name=name, followers=fol, flags=flags, role=role, lang=lang)
                return handle
        raise RuntimeError("could not make a unique handle")

    POOL_SIZE = {"critic": 330, "bystander": 250, "supporter": 80, "troll": 45}

    def pick(self, lang, role):
        """Zipf-like: a few people post a lot, most post once or twice."""
        if role == "amplifier":
            cands = [h for h, _n, _f, l in MID_AMPLIFIERS if l == lang] or \
                    [h for h, _n, _f, l in MID_AMPLIFIERS if l == "en"]
            return self.rng.choice(cands)
        key = (lang, role)
        if key not in self.pools:
            share = 0.6 if lang == "en" else (0.09 if lang in ("sw", "hy", "zh", "tl") else 0.045)
            n = max(6, int(self.POOL_SIZE[role] * share / 0.6))
            self.pools[key] = [None] * n
        pool = self.pools[key]
        weights = [1.0 / (k + 9) ** 1.0 for k in range(len(pool))]
        i = self.rng.choices(range(len(pool)), weights=weights, k=1)[0]
        if pool[i] is None:
            pool[i] = self._new_person(lang, role)
        return pool[i]


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------
def fill(rng, tpl, lang, m, extra=None):
    extra = extra or {}
    batch = extra.get("batch") or rng.choice([rng.randint(2500, 2590), rng.randint(2538, 2552)])
    verdict_key = "verdict_bad" if batch in AFFECTED else "verdict_ok"
    verdicts = POOLS[lang].get(verdict_key) or POOLS["en"][verdict_key]
    sent = extra.get("sent", "neg")
    tags = TAGS[lang]
    if sent == "pos":  # people defending the brand don't push the boycott tag
        tags = [t for t in tags if not re.search("oycott|oicot|抵制", t)]
    ntag = rng.choice([0, 1, 1, 2]) if m >= SPARK_MIN else 0
    tag = " ".join(rng.sample(tags, ntag)) if ntag else ""
    slots = {
        "product": rng.choice(PRODUCT_NAMES),
        "brand": rng.choice(BRAND_REFS),
        "spark": "@lenabakes_",
        "place": rng.choice(PLACES[lang]),
        "years": rng.choice([2, 3, 4, 5, 6, 7]),
        "month": rng.choice(MONTHS.get(lang, MONTHS["en"])),
        "batch": batch,
        "verdict": rng.choice(verdicts),
        "tag": tag,
        "emo": rng.choice(EMO[sent]),
        "url": extra.get("url", ""),
        "name": extra.get("name", ""),
    }
    text = tpl.format(**slots)
    return re.sub(r"\s{2,}", " ", text).strip()


KEEP_CAP = ("Orrin", "Aurora", "Mungu", "I", "I'm", "I've", "I'd", "I'll", "Classic", "AK-170", "PSA", "A&E",
            "Black", "BREAKING", "British", "Orrin's")
QUIET_CATS = ("base_pos", "base_neu", "base_neg", "question", "batch_check")


def _lower_first(text):
    word = re.split(r"[\s,.:;!?]", text, 1)[0].lstrip("¿¡'\"«")
    if word in KEEP_CAP or (word.isupper() and len(word) > 1) or "@" in word or "#" in word:
        return text
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.lower() + text[i + 1:]
    return text


def _end_sentence(body, lang):
    body = body.rstrip()
    if body[-1:].isalnum():
        body += {"hy": "։", "zh": "。"}.get(lang, ".")
    return body


def decorate(rng, text, lang, cat, m):
    if cat in ("caps", "care", "care_after", "amp_quote"):
        return text
    # Split off trailing hashtags so that added words go before them.
    mt = re.search(r"((?:\s+#\S+)+)\s*$", text)
    tail_tags = mt.group(1).strip() if mt else ""
    body = text[:mt.start()] if mt else text
    op = "" if cat in QUIET_CATS[:3] or (cat in QUIET_CATS and rng.random() < 0.8) else rng.choice(OPENERS[lang])
    if op and op.strip(" ,.:;՝，").lower() in body.lower():
        op = ""
    if op and not body.startswith("@"):
        if op.rstrip().endswith((",", "՝", "，")):
            body = _lower_first(body)
        body = op + body
    sent = SENT_OF.get(cat, "neg")
    r = rng.random()
    if m < SPARK_MIN and sent != "neu":
        r = 1.0  # ordinary chatter: no crisis-flavoured tails or closers
    if r < 0.28 and TAILS[lang].get(sent):
        body = _end_sentence(body, lang) + " " + rng.choice(TAILS[lang][sent])
    elif r < 0.5 and cat not in QUIET_CATS:
        cl = rng.choice(CLOSERS[lang])
        if cl and body.rstrip()[-1:] not in "?!？！":
            body = _end_sentence(body, lang) + cl
    if m >= SPARK_MIN and not tail_tags and "#" not in body and rng.random() < 0.25:
        tags = TAGS[lang]
        if sent == "pos":
            tags = [t for t in tags if not re.search("oycott|oicot|抵制", t)]
        tail_tags = rng.choice(tags)
    text = (body.rstrip() + " " + tail_tags).strip()
    if rng.random() < 0.15:
        text += " " + (rng.choice(EMO[sent]) or "👀")
    return text.strip()


def first_name(info):
    n = info["name"]
    return n.split()[0] if " " in n else n


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------
def generate(seed=SEED):
    rng = random.Random(seed)
    crowd = Crowd(rng)
    beats = scripted_beats()

    # 1. Schedule: scripted beats + Poisson filler + brand care replies.
    events = []
    for b in beats:
        events.append((b["minute"] * 60.0, "beat", b))
    for minute in range(DURATION_MIN):
        n = poisson(rng, rate_per_min(minute + 0.5))
        for _ in range(n):
            events.append((minute * 60.0 + rng.random() * 60.0, "fill", None))
    # Orrin Care answers a sample of complaints from shortly after the holding statement.
    care_times = [HOLDING_MIN * 60 + 240 + rng.random() * (345 - HOLDING_MIN - 4) * 60 for _ in range(46)]
    for t in care_times:
        events.append((t, "care", None))
    events.sort(key=lambda e: e[0])

    posts = []
    by_key = {}
    recent_complaints = []  # (index) of critic/question posts the brand may answer
    counter = 0
    seen_texts = collections.Counter()

    def url_of(p):
        return "https://drill.example/%s/%s" % (p["author_handle"], p["source_id"])

    def emit(sec, handle, lang, text, role, metrics, parent):
        nonlocal counter
        counter += 1
        info = crowd.info[handle]
        created = T0 + dt.timedelta(seconds=int(sec))
        sid = "okg-%05d" % counter
        p = {
            "source": "drill",
            "source_id": sid,
            "url": "https://drill.example/%s/%s" % (handle, sid),
            "author_handle": handle,
            "author_name": info["name"],
            "author_followers": info["followers"],
            "title": "",
            "text": text,
            "lang": lang,
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "reposts": metrics[0],
            "likes": metrics[1],
            "replies": metrics[2],
            "in_reply_to": parent["source_id"] if parent else "",
            "author_flags": list(info["flags"]),
            "role": role,
        }
        posts.append(p)
        seen_texts[text] += 1
        return p

    def organic_metrics(followers, role, m):
        heat = 1.0
        if 150 <= m < 260:
            heat = 2.2
        elif 130 <= m < 150 or 260 <= m < 300:
            heat = 1.4
        e = math.exp(rng.gauss(math.log(0.012), 1.0)) * heat
        if role == "troll":
            e *= 0.6
        e = min(e, 0.06)  # nobody in the crowd out-performs the scripted headliners
        likes = int(followers * e + rng.expovariate(1 / (1.5 * heat)))
        reposts = int(likes * rng.uniform(0.03, 0.3))
        replies = int(likes * rng.uniform(0.02, 0.15) + (rng.random() < 0.3))
        return (reposts, likes, replies)

    def pick_parent(m, cat, lang):
        """Replies go to the prominent posts of the moment (mostly in the replier's language or
        English), sometimes to anyone recent."""
        cands = []
        if cat in ("holding_react",) and "holding" in by_key:
            return by_key["holding"] if rng.random() < 0.7 else by_key.get("interim") or by_key["holding"]
        if cat in ("answer_pos", "answer_neg") and "answer1" in by_key:
            return rng.choice([by_key[k] for k in ("answer1", "answer2", "answer3") if k in by_key])
        for k, p in by_key.items():
            age = m - (int(p["_sec"]) / 60.0)
            if 0 < age < 90 and k not in ("brand_tea", "brand_promo"):
                w = math.log10(max(p["likes"], 10)) / (1 + age / 30.0)
                w *= 3.0 if k == "spark" else 1.0
                w *= 3.0 if p["lang"] == lang else (1.0 if p["lang"] == "en" else 0.15)
                cands.append((p, w))
        if cands and rng.random() < 0.75:
            return rng.choices([c[0] for c in cands], weights=[c[1] for c in cands], k=1)[0]
        window = [p for p in posts[-80:] if p["role"] not in ("brand",) and p["lang"] in (lang, "en")]
        return rng.choice(window) if window else None

    for sec, kind, b in events:
        m = sec / 60.0
        if kind == "beat":
            parent = by_key.get(b["reply_to"]) if b["reply_to"] else None
            text = b["text"]
            for key in re.findall(r"\{url:(\w+)\}", text):
                text = text.replace("{url:%s}" % key, url_of(by_key[key]))
            role = crowd.info[b["handle"]]["role"]
            p = emit(sec, b["handle"], b["lang"], text, role, b["metrics"], parent)
            p["_sec"] = sec
            if b["key"]:
                by_key[b["key"]] = p
            continue

        if kind == "care":
            cands = [i for i in recent_complaints[-60:] if posts[i]["author_handle"] != "OrrinCare"
                     and sec - posts[i]["_sec"] < 1800]
            if not cands:
                continue
            i = rng.choice(cands)
            recent_complaints.remove(i)
            parent = posts[i]
            lang = parent["lang"]
            cat = "care_after" if m >= ANSWER_MIN else "care"
            name = first_name(crowd.info[parent["author_handle"]])
            tpl = rng.choice(POOLS[lang][cat])
            text = "@%s %s" % (parent["author_handle"], fill(rng, tpl, lang, m, {"name": name}))
            p = emit(sec, "OrrinCare", lang, text, "brand",
                     (rng.randint(0, 6), rng.randint(2, 60), rng.randint(0, 12)), parent)
            p["_sec"] = sec
            continue

        # Filler post.
        lang = wchoice(rng, lang_mix(m))
        cat = wchoice(rng, phase_mix(m))
        if cat == "caps" and lang != "en":
            cat = "critic"
        pool = POOLS[lang].get(cat) or POOLS[lang].get(FALLBACK.get(cat, ""), None)
        if not pool:
            lang = "en"
            pool = POOLS["en"][cat]
        role = ROLE_OF[cat]
        handle = crowd.pick(lang, role)
        sent = SENT_OF.get(cat, "neg")
        extra = {"sent": sent}
        parent = None
        if cat == "amp_quote":
            target = rng.choice([k for k in ("spark", "amp_kc", "amp_hsw", "ol_mira", "amp_tita", "amp_xjd",
                                              "amp_mama", "answer1", "journo3") if k in by_key])
            extra["url"] = url_of(by_key[target])
        tpl = rng.choice(pool)
        text = None
        for _attempt in range(4):  # avoid exact duplicates where we can
            t = decorate(rng, fill(rng, tpl, lang, m, extra), lang, cat, m)
            reply = m >= SPARK_MIN and cat not in ("amp_quote", "news") and rng.random() < 0.32
            if reply:
                parent = pick_parent(m, cat, lang)
                if parent and parent["author_handle"] != handle:
                    if "@" + parent["author_handle"] not in t:
                        t = "@%s %s" % (parent["author_handle"], t)
                else:
                    parent = None
            if seen_texts[t] == 0:
                text = t
                break
            tpl = rng.choice(pool)
        if text is None:
            text = t
        metrics = organic_metrics(crowd.info[handle]["followers"], role, m)
        if role == "amplifier":
            metrics = (int(metrics[0] * 3 + 50), int(metrics[1] * 3 + 200), metrics[2] + 20)
        p = emit(sec, handle, lang, text, role, metrics, parent)
        p["_sec"] = sec
        if role in ("critic",) or cat == "question":
            recent_complaints.append(len(posts) - 1)

    for p in posts:
        del p["_sec"]
    return posts


FIELDS = ["source", "source_id", "url", "author_handle", "author_name", "author_followers", "title",
          "text", "lang", "created_at", "reposts", "likes", "replies", "in_reply_to", "author_flags", "role"]


def write(posts, path):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for p in posts:
            f.write(json.dumps({k: p[k] for k in FIELDS}, ensure_ascii=False, separators=(",", ":")) + "\n")


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------
SCRIPT_RE = {
    "hy": re.compile(r"[\u0530-\u058F]"),
    "zh": re.compile(r"[\u4E00-\u9FFF]"),
}
WATCH = {
    "boycott": ["boycott", "boicot", "kususia", "բոյկոտ", "抵制"],
    "lawsuit": ["lawsuit", "class action", "procès", "demanda", "kesi", "kaso", "հայց", "訴訟", "起訴"],
    "recall": ["recall", "rappel", "retirada", "kurejesha", "հետկանչ", "召回"],
}


def validate(path):
    ok = True
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                print("line %d: invalid JSON: %s" % (n, e))
                ok = False
    size = os.path.getsize(path)
    print("file: %s  lines: %d  size: %.0f kB" % (path, len(rows), size / 1024))
    ids = [r["source_id"] for r in rows]
    if len(set(ids)) != len(ids):
        print("DUPLICATE source_ids"); ok = False
    idset = set()
    for r in rows:
        if list(r.keys()) != FIELDS:
            print("bad field list in", r["source_id"]); ok = False; break
        if r["in_reply_to"] and r["in_reply_to"] not in idset:
            print("reply to unknown/later id:", r["source_id"], r["in_reply_to"]); ok = False
        idset.add(r["source_id"])
        if not r["created_at"].endswith("Z"):
            ok = False
    times = [r["created_at"] for r in rows]
    if times != sorted(times):
        print("NOT sorted by created_at"); ok = False

    langs = collections.Counter(r["lang"] for r in rows)
    print("\nlanguages:")
    for l, c in langs.most_common():
        print("  %-3s %5d  %5.1f%%" % (l, c, 100.0 * c / len(rows)))
    four = sum(langs[l] for l in ("sw", "hy", "zh", "tl"))
    print("  sw+hy+zh+tl share: %.1f%%   non-English share: %.1f%%" %
          (100.0 * four / len(rows), 100.0 * (len(rows) - langs["en"]) / len(rows)))

    print("\nroles:", dict(collections.Counter(r["role"] for r in rows).most_common()))

    # script sanity
    print("\nscript check:")
    for l in LANGS:
        txt = [r["text"] for r in rows if r["lang"] == l]
        if l in SCRIPT_RE:
            bad = [t for t in txt if not SCRIPT_RE[l].search(t)]
        else:
            bad = [t for t in txt if SCRIPT_RE["hy"].search(t) or SCRIPT_RE["zh"].search(t)]
        print("  %s: %d texts, %d in the wrong script%s" % (l, len(txt), len(bad), (": " + bad[0][:60]) if bad else ""))
        if bad:
            ok = False
        if txt:
            print("     e.g. " + txt[len(txt) // 2][:110])

    # volume per 10 minutes
    t0 = dt.datetime.strptime(rows[0]["created_at"][:11] + "08:00:00Z", "%Y-%m-%dT%H:%M:%SZ")
    buckets = collections.Counter()
    per_min = collections.Counter()
    neg = collections.Counter()
    for r in rows:
        t = dt.datetime.strptime(r["created_at"], "%Y-%m-%dT%H:%M:%SZ")
        mins = (t - t0).total_seconds() / 60
        buckets[int(mins // 10)] += 1
        per_min[int(mins)] += 1
        if r["role"] in ("critic", "troll", "spark"):
            neg[int(mins // 10)] += 1
    print("\nvolume per 10 min (# = 10 posts; neg%% = critic/troll share):")
    for b in range(36):
        c = buckets[b]
        hh = 8 + (b * 10) // 60
        mm = (b * 10) % 60
        bar = "#" * int(round(c / 10.0)) or ("." if c else "")
        print("  %02d:%02d %4d %3s%% %s" % (hh, mm, c, (100 * neg[b] // c) if c else 0, bar))
    pk = max(per_min, key=per_min.get)
    print("peak minute: %02d:%02d with %d posts; busiest 10 min: %d posts (%.1f/min)" %
          (8 + pk // 60, pk % 60, per_min[pk], max(buckets.values()), max(buckets.values()) / 10.0))

    texts = collections.Counter(r["text"] for r in rows)
    dups = sum(c - 1 for c in texts.values() if c > 1)
    print("\nexact duplicate texts: %d (%.1f%%)" % (dups, 100.0 * dups / len(rows)))
    print("distinct authors: %d" % len(set(r["author_handle"] for r in rows)))
    fol = sorted(r["author_followers"] for r in {r["author_handle"]: r for r in rows}.values())
    print("followers: median %d, share < 500: %.0f%%, max %d" %
          (fol[len(fol) // 2], 100.0 * sum(f < 500 for f in fol) / len(fol), fol[-1]))
    act = collections.Counter(r["author_handle"] for r in rows).most_common(8)
    print("most active:", ", ".join("%s(%d)" % a for a in act))
    print("replies: %d" % sum(1 for r in rows if r["in_reply_to"]))
    print("watch words:", {k: sum(any(w in r["text"].lower() for w in ws) for r in rows) for k, ws in WATCH.items()})
    print("all-caps posts: %d, with URL: %d, long (>280 chars): %d" % (
        sum(1 for r in rows if sum(ch.isupper() for ch in r["text"]) > 25 and r["text"].upper() == r["text"]),
        sum(1 for r in rows if "https://" in r["text"]),
        sum(1 for r in rows if len(r["text"]) > 280)))
    print("\nVALID" if ok else "\nPROBLEMS FOUND")
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--out", default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--check", action="store_true", help="validate after writing")
    ap.add_argument("--validate-only", action="store_true")
    a = ap.parse_args()
    if not a.validate_only:
        posts = generate(a.seed)
        write(posts, a.out)
        print("wrote %d posts to %s" % (len(posts), a.out))
    if a.check or a.validate_only:
        sys.exit(0 if validate(a.out) else 1)


if __name__ == "__main__":
    main()
