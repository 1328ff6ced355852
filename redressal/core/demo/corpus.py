"""Word lists for the demo and synthetic data: fictional companies, people, places, products.

Every name here is invented; web addresses use the reserved `.example` domain.
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


PHONES = "phones-electronics"
TELECOM = "telecom"
BANKS = "banks-payments"
SHOPS = "ecommerce-delivery"
AIRLINES = "airlines"
INSURANCE = "insurance"
FOOD = "food-delivery"
AUTOS = "automobiles"
APPLIANCES = "appliances"
EDUCATION = "education"
UTILITIES = "utilities"

# (name, industry, aliases, city of the registered office, one-line description)
# fmt: off
COMPANIES = [
    ("Zenvo Mobiles", PHONES, ["Zenvo", "Zenvo India"], "Gurugram, Haryana",
     "Smartphones, smart TVs and wearables sold online and through Zenvo service centres."),
    ("Kairo Electronics", PHONES, ["Kairo"], "Noida, Uttar Pradesh",
     "Budget phones, power banks and audio accessories."),
    ("Lumora Phones", PHONES, ["Lumora"], "Bengaluru, Karnataka",
     "Mid-range Android phones with a two-year warranty."),
    ("Vexa Smart Devices", PHONES, ["Vexa"], "Chennai, Tamil Nadu",
     "Smart TVs, soundbars and streaming sticks."),
    ("Tarang Audio", PHONES, ["Tarang"], "Mumbai, Maharashtra",
     "Earbuds, neckbands and party speakers."),
    ("Pixelnova", PHONES, ["Pixel Nova", "Pixelnova TV"], "Hyderabad, Telangana",
     "Laptops, tablets and monitors."),
    ("Bharat Telelink", TELECOM, ["BTL", "Telelink"], "New Delhi, Delhi",
     "Prepaid and postpaid mobile, 5G and home broadband."),
    ("Jaldi Fibre", TELECOM, ["Jaldi", "Jaldi Broadband"], "Pune, Maharashtra",
     "Fibre broadband and IPTV in forty cities."),
    ("Nimbus Broadband", TELECOM, ["Nimbus"], "Kochi, Kerala",
     "Home and office internet, Wi-Fi routers on rent."),
    ("Sampark Mobile", TELECOM, ["Sampark"], "Kolkata, West Bengal",
     "Mobile network with prepaid plans and DTH bundles."),
    ("PaySetu", BANKS, ["Pay Setu", "PaySetu UPI"], "Bengaluru, Karnataka",
     "UPI payments, wallet, bill payments and FASTag."),
    ("Suvidha Bank", BANKS, ["Suvidha"], "Mumbai, Maharashtra",
     "Savings accounts, credit cards and personal loans."),
    ("Navodaya Co-operative Bank", BANKS, ["Navodaya Bank"], "Nagpur, Maharashtra",
     "Co-operative bank with branches across Vidarbha."),
    ("Rupiya Wallet", BANKS, ["Rupiya"], "Gurugram, Haryana",
     "Prepaid wallet, buy-now-pay-later and gift cards."),
    ("CrestPay Cards", BANKS, ["CrestPay"], "Chennai, Tamil Nadu",
     "Co-branded credit cards and EMI on cards."),
    ("Lakshmi Finserv", BANKS, ["Lakshmi Finance"], "Ahmedabad, Gujarat",
     "Consumer durable loans and gold loans."),
    ("KartNow", SHOPS, ["Kart Now", "KartNow.example"], "Bengaluru, Karnataka",
     "Online marketplace for phones, fashion, home and groceries."),
    ("Bazaarwala", SHOPS, ["Bazaar Wala"], "Jaipur, Rajasthan",
     "Marketplace for home goods, kitchen and furniture."),
    ("QuickBasket", SHOPS, ["Quick Basket"], "Hyderabad, Telangana",
     "Ten-minute grocery delivery."),
    ("Dakiya Express", SHOPS, ["Dakiya", "Dakiya Couriers"], "New Delhi, Delhi",
     "Courier and parcel delivery for online sellers."),
    ("ShipTez Logistics", SHOPS, ["ShipTez"], "Surat, Gujarat",
     "Express cargo and doorstep delivery."),
    ("Stylekart", SHOPS, ["Style Kart"], "Mumbai, Maharashtra",
     "Online fashion and footwear store."),
    ("Skyroute Airways", AIRLINES, ["Skyroute"], "Mumbai, Maharashtra",
     "Low-cost airline with domestic and Gulf routes."),
    ("Megh Airlines", AIRLINES, ["Megh Air"], "New Delhi, Delhi",
     "Full-service airline flying to sixty destinations."),
    ("BlueKite Air", AIRLINES, ["BlueKite"], "Bengaluru, Karnataka",
     "Regional airline connecting tier-2 cities."),
    ("Ghumakkad Holidays", AIRLINES, ["Ghumakkad"], "Chandigarh, Chandigarh",
     "Flight, hotel and holiday package bookings."),
    ("Kavach General Insurance", INSURANCE, ["Kavach Insurance", "Kavach"], "Pune, Maharashtra",
     "Motor, health and travel insurance."),
    ("Chhatri Health Insurance", INSURANCE, ["Chhatri Health"], "Chennai, Tamil Nadu",
     "Family floater and senior citizen health plans."),
    ("Dhruv Life Assurance", INSURANCE, ["Dhruv Life"], "Mumbai, Maharashtra",
     "Term life, ULIP and pension plans."),
    ("Nirbhay Insurance", INSURANCE, ["Nirbhay"], "Kolkata, West Bengal",
     "Two-wheeler and car insurance online."),
    ("Tiffinly", FOOD, ["Tiffinly App"], "Pune, Maharashtra",
     "Home-style meals and tiffin subscriptions."),
    ("Khaana Express", FOOD, ["Khaana"], "Lucknow, Uttar Pradesh",
     "Restaurant food delivery in north India."),
    ("Rafta Motors", AUTOS, ["Rafta"], "Chennai, Tamil Nadu",
     "Electric scooters and motorcycles."),
    ("Sarthi Cars", AUTOS, ["Sarthi"], "Ahmedabad, Gujarat",
     "Used-car marketplace with warranty and finance."),
    ("Sheetal Home Appliances", APPLIANCES, ["Sheetal"], "Delhi, Delhi",
     "Air conditioners, coolers and refrigerators."),
    ("Coolbreeze Appliances", APPLIANCES, ["Coolbreeze"], "Vadodara, Gujarat",
     "Washing machines, water purifiers and fans."),
    ("Annapurna Kitchenware", APPLIANCES, ["Annapurna"], "Coimbatore, Tamil Nadu",
     "Mixer grinders, cooktops and chimneys."),
    ("Gyaanpath Academy", EDUCATION, ["Gyaanpath"], "Kota, Rajasthan",
     "Coaching for engineering and medical entrance exams, online and offline."),
    ("Padhai Plus", EDUCATION, ["PadhaiPlus"], "Bengaluru, Karnataka",
     "Online classes for school students, on tablets and the app."),
    ("Urja Power Distribution", UTILITIES, ["Urja Power"], "Lucknow, Uttar Pradesh",
     "Electricity distribution and smart prepaid meters."),
    ("Jalnidhi Gas", UTILITIES, ["Jalnidhi"], "Indore, Madhya Pradesh",
     "Piped natural gas and LPG cylinder booking."),
    ("Northgate Home Energy", UTILITIES, ["Northgate Energy"], "Leeds, England",
     "Gas and electricity supplier for homes in England."),
    ("Harbor Lane Mobile", TELECOM, ["Harbor Lane"], "Austin, Texas",
     "Prepaid phone plans and device financing in the US."),
    ("Quillstone Bank", BANKS, ["Quillstone"], "Manchester, England",
     "Current accounts, savings and a mobile banking app."),
]
# fmt: on

CATEGORIES = [
    ("Refund", "Money that was promised back and has not arrived."),
    ("Delivery", "Orders late, lost, damaged or never delivered."),
    ("Warranty and repair", "Service centres, repairs, replacements under warranty."),
    ("Billing", "Wrong bills, extra charges, invoices."),
    ("Customer service", "Calls, chats and e-mails that go nowhere."),
    ("Product quality", "Defects, overheating, damage, poor build."),
    ("Network and connectivity", "No signal, slow internet, outages."),
    ("Cancellation", "Cancelled orders, subscriptions and services."),
    ("Fraud and unauthorised transactions", "Money taken without permission."),
    ("Insurance claim", "Claims rejected, delayed or short-paid."),
    ("Flight delay and cancellation", "Delayed, cancelled and rescheduled flights."),
    ("Baggage", "Lost, delayed and damaged bags."),
    ("Software and updates", "Updates that break things, apps that do not work."),
    ("Wrong item", "A different product than the one ordered."),
    ("Account and KYC", "Blocked accounts, KYC, login problems."),
]

INDIAN_FIRST = _words(
    "Aarav Aditi Ajay Akash Amit Anand Anil Anjali Ankit Anusha Arjun Asha Deepak Divya Farhan "
    "Gaurav Geeta Harish Imran Isha Jaya Karan Kavita Kiran Lakshmi Mahesh Manoj Meena Mohit "
    "Nandini Naveen Neha Nikhil Pooja Pradeep Priya Rahul Rajesh Ramesh Ravi Rekha Rohit Sachin "
    "Sandeep Sanjay Sarita Shalini Shreya Simran Sneha Sourav Suresh Swati Tanvi Tarun Uma "
    "Varun Vijay Vikram Vinod Yash Zoya Abdul Bhavna Chetan Dinesh Gurpreet Harpreet Jyoti "
    "Kunal Madhuri Nisha Pankaj Ritu Sameer Sunita Tushar Ujjwal Vandana Wasim Yogesh"
)
INDIAN_LAST = _words(
    "Sharma Verma Gupta Singh Kumar Patel Shah Reddy Nair Iyer Menon Rao Joshi Kulkarni "
    "Deshpande Chatterjee Banerjee Das Ghosh Mukherjee Khan Ansari Qureshi Siddiqui Pillai "
    "Naidu Yadav Mishra Pandey Tiwari Chauhan Thakur Bhatt Mehta Desai Gill Sandhu Bajwa "
    "Fernandes DSouza Kamath Hegde Shetty Bose Saxena Agarwal Jain Goyal Malhotra Kapoor"
)
US_FIRST = _words(
    "James Michael Robert David William Mary Jennifer Linda Patricia Jessica Ashley Brian "
    "Kevin Jason Emily Sarah Megan Tyler Brandon Rachel Amanda Nicole Justin Kayla Derek"
)
US_LAST = _words(
    "Miller Johnson Williams Brown Davis Garcia Rodriguez Wilson Anderson Thomas Moore Martin "
    "Jackson Thompson White Harris Clark Lewis Walker Hall Young Allen King Wright Scott"
)
UK_FIRST = _words(
    "Oliver Harry George Jack Charlie Thomas Amelia Olivia Isla Emily Sophie Jessica Callum "
    "Rhys Bethany Chloe Liam Niamh Fiona Graham Hamish Gemma Kirsty Declan Eleanor"
)
UK_LAST = _words(
    "Smith Jones Taylor Brown Evans Walker Wright Robinson Thompson Hughes Edwards Green "
    "Lewis Wood Harris Clarke Patel Turner Hill Cooper Ward Morris Bennett Khan Murphy"
)

# fmt: off
INDIAN_PLACES = [
    ("Pune", "Maharashtra"), ("Mumbai", "Maharashtra"), ("Nagpur", "Maharashtra"),
    ("Nashik", "Maharashtra"), ("New Delhi", "Delhi"), ("Bengaluru", "Karnataka"),
    ("Mysuru", "Karnataka"), ("Chennai", "Tamil Nadu"), ("Coimbatore", "Tamil Nadu"),
    ("Hyderabad", "Telangana"), ("Warangal", "Telangana"), ("Kolkata", "West Bengal"),
    ("Ahmedabad", "Gujarat"), ("Surat", "Gujarat"), ("Jaipur", "Rajasthan"),
    ("Kota", "Rajasthan"), ("Lucknow", "Uttar Pradesh"), ("Kanpur", "Uttar Pradesh"),
    ("Noida", "Uttar Pradesh"), ("Patna", "Bihar"), ("Bhopal", "Madhya Pradesh"),
    ("Indore", "Madhya Pradesh"), ("Kochi", "Kerala"), ("Thiruvananthapuram", "Kerala"),
    ("Chandigarh", "Chandigarh"), ("Ludhiana", "Punjab"), ("Amritsar", "Punjab"),
    ("Gurugram", "Haryana"), ("Bhubaneswar", "Odisha"), ("Guwahati", "Assam"),
    ("Ranchi", "Jharkhand"), ("Dehradun", "Uttarakhand"), ("Visakhapatnam", "Andhra Pradesh"),
    ("Vijayawada", "Andhra Pradesh"), ("Raipur", "Chhattisgarh"), ("Panaji", "Goa"),
]
US_PLACES = [
    ("Austin", "Texas"), ("Houston", "Texas"), ("Columbus", "Ohio"), ("Denver", "Colorado"),
    ("Phoenix", "Arizona"), ("Seattle", "Washington"), ("Edison", "New Jersey"),
    ("Atlanta", "Georgia"), ("Chicago", "Illinois"), ("San Jose", "California"),
]
UK_PLACES = [
    ("Leeds", "England"), ("Manchester", "England"), ("Birmingham", "England"),
    ("Leicester", "England"), ("Bristol", "England"), ("Glasgow", "Scotland"),
    ("Edinburgh", "Scotland"), ("Cardiff", "Wales"), ("Belfast", "Northern Ireland"),
]
# fmt: on

# Products people complain about, per industry; "{brand}" is the company's short name.
PRODUCTS = {
    PHONES: [
        "{brand} Note 8 Pro 8gb+128gb",
        "{brand} Note 9 5G",
        "{brand} A12 Prime 4gb+64gb",
        "{brand} X5 108cm smart TV",
        "{brand} X3 80cm HD TV",
        "{brand} Buds Air 2",
        "{brand} Power Bank 20000mAh",
        "{brand} Watch 2 Lite",
        "{brand} 10T 12gb+256gb",
        "{brand} K20 Max",
        "{brand} Y7 (Midnight Black)",
        "{brand} Pad 11",
        "{brand} 33W fast charger",
        "{brand} 55 inch 4K QLED TV",
        "{brand} Neckband Pro",
    ],
    TELECOM: [
        "postpaid plan ₹599",
        "prepaid ₹299 unlimited pack",
        "100 Mbps fibre plan",
        "5G SIM",
        "Wi-Fi router on rent",
        "DTH + broadband combo",
        "international roaming pack",
        "family postpaid plan",
        "port-in SIM",
        "300 Mbps annual plan",
    ],
    BANKS: [
        "savings account",
        "Platinum credit card",
        "UPI payment",
        "FASTag",
        "personal loan",
        "debit card",
        "wallet top-up",
        "EMI on credit card",
        "fixed deposit",
        "electricity bill payment",
    ],
    SHOPS: [
        "running shoes size 9",
        "mixer grinder 750W",
        "cotton kurta set",
        "study table",
        "pressure cooker 5L",
        "backpack 35L",
        "bluetooth speaker",
        "air fryer 4.2L",
        "grocery order",
        "bedsheet set",
        "smartwatch",
        "office chair",
        "school bag",
    ],
    AIRLINES: [
        "Delhi-Mumbai flight",
        "Bengaluru-Kolkata flight",
        "Mumbai-Dubai flight",
        "Chennai-Singapore flight",
        "Pune-Delhi flight",
        "Hyderabad-Goa flight",
        "holiday package to Manali",
        "Kochi-Doha flight",
        "hotel booking in Jaipur",
    ],
    INSURANCE: [
        "health insurance policy",
        "car insurance claim",
        "two-wheeler policy",
        "term life policy",
        "travel insurance",
        "family floater plan",
        "mobile screen protection",
    ],
    FOOD: [
        "dinner order",
        "biryani order",
        "monthly tiffin plan",
        "lunch order",
        "pizza order",
        "party order for 12",
    ],
    AUTOS: [
        "electric scooter S1",
        "e-bike Flux",
        "used hatchback",
        "scooter battery",
        "first free service",
        "extended warranty",
    ],
    APPLIANCES: [
        "1.5 ton split AC",
        "front load washing machine",
        "double door refrigerator",
        "RO water purifier",
        "kitchen chimney",
        "air cooler 70L",
        "ceiling fan",
    ],
    EDUCATION: [
        "JEE online course",
        "NEET classroom programme",
        "class 10 tablet course",
        "foundation batch",
        "test series",
    ],
    UTILITIES: [
        "electricity bill",
        "smart prepaid meter",
        "new connection",
        "gas bill",
        "LPG cylinder booking",
        "meter reading",
    ],
}
