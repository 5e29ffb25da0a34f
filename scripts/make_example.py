"""Write ``examples/corner-bakery-x-archive.zip``: an invented X archive of a broadcasting bakery.

"The Corner Bakery" (@cornerbakeryco) is a neighbourhood bakery in the invented town of
Millbrook.  Its 420 tweets (March 2024 to October 2025) are what an audit has plenty to say
about: links to its own blog and shop posted by Buffer and IFTTT at machine-regular times,
promotions, bare retweets, Monday quotes, notices, and only a few replies, threads, quote
tweets and posts about people.  Every post, account, id and address is made up here.

The archive has the current layout (``data/tweets.js`` with the ``{"tweet": …}`` wrapper and
numbers as strings, ``data/account.js``, ``data/manifest.js``), pretty-printed the way X writes
it.  The script uses the standard library only, no network, and a fixed seed: two runs write
byte-identical zips.  Run it from anywhere::

    python scripts/make_example.py
"""

from __future__ import annotations

import json
import random
import re
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "examples" / "corner-bakery-x-archive.zip"

SEED = 20240301
FIRST_DAY = date(2024, 3, 1)
LAST_DAY = date(2025, 10, 31)
ZIP_DATE_TIME = (2025, 11, 2, 10, 14, 0)
GENERATED_AT = "2025-11-02T10:13:52.118Z"
TWITTER_EPOCH_MS = 1288834974657

HANDLE = "cornerbakeryco"
NAME = "The Corner Bakery"
OWNER_ID = "1128192416745644033"
OWNER_CREATED = "2019-05-14T08:12:40.000Z"
SITE = "https://cornerbakery.example"
UTM = "?utm_source=twitter&utm_medium=social&utm_campaign=buffer"

SOURCES = {
    "iphone": '<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>',
    "web": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
    "buffer": '<a href="https://buffer.com" rel="nofollow">Buffer</a>',
    "ifttt": '<a href="https://ifttt.com" rel="nofollow">IFTTT</a>',
}

# Other accounts (all invented): handle -> (display name, user id).
ACCOUNTS = {
    "localpaper": ("The Millbrook Post", "61732904"),
    "farmersmarket": ("Millbrook Farmers' Market", "284519377"),
    "millbrookcouncil": ("Millbrook Town Council", "98311540"),
    "oakfieldflour": ("Oakfield Mill", "1021487730459201536"),
    "greenbeanroasters": ("Green Bean Coffee Roasters", "3318820147"),
    "visitmillbrook": ("Visit Millbrook", "742259130"),
    "foodbank_mb": ("Millbrook Food Bank", "1309951826170335232"),
    "millbrookfc": ("Millbrook FC", "511094623"),
    "riversidelibrary": ("Riverside Library", "2207315581"),
    "elmstreetprimary": ("Elm Street Primary", "1187402265338781696"),
    "hannahk_writes": ("Hannah K.", "1453378016252039170"),
    "tomwalsh82": ("Tom Walsh", "39155562"),
    "priya_eats": ("Priya", "1601145830297161729"),
    "oldmillpete": ("Pete from the Old Mill", "2869014467"),
    "jess_runs": ("Jess Runs", "1240861930419847168"),
    "maryk_teaches": ("Mary Kowalski", "811946270"),
    "robdad3": ("Rob", "1517730046418575361"),
    "sam_on_bikes": ("Sam", "4470193522"),
    "lucyinthekitchen": ("Lucy", "1362507711958740993"),
    "daniel_ortega_m": ("Daniel O.", "1078224951103086593"),
    "anna_m_b": ("Anna B", "1702119340855451648"),
    "chris_p_reads": ("Chris P.", "158830294"),
}

# ---------------------------------------------------------------------------------------------
# Content.  Texts are plain (the writer escapes them as X does); "{}" stands for a link, in the
# order given.  "when" is None (any day), "YYYY-MM", "YYYY-MM-DD" or a weekday ("Sat"), each
# optionally followed by " HH:MM" (else a time between 06:30 and 20:30).
# ---------------------------------------------------------------------------------------------
# fmt: off

BACK_CATALOGUE = [
    "How we feed our sourdough starter (and why it has a name)",
    "Five ways to keep bread fresh without plastic",
    "Meet Oakfield Mill, where our flour comes from",
    "Rye, spelt, wheat: a short guide to our flours",
    "Why our croissants take three days",
    "The secret to a crackly crust: steam",
    "What to do with stale bread: 7 recipes",
    "A day in the life of a baker (it starts at 4am)",
]

# Blog posts published during the period, each announced once by IFTTT.
NEW_POSTS = [
    ("2024-03", "Spring baking: rhubarb season is here"),
    ("2024-04", "How to freeze and revive a loaf"),
    ("2024-04", "Behind the scenes: laminating dough"),
    ("2024-05", "Our favourite sandwiches from the counter"),
    ("2024-05", "Gluten: what it does and why some of our bakes skip it"),
    ("2024-06", "Summer at the bakery: lemon, berries & long days"),
    ("2024-06", "Baking with kids: easy soda bread"),
    ("2024-07", "Why we bake less on Mondays"),
    ("2024-07", "Baking in a heatwave: the proving problem"),
    ("2024-08", "Picnic season: what travels well"),
    ("2024-08", "The story of our cinnamon buns"),
    ("2024-09", "Autumn bakes: apple, pear & pumpkin"),
    ("2024-09", "Sourdough vs yeast: what's the difference?"),
    ("2024-10", "How to read a bread label"),
    ("2024-10", "Ten years on Mill Lane: our story"),
    ("2024-11", "Our Christmas stollen, step by step"),
    ("2024-11", "Winter warmers: the soup and bread menu is back"),
    ("2024-12", "Five breads from around the world we love"),
    ("2025-01", "Meet the team: Alice, our pastry chef"),
    ("2025-01", "Reducing waste: where our leftover bread goes"),
    ("2025-02", "How to slice a crusty loaf without squashing it"),
    ("2025-02", "A coffee pairing guide with Green Bean Roasters"),
    ("2025-03", "Hot cross buns: a short history"),
    ("2025-03", "Behind the scenes of a wedding cake"),
    ("2025-04", "Our new wholemeal loaf and why it took a year"),
    ("2025-05", "The perfect focaccia at home"),
    ("2025-06", "How we choose our seasonal menu"),
    ("2025-06", "Why real butter matters in pastry"),
    ("2025-07", "Three easy bakes for a rainy weekend"),
    ("2025-08", "A guide to our cake sizes"),
    ("2025-09", "Meet the team: Jonas, our early-shift baker"),
    ("2025-10", "Questions we get asked at the counter, answered"),
]

# Shop pages, shared by Buffer with the page title and nothing else: (title, months or None).
PRODUCTS = [
    ("Sourdough Country Loaf", None),
    ("Seeded Rye", None),
    ("Cinnamon Bun Box (6)", None),
    ("Celebration Cake, 8 inch", None),
    ("Bake-at-Home Croissant Kit", None),
    ("Gift Card", None),
    ("Weekly Bread Subscription", None),
    ("Focaccia Tray", None),
    ("Wholemeal Tin Loaf", None),
    ("Brownie Box", None),
    ("Sourdough Workshop", None),
    ("Christmas Stollen", (11, 12)),
    ("Hot Cross Buns (6)", (3, 4)),
    ("Pumpkin Loaf", (9, 10)),
]

WEEKLY_MENU = ["This week's bake list is up 👉 {}", "What's in the oven this week? Full list: {}"]

# Promotions Buffer posts at 16:00:00: (text, link path or None, times used).
BUFFER_PROMOS = [
    ("Beat the Saturday queue: pre-order your loaves by Friday 2pm {}", "/shop/preorder", 4),
    ("Celebration cakes for any occasion. Book yours at least 5 days ahead: {}", "/cakes", 3),
    ("Give the gift of bread: Corner Bakery gift cards, any amount {}", "/shop/gift-card", 2),
    ("A fresh loaf every week, pause any time. Sign up for our bread subscription {}",
     "/shop/weekly-bread-subscription", 3),
    ("Hungry? Order online and pick up on your way home {}", "/shop", 3),
    ("Book your place at our next sourdough workshop {}", "/workshops", 3),
    ("Weekend special: buy 5 cinnamon buns, get the 6th free. Order now {}",
     "/shop/cinnamon-bun-box-6", 2),
    ("Fresh focaccia every Friday. Reserve a tray {}", "/shop/focaccia-tray", 2),
    ("Planning a party? Our platters feed 10-12. Order 48 hours ahead {}", "/catering", 2),
    ("Don't miss out: follow us for daily specials!", None, 4),
]

# Hashtag-stuffed promotions: (text, link path or None, client, when each was posted).
HASHTAG_PROMOS = [
    ("Cinnamon buns fresh out of the oven! #bakery #cinnamonbuns #Millbrook #shoplocal "
     "#freshbaked #weekendvibes #supportsmallbusiness", None, "buffer", ("Sat", "Sat", "Sat")),
    ("Order your celebration cake today {} #cake #birthdaycake #bakery #Millbrook "
     "#celebration #customcakes", "/cakes", "buffer", (None, None)),
    ("Sourdough Saturday is here #sourdough #realbread #bakery #shoplocal #Millbrook "
     "#breadlover #foodie", None, "iphone", ("Sat", "Sat")),
    ("Pre-order for the weekend {} #bakery #preorder #sourdough #croissants #Millbrook "
     "#shopsmall", "/shop/preorder", "buffer", (None, None)),
    ("Coffee and a pastry, the perfect Monday fix ☕ #coffee #pastry #bakery #Millbrook "
     "#mondaymood #shoplocal #treatyourself", None, "iphone", ("Mon", "Mon")),
    ("Gift cards available now {} #giftideas #bakery #shoplocal #Millbrook #christmasgifts "
     "#supportlocal", "/shop/gift-card", "buffer", ("2024-12", "2024-11")),
    ("Hot cross buns are here! Pre-order {} #hotcrossbuns #easter #bakery #Millbrook "
     "#easterbaking #shoplocal", "/shop/hot-cross-buns-6", "iphone", ("2025-04",)),
    ("New week, new bakes #bakery #freshbread #Millbrook #shoplocal #bakersofinstagram "
     "#realbread #sourdough", None, "buffer", ("Mon", "Mon")),
]

# Promotions a person wrote: (when, text, link path or None, client, photo).
PROMOS = [
    ("2024-03-05", "Mother's Day is Sunday: order a cake or a brunch box by Thursday {}",
     "/shop/mothers-day", "iphone", True),
    ("2024-03-18", "Hot cross buns are back until Easter Monday! Pre-order a box of 6 {}",
     "/shop/hot-cross-buns-6", "iphone", True),
    ("2024-04-17", "20% off all sourdough this Friday only. Order at the link {}",
     "/shop/sourdough-country-loaf", "web", False),
    ("2024-04-25", "Last few spaces on Saturday's sourdough workshop! Book now {}",
     "/workshops", "iphone", False),
    ("2024-05", "Wedding season: book a tasting for your wedding cake {}", "/cakes/weddings",
     "web", True),
    ("2024-06-03", "Vote for us in the Millbrook Food Awards, Best Bakery! Voting closes "
     "Friday {}", "https://millbrookfoodawards.example/vote", "iphone", False),
    ("2024-06-10", "Father's Day brownie boxes: order by Thursday for Saturday pickup {}",
     "/shop/brownie-box", "iphone", True),
    ("2024-06", "Summer special: ice cream sandwiches at the counter from today. Come and try "
     "one before they're gone!", None, "iphone", True),
    ("2024-07", "Catering for your office? We deliver breakfast boxes within 3 miles {}",
     "/catering", "web", False),
    ("2024-07", "Like & share this post to win a cake of your choice! Winner drawn Friday 🎂",
     None, "iphone", False),
    ("2024-08", "New: bake-at-home croissant kits. Order online for the weekend {}",
     "/shop/bake-at-home-croissant-kit", "web", True),
    ("2024-09-02", "Back to school: lunchbox rolls, 6 for £3. Pick some up on your way past!",
     None, "iphone", False),
    ("2024-09", "Autumn workshop dates are live. Book early, they sell out {}", "/workshops",
     "web", False),
    ("2024-10-01", "Pumpkin loaf is here for October. Get one while it lasts {}",
     "/shop/pumpkin-loaf", "iphone", True),
    ("2024-10-14", "Ten years of the Corner Bakery: cake and coffee for £3 all week. Come and "
     "celebrate with us!", None, "iphone", False),
    ("2024-11-04", "Christmas orders are OPEN. Stollen, mince pies, yule logs: order by "
     "20 Dec {}", "/christmas", "web", True),
    ("2024-11", "Come and see us at the Christmas market, stall 12! Mince pies and mulled "
     "apple juice", None, "iphone", False),
    ("2024-12-09", "Only 12 stollen slots left for Christmas! Order yours now {}",
     "/shop/christmas-stollen", "iphone", False),
    ("2024-12-16", "Gift cards make the easiest last-minute present. Buy online {}",
     "/shop/gift-card", "web", False),
    ("2025-01-06", "January offer: bread subscription, 3 months for the price of 2. "
     "Sign up {}", "/shop/weekly-bread-subscription", "web", False),
    ("2025-02-07", "Valentine's heart cakes for two. Book yours by Wednesday {}",
     "/cakes/valentines", "iphone", True),
    ("2025-03-04", "Pancake Day! Our pancake mix kits are by the till, grab one today", None,
     "iphone", False),
    ("2025-03-24", "Mother's Day is Sunday. Brunch boxes and cakes, order by Thursday {}",
     "/shop/mothers-day", "web", False),
    ("2025-04-07", "Hot cross buns are back until Easter Monday! Pre-order a box of 6 {}",
     "/shop/hot-cross-buns-6", "iphone", True),
    ("2025-04", "Leave us a review? It really helps a small bakery {}",
     "https://maps.example/cornerbakery/review", "web", False),
    ("2025-05", "Our loyalty card is back: every 10th coffee free. Ask at the counter!", None,
     "iphone", False),
    ("2025-05", "Follow us for daily specials, and turn on notifications so you never miss "
     "Friday focaccia!", None, "iphone", False),
    ("2025-06-09", "Father's Day brownie boxes: order by Thursday for Saturday pickup {}",
     "/shop/brownie-box", "iphone", True),
    ("2025-06", "Summer workshops: focaccia and pizza dough. Book your place {}",
     "/workshops", "web", False),
    ("2025-07", "Heatwave deal: iced coffee + cinnamon bun for £5 until 3pm. Come in and cool "
     "off!", None, "iphone", False),
    ("2025-07", "Picnic boxes for two: sourdough, cheese, chutney and brownies. Order the day "
     "before {}", "/shop/picnic-box", "web", True),
    ("2025-08", "Wedding cake tastings for 2026 are open. Book yours {}", "/cakes/weddings",
     "web", False),
    ("2025-08", "Like & share this post to win a cake of your choice! Winner drawn Friday 🎂",
     None, "iphone", False),
    ("2025-09-01", "Back to school: lunchbox rolls, 6 for £3. Pick some up on your way past!",
     None, "iphone", False),
    ("2025-09", "New workshop: laminated dough for beginners. Book now, only 8 places {}",
     "/workshops", "web", False),
    ("2025-10-01", "Pumpkin loaf is back for October. Get one while it lasts {}",
     "/shop/pumpkin-loaf", "iphone", True),
    ("2025-10", "Christmas orders open on Monday. Get your stollen in early {}", "/christmas",
     "web", False),
    ("2025-10", "Don't miss out: follow us for daily specials!", None, "iphone", False),
    ("2024-05", "Coffee from @greenbeanroasters + any pastry for £4.50 before 10am. Come in!",
     None, "iphone", False),
    ("2025-02", "Rainy day? Soup and bread for £6.50, 11am-3pm. Come in and warm up", None,
     "iphone", False),
]

# Retweets: (account, text, link or None, when each retweet was made).
RETWEETS = [
    ("localpaper", "Roadworks on Mill Lane from Monday: expect delays until the end of the "
     "month {}", "https://millbrookpost.example/news/mill-lane-roadworks", ("2024-07-05",)),
    ("localpaper", "Mill Lane roadworks finished a week early. Good news for the shops!", None,
     ("2024-07-19",)),
    ("localpaper", "Millbrook named one of the county's best high streets {}",
     "https://millbrookpost.example/news/best-high-streets", ("2025-03",)),
    ("localpaper", "Weather warning: heavy snow expected overnight. Take care out there", None,
     ("2025-01-08 17:20",)),
    ("localpaper", "Elm Street Primary pupils raise £2,400 for the children's ward {}",
     "https://millbrookpost.example/news/elm-street-fundraiser", (None,)),
    ("localpaper", "New cycle lanes for the town centre approved {}",
     "https://millbrookpost.example/news/cycle-lanes", (None,)),
    ("localpaper", "Summer fair returns to Elm Square on 20 July {}",
     "https://millbrookpost.example/whats-on/summer-fair", ("2024-07-01", "2025-07-07")),
    ("localpaper", "Library opening hours extended from September {}",
     "https://millbrookpost.example/news/library-hours", ("2024-08",)),
    ("localpaper", "Meet the volunteers keeping Millbrook's flower beds blooming {}",
     "https://millbrookpost.example/people/flower-volunteers", (None,)),
    ("localpaper", "Flood clean-up on River Road: how you can help {}",
     "https://millbrookpost.example/news/river-road-floods", ("2025-06-20",)),
    ("farmersmarket", "We're back this Saturday, 8am-1pm in Elm Square. See you there! 🥕",
     None, ("Thu", "Fri", "Thu", "Fri", "Thu", "Fri")),
    ("farmersmarket", "Christmas market dates are out! {}",
     "https://millbrookmarket.example/christmas", ("2024-10", "2025-10")),
    ("farmersmarket", "Spring market this weekend: 30 stalls, live music and a bake sale",
     None, ("2024-04-11", "2025-04-10")),
    ("farmersmarket", "Thanks to everyone who came out in the rain today!", None,
     ("Sat 14:10",)),
    ("farmersmarket", "New traders joining us this month {}",
     "https://millbrookmarket.example/traders", (None, None)),
    ("millbrookcouncil", "Bin collections will run one day late after the bank holiday", None,
     ("2024-05-24", "2025-04-17")),
    ("millbrookcouncil", "Free parking in town centre car parks every Saturday in December",
     None, ("2024-11-28",)),
    ("millbrookcouncil", "Have your say on the high street plan {}",
     "https://millbrook.example/consultations/high-street", ("2025-04",)),
    ("oakfieldflour", "Harvest is in! This year's heritage wheat is looking wonderful {}",
     "https://oakfieldmill.example/harvest", ("2024-08", "2025-08")),
    ("oakfieldflour", "Stone milling day at the mill. Open to visitors this Sunday", None,
     ("Fri",)),
    ("greenbeanroasters", "New single origin from Colombia just landed {}",
     "https://greenbean.example/colombia", ("2025-01",)),
    ("greenbeanroasters", "Our autumn blend is out now: chocolate, fig and a little spice {}",
     "https://greenbean.example/autumn-blend", ("2024-09",)),
    ("greenbeanroasters", "Proud to supply coffee to some of Millbrook's best cafes and "
     "bakeries", None, (None,)),
    ("visitmillbrook", "10 things to do in Millbrook this weekend {}",
     "https://visitmillbrook.example/this-weekend", ("Fri", "Fri", "Fri")),
    ("visitmillbrook", "Autumn walks around Millbrook: our favourite routes {}",
     "https://visitmillbrook.example/autumn-walks", ("2024-10", "2025-10")),
    ("foodbank_mb", "We urgently need tinned fish, UHT milk and toiletries. Drop-off points {}",
     "https://millbrookfoodbank.example/donate", (None, None)),
    ("foodbank_mb", "Thank you to our local businesses for supporting the winter appeal", None,
     ("2025-01",)),
    ("millbrookfc", "Match day! Kick-off 3pm at Riverside Park. Come and support the team",
     None, ("Sat 10:15", "Sat 10:40", "Sat 11:05")),
    ("riversidelibrary", "Storytime every Tuesday at 10am, free for under-5s", None,
     ("Mon", "Tue 08:30")),
    ("riversidelibrary", "Our summer reading challenge starts today {}",
     "https://riversidelibrary.example/summer-reading", ("2024-07-13", "2025-07-12")),
    ("elmstreetprimary", "Year 5 bake sale raised £310 for the school garden. Thank you all!",
     None, ("2024-10",)),
]

QUOTES = [
    "Bread is the warmest, kindest of words.",
    "Good things come to those who wait. Especially dough.",
    "Every loaf starts with a little patience.",
    "All sorrows are less with bread.",
    "Half a loaf is better than none.",
    "Rise and shine, like a good sourdough.",
    "Life is short. Eat the croissant.",
    "You can't rush a good thing, or a good crust.",
    "Bake with love, share with everyone.",
    "A house with fresh bread in it is a home.",
    "Start your week the way bread starts: flour, water, salt and time.",
    "Knead, rest, repeat.",
    "The best things are made slowly and shared generously.",
    "Happiness is the smell of bread at 6am.",
    "Where there is bread, there is hope.",
    "Small steps, big rise.",
    "Every great bake started as a mess on the counter.",
    "Make today as good as warm bread and butter.",
    "The secret ingredient is always time.",
    "Dough doesn't rise in a hurry, and neither do great weeks.",
    "Be like a good crust: strong outside, soft inside.",
    "There is no sincerer love than the love of food.",
    "Be kind, be patient, be well fed.",
    "Success is a little flour, a lot of work and the right temperature.",
    "Good bread takes time. So do good things.",
    "Keep calm and carry on baking.",
    "A smile is the best topping.",
    "Eat well, laugh often, bake much.",
    "Nothing is wasted when you love what you make.",
    "The oven is warm, the week is new. Let's go.",
]
QUOTE_REPEATS = [0, 6, 13, 25]  # recycled by the scheduler months later: 34 in all
QUOTE_STYLES = [
    '"{}" #MondayMotivation',
    '"{}" #MondayMotivation #bread',
    "{} 🍞 #MondayMotivation",
]

# Notices, written by a person: (when, text, client, photo, thread replies); "{/path}" is a link
# to that page of the bakery's site.
# Thread replies: (minutes after the previous post of the thread, text).
INFO = [
    ("2024-03-28 17:40", "Easter opening: Good Friday 8am-2pm, closed Easter Sunday and Monday. "
     "Normal hours from Tuesday.", "web", False, []),
    ("2024-04", "New on the menu: seeded rye with caraway, baked daily from Tuesday.", "iphone",
     True, []),
    ("2024-05-02", "We're closed Monday 6 May for the bank holiday. See you Tuesday!", "web",
     False, []),
    ("2024-05-24", "Summer hours from 1 June: Mon-Sat 7am-5pm, Sun 8am-1pm.", "web", False, []),
    ("2024-06 07:05", "Our card machine is down this morning, cash only until it's fixed. Sorry!",
     "iphone", False, [(135, "Update: the card machine is working again. Thanks for your "
                            "patience!")]),
    ("2024-07-05", "Heads up: Mill Lane is closed to traffic from Monday for roadworks. We're "
     "open as usual, walk in via Elm Square.", "web", False,
     [(10, "The roadworks should finish by the 26th. Deliveries to the shop are not "
           "affected.")]),
    ("2024-07-29", "Summer break: we're closed 12-19 August while the team has a rest. Back on "
     "the 20th!", "web", False,
     [(4, "The online shop stays open for gift cards and workshop bookings."),
      (3, "And yes, Crumb the cat will be looked after by our neighbours 🐈")]),
    ("2024-08-23", "Bank holiday Monday: open 8am-1pm.", "iphone", False, []),
    ("2024-09-10", "Autumn menu is here: pumpkin loaf, apple & cinnamon buns, and leek & "
     "cheddar pasties.", "iphone", True, []),
    ("2024-09", "Tip: keep your sourdough cut side down on a board and it stays fresh for 3 "
     "days.", "web", False,
     [(2, "If it does go stale: a splash of water and 5 minutes in a hot oven brings it "
          "back.")]),
    ("2024-10 06:50", "Power cut on Mill Lane this morning. We'll open as soon as the ovens are "
     "back on.", "iphone", False, [(95, "Power's back! Ovens heating up, doors open at 9:30.")]),
    ("2024-11", "Fun fact: we go through about 150kg of flour every week.", "iphone", False,
     []),
    ("2024-12-10", "Christmas hours: open until 2pm on 24 Dec, closed 25 Dec-1 Jan. Back on "
     "2 Jan.", "web", False,
     [(3, "Christmas pre-orders can be collected 21-24 Dec. Please bring your order number."),
      (2, "Anything not collected by 2pm on the 24th goes to the food bank.")]),
    ("2025-01-02 07:30", "We're back to normal hours from today. Happy new year!", "iphone",
     False, []),
    ("2025-01-09 06:40", "Snow day: the delivery van can't get up the hill, so we're closed "
     "today. Stay warm.", "iphone", True,
     [(240, "Update: we'll try again tomorrow at 8am. Check here before you head out.")]),
    ("2025-02-17", "Price update: from 1 March some loaves go up by 20p. Flour and energy "
     "costs have risen a lot this year.", "web", False,
     [(6, "We held prices through 2024 and the sourdough stays at £4.20. Thank you for "
          "understanding.")]),
    ("2025-03", "Allergen info for every bake is now on the website and at the counter "
     "{/allergens}",
     "web", False, []),
    ("2025-04-14", "Easter hours: Good Friday 8am-2pm, closed Easter Sunday and Monday.", "web",
     False, []),
    ("2025-04-28", "Our new wholemeal loaf is on the shelves from Tuesday.", "iphone", True, []),
    ("2025-05-02", "Bank holiday Monday: open 8am-1pm.", "iphone", False, []),
    ("2025-05-23", "Bank holiday Monday: open 8am-1pm.", "iphone", False, []),
    ("2025-05", "Sunday opening moves to 9am-1pm from this week.", "web", False, []),
    ("2025-06 08:10", "Water's off on Mill Lane this morning, so no coffee until noon. Bread "
     "and pastries as normal.", "iphone", False, []),
    ("2025-06", "The ovens get their yearly service on Monday, so we open at 10am that day.",
     "web", False, []),
    ("2025-07 13:40", "Sold out of sourdough for today. More tomorrow from 7am.", "iphone", False,
     []),
    ("2025-07-28", "Summer break: closed 11-18 August. Back on the 19th!", "web", False,
     [(5, "Gift cards and workshop bookings stay open online while we're away.")]),
    ("2025-08", "We're hiring a weekend counter assistant. Details in the shop.", "iphone",
     False, []),
    ("2025-08-22", "Bank holiday Monday: open 8am-1pm.", "iphone", False, []),
    ("2025-09-05", "The autumn menu returns on Tuesday: pumpkin loaf, apple buns and the leek "
     "& cheddar pasty.", "iphone", True, []),
    ("2025-09 12:15", "Sold out of sourdough for today. More tomorrow from 7am.", "iphone", False,
     []),
    ("2025-10 14:05", "Sold out of sourdough for today. More tomorrow from 7am.", "iphone", False,
     []),
    ("2025-10", "Clocks go back on Sunday. We open at 8am as usual, the ovens don't mind.",
     "web", False, []),
    ("2024-06", "Our Saturday stall at the farmers' market is on a summer break until "
     "September.", "web", False, []),
    ("2025-03", "Reminder: the shop is cashless from 1 April. Cards and phones only.", "web",
     False, []),
]

# About people, the shop and its street: (when, text, client, photo, likes, thread replies).
PEOPLE = [
    ("2024-03", "Crumb the shop cat has claimed the new flour sacks as her throne 👑",
     "iphone", True, (24, 41), []),
    ("2024-04-09 16:20", "Huge thank you to Margaret next door for rescuing our delivery in "
     "the rain this morning ☔", "iphone", False, (18, 30), []),
    ("2024-05-20", "Congratulations to @elmstreetprimary on the new school library! We loved "
     "reading to the Year 2s.", "web", True, (22, 38), []),
    ("2024-06-16 12:05", "Well done to everyone who ran the Millbrook 10k this morning. What a "
     "morning!", "iphone", False, (15, 26), []),
    ("2024-07", "Baker's confession: I burned the first batch of croissants this morning. "
     "Second batch is perfect, I promise.", "iphone", False, (20, 34), []),
    ("2024-09", "What's your go-to loaf for a Sunday? Tell us below 👇", "iphone", False,
     (9, 16), []),
    ("2024-10-15 19:10", "Ten years ago this week we opened on Mill Lane with one oven and far "
     "too much hope.", "web", True, (38, 64),
     [(3, "Thank you to everyone who has bought a loaf, stopped for a chat or put up with the "
          "Saturday queue."),
      (2, "And thank you to the team, past and present. You're the best.")]),
    ("2024-11", "Thank you to @foodbank_mb for collecting our leftover bread every evening. "
     "Nothing goes to waste.", "iphone", False, (19, 33), []),
    ("2025-01-08 04:10", "4am, snow outside, ovens on. There are worse jobs. ❄", "iphone", True,
     (21, 36), []),
    ("2025-02", "Crumb has been promoted to Head of Quality Control. Nobody asked her.", "iphone",
     True, (30, 52), []),
    ("2025-03", "Congratulations to Jonas on passing his bakery diploma! 🎉", "iphone", True,
     (25, 44), []),
    ("2025-04-22", "Which flavour should we bring back in May? Lemon & poppy seed, or "
     "raspberry & white chocolate?", "iphone", False, (12, 20), []),
    ("2025-05", "Good luck to @millbrookfc in the cup final on Saturday!", "iphone", False,
     (14, 22), []),
    ("2025-06", "Our thoughts are with everyone affected by the flooding on River Road. We're "
     "taking bread to the community centre tomorrow.", "web", False, (27, 45), []),
    ("2025-08", "We're thinking of a Tuesday evening pizza night. Would you come? What toppings "
     "would you want?", "iphone", False, (11, 19), []),
    ("2025-10", "Crumb would like everyone to know she is NOT allowed behind the counter. She "
     "disagrees.", "iphone", True, (26, 47), []),
]

# Replies to other accounts: (when, to, text, minutes the parent is older, client).
REPLIES = [
    ("2024-03", "hannahk_writes", "Thank you so much! So glad the birthday cake went down "
     "well 🎂", 95, "iphone"),
    ("2024-04", "tomwalsh82", "Sorry about that, the oven misbehaved this morning. Next coffee's "
     "on us.", 1440 * 2, "iphone"),
    ("2024-04", "priya_eats", "Yes, the seeded rye is vegan! Which loaf did you get last time?",
     40, "iphone"),
    ("2024-05", "oldmillpete", "Ha, we'll save you one. Usual time?", 22, "iphone"),
    ("2024-06-16 14:30", "jess_runs", "Well earned! Which bun did you go for?", 150, "iphone"),
    ("2024-06", "maryk_teaches", "We'd love to. Could you DM us a date that works for the "
     "class?", 1440 * 4, "web"),
    ("2024-07", "robdad3", "We open at 7 on Saturdays. Get here early for the cinnamon buns 😉",
     300, "iphone"),
    ("2024-07", "sam_on_bikes", "There's a bike rack right outside now!", 1440 + 200,
     "iphone"),
    ("2024-08", "lucyinthekitchen", "Our pleasure. How did the focaccia turn out at home?",
     60 * 7, "iphone"),
    ("2024-09", "daniel_ortega_m", "Not yet, but we're testing a gluten-free loaf. Would you "
     "try it?", 1440 * 3, "web"),
    ("2024-09", "hannahk_writes", "Thanks Hannah, see you Saturday!", 25, "iphone"),
    ("2024-10-16", "localpaper", "Happy to help. Thanks for the lovely write-up!", 180,
     "web"),
    ("2024-10", "tomwalsh82", "Good news: it's fixed. Thanks for letting us know.", 1440,
     "iphone"),
    ("2024-11", "priya_eats", "Thank you! The recipe is on the blog.", 60 * 9, "iphone"),
    ("2024-11", "farmersmarket", "See you Saturday!", 30, "iphone"),
    ("2024-12", "greenbeanroasters", "The new beans are going down a treat with our customers",
     60 * 20, "web"),
    ("2025-01", "oldmillpete", "Thanks Pete, we'll pass it on to Jonas.", 1440 * 2 + 300,
     "iphone"),
    ("2025-02", "maryk_teaches", "The kids were brilliant. Same time next year?", 200,
     "iphone"),
    ("2025-03", "jess_runs", "The 10k is on our calendar. Are you running again this year?",
     1440 + 60, "iphone"),
    ("2025-03", "robdad3", "Sorry, we sold out by 11. We'll bake more next Saturday.", 120,
     "iphone"),
    ("2025-04", "lucyinthekitchen", "Glad you liked it! Thanks for the kind words.", 1440 * 4,
     "iphone"),
    ("2025-04-25", "sam_on_bikes", "Lemon & poppy seed gets your vote, noted!", 90,
     "iphone"),
    ("2025-05", "daniel_ortega_m", "Yes! Tuesdays and Fridays. Thanks for asking.", 60 * 16,
     "web"),
    ("2025-06", "elmstreetprimary", "Thank you for having us!", 60 * 3, "web"),
    ("2025-06", "hannahk_writes", "Yes, we can do a dairy-free version. What size were you "
     "thinking?", 60 * 5, "iphone"),
    ("2025-07", "anna_m_b", "Thank you Anna 😊", 20, "iphone"),
    ("2025-08-12 09:15", "chris_p_reads", "Sorry to hear that. Can you DM us your order number?",
     1440 + 500, "web"),
    ("2025-08-12 15:40", "chris_p_reads", "All sorted, the refund is on its way. Sorry again!",
     45, "web"),
    ("2025-09", "foodbank_mb", "Always happy to help.", 1440 * 3 + 100, "iphone"),
]

# Quote tweets: (when, quoted account, text, minutes the quoted post is older, client).
QUOTE_TWEETS = [
    ("2024-04", "farmersmarket", "We'll be at stall 12 with cinnamon buns and the new rye!",
     300, "iphone"),
    ("2024-07-06", "localpaper", "Still open through all of it! Walk in via Elm Square 👇",
     60 * 20, "iphone"),
    ("2024-07", "localpaper", "See you there! We're doing the cake stall this year.", 1440,
     "web"),
    ("2024-08", "oakfieldflour", "This is where our bread starts. Proud to bake with Oakfield "
     "flour.", 60 * 6, "web"),
    ("2024-09", "visitmillbrook", "Nice to be on the list! Number 4 is us 🥐", 90, "iphone"),
    ("2024-10", "elmstreetprimary", "So proud of these young bakers! Well done, Year 5 🍪",
     60 * 2, "iphone"),
    ("2024-11", "foodbank_mb", "We're a drop-off point too. Bring tins to the shop any day.",
     60 * 4, "iphone"),
    ("2025-01", "greenbeanroasters", "It's on at the counter from tomorrow. Honestly our "
     "favourite yet.", 60 * 26, "web"),
    ("2025-03", "localpaper", "Told you so 😄 Mill Lane is the best street in town.", 45,
     "iphone"),
    ("2025-04", "millbrookcouncil", "Please do fill this in. More bike racks on Mill Lane "
     "would be lovely.", 1440 * 2, "web"),
    ("2025-05", "millbrookfc", "Come on Millbrook! Sausage rolls are on us if you win.", 60 * 3,
     "iphone"),
    ("2025-07-15", "riversidelibrary", "Storytime and a cinnamon bun afterwards: the perfect "
     "Tuesday.", 60 * 5, "iphone"),
    ("2025-09", "hannahk_writes", "This made our whole week. Thank you Hannah!", 60 * 8,
     "iphone"),
]

# fmt: on

# ---------------------------------------------------------------------------------------------
# Making the posts
# ---------------------------------------------------------------------------------------------

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_MENTION = re.compile(r"(?<![\w@])@(\w+)")
_HASHTAG = re.compile(r"(?<![\w&#])#(\w+)")


@dataclass
class Draft:
    """One tweet before it is written out."""

    at: datetime
    text: str
    client: str
    category: str
    links: list[str] = field(default_factory=list)
    photo: bool = False
    likes: tuple[int, int] = (0, 2)
    reposts: tuple[int, int] = (0, 1)
    reply_to: tuple[str, int] | None = None
    """(account, minutes its post is older) for a reply to another account."""
    thread_parent: Draft | None = None
    quote_of: tuple[str, int] | None = None
    """(account, minutes its post is older) for a quote tweet."""
    id: int = 0


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def site(path: str) -> str:
    return path if path.startswith("https://") else SITE + path


def snowflake(moment_ms: int, low_bits: int) -> int:
    return ((moment_ms - TWITTER_EPOCH_MS) << 22) | low_bits


def snowflake_ms(value: int) -> int:
    return (value >> 22) + TWITTER_EPOCH_MS


class Calendar:
    """Days and times, all drawn from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.days = [FIRST_DAY + timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]

    def weekdays(self, *numbers: int) -> list[date]:
        return [d for d in self.days if d.weekday() in numbers]

    def human_time(self) -> time:
        second = self.rng.randrange(6 * 3600 + 30 * 60, 20 * 3600 + 30 * 60)
        return time(second // 3600, second // 60 % 60, second % 60)

    def moment(self, when: str | None) -> datetime:
        """A moment for ``when``: None (any day), ``YYYY-MM`` (a day in that month),
        ``YYYY-MM-DD`` or a weekday (``Sat``), each optionally followed by `` HH:MM``."""
        day_part, _, clock = (when or "").partition(" ")
        if not day_part:
            day = self.rng.choice(self.days)
        elif day_part in _WEEKDAYS:
            day = self.rng.choice(self.weekdays(_WEEKDAYS.index(day_part)))
        elif len(day_part) == 7:
            day = self.rng.choice([d for d in self.days if d.isoformat()[:7] == day_part])
        else:
            day = date.fromisoformat(day_part)
        if clock:
            hour, minute = map(int, clock.split(":"))
            moment = time(hour, minute, self.rng.randrange(60))
        else:
            moment = self.human_time()
        return datetime.combine(day, moment, UTC)


def scheduled(day: date, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), UTC)


def spread(rng: random.Random, days: list[date], count: int) -> list[date]:
    """``count`` of ``days``, chosen at random, in order."""
    return sorted(rng.sample(days, count))


def drafts(rng: random.Random) -> list[Draft]:
    cal = Calendar(rng)
    out: list[Draft] = []
    mondays = cal.weekdays(0)
    tuesdays = cal.weekdays(1)

    # Monday quotes, Buffer at 07:30:00, a few recycled months later.
    quote_texts = [*QUOTES, *(QUOTES[i] for i in QUOTE_REPEATS)]
    for day, quote in zip(spread(rng, mondays, len(quote_texts)), quote_texts, strict=True):
        style = rng.choice(QUOTE_STYLES)
        out.append(Draft(scheduled(day, 7, 30), style.format(quote), "buffer", "saying"))

    # The weekly bake list, Buffer at 09:00:00 on Mondays.
    for day in spread(rng, mondays, 25):
        year, week, _ = day.isocalendar()
        text = WEEKLY_MENU[0] if rng.random() < 0.7 else WEEKLY_MENU[1]
        out.append(
            Draft(
                scheduled(day, 9, 0),
                text,
                "buffer",
                "link",
                links=[f"{SITE}/menu/{year}-w{week:02d}"],
            )
        )

    # New blog posts: WordPress publishes at 06:00 on a Tuesday, IFTTT tweets a minute later.
    published: list[tuple[datetime, str]] = [
        (datetime(2023, 1, 1, tzinfo=UTC), title) for title in BACK_CATALOGUE
    ]
    for month, title in NEW_POSTS:
        choices = [d for d in tuesdays if d.isoformat()[:7] == month]
        taken = {p[0].date() for p in published}
        day = rng.choice([d for d in choices if d not in taken])
        moment = scheduled(day, 6, 1, rng.randrange(5, 55))
        published.append((moment, title))
        out.append(
            Draft(
                moment,
                f"New on the blog: {title} {{}}",
                "ifttt",
                "link",
                links=[f"{SITE}/blog/{slug(title)}"],
            )
        )

    # Buffer's 09:00:00 slot, Tuesday to Friday: old blog posts and shop pages, title only.
    kinds = ["blog"] * 60 + ["shop"] * 30
    rng.shuffle(kinds)
    for day, what in zip(spread(rng, cal.weekdays(1, 2, 3, 4), 90), kinds, strict=True):
        moment = scheduled(day, 9, 0)
        if what == "blog":
            title = rng.choice([t for when, t in published if when < moment])
            link = f"{SITE}/blog/{slug(title)}{UTM}"
            text = rng.choice(["{} {{}}", "{} {{}}", "From the blog: {} {{}}"]).format(title)
        else:
            title = rng.choice(
                [t for t, months in PRODUCTS if months is None or day.month in months]
            )
            link = f"{SITE}/shop/{slug(title)}{UTM}"
            text = f"{title} | {NAME} {{}}"
        out.append(Draft(moment, text, "buffer", "link", links=[link]))

    # Buffer's 16:00:00 promotion slot, any weekday.
    promo_texts = [(t, p) for t, p, times in BUFFER_PROMOS for _ in range(times)]
    rng.shuffle(promo_texts)
    for day, (text, path) in zip(
        spread(rng, cal.weekdays(0, 1, 2, 3, 4), len(promo_texts)), promo_texts, strict=True
    ):
        links = [site(path) + UTM] if path else []
        out.append(Draft(scheduled(day, 16, 0), text, "buffer", "promotion", links=links))

    # Hashtag-stuffed promotions: Buffer posts them at 12:00:00, a person at any time.
    for text, path, client, whens in HASHTAG_PROMOS:
        for n, when in enumerate(whens):
            moment = cal.moment(when)
            if client == "buffer":
                moment = scheduled(moment.date(), 12, 0)
            links = [site(path)] if path else []
            photo = client == "iphone" and n == 0
            out.append(Draft(moment, text, client, "promotion", links=links, photo=photo))

    for when, text, path, client, photo in PROMOS:
        links = [site(path)] if path else []
        out.append(
            Draft(
                cal.moment(when), text, client, "promotion", links=links, photo=photo, likes=(0, 5)
            )
        )

    for account, text, link, whens in RETWEETS:
        for when in whens:
            out.append(
                Draft(
                    cal.moment(when),
                    f"RT @{account}: {text}",
                    "iphone",
                    "repost",
                    links=[link] if link else [],
                    likes=(0, 0),
                    reposts=(1, 14),
                )
            )

    for when, text, client, photo, thread in INFO:
        links = [site(path) for path in re.findall(r"\{(/[^}]*)\}", text)]
        text = re.sub(r"\{/[^}]*\}", "{}", text)
        parent = Draft(
            cal.moment(when), text, client, "information", links=links, photo=photo, likes=(1, 7)
        )
        out.append(parent)
        out.extend(thread_of(parent, thread))

    for when, text, client, photo, likes, thread in PEOPLE:
        parent = Draft(
            cal.moment(when), text, client, "personal", photo=photo, likes=likes, reposts=(1, 6)
        )
        out.append(parent)
        out.extend(thread_of(parent, thread))

    for when, account, text, minutes, client in REPLIES:
        out.append(
            Draft(
                cal.moment(when),
                f"@{account} {text}",
                client,
                "reply",
                likes=(0, 3),
                reposts=(0, 0),
                reply_to=(account, minutes),
            )
        )

    for when, account, text, minutes, client in QUOTE_TWEETS:
        out.append(
            Draft(
                cal.moment(when),
                text + " {}",
                client,
                "quote",
                likes=(2, 9),
                reposts=(0, 2),
                quote_of=(account, minutes),
            )
        )
    return out


def thread_of(parent: Draft, replies: list[tuple[int, str]]) -> list[Draft]:
    """The owner's own continuations of ``parent``, each replying to the one before."""
    made: list[Draft] = []
    previous = parent
    for minutes, text in replies:
        at = previous.at + timedelta(minutes=minutes, seconds=(len(text) * 7) % 50)
        child = Draft(
            at,
            text,
            previous.client,
            "thread",
            likes=(0, max(4, parent.likes[0] // 3)),
            reposts=(0, 1),
            thread_parent=previous,
        )
        made.append(child)
        previous = child
    return made


# ---------------------------------------------------------------------------------------------
# Writing the archive
# ---------------------------------------------------------------------------------------------


def t_co(rng: random.Random, used: set[str]) -> str:
    while True:
        url = "https://t.co/" + "".join(rng.choice(_ALNUM) for _ in range(10))
        if url not in used:
            used.add(url)
            return url


def display_url(url: str) -> str:
    shown = re.sub(r"^https?://(www\.)?", "", url)
    return shown if len(shown) <= 27 else shown[:27] + "…"


def escape(text: str) -> str:
    """X escapes these three in ``full_text``; entity indices count the unescaped text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def created_at(moment: datetime) -> str:
    return moment.strftime("%a %b %d %H:%M:%S +0000 %Y")


def iso_ms(ms: int) -> str:
    moment = datetime.fromtimestamp(ms / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def mention_entity(handle: str, start: int) -> dict[str, Any]:
    name, user_id = ACCOUNTS[handle]
    return {
        "name": name,
        "screen_name": handle,
        "indices": [str(start), str(start + 1 + len(handle))],
        "id_str": user_id,
        "id": user_id,
    }


def media_entity(rng: random.Random, tweet_id: int, url: str, start: int) -> dict[str, Any]:
    media_id = str(
        snowflake(snowflake_ms(tweet_id) - rng.randrange(4000, 90000), rng.getrandbits(22))
    )
    key = "".join(rng.choice(_ALNUM) for _ in range(15))
    wide = rng.random() < 0.7
    w, h = (2048, 1536) if wide else (1536, 2048)
    return {
        "expanded_url": f"https://twitter.com/{HANDLE}/status/{tweet_id}/photo/1",
        "indices": [str(start), str(start + len(url))],
        "url": url,
        "media_url": f"http://pbs.twimg.com/media/{key}.jpg",
        "id_str": media_id,
        "id": media_id,
        "media_url_https": f"https://pbs.twimg.com/media/{key}.jpg",
        "sizes": {
            "large": {"w": str(w), "h": str(h), "resize": "fit"},
            "small": {"w": str(w * 680 // 2048), "h": str(h * 680 // 2048), "resize": "fit"},
            "thumb": {"w": "150", "h": "150", "resize": "crop"},
            "medium": {"w": str(w * 1200 // 2048), "h": str(h * 1200 // 2048), "resize": "fit"},
        },
        "type": "photo",
        "display_url": "pic.twitter.com/" + url.rsplit("/", 1)[1],
    }


def tweet(draft: Draft, rng: random.Random, used_urls: set[str]) -> dict[str, Any]:
    """The archive's ``{"tweet": …}`` element for one draft."""
    assert draft.text.count("{}") == len(draft.links) + (draft.quote_of is not None), draft.text
    links = list(draft.links)
    if draft.quote_of is not None:
        account, minutes = draft.quote_of
        quoted_ms = snowflake_ms(draft.id) - minutes * 60_000 - rng.randrange(60_000)
        quoted = snowflake(quoted_ms, rng.getrandbits(22))
        links.append(f"https://twitter.com/{account}/status/{quoted}")

    text = draft.text
    urls: list[dict[str, Any]] = []
    for link in links:
        short = t_co(rng, used_urls)
        start = text.index("{}")
        text = text[:start] + short + text[start + 2 :]
        urls.append(
            {
                "url": short,
                "expanded_url": link,
                "display_url": display_url(link),
                "indices": [str(start), str(start + len(short))],
            }
        )
    display_end = len(text)
    media: list[dict[str, Any]] = []
    if draft.photo:
        short = t_co(rng, used_urls)
        text += " " + short
        media.append(media_entity(rng, draft.id, short, display_end + 1))

    mentions = [mention_entity(m.group(1), m.start()) for m in _MENTION.finditer(text)]
    hashtags = [
        {"text": m.group(1), "indices": [str(m.start()), str(m.end())]}
        for m in _HASHTAG.finditer(text)
    ]
    display_start = 0
    if draft.reply_to is not None:
        display_start = len(draft.reply_to[0]) + 2
    assert display_end - display_start <= 280, draft.text

    entities: dict[str, Any] = {
        "hashtags": hashtags,
        "symbols": [],
        "user_mentions": mentions,
        "urls": urls,
    }
    if media:
        entities["media"] = media
    likes = rng.randint(*draft.likes)
    reposts = rng.randint(*draft.reposts)
    own_id = str(draft.id)
    ms = snowflake_ms(draft.id)

    reply_status = reply_user = reply_name = None
    if draft.reply_to is not None:
        account, minutes = draft.reply_to
        latency = minutes * 60_000 + rng.randrange(-40_000, 40_000)
        parent_ms = ms - min(max(latency, 20 * 60_000), 4 * 86_400_000)
        reply_status = str(snowflake(parent_ms, rng.getrandbits(22)))
        reply_name = account
        reply_user = ACCOUNTS[account][1]
    elif draft.thread_parent is not None:
        reply_status = str(draft.thread_parent.id)
        reply_user, reply_name = OWNER_ID, HANDLE

    body: dict[str, Any] = {
        "edit_info": {
            "initial": {
                "editTweetIds": [own_id],
                "editableUntil": iso_ms(ms + 3_600_000),
                "editsRemaining": "5",
                "isEditEligible": draft.category not in ("repost", "reply"),
            }
        },
        "retweeted": False,
        "source": SOURCES[draft.client],
        "entities": entities,
        "display_text_range": [str(display_start), str(display_end)],
        "favorite_count": str(likes),
    }
    if reply_status is not None:
        body["in_reply_to_status_id_str"] = reply_status
    body["id_str"] = own_id
    if reply_status is not None:
        body["in_reply_to_user_id"] = reply_user
    body["truncated"] = False
    body["retweet_count"] = str(reposts)
    body["id"] = own_id
    if reply_status is not None:
        body["in_reply_to_status_id"] = reply_status
    if urls or media:
        body["possibly_sensitive"] = False
    body["created_at"] = created_at(draft.at)
    body["favorited"] = False
    body["full_text"] = escape(text)
    body["lang"] = "en"
    if reply_status is not None:
        body["in_reply_to_screen_name"] = reply_name
        body["in_reply_to_user_id_str"] = reply_user
    if media:
        body["extended_entities"] = {"media": media}
    return {"tweet": body}


def pretty(value: Any, indent: str = "") -> str:
    """JSON as X's archive writes it: ``"key" : value``, one element per line, ``[ ]``."""
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{ }"
        items = [f"{inner}{json.dumps(k)} : {pretty(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list):
        if not value:
            return "[ ]"
        return "[\n" + ",\n".join(inner + pretty(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False)


def archive_files() -> dict[str, bytes]:
    """The archive's members, name -> content."""
    rng = random.Random(SEED)
    made = drafts(rng)
    made.sort(key=lambda d: (d.at, d.category, d.text))
    ids: set[int] = set()
    for draft in made:
        ms = int(draft.at.timestamp()) * 1000 + rng.randrange(20, 980)
        draft.id = snowflake(ms, rng.getrandbits(22))
        assert draft.id not in ids
        ids.add(draft.id)
    for draft in made:
        if draft.thread_parent is not None:
            assert draft.thread_parent.id < draft.id

    used_urls: set[str] = set()
    elements = [tweet(draft, rng, used_urls) for draft in made]
    elements.reverse()  # newest first, as X lists them
    tweets_js = ("window.YTD.tweets.part0 = " + pretty(elements)).encode()
    account_js = (
        "window.YTD.account.part0 = "
        + pretty(
            [
                {
                    "account": {
                        "email": "hello@cornerbakery.example",
                        "createdVia": "web",
                        "username": HANDLE,
                        "accountId": OWNER_ID,
                        "createdAt": OWNER_CREATED,
                        "accountDisplayName": NAME,
                    }
                }
            ]
        )
    ).encode()
    manifest = {
        "userInfo": {"accountId": OWNER_ID, "userName": HANDLE, "displayName": NAME},
        "archiveInfo": {
            "sizeBytes": str(len(tweets_js) + len(account_js)),
            "generationDate": GENERATED_AT,
            "isPartialArchive": False,
            "maxPartSizeBytes": "53687091200",
        },
        "dataTypes": {
            "account": {
                "files": [
                    {"fileName": "data/account.js", "globalName": "YTD.account.part0", "count": "1"}
                ]
            },
            "tweets": {
                "mediaDirectory": "data/tweets_media",
                "files": [
                    {
                        "fileName": "data/tweets.js",
                        "globalName": "YTD.tweets.part0",
                        "count": str(len(elements)),
                    }
                ],
            },
        },
    }
    manifest_js = ("window.__THAR_CONFIG = " + pretty(manifest)).encode()
    return {
        "data/account.js": account_js,
        "data/manifest.js": manifest_js,
        "data/tweets.js": tweets_js,
    }


def write_example(path: Path = OUTPUT) -> Path:
    """Write the example archive to ``path`` (byte-identical on every run) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in archive_files().items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, content, compresslevel=9)
    return path


def main() -> int:
    path = write_example(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
