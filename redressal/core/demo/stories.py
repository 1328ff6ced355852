"""What people write: problems per industry, the paragraphs around them, reviews, comments.

Fields filled in by `text.Storyteller`: {product} {company} {brand} {amount} {date} {weeks}
{days} {n} {city}; {p} is personal data the public sees as "[protected]".
"""

from __future__ import annotations

from redressal.core.demo.corpus import (
    AIRLINES,
    APPLIANCES,
    AUTOS,
    BANKS,
    EDUCATION,
    FOOD,
    INSURANCE,
    PHONES,
    SHOPS,
    TELECOM,
    UTILITIES,
)

# industry -> [(category, [titles], [core paragraphs])]
# fmt: off
PROBLEMS = {
    PHONES: [
        ("Warranty and repair",
         ["{company} service centre charging for repair in warranty",
          "{product} - service centre asking ₹ money for in-warranty repair",
          "Service centre is not repairing my {product} under warranty"],
         ["My {product} stopped charging after {weeks} weeks. It is still in warranty but the "
          "service centre in {city} says it is 'liquid damage' and wants {amount} for the "
          "motherboard. The phone never touched water. Job sheet number {p}.",
          "The display of my {product} got a green line on its own. The service centre kept the "
          "phone for {days} days and now says the warranty is void because of a 'dent' that was "
          "not there when I gave it."]),
        ("Product quality",
         ["{product} overheating and battery swelling", "{product} caught fire while charging",
          "Phone overheating - {product}", "{product} heating problem, please replace"],
         ["My {product} gets very hot even on a normal call. Yesterday it became so hot that I "
          "could not hold it and the back panel has lifted. I am scared to keep it near my kids.",
          "On {date} my {product} caught fire while charging with the original charger. There "
          "is smoke damage on the bedsheet and the phone is completely burnt. I have kept the "
          "phone and the charger as they are."]),
        ("Software and updates",
         ["Software update bricked my {product}", "{product} stuck on logo after update",
          "After latest update phone is dead"],
         ["I installed the official update that came on {date} and since then my {product} is "
          "stuck on the {brand} logo. All my photos are inside. Service centre says they will "
          "flash it and data will be lost.",
          "After the update the touch is not working properly and network keeps going. Many "
          "people have the same problem with this update but {company} is silent."]),
        ("Refund",
         ["Refund not received for returned {product}",
          "Refund for {product} pending since {date}"],
         ["I returned the {product} on {date} because it was defective. Pickup was done and I "
          "have the pickup receipt, but the refund of {amount} has still not come. Every week "
          "they say 5-7 working days.",]),
        ("Wrong item",
         ["Wrong model delivered instead of {product}",
          "Received different variant, not {product}"],
         ["I ordered the {product} from the {brand} online store but received the 4gb+64gb "
          "variant in a resealed box. The invoice shows the correct model. I have the unboxing "
          "video."]),
        ("Billing",
         ["Invoice missing GST number for {product}", "No GST invoice given for {product}"],
         ["I bought the {product} for my office and entered our GSTIN while ordering, but the "
          "invoice does not show the GST number, so we cannot claim input credit. I have asked "
          "for a corrected invoice {n} times."]),
    ],
    TELECOM: [
        ("Network and connectivity",
         ["No network in {city} for {days} days", "{company} internet down since {date}",
          "Very slow speed on {product}", "Frequent disconnection - {product}"],
         ["There has been no internet on my {product} since {date}. I work from home and this "
          "is costing me my salary. Every day the technician visit is 'scheduled' and nobody "
          "comes.",
          "Network drops many times a day in our area of {city}. Calls cut in the middle and "
          "the 5G symbol shows but nothing loads. Complaint number {p}."]),
        ("Billing",
         ["Charged extra on {product}", "Wrong bill of {amount} on {product}",
          "Charged for services I never activated"],
         ["This month's bill is {amount} although my {product} is fixed. They have added "
          "'value added services' that I never activated. My number is {p}."]),
        ("Cancellation",
         ["Unable to cancel {product}", "Still billed after disconnection"],
         ["I asked to disconnect my {product} on {date} and returned the router. They are still "
          "sending bills and now a collection agency is calling me."]),
        ("Customer service",
         ["No response from {company} customer care", "Customer care keeps closing my complaint"],
         ["I have called customer care {n} times. Each time the complaint is closed without "
          "any fix and I get an SMS asking me to rate the service."]),
    ],
    BANKS: [
        ("Fraud and unauthorised transactions",
         ["Unauthorised transaction of {amount} on my {product}", "Money debited without OTP",
          "Fraud transaction - {company} not helping"],
         ["On {date} I got an SMS that {amount} was debited from my {product}. I did not share "
          "any OTP and the card was with me. I blocked the card immediately and raised a "
          "dispute ({p}) but the bank says the transaction is 'genuine'."]),
        ("Refund",
         ["UPI payment failed but money debited", "Refund of failed transaction not received"],
         ["I paid {amount} through {company} on {date}. The payment failed but money was "
          "debited from my account. It is {days} days and the amount is not reversed. UTR {p}."]),
        ("Account and KYC",
         ["Account blocked without reason", "{product} frozen for KYC even after submitting",
          "Card blocked, cannot access my own money"],
         ["My {product} was blocked on {date} for 'KYC update'. I submitted Aadhaar and PAN at "
          "the branch twice. Salary is stuck and I have EMIs to pay. Account number {p}."]),
        ("Billing",
         ["Hidden charges on {product}", "Late fee charged even after paying on time"],
         ["I paid the full due on {date}, before the due date, but {company} charged a late fee "
          "and interest of {amount}. I have the payment receipt."]),
    ],
    SHOPS: [
        ("Delivery",
         ["Order never delivered - {product}", "{product} marked delivered but not received",
          "Delivery delayed for {weeks} weeks"],
         ["I ordered a {product} on {date} (order {p}). The tracking showed 'out for delivery' "
          "for three days and then 'delivered', but nobody came to our house. The delivery boy "
          "does not pick up the phone.",
          "My order of {product} was supposed to arrive in 2 days. It has been {weeks} weeks. "
          "Every time I ask, they give a new date."]),
        ("Refund",
         ["Refund not received for {product}", "Return picked up but no refund",
          "Cancelled order, refund pending"],
         ["I returned the {product} on {date}. The pickup happened and the app shows 'refund "
          "initiated' but {amount} has not come to my account even after {days} days."]),
        ("Wrong item",
         ["Received wrong product instead of {product}", "Empty box delivered",
          "Used item delivered - {product}"],
         ["Instead of the {product} I received a completely different item. When I try to "
          "return it the app says 'not eligible for return'."]),
        ("Product quality",
         ["Damaged {product} delivered", "Fake {product} sold"],
         ["The {product} came broken and the seller is refusing replacement. I have the "
          "unboxing video and photos."]),
    ],
    AIRLINES: [
        ("Flight delay and cancellation",
         ["Flight cancelled, no refund - {product}", "{product} delayed {n} hours",
          "Flight rescheduled without information"],
         ["My {product} on {date} was cancelled at the airport with no information. We were "
          "given no food or hotel. They offered a credit shell instead of the refund of "
          "{amount}. PNR {p}.",
          "The {product} on {date} was delayed by {n} hours. We were kept inside the aircraft "
          "for two hours without water. I missed my connecting flight."]),
        ("Baggage",
         ["Baggage lost on {product}", "Bag damaged by {company}",
          "Delayed baggage, no compensation"],
         ["My checked bag did not arrive on the {product} on {date}. It has been {days} days. "
          "The baggage tag is {p}. Medicines for my mother were in the bag."]),
        ("Refund",
         ["Refund not processed for cancelled ticket", "Convenience fee not refunded"],
         ["I cancelled my {product} on {date}, well before departure. The refund of {amount} "
          "shows 'processed' but I never received it."]),
    ],
    INSURANCE: [
        ("Insurance claim",
         ["Claim rejected on {product}", "Cashless claim denied at hospital",
          "Claim pending for {weeks} weeks", "Short payment of claim"],
         ["My father was admitted on {date} and the hospital applied for cashless under my "
          "{product}. {company} rejected it saying 'pre-existing disease', which is not true. "
          "We paid {amount} from our pocket. Policy number {p}.",
          "I submitted all documents for my {product} on {date}. Every week they ask for one "
          "more document which I already gave. It has been {weeks} weeks."]),
        ("Billing",
         ["Premium deducted twice", "Auto-debit after cancelling {product}"],
         ["The premium of {amount} for my {product} was deducted twice on {date}. Customer "
          "care says it will adjust 'next year'."]),
    ],
    FOOD: [
        ("Refund",
         ["Order cancelled but no refund", "Paid but food not delivered"],
         ["My {product} on {date} was cancelled after 50 minutes and the refund of {amount} "
          "has not come back."]),
        ("Product quality",
         ["Stale food delivered", "Found hair in the food"],
         ["The {product} delivered to us smelled bad. My son had a stomach upset. The app only "
          "offered a coupon of ₹ 50."]),
    ],
    AUTOS: [
        ("Warranty and repair",
         ["{product} not repaired in warranty", "Battery problem in {product}"],
         ["My {product} stopped in the middle of the road on {date}. It has been at the service "
          "centre for {weeks} weeks waiting for a 'part from the factory'."]),
        ("Product quality",
         ["{product} range much lower than claimed", "{product} catching rust in 6 months"],
         ["The range of my {product} is half of what was promised when I bought it for "
          "{amount}."]),
    ],
    APPLIANCES: [
        ("Warranty and repair",
         ["{product} not cooling, technician not coming", "Repair delayed for {product}"],
         ["My {product} stopped working on {date}, within warranty. The technician came once, "
          "took a photo and never came back. Complaint number {p}."]),
        ("Delivery",
         ["Installation not done for {product}", "{product} delivered damaged"],
         ["The {product} was delivered on {date} but installation was not done even after "
          "{days} days. They want {amount} extra for 'installation kit'."]),
    ],
    EDUCATION: [
        ("Refund",
         ["Refund not given for {product}", "Forced to take loan for {product}"],
         ["I paid {amount} for the {product} on {date} after a salesperson promised a full "
          "refund within 15 days. I asked for the refund on day 3 and they are not giving it."]),
        ("Customer service",
         ["Classes not happening in {product}", "No doubt-solving in {product}"],
         ["Half the classes of the {product} were cancelled and the teachers keep changing. "
          "Nobody replies on the helpline."]),
    ],
    UTILITIES: [
        ("Billing",
         ["Inflated {product}", "Bill of {amount} for a closed house"],
         ["My {product} for this month is {amount}, four times the usual. The meter reading on "
          "the bill does not match the meter. Consumer number {p}."]),
        ("Customer service",
         ["Power cuts every day in {city}", "{product} pending for {weeks} weeks"],
         ["Our area in {city} has had power cuts of {n} hours daily since {date}. Nobody "
          "answers the helpline."]),
    ],
}
# fmt: on

OPENINGS = [
    "I purchased a {product} from {company} on {date} for {amount}.",
    "I am a customer of {company} for the last {n} years.",
    "This is regarding my {product}.",
    "Dear {company} team,",
    "I am writing this with a lot of frustration.",
    "",
    "",
]
ESCALATIONS = [
    "I have called customer care {n} times and e-mailed them from {p}, but nobody gives a "
    "proper answer. Every call I have to explain everything from the start.",
    "I also wrote to the grievance officer on {date}. No reply till now.",
    "They keep saying 'your issue has been escalated to the concerned team' for {weeks} weeks.",
    "The executive disconnected the call when I asked for a supervisor.",
    "I have all the screenshots and receipts. My contact number is {p}.",
    "",
]
ASKS = [
    "I want a full refund of {amount} immediately.",
    "Please replace the product or refund my money.",
    "Kindly resolve this at the earliest, otherwise I will go to the consumer court.",
    "I request {company} to look into this and call me back.",
    "Please help.",
    "Is anyone else facing this?",
    "Worst experience. I will never buy from {company} again.",
]
SWEARS = [
    "This is [censored] service.",
    "What kind of [censored] company is this?",
    "Totally [censored] experience.",
]

# Hindi posts: (category, title, body), written the way people write them.
# fmt: off
HINDI = [
    ("Refund", "रिफंड अभी तक नहीं मिला",
     "मैंने {date} को {product} का ऑर्डर कैंसल किया था। {amount} का रिफंड अभी तक मेरे खाते में "
     "नहीं आया है। कस्टमर केयर हर बार 5-7 दिन बोलता है। कृपया मेरी मदद करें।"),
    ("Warranty and repair", "वारंटी में होते हुए भी पैसे मांग रहे हैं",
     "मेरा {product} वारंटी में है, फिर भी {city} का सर्विस सेंटर रिपेयर के लिए {amount} मांग रहा "
     "है। फोन {days} दिन से वहीं पड़ा है। मेरा नंबर {p} है।"),
    ("Delivery", "ऑर्डर डिलीवर नहीं हुआ",
     "{date} को ऑर्डर किया था, ऐप में डिलीवर दिखा रहा है लेकिन मुझे कोई सामान नहीं मिला। डिलीवरी "
     "वाला फोन नहीं उठाता। ऑर्डर नंबर {p}।"),
    ("Product quality", "फोन बहुत गरम हो रहा है",
     "नया {product} लिए सिर्फ {weeks} हफ्ते हुए हैं और फोन चार्जिंग पर बहुत गरम हो जाता है। बैटरी "
     "भी जल्दी खत्म होती है। कृपया फोन बदल दीजिए।"),
    ("Network and connectivity", "नेटवर्क नहीं आ रहा",
     "{city} में पिछले {days} दिनों से नेटवर्क नहीं है। कॉल बीच में कट जाती है और इंटरनेट बिल्कुल "
     "नहीं चलता। शिकायत करने पर भी कोई जवाब नहीं मिला।"),
    ("Fraud and unauthorised transactions", "बिना OTP के पैसे कट गए",
     "{date} को मेरे खाते से {amount} कट गए, मैंने कोई OTP किसी को नहीं दिया। बैंक कह रहा है कि "
     "ट्रांजैक्शन सही है। मेरा खाता नंबर {p} है। कृपया जांच करें।"),
]
# fmt: on

REVIEWS = {
    "good": (
        [
            "Good experience with {company}",
            "Happy with my {product}",
            "Quick service, thank you",
            "Value for money {product}",
            "Issue solved in 2 days",
        ],
        [
            "I was worried after reading complaints here, but my {product} has been working "
            "perfectly for {weeks} weeks.",
            "I had a problem with my {product} and {company} sorted it out in two days. The "
            "executive called me back himself. Credit where it is due.",
            "Delivery was on time and the packing was good. Recommended.",
        ],
    ),
    "mixed": (
        ["Average experience", "{product} okay but service slow", "Decent but could be better"],
        [
            "The {product} itself is fine for {amount}, but getting through to customer care "
            "takes forever.",
            "Works as expected. Installation was late by {days} days though.",
        ],
    ),
    "bad": (
        ["Do not buy {product}", "Very poor service by {company}", "Not worth the money"],
        [
            "The {product} started giving trouble within {weeks} weeks and the service is very "
            "poor. Two stars only because the delivery was on time.",
            "I regret choosing {company}. Nothing works as promised.",
        ],
    ),
}

COMMENTS = {
    "complaint": [
        "Same problem with my {product}. It has been {weeks} weeks and no solution.",
        "Exactly the same thing happened to me in {city}. They are not bothered at all.",
        "I am also facing this. Customer care just keeps giving dates.",
        "Same here, my complaint is also pending since {date}.",
    ],
    "positive": [
        "I had the same issue. Write to the nodal officer with all screenshots, mine got "
        "solved in a week.",
        "My replacement came within 10 days after I escalated on e-mail. Don't give up.",
        "Their service centre in {city} was actually helpful for me, try a different centre.",
    ],
    "neutral": [
        "You can file a case on the national consumer helpline, it is free.",
        "Did you keep the unboxing video? They always ask for it.",
        "Please post an update if you get your money back.",
        "Try sending a legal notice, companies usually respond after that.",
        "Which city are you in? Some service centres are better than others.",
    ],
}
REPLIES = [
    "Thanks, I will try this.",
    "Already did that, no response yet.",
    "Thank you for the suggestion.",
    "Got it, will update here.",
    "Same, still waiting.",
]
OFFICIAL = [
    "Hi {author}, we are sorry for the trouble with your {product}. We have raised this with "
    "the concerned team (reference {p}) and someone will call you within 48 hours.",
    "Dear {author}, thank you for writing to us. We have checked your details and escalated "
    "the case. Please allow us 3 working days.",
    "Hi {author}, we understand your concern. Our team has tried to reach you; please share a "
    "convenient time to call.",
]
PROPOSALS = [
    "We have processed the refund; it should reflect in 5-7 working days.",
    "The replacement unit has been dispatched. Please confirm once received.",
    "Our engineer has fixed the issue. Please confirm if everything works now.",
]
UPDATES = {
    "open": [
        "Still no response from {company}. It has been {days} more days.",
        "They called and said it will be solved in 48 hours. Nothing happened.",
        "Visited the office again today. They asked me to wait one more week.",
    ],
    "disputed": [
        "Not resolve yet. The company marked it as resolved but I have not received anything.",
        "This is NOT resolved. The refund has not come and the complaint was closed without "
        "asking me.",
    ],
    "resolved": [
        "Finally got my refund today. Thanks to everyone who commented.",
        "The replacement came and is working fine. Marking this resolved.",
        "Issue solved after {weeks} weeks. Thank you.",
    ],
}
